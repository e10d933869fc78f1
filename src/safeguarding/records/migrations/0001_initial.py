from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='RecordVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('entity', models.CharField(help_text='The record type, as the access log names it.', max_length=32)),
                ('object_id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(help_text='The version these values were.')),
                ('previous', models.JSONField(help_text='Every stored column of the record before the change.')),
                ('replaced_at', models.DateTimeField()),
                ('actor_id', models.BigIntegerField(blank=True, null=True)),
                ('actor_username', models.CharField(blank=True, max_length=150)),
                ('via', models.CharField(blank=True, help_text='page, api, import or command.', max_length=16)),
                ('batch_id', models.BigIntegerField(blank=True, help_text='The import batch, for imports.', null=True)),
            ],
            options={
                'ordering': ['-replaced_at', '-id'],
                'indexes': [models.Index(fields=['entity', 'object_id', 'version'], name='record_version_object_idx')],
            },
        ),
    ]

"""API tokens stored as digests with expiry, scopes and revocation (issue 13); the clear-text
tokens of DRF's authtoken app are dropped with their table; the table of the throttle cache
(settings.CACHES["throttle"]) is made here, so `migrate` is the only step a deployment needs."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models




def create_cache_tables(apps, schema_editor):
    from django.core.management import call_command

    # Idempotent: makes the table of every database cache in settings.CACHES that is missing.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0002_access_event_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessevent',
            name='action',
            field=models.CharField(choices=[('view', 'Consulted'), ('search', 'Searched'), ('lookup', 'First-contact lookup'), ('create', 'Collected (created)'), ('update', 'Altered'), ('export', 'Disclosed (exported)'), ('import', 'Collected (imported)'), ('combine', 'Combined (matched)'), ('erase', 'Erased'), ('login', 'Logged in'), ('denied', 'Refused'), ('token_issue', 'API token issued'), ('token_revoke', 'API token revoked')], max_length=16),
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text="What the token is for, e.g. 'CAD integration'.", max_length=100)),
                ('prefix', models.CharField(help_text='Public part, to find the token.', max_length=16, unique=True)),
                ('digest', models.CharField(help_text='SHA-256 of the secret part.', max_length=64)),
                ('scopes', models.JSONField(default=list, help_text='TokenScope values.')),
                ('password_fingerprint', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('created_by_username', models.CharField(max_length=150)),
                ('expires_at', models.DateTimeField()),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_by_username', models.CharField(blank=True, max_length=150)),
                ('revoked_reason', models.CharField(blank=True, max_length=200)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('created_at'))), name='api_token_expires_after_creation'), models.CheckConstraint(condition=models.Q(('revoked_at__isnull', True), models.Q(('revoked_reason', ''), _negated=True), _connector='OR'), name='api_token_revocation_has_reason')],
            },
        ),
        # DRF's authtoken app kept tokens in clear; it is no longer installed, so drop its table.
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=True),
    ]

from django.db import migrations


def keys_again(apps, schema_editor):
    # The consonant skeletons now write q/c/ck as k, th as s and ph as f (people/names.py
    # abjad_spelling): every person's keys again, set-based, so held keys agree with queries.
    from safeguarding.people.matching import person_keys_refresh

    person_keys_refresh(models=(apps.get_model("people", "Person"), apps.get_model("people", "PersonAlias")))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_merge_journal"),
    ]

    operations = [migrations.RunPython(keys_again, migrations.RunPython.noop)]

"""The access log becomes tamper-evident (ADR 0004): each event gets the digest of its content and
a place in a hash chain; the events already logged are digested and sealed here, oldest first.
The database's guard is replaced by one that lets the sealer link an event once, and refuses
TRUNCATE and session_replication_role = replica too (access/guards.py)."""

import importlib
import secrets

import django.utils.timezone
from django.db import migrations, models

from safeguarding.access import chain, guards

BATCH = 2000


def lift_old_guards(apps, schema_editor):
    guards.lift(schema_editor.connection)
    importlib.import_module("safeguarding.access.migrations.0002_access_event_append_only").allow(
        apps, schema_editor
    )


def restore_old_guards(apps, schema_editor):
    importlib.import_module("safeguarding.access.migrations.0002_access_event_append_only").forbid(
        apps, schema_editor
    )


def digest_and_seal_history(apps, schema_editor):
    AccessEvent = apps.get_model("access", "AccessEvent")
    alias = schema_editor.connection.alias
    events = AccessEvent.objects.using(alias).filter(digest="").order_by("pk")
    while True:
        rows = list(events.values("pk", *chain.CONTENT_FIELDS)[:BATCH])
        if not rows:
            break
        for row in rows:
            row["salt"] = secrets.token_hex(16)
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {chain.TABLE} SET salt = %s, digest = %s WHERE id = %s",
                [(row["salt"], chain.content_digest(row), row["pk"]) for row in rows],
            )
    chain.seal_all(using=alias)


def install_guards(apps, schema_editor):
    guards.install(schema_editor.connection)


def lift_guards(apps, schema_editor):
    guards.lift(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access", "0005_data_manager_role")]

    operations = [
        migrations.RunPython(lift_old_guards, restore_old_guards),
        migrations.AlterField(
            model_name="accessevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="salt",
            field=models.CharField(
                default="",
                editable=False,
                help_text="Random, per event: salts the personal fields' commitments.",
                max_length=32,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="digest",
            field=models.CharField(
                default="",
                editable=False,
                help_text="sha256 of the content fields (access/chain.py).",
                max_length=64,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="chain",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(
                condition=models.Q(("seq", None)), fields=["id"], name="access_event_unsealed_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="accessevent",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("chain", None), ("seq", None)), models.Q(("chain__isnull", False), ("seq__gte", 1)), _connector="OR"),
                name="access_event_sealed_whole",
            ),
        ),
        migrations.RunPython(digest_and_seal_history, migrations.RunPython.noop),
        migrations.RunPython(install_guards, lift_guards),
    ]

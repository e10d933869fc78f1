"""The previous versions imports kept move to records.RecordVersion, which now keeps every change's
(ADR 0012): entity names become the access log's record types, the batch's actor is copied."""

from django.db import migrations

ENTITY_TYPES = {
    "people": "person",
    "cases": "case",
    "participants": "case_participant",
    "flags": "flag",
    "addresses": "address",
}


def move(apps, schema_editor):
    old = apps.get_model("exchange", "RecordVersion")
    new = apps.get_model("records", "RecordVersion")
    rows = []
    for version in old.objects.select_related("batch").iterator(chunk_size=2000):
        entity = ENTITY_TYPES.get(version.entity, version.entity.removesuffix("s"))
        rows.append(
            new(
                entity=entity,
                object_id=version.object_id,
                version=version.previous.get("version") or 1,
                previous=version.previous,
                replaced_at=version.replaced_at,
                actor_id=version.batch.actor_id,
                actor_username=version.batch.actor_username,
                via="import",
                batch_id=version.batch_id,
            )
        )
        if len(rows) >= 2000:
            new.objects.bulk_create(rows)
            rows = []
    new.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0001_initial"),
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="RecordVersion"),
    ]

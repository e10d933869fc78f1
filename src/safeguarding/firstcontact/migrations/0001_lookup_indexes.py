"""Indexes the first-contact lookup needs on other apps' tables, created here (raw SQL) so
this app owns them without touching those apps' models.

- fc_person_names_idx / fc_alias_names_idx: both Double Metaphone keys at once. With only
  (surname_key, date_of_birth) a common surname (1-2% of a million people) means thousands of
  heap rows fetched to check the forename key.
- PostgreSQL only: postcode prefix (outward code "NM1" -> NM1 + inward code) needs a
  pattern_ops index under a non-C collation; address lines are matched case-insensitively by
  prefix ("12 MILL LANE%") and by street ("%MILL LANE%", pg_trgm GIN).
"""

from django.db import migrations

BOTH = [
    (
        "CREATE INDEX IF NOT EXISTS fc_person_names_idx ON people_person (surname_key, forename_key)",
        "DROP INDEX IF EXISTS fc_person_names_idx",
    ),
    (
        "CREATE INDEX IF NOT EXISTS fc_alias_names_idx ON people_personalias (surname_key, forename_key)",
        "DROP INDEX IF EXISTS fc_alias_names_idx",
    ),
]
POSTGRESQL = [
    (
        "CREATE INDEX IF NOT EXISTS fc_address_postcode_prefix_idx ON people_address (postcode varchar_pattern_ops)",
        "DROP INDEX IF EXISTS fc_address_postcode_prefix_idx",
    ),
    (
        "CREATE INDEX IF NOT EXISTS fc_address_line_prefix_idx ON people_address (UPPER(line1::text) text_pattern_ops)",
        "DROP INDEX IF EXISTS fc_address_line_prefix_idx",
    ),
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm", ""),
    (
        "CREATE INDEX IF NOT EXISTS fc_address_line_trgm_idx ON people_address USING gin (UPPER(line1::text) gin_trgm_ops)",
        "DROP INDEX IF EXISTS fc_address_line_trgm_idx",
    ),
]


def _statements(schema_editor):
    return BOTH + (POSTGRESQL if schema_editor.connection.vendor == "postgresql" else [])


def create(apps, schema_editor):
    for forward, _backward in _statements(schema_editor):
        schema_editor.execute(forward)


def drop(apps, schema_editor):
    for _forward, backward in reversed(_statements(schema_editor)):
        if backward:
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]

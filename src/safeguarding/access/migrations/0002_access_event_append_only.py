"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log, so not even a
bug or a shell session through the application can rewrite the trail."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION access_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access_accessevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON access_accessevent
    FOR EACH ROW EXECUTE FUNCTION access_event_append_only();
"""
ALLOW = """
DROP TRIGGER IF EXISTS access_event_no_update_or_delete ON access_accessevent;
DROP FUNCTION IF EXISTS access_event_append_only();
"""

SQLITE_FORBID = [
    """CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'access_accessevent is append-only'); END;""",
    """CREATE TRIGGER access_event_no_delete BEFORE DELETE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'access_accessevent is append-only'); END;""",
]


def forbid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORBID:
            schema_editor.execute(statement)


def allow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS access_event_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS access_event_no_delete")


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(forbid, allow)]

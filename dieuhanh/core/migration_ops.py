"""Migration helpers: trigram indexes that make folded substring search fast on PostgreSQL."""

from django.db import migrations


def trigram_index(table: str, column: str = "search_text") -> migrations.RunPython:
    """A GIN trigram index on PostgreSQL (LIKE '%term%' uses it); nothing on SQLite."""
    name = f"{table}_{column}_trgm"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)

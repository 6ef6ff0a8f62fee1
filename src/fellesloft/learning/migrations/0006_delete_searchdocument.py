"""The search index moved to its own app (`search_searchdocument`, filled again there on
`migrate`): the old table goes, with its full-text companions (on SQLite the FTS5 table; its
triggers and the PostgreSQL tsvector column and index go with the table)."""

from importlib import import_module

from django.db import migrations

_TEXT_INDEX = "fellesloft.learning.migrations.0002_search_text_index"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in import_module(_TEXT_INDEX).SQLITE_BACKWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    """The empty old table gets its full-text part again (`search_rebuild` in the old code
    fills it)."""
    text_index = import_module(_TEXT_INDEX)
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": text_index.PG_FORWARD, "sqlite": text_index.SQLITE_FORWARD}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER INDEX learning_searchdocument_search_vector SET (fastupdate = off)"
        )


class Migration(migrations.Migration):
    dependencies = [("learning", "0005_search_members_and_municipalities")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="SearchDocument"),
    ]

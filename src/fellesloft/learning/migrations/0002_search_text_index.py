"""The full-text part of the search index, which Django's fields cannot express.

PostgreSQL: a stored generated tsvector column (title weight A, text weight B, Norwegian
configuration) with a GIN index. SQLite: an external-content FTS5 table over the document
table, kept in step by triggers.
"""

from django.db import migrations

PG_FORWARD = [
    """
    ALTER TABLE learning_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('norwegian'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('norwegian'::regconfig, coalesce(body, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX learning_searchdocument_search_vector ON learning_searchdocument "
    "USING GIN (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS learning_searchdocument_search_vector",
    "ALTER TABLE learning_searchdocument DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE learning_searchdocument_fts USING fts5(
        title, body, content='learning_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    """
    CREATE TRIGGER learning_searchdocument_fts_insert AFTER INSERT ON learning_searchdocument
    BEGIN
        INSERT INTO learning_searchdocument_fts(rowid, title, body)
        VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER learning_searchdocument_fts_delete AFTER DELETE ON learning_searchdocument
    BEGIN
        INSERT INTO learning_searchdocument_fts(learning_searchdocument_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER learning_searchdocument_fts_update AFTER UPDATE OF title, body
    ON learning_searchdocument
    BEGIN
        INSERT INTO learning_searchdocument_fts(learning_searchdocument_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO learning_searchdocument_fts(rowid, title, body)
        VALUES (new.id, new.title, new.body);
    END
    """,
    "INSERT INTO learning_searchdocument_fts(learning_searchdocument_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS learning_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS learning_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS learning_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS learning_searchdocument_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]

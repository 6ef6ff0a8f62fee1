"""Search matches stemmed terms, the same way on both databases.

Until now PostgreSQL matched `title`/`body` through its `norwegian` configuration (stemming,
stop words) and SQLite's FTS5 matched the words as written («ungdommer» found nothing that
says «ungdom»). Now every document carries `title_terms`/`body_terms` – the Snowball
Norwegian stems of its words, made in Python by `fellesloft.search.text` – and both
databases search those:

PostgreSQL: the stored generated tsvector column is made from the terms with the `simple`
configuration (lower case only: the terms are already stems), title weight A, text weight B,
GIN index without a pending list as before. Its storage is MAIN: with the terms in the row,
PostgreSQL would otherwise move the tsvector out of line (TOAST) first, and every search
would read it back from there (2.5× the buffers of a search); now the text columns, which a
search never reads, go out of line first.
SQLite: the external-content FTS5 table indexes the two terms columns (triggers as before).

The terms of existing documents are computed here from their stored title and text, so an
index built before this migration searches the new way at once; the post_migrate step and
`fellesloft search_rebuild` write them for new documents.
"""

from django.db import migrations, models

from fellesloft.search.text import index_terms

TABLE = "search_searchdocument"
FTS = "search_searchdocument_fts"
GIN = "search_searchdocument_search_vector"

PG_DROP = [
    f"DROP INDEX IF EXISTS {GIN}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _pg_vector(title: str, body: str, config: str) -> list[str]:
    return [
        f"""
        ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}'::regconfig, coalesce({title}, '')), 'A') ||
            setweight(to_tsvector('{config}'::regconfig, coalesce({body}, '')), 'B')
        ) STORED,
        ALTER COLUMN search_vector SET STORAGE MAIN
        """,
        f"CREATE INDEX {GIN} ON {TABLE} USING GIN (search_vector) WITH (fastupdate = off)",
    ]


SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _sqlite_fts(title: str, body: str) -> list[str]:
    return [
        f"""
        CREATE VIRTUAL TABLE {FTS} USING fts5(
            {title}, {body}, content='{TABLE}', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0'
        )
        """,
        f"""
        CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE}
        BEGIN
            INSERT INTO {FTS}(rowid, {title}, {body}) VALUES (new.id, new.{title}, new.{body});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE}
        BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {title}, {body})
            VALUES ('delete', old.id, old.{title}, old.{body});
        END
        """,
        f"""
        CREATE TRIGGER {FTS}_update AFTER UPDATE OF {title}, {body} ON {TABLE}
        BEGIN
            INSERT INTO {FTS}({FTS}, rowid, {title}, {body})
            VALUES ('delete', old.id, old.{title}, old.{body});
            INSERT INTO {FTS}(rowid, {title}, {body}) VALUES (new.id, new.{title}, new.{body});
        END
        """,
        f"INSERT INTO {FTS}({FTS}) VALUES('rebuild')",
    ]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def fill_terms(apps, schema_editor):
    SearchDocument = apps.get_model("search", "SearchDocument")
    batch = []
    documents = SearchDocument.objects.only("pk", "title", "body").order_by("pk")
    for document in documents.iterator(chunk_size=1000):
        document.title_terms = index_terms(document.title)
        document.body_terms = index_terms(document.body)
        batch.append(document)
        if len(batch) >= 1000:
            SearchDocument.objects.bulk_update(batch, ["title_terms", "body_terms"])
            batch = []
    SearchDocument.objects.bulk_update(batch, ["title_terms", "body_terms"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        # The text index goes first: SQLite rebuilds the table to add a column.
        migrations.RunPython(
            _run({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
            _run(
                {
                    "postgresql": _pg_vector("title", "body", "norwegian"),
                    "sqlite": _sqlite_fts("title", "body"),
                }
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
        migrations.RunPython(
            _run(
                {
                    "postgresql": _pg_vector("title_terms", "body_terms", "simple"),
                    "sqlite": _sqlite_fts("title_terms", "body_terms"),
                }
            ),
            _run({"postgresql": PG_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]

"""The search index as its own app (it was `learning_searchdocument`).

Besides the table, the full-text part that Django's fields cannot express:
PostgreSQL: a stored generated tsvector column (title weight A, text weight B, Norwegian
configuration) with a GIN index without a pending list (`fastupdate = off`: the index is
written rarely and read on every search, which would otherwise read the whole pending list).
SQLite: an external-content FTS5 table over the document table, kept in step by triggers.

The index is derived data: it is filled by the app's post_migrate step (every source that
has objects and no documents yet) or `fellesloft search_rebuild`.
"""

import django.db.models.deletion
from django.db import migrations, models


TABLE = "search_searchdocument"
FTS = "search_searchdocument_fts"
GIN = "search_searchdocument_search_vector"

PG_FORWARD = [
    f"""
    ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('norwegian'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('norwegian'::regconfig, coalesce(body, '')), 'B')
    ) STORED
    """,
    f"CREATE INDEX {GIN} ON {TABLE} USING GIN (search_vector) WITH (fastupdate = off)",
]
PG_BACKWARD = [
    f"DROP INDEX IF EXISTS {GIN}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    f"""
    CREATE VIRTUAL TABLE {FTS} USING fts5(
        title, body, content='{TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    )
    """,
    f"""
    CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE}
    BEGIN
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE}
    BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    f"""
    CREATE TRIGGER {FTS}_update AFTER UPDATE OF title, body ON {TABLE}
    BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organisations', '0002_reference_data'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=40)),
                ('object_id', models.BigIntegerField()),
                ('title', models.CharField(max_length=300)),
                ('body', models.TextField(blank=True)),
                ('summary', models.TextField(blank=True)),
                ('url', models.CharField(max_length=500)),
                ('municipality_ids', models.CharField(blank=True, max_length=1000, null=True)),
                ('themes', models.CharField(blank=True, default='', max_length=500)),
                ('date', models.DateTimeField()),
                ('feed_at', models.DateTimeField(blank=True, null=True)),
                ('indexed_at', models.DateTimeField(auto_now=True)),
                ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.municipality')),
            ],
            options={
                'verbose_name': 'søkedokument',
                'verbose_name_plural': 'søkedokumenter',
                'indexes': [models.Index(fields=['feed_at'], name='search_sear_feed_at_777099_idx'), models.Index(fields=['municipality', 'feed_at'], name='search_sear_municip_803ddd_idx')],
                'constraints': [models.UniqueConstraint(fields=('source', 'object_id'), name='search_one_document')],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]

"""PostgreSQL: the full-text GIN index without a pending list (`fastupdate = off`).

With fastupdate, new rows wait in an unsorted pending list (up to gin_pending_list_limit, 4 MB)
until a vacuum merges them, and every search reads that whole list: after a bulk load or a
busy day a search took several milliseconds longer than it should. The index is written
rarely (an edit or a rebuild) and read on every search, so every insert now goes straight
into the index. The list that exists is merged here.
"""

from django.db import migrations

INDEX = "learning_searchdocument_search_vector"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} SET (fastupdate = on)")


class Migration(migrations.Migration):
    dependencies = [("learning", "0003_knowledge_base")]

    operations = [migrations.RunPython(forward, backward)]

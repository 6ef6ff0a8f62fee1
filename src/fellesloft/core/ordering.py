"""Norwegian alphabetical order – «… x y z æ ø å», so Ørland comes before Åfjord – in the
database, on PostgreSQL and SQLite alike.

PostgreSQL has the ICU collation `nb-NO-x-icu`; SQLite gets a collation `nb` of our own,
registered on each new connection (`register_sqlite_collation`, connected in core.apps).
`norwegian("name")` is an ordering expression for `order_by()` and `Meta.ordering`;
`norwegian_key` is the same order for lists sorted in Python.
"""

import unicodedata

from django.core import checks
from django.db import connections
from django.db.models import F
from django.db.models.functions import Collate

SQLITE_COLLATION = "nb"
POSTGRESQL_COLLATION = "nb-NO-x-icu"

# Æ, Ø and Å after Z (Ä and Ö are sorted with Æ and Ø, as in Norwegian dictionaries).
_LAST_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def norwegian_key(text: str | None) -> str:
    """A sort key in Norwegian order: case and accents are ignored, Æ Ø Å come last."""
    folded = (text or "").casefold().translate(_LAST_LETTERS)
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _compare(left: str, right: str) -> int:
    a, b = norwegian_key(left), norwegian_key(right)
    if a == b:
        return (left > right) - (left < right)  # a stable order for equal keys
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class NorwegianCollate(Collate):
    """`Collate` with the collation of the connection's database."""

    def __init__(self, expression):
        super().__init__(expression, SQLITE_COLLATION)

    def as_sql(self, compiler, connection, **extra_context):
        self.collation = (
            POSTGRESQL_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION
        )
        return super().as_sql(compiler, connection, **extra_context)


def norwegian(field: str, *, descending: bool = False):
    """An ordering by a text field in Norwegian order: `order_by(norwegian("name"), "pk")`."""
    expression = NorwegianCollate(F(field))
    return expression.desc() if descending else expression.asc()


@checks.register(checks.Tags.database)
def check_postgresql_collation(app_configs=None, databases=None, **kwargs) -> list:
    """`fellesloft migrate` (and `check --database default`) stops on a PostgreSQL without
    the Norwegian ICU collation, instead of every list failing at its ORDER BY."""
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [POSTGRESQL_COLLATION])
            found = cursor.fetchone()
        if found is None:
            errors.append(
                checks.Error(
                    f"PostgreSQL has no collation {POSTGRESQL_COLLATION!r}: Norwegian "
                    "alphabetical order needs a PostgreSQL built with ICU.",
                    hint="Use a PostgreSQL package built with ICU (every Debian, Ubuntu and "
                    "official Docker image is).",
                    id="fellesloft.E001",
                )
            )
    return errors

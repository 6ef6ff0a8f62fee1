"""What every part of the API shares: bounded integers, paging and the error body.

Every integer the API reads (path, query or body) has one of the types below, so its range is
in the OpenAPI document and a number the database cannot hold answers 422 before it reaches a
query (SQLite and PostgreSQL store at most 2^63 − 1; an `IntegerField` at most 2^31 − 1).
`tests/api/test_bounded_integers.py` holds every endpoint to this."""

from collections.abc import Iterable
from enum import Enum
from typing import Annotated, Any, Literal

from ninja import Field, Schema

MAX_ID = 2**63 - 1  # a primary key (BigAutoField)
MAX_INT = 2**31 - 1  # an IntegerField, and any count or position
MAX_PAGE_SIZE = 500

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""The id of a row."""

Number = Annotated[int, Field(ge=0, le=MAX_INT)]
"""A whole number stored in an IntegerField (a sprint's number, an age, a capacity)."""


def one_of(members: Iterable[Enum]) -> Any:
    """The type of a stored choice: the values of a choices class, or of some of its members,
    taken from the model, so the API accepts and documents exactly what the database stores."""
    return Literal[tuple(member.value for member in members)]


class Page(Schema):
    """`limit` and `offset` for a list (`page: Query[Page]`)."""

    limit: int = Field(
        100, ge=1, le=MAX_PAGE_SIZE, description=f"Hvor mange (høyst {MAX_PAGE_SIZE})"
    )
    offset: int = Field(0, ge=0, le=MAX_INT, description="Hopp over så mange")

    def of(self, items):
        """This page of a queryset or list, as a list."""
        return list(items[self.offset : self.offset + self.limit])


class NamedOut(Schema):
    """Something the API names by its slug: an organisation, a sector, a category, a tag."""

    slug: str
    name: str


class ErrorField(Schema):
    field: str | None = None
    message: str


class ErrorDetail(Schema):
    code: str
    message: str
    details: list[ErrorField] | None = None


class ErrorOut(Schema):
    """Every error the API answers, whatever its status: `{"error": {"code", "message"}}`."""

    error: ErrorDetail


def error_body(message: str, code: str, details: list | None = None) -> dict:
    body = {"error": {"code": code, "message": str(message)}}
    if details:
        body["error"]["details"] = details
    return body

"""Demo content kept in data files (`<app>/data/demo_*.toml`): reading them, and turning the
stored values they give for choices into members, with a clear error for a value that is not
one."""

import tomllib
from pathlib import Path


def read(path: Path) -> dict:
    with path.open("rb") as file:
        return tomllib.load(file)


def choice(kind, value, *, where: str):
    """The member of the choices class `kind` stored as `value`; `where` says in the error
    which file and entry gave an unknown value."""
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(kind.values)
        raise ValueError(
            f"{where}: {value!r} is not a value of {kind.__name__} (known: {known})"
        ) from None

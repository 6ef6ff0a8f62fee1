"""Demo content kept as data: an app's `data/demo_<what>.toml`, which editors can change
without touching Python. The app's `demo.py` reads it here, turns it into its own typed
values and writes them through the services."""

import tomllib
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class DemoDataError(ValueError):
    """A demo data file holds a value or a key the code does not know, or lacks one."""


def read(module_file: str, name: str) -> dict[str, Any]:
    """The TOML file `name` in the `data` folder next to the module `module_file`."""
    with (Path(module_file).with_name("data") / name).open("rb") as file:
        return tomllib.load(file)


def choice(enum: type[E], value: Any, *, where: str) -> E:
    """`value` as a member of `enum`: the data file holds the stored value (e.g. "running")."""
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(f'"{member.value}"' for member in enum)
        raise DemoDataError(f"{where}: {value!r} is not one of {known}") from None


def build(cls: type[T], table: dict[str, Any], *, where: str, **converted: Any) -> T:
    """`cls` (a dataclass) from a TOML table, with the `converted` values in place of the
    table's own; a key `cls` does not have, or one it needs and the table lacks, is an error."""
    try:
        return cls(**{**table, **converted})
    except TypeError as error:
        raise DemoDataError(f"{where}: {error}") from None

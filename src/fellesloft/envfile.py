"""The env file: settings as `KEY=value` lines, for `make serve` and the `fellesloft` command.

`ENV_FILE` names it; otherwise `.env` in the working directory is read when there is one. It is
parsed by python-dotenv, not sourced by a shell: values are taken as written (a secret key or
password with `$`, `&`, quotes or spaces stays as it is, and nothing in the file is run), the
format of systemd's EnvironmentFile and docker's --env-file. A variable already set in the
environment wins over the file, so `LOG_LEVEL=DEBUG make serve` changes one run.

Read before Django: the settings module reads the environment this builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values


class EnvFileMissing(Exception):
    pass


def environment(base: Mapping[str, str], cwd: Path) -> dict[str, str]:
    """`base` over the variables of the env file."""
    named = base.get("ENV_FILE", "")
    path = Path(named) if named else cwd / ".env"
    if named and not path.is_file():
        raise EnvFileMissing(f"Fant ikke miljøfilen {path} (ENV_FILE).")
    if not path.is_file():
        return dict(base)
    values = dotenv_values(path, interpolate=False)
    return {**{key: value for key, value in values.items() if value is not None}, **base}

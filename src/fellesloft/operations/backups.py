"""Backups that restore: one file with the database, the uploaded files and a manifest.

The file is a gzip-compressed tar archive:

- `manifest.json`: format and version, the application's version, when, the database vendor,
  the applied migrations per app (the schema), the rows per table, and every uploaded file
  with its size and SHA-256;
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the server runs,
  the database being in WAL mode) or `database.pgdump` (`pg_dump --format=custom`);
- `media/…`: the files under MEDIA_ROOT.

The manifest's migrations and row counts are read from the same snapshot as the copy: the
SQLite copy itself, and on PostgreSQL a repeatable-read transaction whose snapshot pg_dump
shares (`--snapshot`), so a backup taken while people work still matches its manifest.

A restore checks everything before it changes anything (a readable archive of this format,
checksums, the same database vendor, no migration this code does not know, an empty database
unless forced), then replaces the database in one step: SQLite's backup API the other way,
PostgreSQL's dump through psql in a single transaction that also checks the row counts (any
error or difference rolls it all back). It then brings an older schema up to date, puts the
uploaded files back and brings the search index in step. It writes through no model and sends
no signals: no audit entries, nothing of its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from fellesloft.search import indexing

FORMAT = "fellesloft-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# libpq reads its connection parameters from these; nothing goes on a command line.
PG_OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}
COUNT_MISMATCH = "fellesloft-row-count"
# Run by psql after the dump's script, in its transaction: a table more or less than in the
# manifest, or other row counts, roll the restore back. The dump's script empties search_path
# for its session, so it is reset first. EXPECTED: the manifest's tables as an SQL literal.
COUNT_CHECK = """RESET search_path;
DO $fellesloft$
DECLARE
    expected jsonb := EXPECTED::jsonb;
    wanted text;
    found bigint;
BEGIN
    IF (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())
       <> (SELECT count(*) FROM jsonb_object_keys(expected)) THEN
        RAISE EXCEPTION 'fellesloft-row-count: the tables differ from the manifest';
    END IF;
    FOR wanted IN SELECT jsonb_object_keys(expected) LOOP
        EXECUTE format('SELECT count(*) FROM %I', wanted) INTO found;
        IF found <> (expected ->> wanted)::bigint THEN
            RAISE EXCEPTION 'fellesloft-row-count: % has % rows, the manifest %',
                wanted, found, expected ->> wanted;
        END IF;
    END LOOP;
END
$fellesloft$;
"""


class BackupError(Exception):
    """A backup or restore that did not happen; the message is for the operator."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: int = 0
    rows: int = 0
    media_files: int = 0
    migrated: list[str] = field(default_factory=list)
    search_documents: int = 0


# --- Backing up -------------------------------------------------------------------------------


def backup_create(*, path: Path, using: str = "default") -> dict[str, Any]:
    """Writes a backup of the database `using` and of MEDIA_ROOT to `path` (replaced in one
    step when it exists, readable by the owner only); returns its manifest."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(_("Sikkerhetskopi støttes ikke for databasetypen %s.") % vendor)
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(_("Mappen %s finnes ikke.") % path.parent)
    with tempfile.TemporaryDirectory(prefix=".fellesloft-backup-", dir=path.parent) as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            migrations, tables = _sqlite_snapshot(connection.settings_dict, database_file)
        else:
            migrations, tables = _pg_dump(connection.settings_dict, database_file)
        media = _media_listing(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "application_version": _application_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": vendor,
                "file": database_file.name,
                "sha256": _sha256(database_file),
            },
            "migrations": migrations,
            "tables": tables,
            "media": media,
        }
        partial = Path(work) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(datetime.now().timestamp())
            archive.addfile(info, _BytesReader(body))
            archive.add(database_file, arcname=database_file.name)
            for item in media:
                archive.add(Path(settings.MEDIA_ROOT) / item["path"], f"{MEDIA}/{item['path']}")
        partial.chmod(0o600)  # the backup holds personal data
        os.replace(partial, path)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


def _application_version() -> str:
    try:
        return version("fellesloft")
    except PackageNotFoundError:  # a checkout that was never installed
        return "ukjent"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_listing(root: Path) -> list[dict[str, Any]]:
    if not root.is_dir():
        return []
    files = sorted(item for item in root.rglob("*") if item.is_file() and not item.is_symlink())
    return [
        {
            "path": item.relative_to(root).as_posix(),
            "size": item.stat().st_size,
            "sha256": _sha256(item),
        }
        for item in files
    ]


def _sqlite_snapshot(settings_dict: dict, target: Path) -> tuple[dict, dict]:
    """A consistent copy of the live database through SQLite's online backup API, as one
    self-contained file; the migrations and row counts are read from the copy."""
    if not Path(settings_dict["NAME"]).is_file():  # sqlite3 would make an empty one
        raise BackupError(_("Fant ikke databasefilen %s.") % settings_dict["NAME"])
    with (
        closing(sqlite3.connect(settings_dict["NAME"], timeout=30)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
    with closing(sqlite3.connect(target)) as copy:
        return _sqlite_migrations(copy), _sqlite_counts(copy)


def _sqlite_tables(database: sqlite3.Connection) -> list[str]:
    rows = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(database: sqlite3.Connection) -> dict[str, int]:
    return {
        table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for table in _sqlite_tables(database)
    }


def _sqlite_migrations(database: sqlite3.Connection) -> dict[str, list[str]]:
    if "django_migrations" not in _sqlite_tables(database):
        return {}
    return _group_migrations(database.execute("SELECT app, name FROM django_migrations"))


def _group_migrations(rows) -> dict[str, list[str]]:
    migrations: dict[str, list[str]] = {}
    for app, name in rows:
        migrations.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(migrations.items())}


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """The environment pg_dump, pg_restore and psql connect with: the default database's
    parameters from Django's settings, the password in PGPASSWORD."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    for option, variable in PG_OPTION_VARIABLES.items():
        values[variable] = (settings_dict.get("OPTIONS") or {}).get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("Fant ikke programmet %s. Installer PostgreSQLs klientverktøy.") % command[0]
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what}: {(done.stderr or done.stdout).strip()}")


def _pg_dump(settings_dict: dict, target: Path) -> tuple[dict, dict]:
    """pg_dump of the database in the snapshot of a repeatable-read transaction, which also
    reads the migrations and row counts: the dump and its manifest show the same moment."""
    import psycopg
    from psycopg import sql

    env = _pg_environment(settings_dict)
    with psycopg.connect("", autocommit=True, **_psycopg_parameters(env)) as database:
        database.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = database.execute("SELECT pg_export_snapshot()").fetchone()[0]
        tables = _pg_tables(database)
        counts = {
            table: database.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        migrations = (
            _group_migrations(database.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in tables
            else {}
        )
        _run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env,
            _("pg_dump mislyktes"),
        )
        database.execute("COMMIT")
    return migrations, counts


def _psycopg_parameters(env: dict[str, str]) -> dict[str, str]:
    names = {
        "PGDATABASE": "dbname",
        "PGUSER": "user",
        "PGPASSWORD": "password",
        "PGHOST": "host",
        "PGPORT": "port",
        **{variable: option for option, variable in PG_OPTION_VARIABLES.items()},
    }
    return {names[key]: value for key, value in env.items() if key in names}


def _pg_tables(database) -> list[str]:
    rows = database.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [name for (name,) in rows]


# --- Restoring --------------------------------------------------------------------------------


def backup_restore(*, path: Path, force: bool = False, using: str = "default") -> RestoreResult:
    """Replaces the database `using` and the uploaded files with the backup at `path`.

    Refuses – with nothing changed – a file that is not a whole backup of this format, a
    backup of another database vendor or of a newer schema, and a database that holds data
    unless `force`."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="fellesloft-restore-") as work:
        work = Path(work)
        manifest = _unpack(Path(path), work)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _(
                    "Sikkerhetskopien er tatt av en %(backup)s-database, men denne "
                    "installasjonen bruker %(here)s. Gjenopprett den i en installasjon med "
                    "%(backup)s."
                )
                % {
                    "backup": VENDOR_NAMES.get(vendor, vendor),
                    "here": VENDOR_NAMES.get(connection.vendor, connection.vendor),
                }
            )
        _refuse_newer_schema(manifest["migrations"])
        if not force:
            _refuse_data(connection)
        database_file = work / manifest["database"]["file"]
        connection.close()
        if vendor == "sqlite":
            _sqlite_restore(connection.settings_dict, database_file, manifest)
        else:
            _pg_restore(connection, database_file, manifest, work)
        result = RestoreResult(manifest=manifest)
        counts = _live_counts(connection)
        if counts != manifest["tables"]:
            raise BackupError(_("Radtallene etter gjenopprettingen stemmer ikke med manifestet."))
        result.tables, result.rows = len(counts), sum(counts.values())
        result.migrated = _migrate(using)
        result.media_files = _restore_media(work / MEDIA, manifest["media"])
        result.search_documents = sum(indexing.refresh().values())
    return result


def _not_a_backup() -> BackupError:
    return BackupError(
        _(
            "Filen er ikke en hel sikkerhetskopi fra Fellesløft (den er skadet eller av et "
            "annet slag)."
        )
    )


def _unpack(path: Path, work: Path) -> dict[str, Any]:
    """Unpacks the archive into `work` and checks it whole: the manifest, the database file
    and every uploaded file with its checksum, nothing else."""
    if not path.is_file():
        raise BackupError(_("Fant ikke filen %s.") % path)
    try:
        with tarfile.open(path, "r:*") as archive:
            names = archive.getnames()
            if MANIFEST not in names:
                raise _not_a_backup()
            manifest = json.loads(archive.extractfile(MANIFEST).read().decode())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _not_a_backup()
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    _("Sikkerhetskopien har formatversjon %s, som denne versjonen ikke kan lese.")
                    % manifest.get("format_version")
                )
            archive.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeError, ValueError) as error:
        raise _not_a_backup() from error
    try:
        database = manifest["database"]
        expected = {MANIFEST, database["file"]} | {
            f"{MEDIA}/{item['path']}" for item in manifest["media"]
        }
        checks = [(work / database["file"], database["sha256"])] + [
            (work / MEDIA / item["path"], item["sha256"]) for item in manifest["media"]
        ]
        if database["file"] != DATABASE_FILES.get(database["vendor"]):
            raise _not_a_backup()
        if not isinstance(manifest["migrations"], dict) or not isinstance(manifest["tables"], dict):
            raise _not_a_backup()
    except (KeyError, TypeError) as error:
        raise _not_a_backup() from error
    files = {name for name in names if (work / name).is_file()}
    if files != expected:
        raise _not_a_backup()
    for file, checksum in checks:
        if _sha256(file) != checksum:
            raise _not_a_backup()
    return manifest


def _refuse_newer_schema(migrations: dict[str, list[str]]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in migrations.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupError(
            _(
                "Sikkerhetskopien er fra en nyere versjon av Fellesløft: databaseskjemaet har "
                "migreringer som denne versjonen ikke kjenner (%s). Oppgrader Fellesløft før "
                "du gjenoppretter."
            )
            % shown
        )


def _refuse_data(connection) -> None:
    """A database holds data once someone has used it: it has user accounts. A freshly
    migrated one (reference data only) does not."""
    table = get_user_model()._meta.db_table
    if table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        users = cursor.fetchone()[0]
    if users:
        raise BackupError(
            _(
                "Databasen er ikke tom (den har %d brukere). Gjenopprettingen erstatter alt "
                "innholdet; bruk --force hvis det er meningen."
            )
            % users
        )


def _sqlite_restore(settings_dict: dict, database_file: Path, manifest: dict) -> None:
    """Checks the copy (integrity, migrations and rows as in the manifest), then writes it over
    the database in one step with the backup API."""
    with closing(sqlite3.connect(database_file)) as copy:
        try:
            healthy = copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            whole = (
                healthy
                and _sqlite_migrations(copy) == manifest["migrations"]
                and _sqlite_counts(copy) == manifest["tables"]
            )
        except sqlite3.DatabaseError:
            whole = False
        if not whole:
            raise _not_a_backup()
        with closing(sqlite3.connect(settings_dict["NAME"], timeout=30)) as target:
            try:
                copy.backup(target)
            except sqlite3.Error as error:
                raise BackupError(
                    _("Gjenopprettingen mislyktes, og databasen er som før: %s") % error
                ) from error


def _pg_restore(connection, dump: Path, manifest: dict, work: Path) -> None:
    """pg_restore writes the dump as SQL; psql runs it in one transaction after dropping every
    table there is and before checking every table's rows against the manifest."""
    env = _pg_environment(connection.settings_dict)
    script = work / "restore.sql"
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            f"--file={script}",
            str(dump),
        ],
        env,
        _("pg_restore kunne ikke lese sikkerhetskopien"),
    )
    quote = connection.ops.quote_name
    tables = connection.introspection.table_names(include_views=False)
    views = sorted(set(connection.introspection.table_names(include_views=True)) - set(tables))
    connection.close()
    before = work / "before.sql"
    before.write_text(
        "".join(f"DROP VIEW IF EXISTS {quote(view)} CASCADE;\n" for view in views)
        + "".join(f"DROP TABLE IF EXISTS {quote(table)} CASCADE;\n" for table in tables)
    )
    expected = json.dumps(manifest["tables"]).replace("'", "''")
    after = work / "after.sql"
    after.write_text(COUNT_CHECK.replace("EXPECTED", f"'{expected}'"))
    try:
        _run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--file={before}",
                f"--file={script}",
                f"--file={after}",
            ],
            env,
            _("Gjenopprettingen mislyktes, og databasen er som før"),
        )
    except BackupError as error:
        if COUNT_MISMATCH in str(error):
            raise BackupError(
                _(
                    "Radtallene i sikkerhetskopien stemmer ikke med manifestet; databasen er "
                    "som før."
                )
            ) from error
        raise


def _live_counts(connection) -> dict[str, int]:
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(connection.settings_dict["NAME"], timeout=30)) as database:
            return _sqlite_counts(database)
    import psycopg

    parameters = _psycopg_parameters(_pg_environment(connection.settings_dict))
    with psycopg.connect("", autocommit=True, **parameters) as database:
        from psycopg import sql

        return {
            table: database.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in _pg_tables(database)
        }


def _migrate(using: str) -> list[str]:
    """A backup of an older schema is brought up to this version's; returns what was applied."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return []
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _restore_media(source: Path, listing: list[dict[str, Any]]) -> int:
    """Puts every uploaded file of the backup back under MEDIA_ROOT, each in one step; files
    there that the backup does not have are left as they are."""
    root = Path(settings.MEDIA_ROOT)
    for item in listing:
        target = root / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(source / item["path"], partial)
        os.replace(partial, target)
    return len(listing)

"""`fellesloft backup` and `fellesloft restore` on the backend the suite runs on: a filled
database (the demo and an uploaded file) backed up and restored by the command line into an
empty database has every row of every table back, and nothing more; each refusal leaves the
database and the uploaded files as they were."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fellesloft.accounts.models import User
from fellesloft.operations import backups
from tests.barriers.helpers import ensure_barrier_reference_data
from tests.mission.helpers import ensure_initial_dataset

ROOT = Path(__file__).resolve().parents[2]
UPLOAD = ("opplastinger/møtereferat.pdf", b"%PDF-1.4\n% et referat\n" + bytes(range(256)))
OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads what is committed


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(media):
    """The demo, as `fellesloft demo` fills it, and one uploaded file."""
    # The reference data the migrations wrote, which transactional tests before flushed.
    ensure_initial_dataset()
    ensure_barrier_reference_data()
    call_command("demo", stdout=io.StringIO())
    default_storage.save(UPLOAD[0], ContentFile(UPLOAD[1]))
    return media


# --- Reading every row of every table, on either backend, beside Django ----------------------


def _sqlite_rows(path: str) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = {}
        for table in tables:
            columns = database.execute(f'PRAGMA table_info("{table}")').fetchall()
            key = [column[1] for column in sorted(columns, key=lambda c: c[5]) if column[5]]
            order = ", ".join(f'"{name}"' for name in key) or ", ".join(
                str(position) for position in range(1, len(columns) + 1)
            )
            rows[table] = database.execute(
                f'SELECT * FROM "{table}" ORDER BY {order}'  # noqa: S608
            ).fetchall()
        return rows


def _pg_parameters(dbname: str) -> dict:
    settings = connection.settings_dict
    return {
        "dbname": dbname,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
    }


def _pg_rows(dbname: str) -> dict[str, list[tuple]]:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_pg_parameters(dbname)) as database:
        tables = [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ]
        rows = {}
        for table in tables:
            key = [
                name
                for (name,) in database.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = %s::regclass AND i.indisprimary "
                    "ORDER BY array_position(i.indkey, a.attnum)",
                    [table],
                )
            ]
            assert key, f"{table} has no primary key"
            rows[table] = database.execute(
                sql.SQL("SELECT * FROM {} ORDER BY {}").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, key))
                )
            ).fetchall()
        return rows


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table of the test database, ordered by primary key."""
    name = connection.settings_dict["NAME"]
    return _sqlite_rows(name) if connection.vendor == "sqlite" else _pg_rows(name)


def media_files(root: Path) -> dict[str, bytes]:
    root = Path(root)
    return {
        item.relative_to(root).as_posix(): item.read_bytes()
        for item in sorted(root.rglob("*"))
        if item.is_file()
    }


# --- An empty database of the same backend, and the command line against it -----------------


@contextmanager
def empty_database(tmp_path):
    """(DATABASE_URL, reader of its rows) of a new, empty database on this backend."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: _sqlite_rows(str(path))
        return
    import psycopg
    from psycopg import sql

    # The test database's name without "test_": h_backup_restore beside test_h_backup.
    name = connection.settings_dict["NAME"].removeprefix("test_") + "_restore"
    server = _pg_parameters("postgres")

    def drop(database) -> None:
        database.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        database.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))

    with psycopg.connect(**server, autocommit=True) as database:
        drop(database)
        database.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    settings = connection.settings_dict
    try:
        yield (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{name}",
            lambda: _pg_rows(name),
        )
    finally:
        with psycopg.connect(**server, autocommit=True) as database:
            drop(database)


def fellesloft(*arguments, database_url: str, data_dir: Path) -> subprocess.CompletedProcess:
    """The `fellesloft` command line as an operator runs it, on another database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "FELLESLOFT_ENV",
            "REDIS_URL",
        }
    }
    env.update(DATABASE_URL=database_url, FELLESLOFT_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "fellesloft", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- Round trip -------------------------------------------------------------------------------


def test_a_restored_backup_has_every_row_of_every_table_and_the_uploaded_files(filled, tmp_path):
    backup = tmp_path / "fellesloft.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    assert backup.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    before = database_rows()
    assert len(before["auditlog_logentry"]) > 0 and len(before[User._meta.db_table]) > 5
    assert set(connection.introspection.django_table_names(only_existing=True)) <= set(before)

    target_data = tmp_path / "target"
    with empty_database(tmp_path) as (url, restored_rows):
        done = fellesloft("restore", str(backup), database_url=url, data_dir=target_data)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Gjenopprettingen er ferdig" in done.stdout
        after = restored_rows()

    assert list(after) == list(before)
    for table, rows in before.items():
        assert after[table] == rows, table  # nothing lost, nothing added: no audit entries
    assert media_files(target_data / "media") == {UPLOAD[0]: UPLOAD[1]}


def test_the_manifest_describes_the_backup(filled, tmp_path):
    backup = tmp_path / "fellesloft.tar.gz"
    manifest = backups.backup_create(path=backup)
    with tarfile.open(backup) as archive:
        assert json.loads(archive.extractfile("manifest.json").read()) == manifest
        assert set(archive.getnames()) == {
            "manifest.json",
            backups.DATABASE_FILES[connection.vendor],
            f"media/{UPLOAD[0]}",
        }
    assert manifest["format"] == "fellesloft-backup"
    assert manifest["application_version"] == "0.1.0" or manifest["application_version"]
    assert manifest["database"]["vendor"] == connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = sorted(cursor.fetchall())
    assert (
        sorted((app, name) for app, names in manifest["migrations"].items() for name in names)
        == applied
    )
    rows = database_rows()
    assert {table: len(rows[table]) for table in manifest["tables"]} == manifest["tables"]
    assert set(manifest["tables"]) >= set(connection.introspection.django_table_names(True))
    assert manifest["media"] == [
        {
            "path": UPLOAD[0],
            "size": len(UPLOAD[1]),
            "sha256": backups._sha256(media_path(UPLOAD[0])),
        }
    ]


def media_path(name: str) -> Path:
    return Path(default_storage.path(name))


# --- Refusals: a clear message, a non-zero exit, nothing changed ------------------------------


def repack(backup: Path, target: Path, *, manifest=None, database=None, rename=None) -> Path:
    """A copy of `backup` with its manifest changed by `manifest(dict)`, its database file's
    bytes by `database(bytes)`, and that file renamed to `rename`."""
    with tarfile.open(backup) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            elif member.name in backups.DATABASE_FILES.values():
                data = database(data) if database else data
                member.name = rename or member.name
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def backed_up(world, media, tmp_path):
    """A backup of the world with an uploaded file; then one more user and the upload changed,
    so a restore that went ahead would show."""
    default_storage.save(UPLOAD[0], ContentFile(UPLOAD[1]))
    backup = tmp_path / "fellesloft.tar.gz"
    backups.backup_create(path=backup)
    User.objects.create_user(email="etter@example.no", password="x" * 12, full_name="Etter")
    media_path(UPLOAD[0]).write_bytes(b"endret etter sikkerhetskopien")
    return backup


@contextmanager
def nothing_changes(media):
    rows, files = database_rows(), media_files(media)
    yield
    assert database_rows() == rows
    assert media_files(media) == files


def refused(backup: Path, media, *, force: bool, message: str) -> None:
    with nothing_changes(media), pytest.raises(CommandError, match=message):
        call_command("restore", str(backup), *(["--force"] if force else []))


def test_a_database_with_data_is_replaced_only_with_force(backed_up, media):
    users = User.objects.count()
    refused(
        backed_up, media, force=False, message=rf"Databasen er ikke tom \(den har {users} brukere"
    )

    call_command("restore", str(backed_up), "--force", stdout=io.StringIO())
    assert not User.objects.filter(email="etter@example.no").exists()
    assert User.objects.count() == users - 1
    assert media_path(UPLOAD[0]).read_bytes() == UPLOAD[1]


def test_a_backup_of_another_database_vendor_is_refused(backed_up, media, tmp_path):
    other = OTHER_VENDOR[connection.vendor]

    def vendor(manifest):
        manifest["database"].update(vendor=other, file=backups.DATABASE_FILES[other])

    backup = repack(
        backed_up, tmp_path / "other.tar.gz", manifest=vendor, rename=backups.DATABASE_FILES[other]
    )
    message = f"tatt av en {backups.VENDOR_NAMES[other]}-database, men denne installasjonen"
    refused(backup, media, force=True, message=message)

    # As the operator sees it: the message and a non-zero exit.
    done = fellesloft(
        "restore",
        str(backup),
        "--force",
        database_url="sqlite:///" + str(tmp_path / "x.sqlite3")
        if connection.vendor == "sqlite"
        else "postgres://postgres@127.0.0.1:5432/ingen",
        data_dir=tmp_path / "cli",
    )
    assert done.returncode != 0 and message in done.stderr, done.stderr


def test_a_backup_of_a_newer_schema_is_refused(backed_up, media, tmp_path):
    def newer(manifest):
        manifest["migrations"]["dialogs"].append("9999_fra_fremtiden")

    backup = repack(backed_up, tmp_path / "newer.tar.gz", manifest=newer)
    refused(backup, media, force=True, message=r"nyere versjon av Fellesløft.*dialogs\.9999_fra")


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "database changed", "no manifest", "not a backup", "other rows"],
)
def test_a_damaged_or_unknown_file_is_refused(damage, backed_up, media, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    content = backed_up.read_bytes()
    if damage == "truncated":
        damaged.write_bytes(content[: len(content) // 2])
    elif damage == "flipped byte":
        middle = len(content) // 2
        damaged.write_bytes(
            content[:middle] + bytes([content[middle] ^ 0xFF]) + content[middle + 1 :]
        )
    elif damage == "database changed":  # the checksum in the manifest catches it
        repack(backed_up, damaged, database=lambda data: data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "no manifest":
        with tarfile.open(damaged, "w:gz") as archive:
            archive.add(backed_up, arcname="database.sqlite3")
    elif damage == "not a backup":
        damaged.write_text("Dette er et møtereferat, ikke en sikkerhetskopi.\n")
    elif damage == "other rows":  # a manifest that does not describe its database
        table = User._meta.db_table
        repack(backed_up, damaged, manifest=lambda m: m["tables"].update({table: 99}))
    message = (
        "Radtallene i sikkerhetskopien stemmer ikke"
        if damage == "other rows" and connection.vendor == "postgresql"
        else "Filen er ikke en hel sikkerhetskopi fra Fellesløft"
    )
    refused(damaged, media, force=True, message=message)


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Fant ikke filen"):
        call_command("restore", str(tmp_path / "finnes-ikke.tar.gz"))


def test_a_backup_of_an_older_schema_is_restored_and_brought_up_to_date(tmp_path):
    """The schema of a backup taken before an upgrade: here without the search app's table."""
    if connection.vendor != "sqlite":
        pytest.skip("on files of its own: the SQLite run has it")
    old, restored = f"sqlite:///{tmp_path / 'old.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
    backup = tmp_path / "old.tar.gz"
    for arguments, url in [
        (["migrate", "--no-input"], old),
        (["migrate", "search", "zero", "--no-input"], old),
        (["backup", str(backup)], old),
        (["restore", str(backup)], restored),
    ]:
        done = fellesloft(*arguments, database_url=url, data_dir=tmp_path / "data")
        assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "Databaseskjemaet er oppdatert: search.0001_initial, search.0002_search_stemmed_terms."
        in done.stdout
    )
    with closing(sqlite3.connect(tmp_path / "new.sqlite3")) as database:
        assert database.execute(
            "SELECT count(*) FROM django_migrations WHERE app = 'search'"
        ).fetchone() == (2,)
        documents = database.execute("SELECT count(*) FROM search_searchdocument").fetchone()[0]
    assert documents > 0  # the reference data's learning resources and organisations

"""The database half of a backup: a dump made with the database's own tools, restored into an empty database.

PostgreSQL goes through django-dbbackup's pg_dump/pg_restore connector (custom format; the connection's host,
port, user, password and TLS options passed as libpq expects them). SQLite uses its online backup API, which
copies a consistent database while the application keeps using it.
"""

import logging
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connections

from .checksums import checksum, copy_with_checksum
from .errors import BackupError

DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def vendor_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def table_names(alias: str = "default") -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def is_empty(alias: str = "default") -> bool:
    """Empty means no table at all: a database just created, before `migrate`."""
    return not table_names(alias)


# PostgreSQL -------------------------------------------------------------------------------------------------


def _client_major_version(tool: str) -> int:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed: install the PostgreSQL client tools (postgresql-client).")
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\)\s+(\d+)", output)
    if not match:
        raise BackupError(f"Cannot read the version of {tool} from {output!r}.")
    return int(match.group(1))


def postgresql_versions(alias: str = "default") -> dict:
    """The server's and the client tools' versions; refuse tools of another major version than the server's:
    an older pg_dump cannot read a newer server, and a newer one writes statements an older server refuses."""
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    for tool in ("pg_dump", "pg_restore"):
        client_major = _client_major_version(tool)
        if client_major != server_major:
            raise BackupError(
                f"{tool} is version {client_major} but the server runs PostgreSQL {server_major}: "
                f"install the client tools of version {server_major} (postgresql-client-{server_major})."
            )
    server = f"{server_major}.{connection.pg_version % 10000}"
    return {"server_version": server, "client_major_version": server_major}


def _pg_connector(alias: str):
    from dbbackup.db.base import get_connector  # imported late: it reads the settings when imported

    # It logs each command line at DEBUG level, which it turns on for itself.
    logging.getLogger("dbbackup.command").setLevel(logging.WARNING)
    connector = get_connector(alias, connector_path="dbbackup.db.postgresql.PgDumpBinaryConnector")
    # The restoring account owns what it restores (a new server need not have the old one's roles).
    connector.pg_options = ["--no-owner", "--no-privileges"]
    return connector


def _dump_postgresql(alias: str, path: Path) -> tuple[int, str]:
    dump = _pg_connector(alias).create_dump()
    with dump, path.open("wb") as target:
        return copy_with_checksum(dump, target)


def _drop_all_tables(alias: str) -> None:
    connection = connections[alias]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _restore_postgresql(alias: str, path: Path) -> None:
    connector = _pg_connector(alias)
    connections[alias].close()
    with path.open("rb") as dump:
        # pg_restore --single-transaction: a restore that fails leaves nothing behind.
        connector.restore_dump(dump)


# SQLite -----------------------------------------------------------------------------------------------------


def _dump_sqlite(alias: str, path: Path) -> tuple[int, str]:
    connection = connections[alias]
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    with path.open("rb") as written:
        return checksum(written)


def _restore_sqlite(alias: str, path: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source:
        source.backup(connection.connection)


# The two halves -------------------------------------------------------------------------------------------


def dump_database(directory: Path, alias: str = "default") -> dict:
    """Write the database's dump into `directory`; return its part of the manifest."""
    vendor = vendor_of(alias)
    path = directory / DUMP_FILES[vendor]
    details = {"vendor": vendor, "file": path.name}
    if vendor == "postgresql":
        details.update(postgresql_versions(alias))
        size, sha256 = _dump_postgresql(alias, path)
    else:
        details["server_version"] = sqlite3.sqlite_version
        size, sha256 = _dump_sqlite(alias, path)
    details["tables"] = len(table_names(alias))
    return {**details, "size": size, "sha256": sha256}


def check_target(details: dict, *, replace: bool, alias: str = "default") -> None:
    """Refuse a target of another kind than the backup's, or one that is not empty unless `replace`."""
    vendor = vendor_of(alias)
    if details["vendor"] != vendor:
        raise BackupError(f"This backup is of a {details['vendor']} database; the target is {vendor}.")
    if not replace and not is_empty(alias):
        raise BackupError(
            f"The database {connections[alias].settings_dict['NAME']} is not empty "
            f"({len(table_names(alias))} tables); nothing was restored. Restore into an empty database, or give "
            "--replace to drop everything in it first."
        )
    if vendor == "postgresql":
        postgresql_versions(alias)


def restore_database(directory: Path, details: dict, *, replace: bool, alias: str = "default") -> None:
    """Restore the dump described by `details` (already checked) into the database, which must be empty
    unless `replace` is given."""
    check_target(details, replace=replace, alias=alias)
    path = directory / details["file"]
    if details["vendor"] == "postgresql":
        if replace:
            _drop_all_tables(alias)
        _restore_postgresql(alias, path)
    else:
        _restore_sqlite(alias, path)
    connections[alias].close()

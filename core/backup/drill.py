"""The restore drill: back up the live database and files, restore them into a new, empty database and a
separate folder with the `restore` command exactly as an operator runs it, and compare the two fingerprints.

The original is left as it was. The scratch database is created beside the original (PostgreSQL: the same
server, the name with `_restore_drill` appended, which needs the CREATEDB right; SQLite: a temporary file) and
dropped afterwards.
"""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

from .errors import BackupError
from .fingerprint import Fingerprint, mismatches, take_fingerprint
from .operations import create_backup

SUFFIX = "_restore_drill"


@dataclass
class DrillResult:
    original: Fingerprint
    restored: Fingerprint
    mismatches: list[str]
    backup_folder: Path
    backup_seconds: float
    restore_seconds: float
    backup_bytes: int
    restore_output: str = ""
    notes: list[str] = field(default_factory=list)


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for a connection's settings, as config/settings.py reads it."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    options = {key: value for key, value in (settings_dict.get("OPTIONS") or {}).items() if isinstance(value, str)}
    query = f"?{urlencode(options)}" if options else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}{query}"


@contextmanager
def scratch_database(workdir: Path, alias: str = "default"):
    """A new, empty database of the same kind as `alias`; yields its settings, drops it afterwards."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        yield {**connection.settings_dict, "NAME": str(workdir / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME'][: 63 - len(SUFFIX)]}{SUFFIX}"
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")  # left over from an interrupted drill
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        yield {**connection.settings_dict, "NAME": name}
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")


def manage(command: list[str], target: dict, media_root: Path) -> subprocess.CompletedProcess:
    """A manage.py command in a process of its own, pointed at another database and media folder."""
    env = {**os.environ, "DATABASE_URL": database_url(target), "DJANGO_MEDIA_ROOT": str(media_root)}
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *command], env=env, capture_output=True, text=True
    )


def run_restore(folder: Path, target: dict, media_root: Path) -> tuple[float, str]:
    """`manage.py restore FOLDER`, exactly as an operator runs it, into the scratch database and folder."""
    started = time.monotonic()
    process = manage(["restore", str(folder)], target, media_root)
    if process.returncode != 0:
        raise BackupError(f"The restore failed:\n{process.stdout}{process.stderr}")
    return time.monotonic() - started, process.stdout


def fingerprint_of(target: dict, media_root: Path) -> Fingerprint:
    """The fingerprint of another database and folder, taken by `manage.py fingerprint` in its own process."""
    process = manage(["fingerprint"], target, media_root)
    if process.returncode != 0:
        raise BackupError(f"Could not read the restored database:\n{process.stderr}")
    return Fingerprint.from_json(process.stdout)


def run_drill(workdir: Path, alias: str = "default") -> DrillResult:
    connection = connections[alias]
    before = take_fingerprint(connection, default_storage)
    started = time.monotonic()
    folder, manifest = create_backup(workdir / "backups", alias)
    backup_seconds = time.monotonic() - started
    after = take_fingerprint(connection, default_storage)
    notes = []
    if mismatches(before, after):
        notes.append("The original changed while it was backed up; the restore is compared with it as it was after.")
    backup_bytes = manifest["database"]["size"] + manifest["media"]["bytes"]
    media_root = workdir / "restored-media"
    with scratch_database(workdir, alias) as target:
        restore_seconds, output = run_restore(folder, target, media_root)
        restored = fingerprint_of(target, media_root)
    return DrillResult(
        original=after,
        restored=restored,
        mismatches=mismatches(after, restored),
        backup_folder=folder,
        backup_seconds=backup_seconds,
        restore_seconds=restore_seconds,
        backup_bytes=backup_bytes,
        restore_output=output,
        notes=notes,
    )


@contextmanager
def drill_workdir(keep: bool):
    if keep:
        yield Path(tempfile.mkdtemp(prefix="restore-drill-"))
    else:
        with tempfile.TemporaryDirectory(prefix="restore-drill-") as workdir:
            yield Path(workdir)

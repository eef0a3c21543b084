"""Create a backup folder; restore one. The manifest ties the two halves together and carries a checksum of
every file, checked in full before a restore changes anything."""

import json
import socket
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from . import database, media
from .checksums import checksum
from .errors import BackupError

FORMAT = "danvankheo-backup/1"
MANIFEST = "manifest.json"


def new_backup_folder(parent: Path) -> Path:
    """A new folder under `parent` named after the time (UTC), e.g. backup-20261130-203000."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = parent / f"backup-{timezone.now():%Y%m%d-%H%M%S}"
    if folder.exists():
        raise BackupError(f"{folder} already exists; wait a second and try again.")
    folder.mkdir()
    return folder


def create_backup(parent: Path, alias: str = "default") -> tuple[Path, dict]:
    """Back up the database and then every stored file into a new folder under `parent`."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if Path(parent).resolve().is_relative_to(media_root):
        raise BackupError(f"Write backups outside the uploaded files ({media_root}), or each would copy the last.")
    folder = new_backup_folder(Path(parent))
    started = timezone.now()
    db_details = database.dump_database(folder, alias)
    files = media.copy_media(folder)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "host": socket.gethostname(),
        "database": {**db_details, "name": connections[alias].settings_dict["NAME"]},
        "media": {"count": len(files), "bytes": sum(entry["size"] for entry in files), "files": files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder, manifest


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup folder: it has no {MANIFEST}.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (expected {FORMAT}).")
    return manifest


def check_backup(folder: Path, manifest: dict) -> list[str]:
    """Every problem with the folder's files: the dump and each copied file against its checksum."""
    details = manifest["database"]
    dump = Path(folder) / details["file"]
    problems = []
    if not dump.is_file():
        problems.append(f"missing: {details['file']}")
    else:
        with dump.open("rb") as written:
            if checksum(written) != (details["size"], details["sha256"]):
                problems.append(f"checksum differs: {details['file']}")
    return problems + media.check_media_copies(Path(folder), manifest["media"]["files"])


def restore_backup(folder: Path, *, replace: bool = False, alias: str = "default") -> dict:
    """Restore a backup folder: check it whole, refuse a non-empty database or conflicting files unless
    `replace`, then restore the database (in one transaction) and the files."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = check_backup(folder, manifest)
    if problems:
        raise BackupError("The backup is damaged; nothing was restored:\n  " + "\n  ".join(problems))
    files = manifest["media"]["files"]
    # Both halves are checked before either is restored, so a refused restore changes nothing.
    database.check_target(manifest["database"], replace=replace, alias=alias)
    if not replace:
        conflicts = media.conflicting_files(files)
        if conflicts:
            raise BackupError(
                f"{len(conflicts)} files of the backup are already stored with other content (e.g. {conflicts[0]}); "
                "nothing was restored. Give --replace to overwrite them."
            )
    database.restore_database(folder, manifest["database"], replace=replace, alias=alias)
    outcome = media.restore_media(folder, files, replace=replace)
    return {"manifest": manifest, **outcome}

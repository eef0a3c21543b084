"""The files half of a backup: every file in the default storage, copied with its size and SHA-256.

It goes through `default_storage`, not the file system, so the same commands work when uploads live in object
storage. Files are never deleted by the application, so copying them after the database dump catches every
file the dump refers to (a file uploaded meanwhile is copied too, harmlessly).
"""

import posixpath
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage

from .checksums import checksum, copy_with_checksum
from .errors import BackupError

MEDIA_FOLDER = "media"


def stored_names(storage=default_storage) -> list[str]:
    """Every file name in the storage, sorted; an empty list when its folder does not exist yet."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        names += [posixpath.join(folder, name) for name in files]
        folders += [posixpath.join(folder, name) for name in subfolders]
    return sorted(names)


def stored_checksums(storage=default_storage) -> dict[str, tuple[int, str]]:
    """Name -> (size, SHA-256) of every file in the storage."""
    result = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as stored:
            result[name] = checksum(stored)
    return result


def _local_path(directory: Path, name: str) -> Path:
    """Where a stored file lives in the backup folder; a name that would leave it is refused."""
    parts = PurePosixPath(name).parts
    if not parts or PurePosixPath(name).is_absolute() or ".." in parts:
        raise BackupError(f"Refusing the file name {name!r} in the manifest: it points outside the backup.")
    return directory / MEDIA_FOLDER / Path(*parts)


def copy_media(directory: Path, storage=default_storage) -> list[dict]:
    """Copy every stored file into `directory`/media; return the manifest's list of files."""
    entries = []
    for name in stored_names(storage):
        target_path = _local_path(directory, name)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target_path.open("wb") as target:
            size, sha256 = copy_with_checksum(source, target)
        entries.append({"name": name, "size": size, "sha256": sha256})
    return entries


def check_media_copies(directory: Path, entries: list[dict]) -> list[str]:
    """The problems with the backup's copies of the files (missing, or not what the manifest says)."""
    problems = []
    for entry in entries:
        path = _local_path(directory, entry["name"])
        if not path.is_file():
            problems.append(f"missing: {entry['name']}")
            continue
        with path.open("rb") as copy:
            if checksum(copy) != (entry["size"], entry["sha256"]):
                problems.append(f"checksum differs: {entry['name']}")
    return problems


def conflicting_files(entries: list[dict], storage=default_storage) -> list[str]:
    """Files of the backup that the storage already holds with other content."""
    conflicts = []
    for entry in entries:
        if storage.exists(entry["name"]):
            with storage.open(entry["name"], "rb") as stored:
                if checksum(stored) != (entry["size"], entry["sha256"]):
                    conflicts.append(entry["name"])
    return conflicts


def restore_media(directory: Path, entries: list[dict], *, replace: bool, storage=default_storage) -> dict:
    """Put the backup's files back into the storage under their names; return what was done."""
    restored = skipped = 0
    for entry in entries:
        name = entry["name"]
        if storage.exists(name):
            with storage.open(name, "rb") as stored:
                if checksum(stored) == (entry["size"], entry["sha256"]):
                    skipped += 1
                    continue
            if not replace:
                raise BackupError(f"{name} is already stored with other content; give --replace to overwrite it.")
            storage.delete(name)
        with _local_path(directory, name).open("rb") as copy:
            saved = storage.save(name, File(copy, name=posixpath.basename(name)))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; the database refers to {name}.")
        with storage.open(name, "rb") as stored:
            if checksum(stored) != (entry["size"], entry["sha256"]):
                raise BackupError(f"{name} reads back differently from the backup after it was stored.")
        restored += 1
    return {"restored": restored, "already_there": skipped}

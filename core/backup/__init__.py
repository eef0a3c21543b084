"""Backup and restore of the whole application: the database and the uploaded files, in one folder.

A backup folder holds `manifest.json` (what was backed up, with a SHA-256 checksum of every file), the database
dump (PostgreSQL: pg_dump's custom format; SQLite: a copy made with SQLite's online backup API) and `media/`,
a copy of every file in the default storage. `create_backup()` writes one, `restore_backup()` checks every
checksum first and then restores into an empty database (a non-empty one only when told to replace it).
`python manage.py backup` / `restore` / `backup_drill` are the operator's commands.
"""

from .errors import BackupError
from .operations import create_backup, restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]

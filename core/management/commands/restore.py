from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `backup`: checks every checksum first, then restores the database into "
        "the configured database, which must be EMPTY (created, not migrated), and the files into the storage. "
        "Refuses a non-empty database or differing stored files unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="The backup folder (the one holding manifest.json).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop every table of a non-empty database and overwrite differing files. Destroys what is there.",
        )

    def handle(self, directory, replace=False, **options):
        try:
            outcome = restore_backup(directory, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = outcome["manifest"]
        self.stdout.write(
            f"Database: restored from {manifest['database']['file']} (backup of {manifest['created_at']})"
        )
        self.stdout.write(
            f"Files: {outcome['restored']} restored, {outcome['already_there']} already there with the same content"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {directory}. If this code is newer than the backup, run `migrate` now.")
        )

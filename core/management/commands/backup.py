from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump, custom format; SQLite: its online backup API) and every "
        "uploaded file into a new folder DIR/backup-YYYYMMDD-HHMMSS, with manifest.json listing a SHA-256 "
        "checksum of each file. The application may keep running meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where the backup folder is created (e.g. /backups).")

    def handle(self, directory, **options):
        try:
            folder, manifest = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        database, files = manifest["database"], manifest["media"]
        self.stdout.write(
            f"Database: {database['vendor']} {database['server_version']}, {database['tables']} tables, "
            f"{database['file']} {filesizeformat(database['size'])}"
        )
        self.stdout.write(f"Files: {files['count']} ({filesizeformat(files['bytes'])})")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))

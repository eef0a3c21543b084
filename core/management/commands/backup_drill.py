from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.defaultfilters import filesizeformat

from core.backup import BackupError
from core.backup.drill import drill_workdir, run_drill


class Command(BaseCommand):
    help = (
        "Restore drill: back up this database and its files, restore them with `restore` into a new EMPTY "
        "database (PostgreSQL: NAME_restore_drill on the same server, which needs the CREATEDB right; SQLite: a "
        "temporary file) and a separate folder, then compare every table's row count and checksum (rows in "
        "primary-key order), the sequences and every file. Prints the mismatches and fails unless there are 0. "
        "Changes nothing in this database; run it when nobody is writing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", action="store_true", help="Keep the backup and restored files (the scratch database is dropped)."
        )

    def handle(self, keep=False, **options):
        with drill_workdir(keep) as workdir:
            try:
                result = run_drill(workdir)
            except BackupError as error:
                raise CommandError(str(error)) from error
            original = result.original
            self.stdout.write(f"Database: {connection.vendor}, {connection.settings_dict['NAME']}")
            self.stdout.write(
                f"Original: {len(original.tables)} tables, {original.rows:,} rows, {len(original.sequences)} "
                f"sequences, {len(original.files)} files"
            )
            self.stdout.write(
                f"Backup: {filesizeformat(result.backup_bytes)} in {result.backup_seconds:.1f} s; "
                f"restore into an empty database: {result.restore_seconds:.1f} s"
            )
            restored = result.restored
            self.stdout.write(
                f"Restored: {len(restored.tables)} tables, {restored.rows:,} rows, {len(restored.sequences)} "
                f"sequences, {len(restored.files)} files"
            )
            for note in result.notes:
                self.stdout.write(self.style.WARNING(note))
            for line in result.mismatches:
                self.stdout.write(self.style.ERROR(f"MISMATCH {line}"))
            self.stdout.write(f"Mismatches: {len(result.mismatches)}")
            if keep:
                self.stdout.write(f"Kept: {workdir}")
            if result.mismatches:
                raise CommandError(f"The restore differs from the original in {len(result.mismatches)} places.")
            if not original.tables:
                raise CommandError("The database has no tables: nothing was proven. Run migrate and load data first.")
            self.stdout.write(self.style.SUCCESS("The restore reproduces the original exactly."))

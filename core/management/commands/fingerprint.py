from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection

from core.backup.fingerprint import take_fingerprint


class Command(BaseCommand):
    help = (
        "Print, as JSON, every table's row count and checksum (rows in primary-key order), PostgreSQL's sequences "
        "and every stored file's size and checksum: compare two installations, e.g. before a backup and after "
        "its restore (the restore drill does)."
    )

    def handle(self, **options):
        self.stdout.write(take_fingerprint(connection, default_storage).to_json())

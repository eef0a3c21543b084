"""backup / restore / backup_drill: what an operator relies on. A backup restored into an empty database and
an empty folder reproduces every table and every file; a restore refuses a database that is not empty (unless
told to replace it) and a damaged backup, changing nothing."""

import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection

from core.backup import BackupError, database
from core.backup.drill import fingerprint_of, manage, scratch_database
from core.backup.fingerprint import mismatches, take_fingerprint
from models_registry.models import ModelAttachment, MovementModel
from tests.factories import ModelAttachmentFactory, MovementModelFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def registry_with_files():
    """Two models, one with two evidence files (one with a Vietnamese name)."""
    attached = ModelAttachmentFactory(original_name="bien-ban.pdf")
    ModelAttachmentFactory(
        model=attached.model,
        file__filename="Báo cáo kết quả.pdf",
        file__data=b"%PDF-1.4 " + bytes(range(256)) * 40,
        original_name="Báo cáo kết quả.pdf",
    )
    MovementModelFactory(name="Dân vận khéo trong vận động hiến đất")
    return attached.model


def backup_into(tmp_path) -> Path:
    call_command("backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_the_manifest_lists_the_dump_and_every_file_with_its_checksum(registry_with_files, tmp_path):
    folder = backup_into(tmp_path)

    manifest = json.loads((folder / "manifest.json").read_text())
    dump = folder / manifest["database"]["file"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    stored = {attachment.file.name for attachment in ModelAttachment.objects.all()}
    assert {entry["name"] for entry in manifest["media"]["files"]} == stored
    for entry in manifest["media"]["files"]:
        original = Path(settings.MEDIA_ROOT) / entry["name"]
        assert entry["sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
        assert (folder / "media" / entry["name"]).read_bytes() == original.read_bytes()


def test_the_drill_restores_into_an_empty_database_with_no_mismatch(registry_with_files, capsys):
    call_command("backup_drill")

    output = capsys.readouterr().out
    assert "Mismatches: 0" in output
    assert "2 files" in output
    assert "MISMATCH" not in output


def test_a_backup_inside_the_uploaded_files_is_refused(settings):
    with pytest.raises(CommandError, match="outside the uploaded files"):
        call_command("backup", str(settings.MEDIA_ROOT / "backups"))
    assert not (settings.MEDIA_ROOT / "backups").exists()


def test_a_restore_reproduces_every_table_and_file_and_refuses_to_restore_again(registry_with_files, tmp_path):
    folder = backup_into(tmp_path)
    original = take_fingerprint(connection, FileSystemStorage(location=settings.MEDIA_ROOT))

    with scratch_database(tmp_path) as target:
        first = manage(["restore", str(folder)], target, tmp_path / "restored")
        assert first.returncode == 0, first.stderr
        restored = fingerprint_of(target, tmp_path / "restored")
        assert mismatches(original, restored) == []
        assert restored.tables[MovementModel._meta.db_table][0] == 2
        assert len(restored.files) == 2

        again = manage(["restore", str(folder)], target, tmp_path / "restored")
        assert again.returncode != 0
        assert "is not empty" in again.stderr
        assert "nothing was restored" in again.stderr

        replaced = manage(["restore", str(folder), "--replace"], target, tmp_path / "restored")
        assert replaced.returncode == 0, replaced.stderr
        assert mismatches(original, fingerprint_of(target, tmp_path / "restored")) == []


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
    registry_with_files, tmp_path, settings
):
    folder = backup_into(tmp_path)
    settings.MEDIA_ROOT = tmp_path / "other-media"

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(folder))

    assert MovementModel.objects.count() == 2
    assert not (tmp_path / "other-media").exists()


def test_a_damaged_backup_is_refused_before_anything_is_restored(registry_with_files, tmp_path, settings):
    folder = backup_into(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    damaged = folder / "media" / manifest["media"]["files"][0]["name"]
    damaged.write_bytes(damaged.read_bytes() + b"!")
    settings.MEDIA_ROOT = tmp_path / "other-media"

    with pytest.raises(CommandError, match="damaged") as refused:
        call_command("restore", str(folder), "--replace")

    assert manifest["media"]["files"][0]["name"] in str(refused.value)
    assert MovementModel.objects.count() == 2
    assert not (tmp_path / "other-media").exists()


def test_a_changed_row_or_file_is_a_mismatch(registry_with_files, tmp_path):
    storage = FileSystemStorage(location=settings.MEDIA_ROOT)
    before = take_fingerprint(connection, storage)
    with connection.cursor() as cursor:  # a restore that lost a character, as the drill must notice
        cursor.execute(f"UPDATE {MovementModel._meta.db_table} SET name = 'x' WHERE id = %s", [registry_with_files.pk])
    name = ModelAttachment.objects.first().file.name
    (Path(settings.MEDIA_ROOT) / name).write_bytes(b"%PDF-1.4 other")

    found = mismatches(before, take_fingerprint(connection, storage))

    assert any(line.startswith(f"table {MovementModel._meta.db_table}:") for line in found)
    assert any(line.startswith(f"file {name}:") for line in found)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump's version only matters on PostgreSQL")
def test_client_tools_of_another_major_version_than_the_server_are_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(database, "_client_major_version", lambda tool: 99)

    with pytest.raises(BackupError, match="install the client tools of version"):
        database.dump_database(tmp_path)

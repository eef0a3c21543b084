"""Uploaded files: what may be uploaded (a size bound and an allow-list of types), and how a stored file is
streamed back to a reader the caller has already let see it.

A file must have an allowed extension *and* start with that type's signature, so a renamed
executable or HTML page is refused. SVG is left out on purpose: it can carry scripts.

Office files are then opened and checked for what they are (`check_office_file`): a document or workbook with
macros (a VBA project, a macro-enabled or macro-sheet content type, OpenDocument Basic or scripts) could run code
on the computer of whoever opens the evidence; an encrypted one (a password-protected Office Open XML file is
an OLE compound file holding an EncryptedPackage; a legacy .doc/.xls/.ppt has an encryption flag, which
msoffcrypto-tool reads; an OpenDocument manifest names its encryption) cannot be read by the others; and a zip
container that unpacks beyond OFFICE_MAX_UNPACKED bytes, holds more than OFFICE_MAX_ENTRIES parts or one part
compressed more than OFFICE_MAX_RATIO times (a zip bomb) is refused before anyone or anything unpacks it.
Every upload field goes through `validate_upload`, so every field applies these checks.
"""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import msoffcrypto
import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Office: .doc, .xls, .ppt
_ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument are zip containers


@dataclass(frozen=True)
class FileType:
    content_type: str
    signatures: tuple[bytes, ...]
    inline: bool = False  # browsers may show it in place; everything else downloads


ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", (b"%PDF-",), inline=True),
    ".png": FileType("image/png", (b"\x89PNG\r\n\x1a\n",), inline=True),
    ".jpg": FileType("image/jpeg", (b"\xff\xd8\xff",), inline=True),
    ".jpeg": FileType("image/jpeg", (b"\xff\xd8\xff",), inline=True),
    ".gif": FileType("image/gif", (b"GIF87a", b"GIF89a"), inline=True),
    ".doc": FileType("application/msword", _OLE),
    ".xls": FileType("application/vnd.ms-excel", _OLE),
    ".ppt": FileType("application/vnd.ms-powerpoint", _OLE),
    ".docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": FileType("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".odp": FileType("application/vnd.oasis.opendocument.presentation", _ZIP),
}


# Zip bombs. A real Word or Excel file of 20 MB unpacks to well under 100 MB in a few hundred parts; its XML
# compresses about 10 to 30 times.
OFFICE_MAX_UNPACKED = 100 * 1024 * 1024
OFFICE_MAX_ENTRIES = 2_000
OFFICE_MAX_RATIO = 200
_RATIO_FROM = 1024 * 1024  # small parts may compress much better without being a threat
_CHUNK = 64 * 1024

# Office Open XML content types that carry code: VBA projects, macro-enabled documents, Excel 4 macro sheets,
# ActiveX controls.
_MACRO_CONTENT_TYPES = (b"vbaproject", b"macroenabled", b"macrosheet", b"activex")
# Where a VBA project lives in a legacy (OLE) Word, Excel or PowerPoint file.
_OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}


def file_type_of(name: str) -> FileType | None:
    return ALLOWED_TYPES.get(PurePath(name).suffix.lower())


def validate_upload(upload) -> FileType:
    """Refuse a file that is too large or not of an allowed type; return its type otherwise."""
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
            },
        )
    file_type = file_type_of(upload.name)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if file_type is not None and file_type.signatures == _ZIP and head.startswith(_OLE):
        # A password-protected .docx/.xlsx/.pptx is an OLE container, not a zip: say so rather than "wrong type".
        _check_ole(upload)
    if file_type is None or not head.startswith(file_type.signatures):
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed: PDF, images (PNG, JPEG, GIF) and "
              "Office documents (Word, Excel, PowerPoint, OpenDocument)."),
            code="file_type_not_allowed",
            params={"name": upload.name},
        )
    check_office_file(upload, file_type)
    return file_type


def _refuse(message, code: str, upload, **params):
    raise ValidationError(message, code=code, params={"name": upload.name, **params})


def _refuse_macros(upload):
    _refuse(
        _("“%(name)s” contains macros, which could run code on the computer of whoever opens it. Save it "
          "without macros (as .docx, .xlsx or .pptx) and upload it again."),
        "file_has_macros",
        upload,
    )


def _refuse_encrypted(upload):
    _refuse(
        _("“%(name)s” is protected by a password (encrypted), so nobody else could open it. Remove the password "
          "and upload it again."),
        "file_encrypted",
        upload,
    )


def _refuse_damaged(upload):
    _refuse(
        _("“%(name)s” cannot be read as an Office document: it may be damaged. Save it again and upload it."),
        "file_damaged",
        upload,
    )


def _refuse_bomb(upload):
    _refuse(
        _("“%(name)s” unpacks to more than %(limit)s or has too many parts: it is refused as a possible zip "
          "bomb. Save it again, or split it."),
        "file_zip_bomb",
        upload,
        limit=filesizeformat(OFFICE_MAX_UNPACKED),
    )


def check_office_file(upload, file_type: FileType) -> None:
    """Refuse an Office file with macros, encrypted, or unpacking beyond the bounds; other types pass."""
    try:
        if file_type.signatures == _ZIP:
            _check_zip(upload)
        elif file_type.signatures == _OLE:
            _check_ole(upload)
    finally:
        upload.seek(0)


def _check_zip(upload) -> None:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse_damaged(upload)
    with archive:
        parts = archive.infolist()
        if len(parts) > OFFICE_MAX_ENTRIES or sum(part.file_size for part in parts) > OFFICE_MAX_UNPACKED:
            _refuse_bomb(upload)
        names = {part.filename.lower(): part for part in parts}
        if any(part.flag_bits & 0x1 for part in parts):
            _refuse_encrypted(upload)
        if any(_holds_code(name) for name in names):
            _refuse_macros(upload)
        content_types = _read_bounded(archive, names.get("[content_types].xml"), upload).lower()
        if any(marker in content_types for marker in _MACRO_CONTENT_TYPES):
            _refuse_macros(upload)
        if b"encryption-data" in _read_bounded(archive, names.get("meta-inf/manifest.xml"), upload):
            _refuse_encrypted(upload)
        # The sizes a zip declares may lie: unpack every part, counting, and stop at the bounds.
        total = 0
        for part in parts:
            unpacked = 0
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if total > OFFICE_MAX_UNPACKED or (
                            unpacked > _RATIO_FROM and unpacked > OFFICE_MAX_RATIO * max(part.compress_size, 1)
                        ):
                            _refuse_bomb(upload)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError):
                _refuse_damaged(upload)


def _holds_code(name: str) -> bool:
    """A VBA project (Office Open XML) or OpenDocument's Basic or script libraries."""
    return name.rsplit("/", 1)[-1] == "vbaproject.bin" or name.startswith(("basic/", "scripts/"))


def _read_bounded(archive, part, upload, limit=1024 * 1024) -> bytes:
    """A small part's bytes (the content types, the manifest); a huge one is itself a bomb."""
    if part is None:
        return b""
    try:
        with archive.open(part) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError):
        _refuse_damaged(upload)
    if len(data) > limit:
        _refuse_bomb(upload)
    return data


def _check_ole(upload) -> None:
    upload.seek(0)
    try:
        ole = olefile.OleFileIO(upload)
        entries = ole.listdir(streams=True, storages=True)
    except (OSError, ValueError, IndexError, TypeError, EOFError):
        _refuse_damaged(upload)
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            _refuse_encrypted(upload)
        if any(name.lower() in _OLE_MACRO_STORAGES for path in entries for name in path):
            _refuse_macros(upload)
    upload.seek(0)
    try:
        encrypted = msoffcrypto.OfficeFile(upload).is_encrypted()
    except Exception:  # msoffcrypto raises many kinds on a file it cannot parse: unreadable, so refused
        _refuse_damaged(upload)
    if encrypted:
        _refuse_encrypted(upload)


def stream_file(stored, *, name: str, content_type: str) -> FileResponse:
    """Stream a stored file: shown in place only when it is a safe type, sandboxed, never sniffed."""
    file_type = file_type_of(name)
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    response = FileResponse(
        handle, as_attachment=not (file_type and file_type.inline), filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response

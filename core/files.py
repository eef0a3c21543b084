"""Uploaded files: what may be uploaded (a size bound and an allow-list of types), and how a stored file is
streamed back to a reader the caller has already let see it.

A file must have an allowed extension *and* start with that type's signature, so a renamed
executable or HTML page is refused. SVG is left out on purpose: it can carry scripts.
"""

from dataclasses import dataclass
from pathlib import PurePath

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
    if file_type is None or not head.startswith(file_type.signatures):
        raise ValidationError(
            _("“%(name)s” is not an allowed file type. Allowed: PDF, images (PNG, JPEG, GIF) and "
              "Office documents (Word, Excel, PowerPoint, OpenDocument)."),
            code="file_type_not_allowed",
            params={"name": upload.name},
        )
    return file_type


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

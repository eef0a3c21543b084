"""Office files built in code for the upload tests: real ones (python-docx, openpyxl, msoffcrypto-tool) and the
malicious variants, each changed in the one way a check must notice."""

import io
import struct
import zipfile

import docx
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook


def real_docx() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả mô hình “Dân vận khéo”.")
    document.save(buffer)
    return buffer.getvalue()


def real_xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Chỉ tiêu", 30])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezipped(original: bytes, *, add: dict | None = None, replace: dict | None = None) -> bytes:
    """The zip `original` with parts added or replaced ({name: bytes})."""
    add, replace = add or {}, replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part.filename, replace.get(part.filename, source.read(part)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def docx_with_vba_project() -> bytes:
    """A .docm renamed .docx: the VBA project inside."""
    return rezipped(real_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60})


def xlsx_declared_macro_enabled() -> bytes:
    """An .xlsm renamed .xlsx: its main part declared macro-enabled."""
    original = zipfile.ZipFile(io.BytesIO(real_xlsx())).read("[Content_Types].xml")
    declared = original.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert declared != original
    return rezipped(real_xlsx(), replace={"[Content_Types].xml": declared})


def encrypted_docx() -> bytes:
    """A password-protected .docx, encrypted by msoffcrypto-tool as Word does (an OLE file, EncryptedPackage)."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(real_docx())).encrypt("mat-khau", out)
    return out.getvalue()


def zip_bomb_total() -> bytes:
    """Parts that unpack to more than the bound (150 MB of zeros in a few hundred kB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for number in range(3):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


def zip_bomb_ratio() -> bytes:
    """Small enough in total, but one part compressed a thousand times."""
    return rezipped(real_xlsx(), add={"xl/media/padding.bin": b"\0" * (8 * 1024 * 1024)})


def zip_bomb_entries(count=2_500) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"word/media/p{number}.xml", b"<p/>")
    return out.getvalue()


def odt(*, manifest_extra=b"", add=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr(
            "META-INF/manifest.xml",
            b'<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
            + manifest_extra
            + b"</manifest:file-entry></manifest:manifest>",
        )
        for name, data in (add or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odt_with_basic_macros() -> bytes:
    return odt(add={"Basic/Standard/Module1.xml": b"<script:module>Sub Main</script:module>"})


def odt_encrypted() -> bytes:
    return odt(manifest_extra=b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>')


# Legacy Office: a minimal OLE compound file (version 3, 512-byte sectors), every stream 4,096 bytes so that
# none lives in the mini stream.
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_STREAM = 4096


def ole_file(tree: dict) -> bytes:
    """An OLE file from {name: bytes (a stream) or dict (a storage)}."""
    entries, streams = [], []  # entries: [name, type, child, right, start, size]

    def add(name, kind):
        entries.append([name, kind, _FREE, _FREE, _END, 0])
        return len(entries) - 1

    def fill(parent, children):
        previous = None
        for name, value in children.items():
            index = add(name, 1 if isinstance(value, dict) else 2)
            if previous is None:
                entries[parent][2] = index
            else:
                entries[previous][3] = index
            previous = index
            if isinstance(value, dict):
                fill(index, value)
            else:
                streams.append((index, value.ljust(_STREAM, b"\0")[:_STREAM]))

    fill(add("Root Entry", 5), tree)
    directory_sectors = -(-len(entries) // 4)
    sector = 1 + directory_sectors
    fat = [_FAT] + [*range(2, 1 + directory_sectors), _END]
    for index, data in streams:
        entries[index][4], entries[index][5] = sector, len(data)
        count = len(data) // 512
        fat += [*range(sector + 1, sector + count), _END]
        sector += count
    assert len(fat) <= 128, "one FAT sector is enough for these test files"
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, 1, 1, 0, 4096, _END, 0, _END, 0,
    ) + struct.pack("<109I", 0, *([_FREE] * 108))
    fat_sector = struct.pack("<128I", *(fat + [_FREE] * (128 - len(fat))))
    directory = b""
    for name, kind, child, right, start, size in entries:
        encoded = (name + "\0").encode("utf-16-le")
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, _FREE, right, child, b"\0" * 16, 0, 0, 0, start, size
        )
    directory = directory.ljust(512 * directory_sectors, b"\0")
    return header + fat_sector + directory + b"".join(data for _index, data in streams)


def _word_document_stream(*, encrypted: bool) -> bytes:
    flags = 0x0200 | (0x0100 if encrypted else 0)  # fWhichTblStm (1Table), fEncrypted
    return struct.pack("<HHHHHH", 0xA5EC, 0x00C1, 0, 0x0409, 0, flags)


def doc_with_macros() -> bytes:
    """A Word 97–2003 document carrying a VBA project (Macros/VBA/...)."""
    return ole_file(
        {
            "WordDocument": _word_document_stream(encrypted=False),
            "1Table": b"",
            "Macros": {"VBA": {"_VBA_PROJECT": b"\xcc\x61", "dir": b""}, "PROJECT": b"ID="},
        }
    )


def doc_encrypted() -> bytes:
    """A Word 97–2003 document whose FIB says it is encrypted."""
    return ole_file({"WordDocument": _word_document_stream(encrypted=True), "1Table": b""})


def plain_doc() -> bytes:
    return ole_file({"WordDocument": _word_document_stream(encrypted=False), "1Table": b""})


# The malicious set: (file name, builder, the refusal's code). The figures command tries the same set.
MALICIOUS = [
    ("bao-cao.docx", docx_with_vba_project, "file_has_macros"),
    ("so-lieu.xlsx", xlsx_declared_macro_enabled, "file_has_macros"),
    ("bien-ban.doc", doc_with_macros, "file_has_macros"),
    ("ke-hoach.odt", odt_with_basic_macros, "file_has_macros"),
    ("mat.docx", encrypted_docx, "file_encrypted"),
    ("mat.doc", doc_encrypted, "file_encrypted"),
    ("mat.odt", odt_encrypted, "file_encrypted"),
    ("bom.xlsx", zip_bomb_total, "file_zip_bomb"),
    ("bom-ti-le.xlsx", zip_bomb_ratio, "file_zip_bomb"),
    ("bom-nhieu-phan.docx", zip_bomb_entries, "file_zip_bomb"),
    ("hong.docx", lambda: b"PK\x03\x04" + b"\0" * 200, "file_damaged"),
    ("hong.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "file_damaged"),
]

GENUINE = [
    ("bao-cao.docx", real_docx),
    ("so-lieu.xlsx", real_xlsx),
    ("bien-ban.doc", plain_doc),
    ("ke-hoach.odt", odt),
]

"""Spreadsheets made in code, as agencies send them: a title block with merged cells above the header, the headers
as the template writes them (Vietnamese), decomposed text, serial dates, padding; and CSV in any encoding."""

import csv
import io
import unicodedata

from django.utils import translation
from openpyxl import Workbook

from models_registry.imports.columns import BY_KEY

KEYS = ["code", "name", "kind", "owner_agency", "registered_unit", "field", "level", "year_started", "description",
        "approach", "results", "recognition_decision", "recognition_date", "recognising_body"]


def headers(keys=KEYS, language="vi") -> list[str]:
    with translation.override(language):
        return [str(BY_KEY[key].header) for key in keys]


def grid(rows: list[dict], keys=KEYS, language="vi") -> list[list]:
    return [headers(keys, language)] + [[row.get(key, "") for key in keys] for row in rows]


def xlsx(rows: list[dict], *, title_block=True, keys=KEYS, formulas=(), merges=()) -> bytes:
    """A workbook whose header sits under a two-row title merged across the columns (row 4 when title_block)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "DS mô hình"
    if title_block:
        sheet.append(["DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2024"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
        sheet.append(["(Kèm theo Báo cáo số 12-BC/BDV)"])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(keys))
        sheet.append([])
    for values in grid(rows, keys):
        sheet.append(values)
    for coordinate, formula in formulas:
        sheet[coordinate] = formula
    for cell_range in merges:  # e.g. one agency's name merged down over its models' rows
        sheet.merge_cells(cell_range)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it: base letters (with their circumflex, breve or horn) and the tone as
    a combining mark, since Windows-1258 has no precomposed toned letters."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:  # the circumflex, breve or horn joins the letter; the tone stays combining
            joined = unicodedata.normalize("NFC", base + mark)
            if len(joined) == 1 and len(marks) > 1:
                try:
                    joined.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base, marks = joined, [m for m in marks if m != mark]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def csv_bytes(rows: list[dict], *, encoding="utf-8-sig", delimiter=",", keys=KEYS) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    for values in grid(rows, keys):
        writer.writerow(values)
    if encoding == "cp1258":
        return cp1258(text.getvalue())
    return text.getvalue().encode(encoding)

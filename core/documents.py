"""Helpers for the Word documents the apps export (python-docx).

Every text an export writes goes through `add_run`, `add_paragraph`, `add_heading`, `set_text` or `write_text`,
which clean it (core.text): Word's XML cannot hold most control characters, and python-docx refuses the whole
document for one of them. So a document always writes whatever the database holds, older rows included.
"""

import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .text import text_or_empty

# Decree 30/2020/NĐ-CP, appendix I: A4 paper; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm;
# Times New Roman 13–14 pt.
A4_WIDTH, A4_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top_margin": Mm(20), "bottom_margin": Mm(20), "left_margin": Mm(30), "right_margin": Mm(15)}
FONT, FONT_SIZE = "Times New Roman", Pt(13)

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs (split on empty lines), each a list of its lines."""
    text = text_or_empty(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.split("\n") for block in _BLANK_LINES.split(text) if block.strip()] if text else []


def write_text(document, text: str, *, empty: str | None = "—") -> None:
    """Plain text as justified paragraphs, its line breaks kept; `empty` stands for no text at all."""
    for lines in paragraphs(text):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for number, line in enumerate(lines):
            run = add_run(paragraph, line.rstrip())
            if number < len(lines) - 1:
                run.add_break()
    if empty is not None and not paragraphs(text):
        document.add_paragraph(empty)


def add_run(paragraph, text="", style=None):
    """A run of `text`, cleaned, at the end of a paragraph."""
    return paragraph.add_run(text_or_empty(text), style)


def add_paragraph(container, text="", style=None):
    """A paragraph of `text`, cleaned, at the end of a document or a table cell."""
    return container.add_paragraph(text_or_empty(text), style)


def add_heading(document, text="", level=1):
    return document.add_heading(text_or_empty(text), level)


def set_text(cell, text) -> None:
    """A table cell's whole text, cleaned."""
    cell.text = text_or_empty(text)


def administrative_document() -> Document:
    """A new Word document laid out as Vietnamese administrative documents are (Decree 30/2020/NĐ-CP): A4,
    its margins, Times New Roman 13 pt for body text and headings alike."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
        for side, length in MARGINS.items():
            setattr(section, side, length)
    for style in document.styles:
        if getattr(style, "font", None) is None or style.type != 1:  # paragraph styles only
            continue
        style.font.name = FONT
        # Word picks the East Asian font for some Vietnamese letters unless it is set too.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = FONT_SIZE
    return document

"""Helpers for the Word documents the apps export (python-docx)."""

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[list[str]]:
    """Plain text as paragraphs (split on empty lines), each a list of its lines."""
    text = (text or "").replace("\r\n", "\n").strip()
    return [block.split("\n") for block in _BLANK_LINES.split(text) if block.strip()] if text else []


def write_text(document, text: str, *, empty: str | None = "—") -> None:
    """Plain text as justified paragraphs, its line breaks kept; `empty` stands for no text at all."""
    for lines in paragraphs(text):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for number, line in enumerate(lines):
            run = paragraph.add_run(line.rstrip())
            if number < len(lines) - 1:
                run.add_break()
    if empty is not None and not paragraphs(text):
        document.add_paragraph(empty)

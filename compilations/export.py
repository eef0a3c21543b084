"""The compilation as a Word booklet: a title page, then the selected entries grouped by field (in the
fields' order), each with its name, code, agency, unit, write-up, photo and results."""

import io
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from core.documents import add_heading, add_paragraph, add_run, administrative_document, write_text

PHOTO_WIDTH = Cm(10)


def _centred(document, text: str, *, size=13, bold=False, italic=False, space_before=0):
    paragraph = add_paragraph(document)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before)
    run = add_run(paragraph, text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _photo(document, nomination) -> None:
    if not nomination.photo:
        return
    try:
        with nomination.photo.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return
    document.add_picture(io.BytesIO(data), width=PHOTO_WIDTH)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def booklet_docx(compilation, progress=None) -> bytes:
    """The booklet as .docx bytes; `progress(done, total)` is told after each entry (the job's page shows it)."""
    entries = list(
        compilation.nominations.selected()
        .select_related("model__field", "model__owner_agency", "model__registered_unit")
        .in_booklet_order()
    )
    document = administrative_document()
    for name, size in (("Heading 1", 16), ("Heading 2", 14)):
        heading = document.styles[name]
        heading.font.name, heading.font.size, heading.font.bold = "Times New Roman", Pt(size), True
        heading.font.color.rgb = RGBColor(0, 0, 0)

    # Title page.
    _centred(document, _("STEERING COMMITTEE OF THE “SKILLED MASS MOBILIZATION” MOVEMENT"), bold=True)
    _centred(document, compilation.title.upper(), size=20, bold=True, space_before=180)
    _centred(document, _("Period %(period)s") % {"period": compilation.period}, size=15)
    _centred(
        document,
        _("%(count)s models and examples") % {"count": len(entries)},
        size=14,
        italic=True,
        space_before=12,
    )
    if compilation.is_published:
        when = timezone.localtime(compilation.published_at)
        _centred(document, _("Published on %(date)s") % {"date": f"{when:%d/%m/%Y}"}, space_before=180)
    else:
        _centred(document, _("DRAFT – not published"), bold=True, space_before=180)
    document.paragraphs[-1].runs[-1].add_break(WD_BREAK.PAGE)

    number = 0
    for field, group in groupby(entries, key=lambda n: n.model.field):
        add_heading(document, field.name, level=1)
        for nomination in group:
            number += 1
            if progress:
                progress(number - 1, len(entries))
            model = nomination.model
            add_heading(document, f"{number}. {model.name}", level=2)
            facts = add_paragraph(document)
            add_run(facts, _("Code: ")).bold = True
            add_run(facts, model.code)
            add_run(facts).add_break()
            add_run(facts, _("Agency: ")).bold = True
            add_run(facts, model.owner_agency.name)
            add_run(facts).add_break()
            add_run(facts, _("Administrative unit: ")).bold = True
            add_run(facts, model.registered_unit.name)
            write_text(document, nomination.write_up, empty=None)
            _photo(document, nomination)
            if model.results.strip():
                add_run(add_paragraph(document), _("Results")).bold = True
                write_text(document, model.results, empty=None)
    if not entries:
        add_paragraph(document, _("No entry has been selected yet."))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

"""The minutes of a meeting with its directives, as a Word document in the layout of a Vietnamese
administrative record (biên bản): the organising bodies and the national motto at the top, the title,
time and place, chair and attendees, agenda, minutes, the directives as a table, and the signatures."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.documents import add_paragraph, add_run, administrative_document, set_text, write_text

from .choices import AttendanceRole


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _centred(cell, lines, *, bold=False, underline_last=False, italic=False) -> None:
    set_text(cell, "")
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, line in enumerate(lines):
        run = add_run(paragraph, line)
        run.bold, run.italic = bold, italic
        run.underline = underline_last and number == len(lines) - 1
        if number < len(lines) - 1:
            run.add_break()


def _heading(document, text: str) -> None:
    paragraph = add_paragraph(document)
    paragraph.paragraph_format.space_before = Pt(8)
    run = add_run(paragraph, text)
    run.bold = True


def _table(document, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        set_text(cell, "")
        run = add_run(cell.paragraphs[0], title)
        run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            set_text(cell, value)
    # Word reads the cells' widths, LibreOffice the columns'; both need autofit off to keep them.
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _time_span(meeting) -> str:
    if meeting.start_time and meeting.end_time:
        return f"{meeting.start_time:%H:%M}–{meeting.end_time:%H:%M}, {_date(meeting.date)}"
    if meeting.start_time:
        return f"{meeting.start_time:%H:%M}, {_date(meeting.date)}"
    return _date(meeting.date)


def meeting_docx(meeting) -> bytes:
    """The meeting's record as .docx bytes. Expects the meeting with its organisers, attendances and
    directives (annotated with their status, with their assignments) prefetched."""
    document = administrative_document()

    organisers = [agency.name.upper() for agency in meeting.organisers.all()]
    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    _centred(header.cell(0, 0), organisers, bold=True)
    _centred(
        header.cell(0, 1),
        [_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence – Freedom – Happiness")],
        bold=True,
        underline_last=True,
    )
    place_date = add_paragraph(document)
    place_date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = add_run(
        place_date,
        # Translators: the place and date line of a record, e.g. "Ninh Bình, ngày 12 tháng 01 năm 2024".
        _("%(place)s, %(day)s/%(month)s/%(year)s")
        % {
            "place": meeting.place,
            "day": f"{meeting.date:%d}",
            "month": f"{meeting.date:%m}",
            "year": f"{meeting.date:%Y}",
        }
    )
    run.italic = True

    title = add_paragraph(document)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = add_run(title, _("MINUTES"))
    run.bold, run.font.size = True, Pt(14)
    run.add_break()
    run = add_run(title, meeting.title)
    run.bold = True
    kind = add_paragraph(document, meeting.get_kind_display())
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not meeting.is_published:
        draft = add_paragraph(document)
        draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(draft, _("DRAFT – not published")).bold = True

    _heading(document, _("I. Time and place"))
    add_paragraph(document, _("Time: %(time)s") % {"time": _time_span(meeting)})
    add_paragraph(document, _("Place: %(place)s") % {"place": meeting.place})
    add_paragraph(
        document,
        _("Organised by: %(organisers)s") % {"organisers": "; ".join(a.name for a in meeting.organisers.all())}
    )

    _heading(document, _("II. Chair and attendees"))
    chair = meeting.chair
    if chair:
        add_paragraph(
            document, _("Chair: %(name)s, %(title)s") % {"name": chair.full_name, "title": chair.title or "—"}
        )
    attendees = list(meeting.attendances.all())
    _table(
        document,
        [_("No."), _("Full name"), _("Title at the time"), _("Agency at the time"), _("Role")],
        [
            [str(number), a.full_name, a.title, a.agency_name, a.get_role_display()]
            for number, a in enumerate(attendees, start=1)
        ],
        [1.1, 3.6, 5.4, 3.6, 2.3],
    )

    _heading(document, _("III. Agenda"))
    write_text(document, meeting.agenda)
    _heading(document, _("IV. Proceedings and conclusions"))
    write_text(document, meeting.minutes)

    _heading(document, _("V. Directives"))
    directives = list(meeting.directives.all())
    if directives:
        add_paragraph(document, _("Status as of %(date)s.") % {"date": _date(timezone.localdate())}).runs[
            0
        ].italic = True
        _table(
            document,
            [_("No."), _("Directive"), _("Lead agency"), _("Co-operating agencies"), _("Deadline"), _("Status")],
            [
                [
                    str(directive.number),
                    directive.text,
                    directive.lead.agency.name if directive.lead else "—",
                    "; ".join(part.agency.name for part in directive.cooperating) or "—",
                    _("Regular/ongoing") if directive.is_ongoing else _date(directive.deadline),
                    directive.get_status_display(),
                ]
                for directive in directives
            ],
            [1.1, 4.6, 2.7, 2.7, 2.5, 2.4],
        )
    else:
        add_paragraph(document, _("No directive."))

    add_paragraph(document)
    signatures = document.add_table(rows=1, cols=2)
    _no_borders(signatures)
    secretary = next((a for a in attendees if a.role == AttendanceRole.SECRETARY), None)
    _centred(signatures.cell(0, 0), [_("SECRETARY"), "", "", "", secretary.full_name if secretary else ""], bold=True)
    _centred(signatures.cell(0, 1), [_("CHAIR"), "", "", "", chair.full_name if chair else ""], bold=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

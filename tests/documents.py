"""What every Word export must look like: a Vietnamese administrative document (Decree 30/2020/NĐ-CP)."""

from docx.shared import Mm


def assert_a4_decree_layout(document) -> None:
    for section in document.sections:
        # Word stores lengths in twentieths of a point; compare to the millimetre.
        assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297
        assert [round(length / Mm(1)) for length in (
            section.top_margin, section.bottom_margin, section.left_margin, section.right_margin
        )] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"

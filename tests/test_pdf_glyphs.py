"""helpers.pdf.glyphs: "(cid:N)" glyphs are reported with their pages and figures, never read as
numbers. SYNTHETIC texts and PDFs (the PDF is hand-written at test time by tests/pdf_factory.py)."""

from __future__ import annotations

from decimal import Decimal

from helpers.document import Document
from helpers.extract.inventory import extract_numbers
from helpers.normalize import normalize_text

from .pdf_factory import unmapped_glyph_pdf


def test_pdf_glyph_without_unicode_becomes_a_cid_placeholder(tmp_path):
    path = unmapped_glyph_pdf(
        tmp_path / "synthetic.pdf",
        [[[("text", "本年支出合计"), ("glyphs", "17 18"), ("text", ".50万元。")]], [[("text", "基本支出80.00万元。")]]],
    )
    document = Document.from_path(path)
    assert document.source.original_lines[0] == "本年支出合计(cid:17)(cid:18).50万元。"
    (warning,) = document.warnings
    assert "2 unreadable glyph(s)" in warning and "on page 1;" in warning
    assert "第 1 页第 1 行 “本年支出合计(cid:17)(cid:18).50万元”" in warning


def test_figure_with_an_unreadable_digit_is_not_read_as_a_number():
    document = Document.from_text("（合成 SYNTHETIC）\n本年支出合计(cid:17)(cid:18).50万元，基本支出80.00万元。")
    values = {row.value for row in extract_numbers(document)}
    assert Decimal("80.00") in values
    assert not values & {Decimal("17"), Decimal("18"), Decimal("50"), Decimal("0.50"), Decimal(".50")}


def test_text_input_with_cid_placeholders_warns_by_line():
    document = Document.from_text("（合成 SYNTHETIC）\n人员(cid:3)(cid:4)共12(cid:5)人。")
    (warning,) = document.warnings
    assert "on line 2;" in warning
    assert "第 2 行 “共12(cid:5)人”" in warning


def test_glyphs_in_words_only_affect_no_figure():
    document = Document.from_text("（合成 SYNTHETIC）\n主要职能(cid:3)(cid:4)包括。")
    (warning,) = document.warnings
    assert "no figure is affected" in warning


def test_placeholder_normalises_to_same_length():
    text = "合计(cid:17)(cid:18).50万元"
    assert len(normalize_text(text)) == len(text)
    assert not any(ch.isdigit() for ch in normalize_text(text)[2:-2])

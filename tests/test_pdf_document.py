"""helpers.pdf.document and Document.from_path on a PDF: the same line-map model as text, with pages.
SYNTHETIC PDFs built at test time; real ones from tests/fixtures/real-pdfs (sources in its README)."""

from __future__ import annotations

from helpers.document import Document

from .conftest import ROOT
from .pdf_factory import scanned_pdf, text_pdf

REAL = ROOT / "tests" / "fixtures" / "real-pdfs"


def test_pdf_document_maps_lines_to_pages(tmp_path):
    path = text_pdf(
        tmp_path / "synthetic.pdf",
        [["一、收入支出决算总体情况说明", "本年收入合计1,234.56万元。"], ["二、支出决算情况说明", "本年支出合计1,200.00万元。"]],
        header="青禾县合成测试局2021年度部门决算",
    )
    document = Document.from_path(path)
    assert document.encoding == "pdf"
    line = document.source.original_lines.index("本年支出合计1,200.00万元。") + 1
    assert document.page_of(line) == 2
    assert document.line_on_page(line) == 3  # the running header is line 1 of the page, then the heading
    assert document.cite(line) == "第 2 页第 3 行"


def test_text_document_cites_line_only():
    document = Document.from_text("第一行\n本年支出合计1.00万元。")
    assert document.page_of(2) is None
    assert document.cite(2) == "第 2 行"


def test_number_cut_by_a_page_break_reads_whole(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", [["本年支出合计1,2"], ["34.56万元。"]])
    document = Document.from_path(path)
    assert "本年支出合计1,234.56万元。" in document.text


def test_scanned_pages_give_a_warning_naming_them(tmp_path):
    path = scanned_pdf(tmp_path / "synthetic.pdf", text_pages=[["正文"]], image_pages=2)
    (warning,) = Document.from_path(path).warnings
    assert "pages 2–3 have no text layer (scanned images)" in warning


def test_real_pdf_figure_keeps_page_line_and_quote():
    """js_npc_2019_budget_narrative.pdf page 10 (printed "─ 8 ─"): 支出预算总计18330.37万元."""
    document = Document.from_path(REAL / "js_npc_2019_budget_narrative.pdf")
    quote = "（二）支出预算总计18330.37万元。包括："
    offset = document.text.index(quote)
    span = document.source.span(offset, offset + len(quote))
    assert span.quote == quote
    assert document.page_of(span.line) == 10
    assert document.cite(span.line).startswith("第 10 页第 ")


def test_every_extracted_figure_of_a_pdf_has_its_page(tmp_path):
    from helpers.extract import extract_document
    from helpers.frames import extraction_tables

    from .conftest import SYNTHETIC_DIR
    from .pdf_factory import disclosure_pdf

    text = (SYNTHETIC_DIR / "sc_county_edu_2021.txt").read_text(encoding="utf-8")
    document = Document.from_path(disclosure_pdf(tmp_path / "synthetic.pdf", text))
    extraction = extract_document(document)
    assert extraction.facts and extraction.numbers
    for fact in extraction.facts:
        assert fact.page == document.page_of(fact.line) and fact.page >= 1
        assert fact.to_dict()["page"] == fact.page
    tables = extraction_tables(extraction)
    assert all(row["page"] for row in tables["facts"] + tables["numbers"] + tables["functional"])


def test_text_figures_have_no_page(seed):
    _document, extraction = seed
    assert all(fact.page is None for fact in extraction.facts)
    assert "page" not in extraction.facts[0].to_dict()

"""helpers.pdf.source: page text of PDFs, and one-line errors for PDFs that cannot be read.

Broken PDFs are SYNTHETIC, built at test time (tests/pdf_factory.py); the real ones are the budget
PDFs of tests/fixtures/real-pdfs (sources in its README).
"""

from __future__ import annotations

import pytest

from helpers.errors import InputError, PdfError
from helpers.pdf import is_pdf, open_pdf
from helpers.pdf.source import page_ranges

from .conftest import ROOT
from .pdf_factory import scanned_pdf, text_pdf

REAL = ROOT / "tests" / "fixtures" / "real-pdfs"


def test_text_of_each_page_is_read_in_order(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", [["第一页第一行", "第一页第二行"], ["第二页正文1,234.56万元"]])
    source = open_pdf(path)
    assert source.page_count == 2
    assert source.page_text(1) == "第一页第一行\n第一页第二行"
    assert source.page_text(2) == "第二页正文1,234.56万元"
    assert [(line.page, line.number) for line in source.body_lines()] == [(1, 1), (1, 2), (2, 1)]


def test_owner_password_only_pdf_is_read(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", [["本年支出合计1.00万元"]], owner_password="owner-only")
    assert open_pdf(path).page_text(1) == "本年支出合计1.00万元"


def test_pdf_needing_a_password_is_one_line_error(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", [["本年支出合计1.00万元"]], encrypt="secret")
    with pytest.raises(PdfError, match="encrypted with a password") as error:
        open_pdf(path)
    assert "\n" not in str(error.value)


def test_truncated_pdf_is_one_line_error(tmp_path):
    whole = text_pdf(tmp_path / "whole.pdf", [["本年支出合计1.00万元"]] * 3).read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(PdfError, match="truncated"):
        open_pdf(cut)


def test_file_named_pdf_that_is_not_one_is_an_error(tmp_path):
    fake = tmp_path / "page.pdf"
    fake.write_text("<html>404 Not Found</html>", encoding="utf-8")
    assert is_pdf(fake)
    with pytest.raises(PdfError, match="not a PDF"):
        open_pdf(fake)


def test_damaged_pdf_is_one_line_error(tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"garbage " * 200 + b"\n%%EOF\n")
    with pytest.raises(PdfError, match=r"damaged|no pages"):
        open_pdf(damaged)


def test_pdf_errors_are_input_errors_with_exit_2():
    assert issubclass(PdfError, InputError)
    assert PdfError.exit_code == 2


def test_scanned_pdf_without_any_text_is_an_error_naming_the_pages(tmp_path):
    path = scanned_pdf(tmp_path / "synthetic-scan.pdf", image_pages=3)
    with pytest.raises(PdfError, match=r"no page has a text layer \(scanned images on pages 1–3\)"):
        open_pdf(path)


def test_scanned_pages_among_text_pages_are_named(tmp_path):
    path = scanned_pdf(tmp_path / "synthetic-mixed.pdf", text_pages=[["正文第一页"]], image_pages=2)
    source = open_pdf(path)
    assert source.scanned_pages == [2, 3]
    assert source.page_text(1) == "正文第一页"


def test_blank_page_is_not_a_scan(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", [["正文"], []], footer=None)
    assert open_pdf(path).scanned_pages == []


def test_page_ranges_are_compact():
    assert page_ranges([7, 1, 2, 3]) == "1–3, 7"
    assert page_ranges([4]) == "4"


# -- real PDFs (budgets; tests/fixtures/real-pdfs/README.md gives their sources) --------------

REAL_PAGES = {
    "js_npc_2017_budget.pdf": 31,
    "js_npc_2019_budget_narrative.pdf": 19,
    "js_npc_2019_budget_tables.pdf": 13,
    "js_party_office_2019_budget_tables.pdf": 12,
    "js_procuratorate_2019_budget.pdf": 33,
    "sh_city_finance_bureau_2025_unit_budget.pdf": 21,
    "sh_putuo_finance_bureau_2025_dept_budget.pdf": 24,
    "sh_putuo_wanli_street_2023_dept_budget.pdf": 35,
    "shanghai_2024_final_accounts_TEMPLATE_blank.pdf": 23,
}


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_pdf_page_count_and_text(name):
    source = open_pdf(REAL / name)
    assert source.page_count == REAL_PAGES[name]
    assert source.scanned_pages == []
    assert source.unmapped_pages == []
    assert sum(len(page.text) for page in source.pages) > 3000


def test_real_pdf_figure_is_on_its_page():
    """js_npc_2019_budget_narrative.pdf, page 10: the expenditure total of the budget."""
    source = open_pdf(REAL / "js_npc_2019_budget_narrative.pdf")
    assert "（二）支出预算总计18330.37万元。包括：" in source.page_text(10)
    assert "项目支出预算数为6459.58万元。" in source.page_text(10)


def test_real_table_page_keeps_its_rows():
    """js_npc_2017_budget.pdf, page 16: rows of the 一般公共预算支出预算表."""
    text = open_pdf(REAL / "js_npc_2017_budget.pdf").page_text(16)
    assert "一般公共预算支出预算表" in text
    assert "2010199 其他人大事务支出 100.00" in text


# A narrative or table figure of each real PDF with the page it is printed on (checked by hand
# against the PDFs of tests/fixtures/real-pdfs; sources in its README).
REAL_FIGURES = [
    ("js_npc_2017_budget.pdf", 9, "收入总计 13,649.07"),
    ("js_npc_2019_budget_narrative.pdf", 9, "财政拨款收入预算总计18330.37万元"),
    ("js_npc_2019_budget_tables.pdf", 4, "收入合计 18,330.37 支出合计 18,330.37"),
    ("js_party_office_2019_budget_tables.pdf", 4, "收入合计 27,664.22 支出合计 27,664.22"),
    ("js_procuratorate_2019_budget.pdf", 26, "本年收入预算合计24,169.74万元"),
    ("sh_city_finance_bureau_2025_unit_budget.pdf", 21, "政府采购预算1,708.03万元"),
    ("sh_putuo_finance_bureau_2025_dept_budget.pdf", 7, "收入预算3,121.42万元"),
    ("sh_putuo_wanli_street_2023_dept_budget.pdf", 6, "收入预算16497.86万元"),
    ("shanghai_2024_final_accounts_TEMPLATE_blank.pdf", 10, "一般公共预算财政拨款支出决算表\n单位：万元"),
]


@pytest.mark.parametrize(("name", "page", "figure"), REAL_FIGURES, ids=[f[0] for f in REAL_FIGURES])
def test_real_pdf_figure_is_read_on_its_page(name, page, figure):
    source = open_pdf(REAL / name)
    assert figure in source.page_text(page)
    assert next(p.number for p in source.pages if figure in p.text) == page


@pytest.mark.parametrize(("per_glyph", "space"), [(False, 4.0), (True, 1.5), (True, 4.0)])
def test_letter_spaced_lines_read_whole_words_and_figures(tmp_path, per_glyph, space):
    """SYNTHETIC: letter spacing. With the Tc operator pdfium reads the line whole by itself; with one
    text run per glyph it inserts a space between every glyph, which the text layer closes up so
    "1,200.50" is one figure again."""
    from .pdf_factory import letter_spaced_pdf

    lines = ["本年支出合计1,200.50万元。", "一般公共预算财政拨款支出决算表"]
    pdf = letter_spaced_pdf(tmp_path / "synthetic-letter-spaced.pdf", lines, space=space, per_glyph=per_glyph)
    assert [line.text for line in open_pdf(pdf).pages[0].lines] == lines


def test_wide_gaps_between_figures_stay_spaces(tmp_path):
    """SYNTHETIC: single figures of neighbouring table cells, one glyph run each with a wide gap
    (20 pt, about two characters), keep the space between them: "1 2 3 4" is never read as 1234."""
    from .pdf_factory import letter_spaced_pdf

    pdf = letter_spaced_pdf(tmp_path / "synthetic-wide-gaps.pdf", ["合计1234"], space=20, per_glyph=True)
    assert [line.text for line in open_pdf(pdf).pages[0].lines] == ["合 计 1 2 3 4"]

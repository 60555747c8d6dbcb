"""helpers.pdf.furniture: running headers and footers dropped in general (SYNTHETIC PDFs built at
test time), and on the real PDFs of tests/fixtures/real-pdfs (sources in its README)."""

from __future__ import annotations

import re

import pytest

from helpers.pdf import open_pdf

from .conftest import ROOT
from .pdf_factory import text_pdf

REAL = ROOT / "tests" / "fixtures" / "real-pdfs"
BODY = [["正文第一页：本年收入合计100.00万元。"], ["正文第二页：本年支出合计90.00万元。"], ["正文第三页。"], ["正文第四页。"]]


@pytest.mark.parametrize(
    "footer",
    ["— {page} —", "- {page} -", "第 {page} 页 共 {pages} 页", "共{pages}页 第{page}页", "{page}/{pages}", "{page}",
     "Page {page} of {pages}", "─ {page} ─"],
)
def test_page_numbers_in_any_dress_are_dropped(tmp_path, footer):
    source = open_pdf(text_pdf(tmp_path / "synthetic.pdf", BODY, footer=footer))
    assert [page.text for page in source.pages] == [lines[0] for lines in BODY]


def test_running_title_repeated_on_most_pages_is_dropped(tmp_path):
    header = "青禾县合成测试局2021年度部门决算"
    source = open_pdf(text_pdf(tmp_path / "synthetic.pdf", BODY, header=header))
    assert all(header not in page.text for page in source.pages)
    assert source.page_text(2) == BODY[1][0]


def test_title_on_one_page_only_is_kept(tmp_path):
    pages = [["青禾县合成测试局2021年度部门决算", "正文。"], ["正文第二页。"], ["正文第三页。"]]
    source = open_pdf(text_pdf(tmp_path / "synthetic.pdf", pages, footer=None))
    assert source.page_text(1) == "青禾县合成测试局2021年度部门决算\n正文。"


def test_unit_declaration_repeated_at_the_top_is_kept(tmp_path):
    pages = [["单位：万元", f"表{k} 合计 {k}0.00"] for k in range(1, 5)]
    source = open_pdf(text_pdf(tmp_path / "synthetic.pdf", pages, footer=None))
    assert all(page.text.startswith("单位：万元") for page in source.pages)


def test_a_number_in_the_body_is_not_a_page_number(tmp_path):
    pages = [["正文。", "12"], ["正文。"], ["正文。"]]
    source = open_pdf(text_pdf(tmp_path / "synthetic.pdf", pages, footer=None))
    assert source.page_text(1) == "正文。\n12"


@pytest.mark.parametrize(
    ("name", "page", "number"),
    [("js_npc_2019_budget_narrative.pdf", 10, "─ 8 ─"), ("js_procuratorate_2019_budget.pdf", 3, "3")],
)
def test_real_page_numbers_are_dropped(name, page, number):
    source = open_pdf(REAL / name)
    dropped = [line.text.strip() for line in source.pages[page - 1].lines if line.number in source.pages[page - 1].furniture]
    assert dropped == [number]
    assert number not in source.page_text(page).splitlines()


@pytest.mark.parametrize("name", ["js_npc_2019_budget_narrative.pdf", "js_procuratorate_2019_budget.pdf"])
def test_real_body_has_no_page_number_lines(name):
    source = open_pdf(REAL / name)
    for page in source.pages:
        for line in page.text.splitlines():
            assert not re.fullmatch(r"\s*[─—-]?\s*\d{1,3}\s*[─—-]?\s*", line), (page.number, line)

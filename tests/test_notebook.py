"""Display helpers the notebooks call."""

from __future__ import annotations

from helpers import notebook as nb

from .conftest import ROOT


def test_context_defaults_baseline_to_previous_year():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    assert ctx.baseline_year == 2019 and ctx.prior is None
    assert ctx.title == "自贡市贡井区行政审批局2020年度部门决算"


def test_tables_keep_exact_text_and_align_numbers():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    table = nb.facts_table(ctx)
    assert "256.1" in table.frame["数值"].tolist()
    page = table._repr_html_()
    assert '<td class="num">289.04</td>' in page and '<td class="text">收、支总计</td>' in page


def test_findings_html_escapes_and_quotes_lines():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    page = nb.findings_html(ctx.findings).data
    assert "第 1383 行" in page and "错误" in page and "<script" not in page

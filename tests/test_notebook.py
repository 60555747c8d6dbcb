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


def _seed_findings_page():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    return ctx, nb.findings_html(ctx.findings).data


def test_findings_show_chinese_titles_with_the_rule_id_as_a_small_code():
    import re

    ctx, page = _seed_findings_page()
    assert '<code class="rule-id">identity.basic</code>' in page
    assert "基本支出 = 人员经费 + 公用经费（在四舍五入误差内）" in page
    assert "<em>" not in page and "(rounding)" not in page
    for finding in ctx.findings:  # no English rule title reaches the page
        assert finding.title.removesuffix(" (rounding)") not in page
    assert not re.search(r"\b(narrative|class|item|section)\b", re.sub(r"<[^>]+>", " ", page))


def test_findings_list_their_evidence_lines_in_order():
    import re

    _, page = _seed_findings_page()
    for block in page.split('<div class="finding ')[1:]:
        lines = [int(x) for x in re.findall(r"<li><b>第 (\d+) 行</b>", block)]
        assert lines == sorted(lines)


def test_a_date_mismatch_says_inconsistent_and_names_no_right_copy():
    ctx, page = _seed_findings_page()
    (dates,) = [f for f in ctx.findings if f.rule == "repeat.passage" and "2021 ↔ 2020" in f.message]
    assert dates.expected is None and dates.difference is None
    block = next(b for b in page.split('<div class="finding ')[1:] if "2021 ↔ 2020" in b)
    assert "不一致" in block and "应为" not in block and "差额" not in block and "重算值" not in block
    assert "第 595 行" in block and "第 1389 行" in block


def test_functional_table_levels_and_sources_in_chinese():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    frame = nb.functional_table(ctx).frame
    assert set(frame["层级"]) <= {"类", "款", "项"} and "类" in set(frame["层级"])
    assert set(frame["来源"]) <= {"正文"} | {s for s in frame["来源"] if s.startswith("表格")}

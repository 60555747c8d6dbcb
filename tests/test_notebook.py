"""Display helpers the notebooks call."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from helpers import notebook as nb

from .conftest import ROOT


def test_context_defaults_baseline_to_previous_year():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    assert ctx.baseline_year == 2019 and ctx.prior is None
    assert ctx.title == "自贡市贡井区行政审批局2020年度部门决算"


def test_tables_keep_exact_text_and_align_numbers():
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")
    table = nb.facts_table(ctx)
    assert Decimal("256.1") in table.frame["数值"].tolist()
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


def _seed():
    return nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw")


def test_table_frame_amounts_are_exact_decimals_at_stated_precision():
    frame = nb.facts_table(_seed()).frame
    values = frame["数值"].dropna().tolist()
    assert values and all(isinstance(v, Decimal) for v in values)
    assert sum(values, Decimal(0)) == frame["数值"].dropna().sum()  # sums stay exact
    stated = {f.key: f.value for f in _seed().current.extraction.facts}
    assert dict(zip(frame["键"], frame["数值"], strict=True)) == stated  # 1.80 stays 1.80


def test_table_frame_line_numbers_are_integers_and_codes_strings():
    facts = nb.facts_table(_seed()).frame
    assert facts["行号"].dtype == "Int64"
    functional = nb.functional_table(_seed()).frame
    assert functional["行号"].dtype == "Int64"
    assert functional["科目编码"].dtype == "string"
    assert functional["科目编码"].dropna().str.fullmatch(r"\d{3}(\d{2}){0,2}").all()


def test_absent_figures_are_na_not_zero():
    frame = nb.facts_table(_seed()).frame
    growth = frame["增长率%"]
    assert growth.isna().any() and not (growth.dropna() == 0).all()
    page = nb.facts_table(_seed())._repr_html_()
    assert "<NA>" not in page and "None" not in page and "nan" not in page


def test_display_formats_what_the_frame_keeps_typed():
    table = nb.facts_table(_seed())
    page = table._repr_html_()
    assert '<td class="num">289.04</td>' in page
    assert '<th class="text key">键</th>' in page  # the English key is small, after the label
    assert list(table.frame.columns[:2]) == ["指标", "键"]
    floats = table.floats()
    assert floats["数值"].dtype == "float64" and table.frame["数值"].dtype == object


def test_undefined_ratio_is_na_in_the_frame_and_named_in_the_display():
    table = nb.ratios_table(_seed())
    values = table.frame["重算值"]
    assert values.isna().any() and all(isinstance(v, Decimal) for v in values.dropna())
    assert "无定义" in table._repr_html_() and "无定义" not in set(values.dropna())


@pytest.mark.parametrize("name", nb.TABLES)
def test_frame_gives_any_table_in_one_call(name):
    frame = nb.frame(_seed(), name)
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0
    for column in ("line",):
        if column in frame:
            assert frame[column].dtype == "Int64"


def test_frame_of_an_unknown_table_lists_what_exists():
    with pytest.raises(ValueError, match=r"facts.*checks") as error:
        nb.frame(_seed(), "fact")
    assert "没有名为" in str(error.value)


def test_table_consistency_counts_findings_by_family_and_table():
    from types import SimpleNamespace

    from helpers.audit.table_rules import audit_tables

    from .synthetic_tables import table

    cells = lambda t, b, p: {"本年支出合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    tables = [
        table("expenditure", [(None, "合计", cells("820.01", "600.00", "220.00")),
                              ("208", "社会保障和就业支出", cells("100.00", "100.00", None)),
                              ("213", "农林水支出", cells("720.00", "500.00", "220.00"))]),
        table("general_budget_expenditure", [(None, "合计", {"合计": "830.00"})], page=5),
    ]
    summary, details = nb.table_consistency(SimpleNamespace(findings=audit_tables(tables)))
    rows = summary.frame.to_dict("records")
    assert {(r["规则类别"], r["公开表"], r["错误"], r["警告"]) for r in rows} == {
        ("表内勾稽", "支出决算表", 0, 2),
        ("表间一致", "一般公共预算财政拨款支出决算表", 1, 0),
    }
    page = details.data
    assert page.index("表内勾稽") < page.index("表间一致") and "第 3 页《支出决算表》" in page


def test_public_tables_show_each_table_as_printed_with_blank_as_not_stated():
    """SYNTHETIC table instances in a minimal context: heading, rows, 未列示 for a blank cell, 空表说明."""
    from types import SimpleNamespace

    from helpers.tables import PublicTable, TableCell

    cells = [
        TableCell(0, "2010101", "item", "行政运行", None, column, column, value, str(value or ""), 3)
        for column, value in (("合计", Decimal("5.00")), ("基本支出", Decimal("5.00")), ("项目支出", None))
    ]
    tables = [
        PublicTable("general_budget_expenditure", "一般公共预算财政拨款支出决算表<b>", None, "final", [3], "万元",
                    ["合计", "基本支出", "项目支出"], cells),
        PublicTable("gov_fund", "政府性基金预算财政拨款收入支出决算表", None, "final", [4], "万元", [], [],
                    empty_note="本单位没有政府性基金预算财政拨款收支，故本表无数据。"),
    ]
    ctx = SimpleNamespace(current=SimpleNamespace(extraction=SimpleNamespace(tables=tables)))
    heading, table, empty_heading, note = nb.public_tables(ctx)
    assert "&lt;b&gt;" in heading.data and "第3页" in heading.data and "万元" in heading.data
    assert list(table.frame.columns) == ["科目编码", "名称", "合计", "基本支出", "项目支出"]
    assert table.frame.iloc[0]["科目编码"] == "2010101" and table.frame.iloc[0]["合计"] == Decimal("5.00")
    assert "未列示" in table._repr_html_()
    assert "政府性基金" in empty_heading.data and "故本表无数据" in note.data
    assert table._repr_html_().count("未列示") == 1  # the blank 项目支出 cell only, never a code


def _synthetic_catalog(tmp_path) -> Path:
    """A catalog of the SYNTHETIC 四川 pair (2020, 2021; planted mistakes in 2021) under tmp_path."""
    import hashlib
    import json
    import shutil

    from .conftest import SYNTHETIC_DIR

    folder = tmp_path / "raw" / "510999-synthetic"
    folder.mkdir(parents=True)
    for year in (2020, 2021):
        text = folder / f"{year}.txt"
        shutil.copy(SYNTHETIC_DIR / f"sc_county_edu_{year}.txt", text)
        data = text.read_bytes()
        sidecar = {
            "department_id": "510999-synthetic",
            "department": "四川省青岚县教育和体育局（合成）",
            "fiscal_year": year,
            "publisher": "synthetic",
            "origin": f"tests/fixtures/synthetic/sc_county_edu_{year}.txt",
            "url": None,
            "date_added": "2026-11-30",
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        (folder / f"{year}.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    return tmp_path / "raw"


def test_figures_end_with_the_findings_about_their_charts(tmp_path):
    raw = _synthetic_catalog(tmp_path)
    ctx = nb.open_context(
        "510999-synthetic", 2021, raw_dir=raw, processed_dir=tmp_path / "p", reports_dir=tmp_path / "r"
    )
    assert ctx.prior is not None  # the 2020 figures are published
    charts = nb.report_charts(ctx)
    rules = [f.rule for f in nb.chart_findings(ctx, charts)]
    assert {"share.recompute", "repeat.figure"} <= set(rules)
    assert "completeness.change_reason" not in rules  # not about a charted figure
    figure6 = next(c for c in charts if c.number == "图6")
    page = nb.chart_html(figure6).data
    assert '<p class="chart-dispute">⚠ 社会保障和就业（208）占比8.99%与审计发现不符' in page


def _shown(note: str = ""):
    return nb.ShownChart("图1", "收、支决算总计变动情况", note, b"\x89PNG synthetic")


def test_chart_title_is_printed_once_on_the_image_not_again_as_a_caption():
    page = nb.chart_html(_shown("资料来源：原文第 12 行。")).data
    assert page.count("收、支决算总计变动情况") == 1  # only the alt text names it; the image draws it
    assert 'alt="图1 收、支决算总计变动情况"' in page and "<figcaption" not in page


def test_chart_caption_keeps_only_the_dispute_warnings():
    page = nb.chart_html(_shown("资料来源：原文第 12 行；⚠ 合计 289.04 与审计重算 289.05 不符")).data
    assert '<figcaption><p class="chart-dispute">⚠ 合计 289.04 与审计重算 289.05 不符</p></figcaption>' in page
    assert page.count("收、支决算总计变动情况") == 1


def test_single_year_department_draws_no_year_over_year_chart_and_says_why(tmp_path):
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir=ROOT / "data" / "raw", processed_dir=tmp_path / "p",
                          reports_dir=tmp_path / "r")
    assert ctx.prior is None  # the seed's department has 2020 only
    charts = nb.report_charts(ctx)
    assert [c.number for c in charts] == ["图2", "图3", "图6", "附图1", "附图2", "附图3"]
    assert nb.comparison_charts(ctx) == []
    note = nb.trend_note(ctx).data
    assert "要有两个年度的决算公开数才能画出变化" in note and "2019 年度" in note
    summary = nb.charts_summary(ctx, charts).data
    assert "共生成 6 张图" in summary and "要有两个年度" in summary and "原文未提供" not in summary


def test_two_year_department_draws_the_year_over_year_charts(tmp_path):
    raw = _synthetic_catalog(tmp_path)
    ctx = nb.open_context("510999-synthetic", 2021, raw_dir=raw, processed_dir=tmp_path / "p",
                          reports_dir=tmp_path / "r")
    assert [c.number for c in nb.comparison_charts(ctx)] == ["图1", "图4", "图5"]
    assert nb.trend_note(ctx).data == ""

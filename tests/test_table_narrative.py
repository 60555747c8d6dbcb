"""Narrative against table on SYNTHETIC texts and tables: each family holds and breaks; the basis and the
fund scope are respected."""

from __future__ import annotations

import pytest

from helpers.audit import audit
from helpers.document import Document
from helpers.extract import extract_document

from .audit_helpers import only, severities
from .conftest import synthetic_disclosure
from .synthetic_tables import table


def audit_with(body: str, tables: list):
    document = Document.from_text(synthetic_disclosure(body), name="synthetic")
    return audit(document, extract_document(document), tables)


def expenditure(total="330.00", basic="300.00", public_service="255.00"):
    c = lambda t, b, p: {"本年支出合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table("expenditure", [
        (None, "合计", c(total, basic, "30.00")),
        ("201", "一般公共服务支出", c(public_service, "225.00", "30.00")),
        ("221", "住房保障支出", c("75.00", "75.00", None)),
    ], page=4)


def basic_table(total="280.00"):
    return table("general_budget_basic", [
        ("301", "工资福利支出", {"决算数": "250.00"}),
        ("302", "商品和服务支出", {"决算数": "30.00"}),
        (None, "人员经费合计", {"决算数": "250.00"}),
        (None, "公用经费合计", {"决算数": "30.00"}),
        (None, "合计", {"决算数": total}),
    ], page=7)


def gov_fund(housing="50.00"):
    c = lambda t, b, p: {"本年支出合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table("gov_fund", [(None, "合计", c(housing, None, housing)), ("221", "住房保障支出", c(housing, None, housing))],
                 page=9)


def general_budget(housing="75.00"):
    c = lambda t, b, p: {"合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table("general_budget_expenditure", [
        (None, "合计", c("310.00", "280.00", "30.00")),
        ("201", "一般公共服务支出", c("235.00", "205.00", "30.00")),
        ("221", "住房保障支出", c(housing, "75.00", None)),
    ], page=6)


SPENDING = "三、支出决算情况说明\n本年支出合计{total}万元，其中：基本支出300.00万元，占90.91%；项目支出30.00万元，占9.09%。\n"


@pytest.mark.parametrize(("total", "expected"), [("330.00", []), ("330.01", ["error"]), ("340.00", ["error"])])
def test_narrative_figure_equals_its_table_cell(total, expected):
    findings = audit_with(SPENDING.format(total=total), [expenditure()])
    assert severities(findings, "narrative.table_figure") == expected


def test_narrative_figure_finding_quotes_line_and_cell():
    (finding,) = only(audit_with(SPENDING.format(total="340.00"), [expenditure()]), "narrative.table_figure")
    narrative, cell = finding.evidence
    assert narrative.line and "340.00" in narrative.quote and narrative.table is None
    assert (cell.table, cell.row, cell.column, cell.page, cell.quote) == ("支出决算表", "合计", "本年支出合计", 4, "330.00")


def test_narrative_rounded_to_fewer_decimals_agrees_with_its_cell():
    findings = audit_with(SPENDING.format(total="330.0"), [expenditure()])
    assert only(findings, "narrative.table_figure") == []


BASIC = ("六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出{value}万元，其中：人员经费250.00万元，"
         "主要包括基本工资；公用经费30.00万元，主要包括办公费。\n")


def test_general_budget_basic_is_compared_with_the_general_budget_basis():
    assert only(audit_with(BASIC.format(value="280.00"), [expenditure(), basic_table()]), "narrative.table_") == []


def test_narrative_quoting_the_all_funds_basic_is_the_defect():
    findings = audit_with(BASIC.format(value="300.00"), [expenditure(), basic_table()])
    (finding,) = only(findings, "narrative.table_basis")
    assert finding.severity == "error" and finding.expected == 280 and "其他口径" in finding.message
    assert {e.table for e in finding.evidence if e.table} == {"一般公共预算财政拨款基本支出决算表", "支出决算表"}


def test_other_basic_mismatch_is_a_plain_figure_error():
    findings = audit_with(BASIC.format(value="290.00"), [expenditure(), basic_table()])
    assert severities(findings, "narrative.table_figure") == ["error"]
    assert only(findings, "narrative.table_basis") == []


STRUCTURE = ("五、一般公共预算财政拨款支出决算情况说明\n（二）一般公共预算财政拨款支出决算结构情况\n"
             "一般公共预算财政拨款支出310.00万元，主要用于以下方面：一般公共服务支出（类）235.00万元，占75.81%；"
             "住房保障支出（类）{housing}万元，占24.19%。\n")


@pytest.mark.parametrize(("housing", "expected"), [("75.00", []), ("76.00", ["error"])])
def test_narrative_class_amount_equals_the_general_budget_table(housing, expected):
    findings = audit_with(STRUCTURE.format(housing=housing), [general_budget(), gov_fund()])
    assert severities(findings, "narrative.table_functional") == expected


def test_gov_fund_row_of_the_same_class_is_not_the_narrative_amount():
    findings = audit_with(STRUCTURE.format(housing="75.00"), [gov_fund(housing="50.00")])
    assert [f for f in findings if f.severity == "error"] == []


SHARE = "三、支出决算情况说明\n基本支出300.00万元，占{share}%；项目支出30.00万元，占9.09%。\n"


@pytest.mark.parametrize(("share", "expected"), [("90.91", []), ("80.00", ["error"])])
def test_share_is_recomputed_from_the_table_when_the_narrative_omits_the_total(share, expected):
    findings = audit_with(SHARE.format(share=share), [expenditure()])
    assert severities(findings, "narrative.table_share") == expected


def test_no_tables_no_table_findings():
    findings = audit_with(SPENDING.format(total="340.00"), [])
    assert [f for f in findings if f.rule.startswith(("table.", "cross.", "narrative.table"))] == []


GROWTH = "三、支出决算情况说明\n与2020年度相比，本年支出合计增加20.00万元，增长{growth}%。主要原因是人员增加。\n"


@pytest.mark.parametrize(("growth", "expected"), [("6.45", []), ("8.00", ["error"])])
def test_growth_of_a_figure_stated_only_in_the_table_is_recomputed_from_its_cell(growth, expected):
    # 330.00 in the table, +20.00: the prior year was 310.00, growth 6.45 %
    findings = audit_with(GROWTH.format(growth=growth), [expenditure()])
    assert severities(findings, "narrative.table_growth") == expected


OPERATING = "十、其他重要事项的情况说明\n（一）机关运行经费支出情况\n本部门2021年度机关运行经费支出{value}万元。\n"


@pytest.mark.parametrize(("value", "expected"), [("1642.08", []), ("1624.08", ["error"])])
def test_operating_cost_narrative_equals_its_table(value, expected):
    admin = table("admin_operating_cost", [(None, "合计", {"机关运行经费支出": "1642.08"}),
                                           ("302", "商品和服务支出", {"机关运行经费支出": "1642.08"})])
    findings = audit_with(OPERATING.format(value=value), [admin])
    assert severities(findings, "narrative.table_figure") == expected

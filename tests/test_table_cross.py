"""Cross-table identities on SYNTHETIC tables: each family holds (no finding) and breaks (error, whatever
the size), with both cells quoted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers.audit.table_cross import cross_table

from .audit_helpers import only, severities
from .synthetic_tables import table


def summary(expenditure_total="620.00", public_service="500.00"):
    v = lambda x: {"决算数": x}  # noqa: E731
    return table("income_expenditure_summary", [
        (None, "一、一般公共预算财政拨款收入", v("560.00"), "income"),
        (None, "二、政府性基金预算财政拨款收入", v("40.00"), "income"),
        (None, "三、事业收入", v("40.00"), "income"),
        (None, "本年收入合计", v("640.00"), "income"),
        (None, "年初结转和结余", v("35.00"), "income"),
        (None, "总计", v("675.00"), "income"),
        (None, "一、一般公共服务支出", v(public_service), "expenditure"),
        (None, "二、住房保障支出", v("120.00"), "expenditure"),
        (None, "本年支出合计", v(expenditure_total), "expenditure"),
        (None, "年末结转和结余", v("55.00"), "expenditure"),
        (None, "总计", v("675.00"), "expenditure"),
    ], page=2)


def expenditure(total="620.00", public_service="500.00", basic="450.00"):
    c = lambda t, b, p: {"本年支出合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table("expenditure", [
        (None, "合计", c(total, "550.00", "70.00")),
        ("201", "一般公共服务支出", c(public_service, basic, "50.00")),
        ("221", "住房保障支出", c("120.00", "100.00", "20.00")),
    ], page=4)


def general_budget(public_service="460.00", basic_total="530.00"):
    c = lambda t, b, p: {"合计": t, "基本支出": b, "项目支出": p}  # noqa: E731
    return table("general_budget_expenditure", [
        (None, "合计", c("560.00", basic_total, "30.00")),
        ("201", "一般公共服务支出", c(public_service, "430.00", "30.00")),
        ("221", "住房保障支出", c("100.00", "100.00", None)),
    ], page=6)


def appropriation(general_public_service="460.00", income="600.00", begin="10.00", end="50.00"):
    inc = lambda x: {"金额": x}  # noqa: E731
    exp = lambda t, g, f: {"合计": t, "一般公共预算": g, "政府性基金": f}  # noqa: E731
    return table("appropriation_summary", [
        (None, "一、一般公共预算财政拨款", inc("560.00"), "income"),
        (None, "二、政府性基金预算财政拨款", inc("40.00"), "income"),
        (None, "本年收入合计", inc(income), "income"),
        (None, "年初财政拨款结转和结余", inc(begin), "income"),
        (None, "一、一般公共服务支出", exp("460.00", general_public_service, None), "expenditure"),
        (None, "二、住房保障支出", exp("100.00", "100.00", None), "expenditure"),
        (None, "三、城乡社区支出", exp("0.00", None, "0.00"), "expenditure"),
        (None, "本年支出合计", exp("560.00", "560.00", None), "expenditure"),
        (None, "年末财政拨款结转和结余", exp(end, None, None), "expenditure"),
    ], page=5)


def basic(total="530.00"):
    return table("general_budget_basic", [
        ("301", "工资福利支出", {"决算数": "500.00"}),
        ("302", "商品和服务支出", {"决算数": "30.00"}),
        (None, "人员经费合计", {"决算数": "500.00"}),
        (None, "公用经费合计", {"决算数": "30.00"}),
        (None, "合计", {"决算数": total}),
    ], page=7)


def test_consistent_tables_give_no_finding():
    assert cross_table([summary(), expenditure(), general_budget(), appropriation(), basic()]) == []


@pytest.mark.parametrize(("total", "expected"), [("620.00", []), ("620.01", ["error"]), ("630.00", ["error"])])
def test_expenditure_total_is_the_same_in_summary_and_expenditure_table(total, expected):
    findings = [f for f in cross_table([summary(), expenditure(total=total)]) if "支出合计" in f.message]
    assert [f.severity for f in findings] == expected


def test_class_total_printed_without_code_is_matched_by_name():
    (finding,) = only(cross_table([summary(public_service="510.00"), expenditure()]), "cross.same_figure")
    assert "201" in finding.message and {e.page for e in finding.evidence} == {2, 4}
    assert [e.row for e in finding.evidence] == ["一般公共服务支出", "一、一般公共服务支出"][::-1]


@pytest.mark.parametrize(("value", "expected"), [("460.00", []), ("470.00", ["error"])])
def test_general_budget_column_of_appropriation_summary_equals_general_budget_table(value, expected):
    findings = cross_table([appropriation(general_public_service=value), general_budget()])
    assert severities(findings, "cross.same_figure") == expected


@pytest.mark.parametrize(("value", "expected"), [("530.00", []), ("530.50", ["error"])])
def test_basic_expenditure_of_general_budget_table_equals_basic_table(value, expected):
    assert severities(cross_table([general_budget(), basic(total=value)]), "cross.same_figure") == expected


@pytest.mark.parametrize(("value", "expected"), [("460.00", []), ("600.00", ["error"])])
def test_appropriation_spending_never_exceeds_all_funds_row_by_row(value, expected):
    findings = cross_table([expenditure(), general_budget(public_service=value)])
    assert severities(findings, "cross.within_all_funds") == expected


def test_appropriation_basic_spending_within_all_funds_basic():
    (finding,) = only(cross_table([expenditure(basic="400.00"), general_budget()]), "cross.within_all_funds")
    assert finding.stated == 430 and finding.expected == 400 and "基本支出" in finding.message


@pytest.mark.parametrize(("end", "expected"), [("50.00", []), ("55.00", ["error"])])
def test_appropriation_income_plus_carry_over_equals_expenditure_plus_carry_over(end, expected):
    assert severities(cross_table([appropriation(end=end)]), "cross.appropriation_balance") == expected


def test_units_are_converted_before_comparing():
    in_yuan = table("expenditure", [(None, "合计", {"本年支出合计": "6200000.00"})], unit="元")
    assert cross_table([summary(), in_yuan]) == []


def three_public(abroad="3.00", kind="final"):
    column = "决算数" if kind == "final" else "预算数"
    return table("three_public", [
        (None, "总计", {column: "20.00"}),  # with 会议费 and 培训费: not the 三公 total
        (None, "合计", {column: "8.00"}),
        (None, "因公出国（境）费", {column: abroad}),
        (None, "公务用车购置及运行维护费", {column: "3.00"}),
        (None, "公务接待费", {column: "2.00"}),
        (None, "会议费", {column: "7.00"}),
        (None, "培训费", {column: "5.00"}),
    ], kind=kind, page=8)


def basic_with_items(abroad="30000", kind="final"):
    column = "决算数" if kind == "final" else "预算数"
    return table("general_budget_basic", [
        ("302", "商品和服务支出", {column: str(int(abroad) + 20000)}),
        ("30212", "因公出国（境）费用", {column: abroad}),
        ("30217", "公务接待费", {column: "20000"}),
        (None, "合计", {column: str(int(abroad) + 20000)}),
    ], unit="元", kind=kind, page=7)


@pytest.mark.parametrize(("abroad", "expected"), [("30000", []), ("35000", ["error"])])
def test_three_public_items_of_the_basic_table_do_not_exceed_the_three_public_table(abroad, expected):
    findings = cross_table([basic_with_items(abroad), three_public()])
    assert severities(findings, "cross.three_public_basic") == expected


def test_budget_tables_compare_the_budget_column():
    findings = cross_table([basic_with_items("35000", kind="budget"), three_public(kind="budget")])
    (finding,) = only(findings, "cross.three_public_basic")
    assert finding.stated == Decimal("3.5") and finding.expected == 3


def test_three_public_total_is_the_subtotal_not_the_grand_total_with_meetings():
    from helpers.audit.table_keys import table_quantities

    ((_, cell),) = table_quantities([three_public()])[("three_public", "total", "决算数")]
    assert cell.name == "合计"


def test_appropriation_expenditure_table_stays_within_all_funds():
    appropriation = table("appropriation_expenditure", [("201", "一般公共服务支出", {"预算数": "700.00"})])
    findings = cross_table([expenditure(), appropriation])
    assert severities(findings, "cross.within_all_funds") == ["error"]

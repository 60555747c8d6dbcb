"""Sums the narrative states, on SYNTHETIC texts: listed 项 budgets against the stated 年初预算, reserved
procurement within its total."""

from __future__ import annotations

import pytest

from .audit_helpers import only, severities

ITEMS = ("五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
         "一般公共预算财政拨款支出年初预算为{budget}万元，支出决算为330.00万元，完成年初预算的97.06%。其中：\n"
         "1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：年初预算260.00万元，"
         "支出决算255.00万元。\n"
         "2.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）：年初预算30.00万元，"
         "支出决算30.00万元。\n"
         "3.住房保障支出（类）住房改革支出（款）住房公积金（项）：年初预算50.00万元，支出决算{last}万元。\n")


@pytest.mark.parametrize(("budget", "expected"), [("340.00", []), ("340.01", ["warning"]), ("345.00", ["error"])])
def test_item_budgets_add_up_to_the_stated_budget(audit_of, budget, expected):
    findings = audit_of(ITEMS.format(budget=budget, last="45.00"))
    assert severities(findings, "narrative.item_budgets") == expected


def test_item_budget_finding_names_both_sums_and_quotes_every_item(audit_of):
    (finding,) = only(audit_of(ITEMS.format(budget="345.00", last="45.00")), "narrative.item_budgets")
    assert "345.00" in finding.message and "340.00" in finding.message
    assert len(finding.evidence) == 4 and all(e.line and e.quote for e in finding.evidence)


def test_partial_listing_of_items_is_not_checked(audit_of):
    # the items' 决算 do not reach the stated 决算 either: only the main items are listed
    findings = audit_of(ITEMS.format(budget="400.00", last="40.00"))
    assert only(findings, "narrative.item_") == []


@pytest.mark.parametrize(("last", "expected"), [("45.00", []), ("45.01", ["warning"]), ("55.00", ["error"])])
def test_item_amounts_add_up_to_the_stated_expenditure_when_budgets_do(audit_of, last, expected):
    findings = audit_of(ITEMS.format(budget="340.00", last=last))
    assert severities(findings, "narrative.item_amounts") == expected


PROCUREMENT = ("十、其他重要事项的情况说明\n（二）政府采购支出情况\n2021年度政府采购支出总额 100.00 万元，"
               "其中：政府采购货物支出 60.00 万元、政府采购工程支出 0 万元、政府采购服务支出 40.00 万元。"
               "授予中小企业合同金额 80.00 万元，占政府采购支出总额的 80.00%，其中授予小微企业合同金额 {small} 万元。\n")


@pytest.mark.parametrize(("small", "expected"), [("50.00", []), ("90.00", ["error"])])
def test_small_business_amount_within_sme_amount(audit_of, small, expected):
    assert severities(audit_of(PROCUREMENT.format(small=small)), "narrative.reserved_procurement") == expected

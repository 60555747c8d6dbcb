"""One statement, two figures (audit/statements.py). SYNTHETIC bodies."""

from __future__ import annotations


def test_item_stated_twice_in_its_paragraph_is_an_error(audit_of):
    findings = audit_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "1、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）41.25 万元，"
        "主要用于职业年金缴费。年初预算为 45.00 万元，支出决算为 41.52 万元。"
    )
    found = [f for f in findings if f.rule == "repeat.functional_paragraph"]
    assert [(f.severity, str(f.expected), str(f.stated)) for f in found] == [("error", "41.25", "41.52")]


def test_income_and_expenditure_totals_that_differ_are_an_error(audit_of):
    findings = audit_of("一、收入支出决算总体情况说明\n2021年度收入总计和支出总计分别为 300.00 万元和 310.00 万元。")
    found = [f for f in findings if f.rule == "identity.total_sides"]
    assert [(f.severity, str(f.difference)) for f in found] == [("error", "10.00")]


def test_equal_sides_give_nothing(audit_of):
    findings = audit_of("一、收入支出决算总体情况说明\n2021年度收、支总计各是 300.00,300.00 万元。")
    assert not [f for f in findings if f.rule == "identity.total_sides"]

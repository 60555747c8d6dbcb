"""The parts' changes add up to the total's change (audit/change_sums.py). SYNTHETIC bodies."""

from __future__ import annotations

THREE_PUBLIC = "七、财政拨款“三公”经费支出决算情况说明\n"


def _rule(findings):
    return [f for f in findings if f.rule == "change.components_sum"]


def test_parts_changes_that_do_not_add_up_are_an_error(audit_of):
    findings = _rule(audit_of(
        THREE_PUBLIC + "“三公”经费支出决算为 6.00 万元，其中：因公出国（境）费支出 0 万元；公务用车购置及运行维护费支出 4.80 万元；"
        "公务接待费支出 1.20 万元。\n2020年度“三公”经费支出决算数比2019年度增加 1.50 万元，其中：公务用车购置及运行维护费支出决算"
        "增加 1.60 万元，增长 50.0%；公务接待费支出决算增加 1.20 万元，增长 100%。"
    ))
    assert [(f.severity, str(f.stated), str(f.expected)) for f in findings] == [("error", "1.50", "2.80")]


def test_parts_changes_that_add_up_give_nothing(audit_of):
    findings = _rule(audit_of(
        THREE_PUBLIC + "“三公”经费支出决算为 5.00 万元，其中：因公出国（境）费 0 万元；公务用车购置及运行维护费 3.00 万元；"
        "公务接待费 2.00 万元。\n与上年相比，“三公”经费支出减少 1.00 万元，其中：公务用车购置及运行维护费减少 0.60 万元；"
        "公务接待费减少 0.40 万元。"
    ))
    assert findings == []


def test_a_part_with_money_and_no_stated_change_stops_the_check(audit_of):
    findings = _rule(audit_of(
        THREE_PUBLIC + "“三公”经费支出决算为 5.00 万元，其中：因公出国（境）费 1.00 万元；公务用车购置及运行维护费 2.00 万元；"
        "公务接待费 2.00 万元。\n与上年相比，“三公”经费支出减少 1.00 万元，其中：公务用车购置及运行维护费减少 0.60 万元；"
        "公务接待费减少 0.60 万元。"
    ))
    assert findings == []

"""Shares, completion and growth rates on SYNTHETIC texts; undefined ratios over zero."""

from __future__ import annotations

import pytest

from .audit_helpers import only, severities

SHARES = ("三、支出决算情况说明\n2021年本年支出合计 120.50 万元，其中：基本支出 100.00 万元，占 {basic}%；"
          "项目支出 20.50 万元，占 17.01%。\n")


@pytest.mark.parametrize(("basic", "expected"), [("82.99", []), ("83.99", ["error"]), ("82.98", ["info"])])
def test_share_recomputed_over_template_denominator(audit_of, basic, expected):
    assert severities(audit_of(SHARES.format(basic=basic)), "share.recompute") == expected


def test_share_finding_numbers(audit_of):
    (finding,) = only(audit_of(SHARES.format(basic="83.99")), "share.recompute")
    assert str(finding.stated) == "83.99" and str(finding.expected) == "82.99"
    assert str(finding.difference) == "1.00"


GROWTH = ("一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。与2020年相比，收、支总计各{verb} "
          "{change} 万元，{growth_verb} {growth}%。主要原因是业务量增加。\n")


@pytest.mark.parametrize(("growth", "expected"), [("20.50", []), ("25.00", ["error"]), ("20.51", ["info"])])
def test_growth_recomputed_from_change_and_prior_value(audit_of, growth, expected):
    text = GROWTH.format(verb="增加", change="20.50", growth_verb="增长", growth=growth)
    assert severities(audit_of(text), "change.growth_recompute") == expected


def test_direction_words_must_agree(audit_of):
    text = GROWTH.format(verb="减少", change="20.50", growth_verb="增长", growth="14.54")
    findings = audit_of(text)
    assert severities(findings, "change.direction") == ["error"]
    assert severities(findings, "change.growth_recompute") == []  # magnitude 20.50/141.00 = 14.54%


def test_growth_from_zero_base_is_invalid(audit_of):
    text = GROWTH.format(verb="增加", change="120.50", growth_verb="增长", growth="100")
    assert severities(audit_of(text), "change.zero_base") == ["error"]


COMPLETION = ("七、“三公”经费财政拨款支出决算情况说明\n2021年“三公”经费财政拨款支出预算为 {budget} 万元，"
              "支出决算为 {actual} 万元，完成预算 {pct}%。\n")


@pytest.mark.parametrize(("pct", "expected"), [("80", []), ("85", ["error"]), ("80.05", ["info"])])
def test_completion_recomputed_from_budget(audit_of, pct, expected):
    text = COMPLETION.format(budget="10.00", actual="8.00", pct=pct)
    assert severities(audit_of(text), "completion.recompute") == expected


def test_completion_over_zero_budget_is_undefined_not_computed(audit_of):
    findings = audit_of(COMPLETION.format(budget="0", actual="0", pct="0"))
    assert severities(findings, "ratio.undefined_completion") == ["warning"]
    assert severities(findings, "completion.recompute") == []
    assert only(findings, "ratio.undefined_completion")[0].expected is None


def test_share_over_zero_denominator_is_undefined(audit_of):
    text = ("七、“三公”经费财政拨款支出决算情况说明\n2021年“三公”经费财政拨款支出决算为 0 万元。其中：因公出国（境）费"
            "支出决算 0 万元，占 0%；公务用车购置及运行维护费支出决算 0 万元，占 0%；公务接待费支出决算 0 万元，占 0%。\n")
    assert severities(audit_of(text), "ratio.undefined_share") == ["warning"] * 3

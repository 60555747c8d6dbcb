"""Completeness and form (SYNTHETIC texts). These findings are warnings by definition:
nothing is computed, so there is no rounding case."""

from __future__ import annotations

import re

import pytest

from .audit_helpers import only, severities

THREE_PUBLIC = ("七、“三公”经费财政拨款支出决算情况说明\n2021年“三公”经费财政拨款支出决算为 0 万元。"
                "因公出国（境）费 0 万元，公务用车购置及运行维护费 0 万元，公务接待费 0 万元。\n")


def test_missing_section_is_a_warning(audit_of):
    missing = [f.message for f in only(audit_of("一、收入支出决算总体情况说明\n2021年度收、支总计 1.00 万元。\n"),
                                       "completeness.section")]
    assert any("三公" in m for m in missing)
    present = [f.message for f in only(audit_of(THREE_PUBLIC), "completeness.section")]
    assert not any("三公" in m for m in present)


def test_explicitly_empty_section_counts_as_present(audit_of):
    text = "八、政府性基金预算支出决算情况说明\n本部门2021年度没有使用政府性基金预算财政拨款安排的支出。\n"
    messages = [f.message for f in only(audit_of(text), "completeness.section")]
    assert not any("政府性基金" in m for m in messages)


def test_placeholder_text(audit_of):
    text = "七、“三公”经费财政拨款支出决算情况说明\n决算数小于预算数（或与预算数持平）的主要原因是无支出；比上年增加（减少）XX万元。\n"
    findings = only(audit_of(text), "completeness.placeholder")
    assert {f.severity for f in findings} == {"warning"}
    assert {"（或与预算数持平）", "增加（减少）", "XX"} <= {f.message.split("“")[1].split("”")[0] for f in findings}
    assert only(audit_of(THREE_PUBLIC), "completeness.placeholder") == []


def test_percent_sign(audit_of):
    assert severities(audit_of(THREE_PUBLIC + "公务接待费支出 0 万元，完成预算 100。\n"),
                      "completeness.percent_sign") == ["warning"]
    assert severities(audit_of(THREE_PUBLIC + "公务接待费支出 0 万元，完成预算 100%。\n"),
                      "completeness.percent_sign") == []


def test_combined_vehicle_line_does_not_disclose_purchase(audit_of):
    text = ("七、“三公”经费财政拨款支出决算情况说明\n2021年“三公”经费财政拨款支出决算为 5.00 万元。"
            "因公出国（境）费 0 万元，公务用车购置及运行维护费 3.00 万元，公务接待费 2.00 万元。\n")
    labels = [f.message for f in only(audit_of(text), "completeness.three_public_item")]
    assert any("购置费" in m for m in labels) and any("运行维护费" in m for m in labels)
    assert only(audit_of(THREE_PUBLIC), "completeness.three_public_item") == []  # a combined 0 covers both


def test_change_needs_a_reason(audit_of):
    base = "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。与2020年相比，收、支总计各增加 20.50 万元，增长 20.50%。"
    assert severities(audit_of(base + "\n"), "completeness.change_reason") == ["warning"]
    assert severities(audit_of(base + "主要原因是业务量增加。\n"), "completeness.change_reason") == []


BLANKET = ("七、财政拨款“三公”经费支出决算情况说明\n{sentence}\n")


@pytest.mark.parametrize("sentence", [
    "本单位2021年度无“三公”经费财政拨款支出。",
    "2021年度本部门没有使用财政拨款安排“三公”经费支出。",
    "本年度未发生“三公”经费支出。",
])
def test_blanket_none_statement_covers_every_three_public_item(audit_of, sentence):
    findings = audit_of(BLANKET.format(sentence=sentence))
    assert only(findings, "completeness.three_public_item") == []
    assert not [f for f in findings if f.severity != "info" and re.search("因公出国|公务用车|公务接待", f.message)]


def test_placeholder_quote_never_starts_or_ends_inside_a_number(audit_of):
    # SYNTHETIC: a long sentence whose 30-character window before the placeholder began at "024 年度".
    text = ("七、“三公”经费财政拨款支出决算情况说明\n"
            "2024 年度“三公”经费财政拨款支出决算数比 2023 年度减少（增加）12.50 万元，下降（增长）3.5%。\n")
    quotes = [f.evidence[0].quote for f in only(audit_of(text), "completeness.placeholder")]
    assert quotes
    for quote in quotes:
        assert not re.match(r"\d", quote) or re.match(r"2024 年度|3\.5%", quote), quote
        assert quote in text
    assert "2024 年度“三公”经费财政拨款支出决算数比 2023 年度减少（增加）12.50 万元，" in quotes

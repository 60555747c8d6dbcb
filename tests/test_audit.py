"""The audit on the real seed: its genuine inconsistencies are found by general rules, with lines."""

from __future__ import annotations

import pytest

from helpers.audit import audit

from .audit_helpers import only


@pytest.fixture(scope="module")
def seed_findings(seed):
    document, extraction = seed
    return audit(document, extraction)


def lines(finding):
    return set(finding.lines)


def test_seed_area_total_error_beyond_rounding(seed_findings):
    (stated_sum,) = only(seed_findings, "arithmetic.stated_sum")
    assert stated_sum.severity == "error" and lines(stated_sum) == {1383}
    assert (str(stated_sum.stated), str(stated_sum.expected)) == ("33457", "3457")
    passages = [f for f in only(seed_findings, "repeat.passage") if "33457" in f.message]
    assert len(passages) == 1 and passages[0].severity == "error"
    assert {575, 580, 1315, 1381} <= lines(passages[0])


def test_seed_lease_dates_differ_between_table_and_report(seed_findings):
    dates = [f for f in only(seed_findings, "repeat.passage") if "2021 ↔ 2020" in f.message]
    assert len(dates) == 1 and dates[0].severity == "error"
    assert lines(dates[0]) == {595, 1389}


def test_seed_basic_expenditure_rounding_difference_is_info(seed_findings):
    (basic,) = only(seed_findings, "identity.basic")
    assert basic.severity == "info"
    assert (str(basic.stated), str(basic.expected), str(basic.difference)) == ("143.39", "143.40", "-0.01")
    assert lines(basic) == {332, 336, 343}


def test_seed_code_name_changes(seed_findings):
    names = only(seed_findings, "repeat.code_name")
    assert {frozenset(lines(f)) for f in names} == {frozenset({316, 1074}), frozenset({322, 1080})}


def test_seed_three_public_shares_of_zero_are_undefined(seed_findings):
    undefined = only(seed_findings, "ratio.undefined_share")
    assert len(undefined) == 3 and {363, 365} <= set().union(*map(lines, undefined))


def test_seed_form_warnings(seed_findings):
    (placeholder,) = only(seed_findings, "completeness.placeholder")
    assert lines(placeholder) == {355} and "（或与预算数持平）" in placeholder.message
    (percent,) = only(seed_findings, "completeness.percent_sign")
    assert lines(percent) == {381}
    (tables,) = only(seed_findings, "completeness.tables")
    assert tables.severity == "warning"


def test_seed_no_error_for_identities_shares_and_growth_that_hold(seed_findings):
    holding = [f for f in seed_findings
               if f.rule.split(".")[0] in ("identity", "share", "change", "completion") and f.severity == "error"]
    assert holding == []


def test_every_finding_has_title_message_and_evidence(seed_findings):
    for finding in seed_findings:
        assert finding.title and finding.message and finding.severity in ("error", "warning", "info")
        if finding.rule != "completeness.tables":
            assert finding.evidence and all(e.line > 0 and e.quote for e in finding.evidence)


def test_findings_are_sorted_errors_first(seed_findings):
    order = [f.severity for f in seed_findings]
    assert order == sorted(order, key=["error", "warning", "info"].index)

"""This year against the prior year: published prior values, derived ones, and stated changes checked."""

from __future__ import annotations

from decimal import Decimal

from helpers.compare import FROM_CHANGE, PUBLISHED, compare_years, stated_changes_against_prior

from .conftest import SYNTHETIC_DIR, extracted


def test_without_prior_year_values_are_derived_from_the_stated_change(seed):
    _, extraction = seed
    rows = {r.key: r for r in compare_years(extraction, None)}
    total = rows["total"]
    assert total.prior == Decimal("233.57") and total.prior_source == FROM_CHANGE and total.derived
    assert total.growth_pct == Decimal("23.75")
    assert rows["income_total"].prior is None  # no change stated: no prior value invented


def test_with_prior_year_values_come_from_its_disclosure():
    _, current = extracted(SYNTHETIC_DIR / "sc_county_edu_2021.txt")
    _, prior = extracted(SYNTHETIC_DIR / "sc_county_edu_2020.txt")
    rows = {r.key: r for r in compare_years(current, prior)}
    cost = rows["admin_operating_cost"]
    assert cost.prior_source == PUBLISHED and not cost.derived
    assert (cost.current, cost.prior, cost.change) == (Decimal("86.47"), Decimal("81.35"), Decimal("5.12"))
    assert cost.stated_change == Decimal("7.12")


def test_stated_changes_are_checked_against_the_published_prior_year():
    """SYNTHETIC fixtures: the 2021 text claims 机关运行经费 grew by 7.12; 2020 published 81.35."""
    _, current = extracted(SYNTHETIC_DIR / "sc_county_edu_2021.txt")
    _, prior = extracted(SYNTHETIC_DIR / "sc_county_edu_2020.txt")
    findings = stated_changes_against_prior(current, prior, 2020)
    keys = {(f.rule, f.severity) for f in findings}
    assert keys == {("change.against_prior_year", "error"), ("change.growth_against_prior_year", "error")}
    change = next(f for f in findings if f.rule == "change.against_prior_year")
    assert (change.stated, change.expected) == (Decimal("7.12"), Decimal("5.12"))
    assert any("[2020年度决算]" in e.quote for e in change.evidence)

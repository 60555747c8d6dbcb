"""This year against the prior year.

Prior values come from the same department's prior-year disclosure when the catalog holds it;
this year's stated changes are then checked against the figures that year actually published.
Otherwise a prior value is derived from the stated change (exact) or growth rate (rounded to
the stated precision), and marked as derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .audit.findings import Evidence, Finding
from .audit.tolerance import Figure, classify, compare_ratio, fmt
from .extract.model import Extraction, Fact
from .quantities import decimals_of, half_unit, to_wan_yuan

HUNDRED = Decimal(100)
PUBLISHED, FROM_CHANGE, FROM_GROWTH = "published", "derived_from_change", "derived_from_growth"
SOURCE_LABELS = {
    PUBLISHED: "上年决算公开数",
    FROM_CHANGE: "由本年表述的变动额推算",
    FROM_GROWTH: "由本年表述的增长率推算",
}


@dataclass(frozen=True)
class YearComparison:
    """One fact in both years."""

    key: str
    label: str
    unit: str | None
    current: Decimal
    prior: Decimal | None
    prior_source: str | None  # published | derived_from_change | derived_from_growth
    change: Decimal | None
    growth_pct: Decimal | None
    stated_change: Decimal | None
    stated_growth_pct: Decimal | None
    line: int
    prior_line: int | None

    @property
    def derived(self) -> bool:
        return self.prior_source in (FROM_CHANGE, FROM_GROWTH)


def _quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _in_unit(value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal:
    """Convert a money amount between units (exact); other units pass through."""
    a, b = to_wan_yuan(Decimal(1), from_unit), to_wan_yuan(Decimal(1), to_unit)
    if a is None or b is None or from_unit == to_unit:
        return value
    return value * a / b


def _derive_prior(fact: Fact) -> tuple[Decimal | None, str | None]:
    if fact.change is not None:
        return fact.value - fact.change, FROM_CHANGE
    if fact.growth_pct is not None and fact.growth_pct != -HUNDRED:
        prior = fact.value / (1 + fact.growth_pct / HUNDRED)
        return _quantize(prior, decimals_of(fact.value)), FROM_GROWTH
    return None, None


def compare_years(current: Extraction, prior: Extraction | None) -> list[YearComparison]:
    """Every fact of the current year with its prior-year value, change and growth."""
    rows = []
    for fact in current.facts:
        prior_fact = prior.fact(fact.key) if prior is not None else None
        if prior_fact is not None:
            prior_value = _in_unit(prior_fact.value, prior_fact.unit, fact.unit)
            source, prior_line = PUBLISHED, prior_fact.line
        else:
            prior_value, source = _derive_prior(fact)
            prior_line = None
        change = growth = None
        if prior_value is not None:
            change = fact.value - prior_value
            if prior_value != 0:
                growth = _quantize(change / prior_value * HUNDRED, 2)
        rows.append(
            YearComparison(
                key=fact.key,
                label=fact.label,
                unit=fact.unit,
                current=fact.value,
                prior=prior_value,
                prior_source=source,
                change=change,
                growth_pct=growth,
                stated_change=fact.change,
                stated_growth_pct=fact.growth_pct,
                line=fact.line,
                prior_line=prior_line,
            )
        )
    return rows


def stated_changes_against_prior(current: Extraction, prior: Extraction, prior_year: int) -> list[Finding]:
    """Check each change this year states against the figure the prior year published."""
    findings = []
    for fact in current.facts:
        prior_fact = prior.fact(fact.key)
        if prior_fact is None or fact.change is None:
            continue
        actual = fact.value - _in_unit(prior_fact.value, prior_fact.unit, fact.unit)
        tolerance = half_unit(fact.value) + half_unit(prior_fact.value) + half_unit(fact.change)
        severity = classify(fact.change, actual, tolerance)
        if severity is None:
            continue
        source = fact.attribute_sources.get("change")
        evidence = [
            Evidence(source.line if source else fact.line, source.quote if source else fact.quote),
            Evidence(prior_fact.line, f"[{prior_year}年度决算] {prior_fact.quote}"),
        ]
        findings.append(
            Finding(
                rule="change.against_prior_year",
                severity=severity,
                title="A stated change agrees with the prior year's published figure"
                + (" (rounding)" if severity == "info" else ""),
                message=(
                    f"{fact.label}本年 {fmt(fact.value)}，表述较上年变动 {fmt(fact.change)}；"
                    f"{prior_year}年度决算公开数为 {fmt(prior_fact.value)}（第 {prior_fact.line} 行），"
                    f"实际变动 {fmt(actual)}，相差 {fmt(fact.change - actual)}。"
                ),
                stated=fact.change,
                expected=actual,
                difference=fact.change - actual,
                unit=fact.unit,
                evidence=evidence,
            )
        )
    return findings + _stated_growth_against_prior(current, prior, prior_year)


def _stated_growth_against_prior(current: Extraction, prior: Extraction, prior_year: int) -> list[Finding]:
    findings = []
    for fact in current.facts:
        prior_fact = prior.fact(fact.key)
        if prior_fact is None or fact.growth_pct is None:
            continue
        prior_value = _in_unit(prior_fact.value, prior_fact.unit, fact.unit)
        if prior_value == 0:
            continue
        evidence = Evidence(prior_fact.line, prior_fact.quote)
        change = Figure(
            fact.value - prior_value, half_unit(fact.value) + half_unit(prior_fact.value), evidence
        )
        outcome = compare_ratio(
            fact.growth_pct, change, Figure(abs(prior_value), half_unit(prior_fact.value), evidence)
        )
        if outcome.severity is None:
            continue
        findings.append(
            Finding(
                rule="change.growth_against_prior_year",
                severity=outcome.severity,
                title="A stated growth rate agrees with the prior year's published figure"
                + (" (rounding)" if outcome.severity == "info" else ""),
                message=(
                    f"{fact.label}表述增长率 {fmt(fact.growth_pct)}%；按{prior_year}年度决算公开数 "
                    f"{fmt(prior_fact.value)} 计算为 {fmt(outcome.expected)}%。"
                ),
                stated=fact.growth_pct,
                expected=outcome.expected,
                difference=outcome.difference,
                unit="%",
                evidence=[
                    Evidence(fact.line, fact.quote),
                    Evidence(prior_fact.line, f"[{prior_year}年度决算] {prior_fact.quote}"),
                ],
            )
        )
    return findings

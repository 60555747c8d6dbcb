"""Tolerance from stated precision.

A figure written with two decimals is exact to ±0.005; a sum of n rounded terms compared with a
rounded total may be off by the sum of all their half-units. A difference of zero is no finding,
a difference within that tolerance is `info` ("rounding"), anything beyond it is an `error`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..quantities import half_unit, to_wan_yuan
from .findings import Evidence

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """A stated number in a comparable unit, with its rounding half-unit and its evidence."""

    value: Decimal
    half: Decimal
    evidence: Evidence
    label: str = ""


def money_figure(value: Decimal, unit: str | None, evidence: Evidence, label: str = "") -> Figure:
    """A money amount converted exactly to 万元 (its half-unit converted alike)."""
    converted = to_wan_yuan(value, unit or "万元")
    if converted is None:
        converted = value
        half = half_unit(value)
    else:
        half = to_wan_yuan(half_unit(value), unit or "万元") or half_unit(value)
    return Figure(converted, half, evidence, label)


def plain_figure(value: Decimal, evidence: Evidence, label: str = "") -> Figure:
    return Figure(value, half_unit(value), evidence, label)


@dataclass(frozen=True)
class Outcome:
    """Result of comparing a stated figure with what it should be."""

    severity: str | None  # None: exact
    stated: Decimal
    expected: Decimal
    difference: Decimal
    tolerance: Decimal


def classify(stated: Decimal, expected: Decimal, tolerance: Decimal) -> str | None:
    difference = abs(stated - expected)
    if difference == 0:
        return None
    return "info" if difference <= tolerance else "error"


def compare_sum(total: Figure, parts: list[Figure]) -> Outcome:
    """Stated total against the sum of its stated parts."""
    expected = sum((p.value for p in parts), Decimal(0))
    tolerance = total.half + sum((p.half for p in parts), Decimal(0))
    return Outcome(
        classify(total.value, expected, tolerance), total.value, expected, total.value - expected, tolerance
    )


def compare_ratio(stated_pct: Decimal, numerator: Figure, denominator: Figure) -> Outcome:
    """A stated percentage against numerator ÷ denominator × 100 (denominator must be > 0).

    Exact when the stated figure is the correct rounding of the computed ratio; `info` when
    the rounding of the inputs can explain the difference; `error` beyond that.
    """
    computed = numerator.value / denominator.value * HUNDRED
    stated_half = half_unit(stated_pct)
    propagated = HUNDRED * (
        numerator.half / denominator.value + abs(numerator.value) * denominator.half / denominator.value**2
    )
    difference = stated_pct - computed
    if abs(difference) <= stated_half:
        severity = None
    elif abs(difference) <= stated_half + propagated:
        severity = "info"
    else:
        severity = "error"
    quantum = Decimal(1).scaleb(-max(2, -stated_pct.as_tuple().exponent))  # type: ignore[operator]
    return Outcome(
        severity,
        stated_pct,
        computed.quantize(quantum),
        difference.quantize(quantum),
        stated_half + propagated,
    )


def compare_growth(stated_pct: Decimal, value: Figure, change: Figure) -> Outcome | None:
    """A stated growth rate against change ÷ (value − change) × 100; None for a zero base."""
    base = value.value - change.value
    if base == 0:
        return None
    base_figure = Figure(base, value.half + change.half, value.evidence)
    return compare_ratio(stated_pct, change, Figure(abs(base), base_figure.half, value.evidence))


def fmt(value: Decimal) -> str:
    """Plain decimal text, never scientific notation."""
    text = format(value, "f")
    return text

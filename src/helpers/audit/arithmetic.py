"""Arithmetic stated in the text: "A 1200 ㎡，B 300 ㎡，共计 1500 ㎡" and "单价 × 数量（× 月数）".

Components are the same-unit quantities of the sentence before the total keyword (and after
the previous one); quantities in brackets are remarks, not components; a 小计 replaces the
components it sums.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..quantities import half_unit, iter_quantities, to_wan_yuan
from .context import AuditContext
from .findings import Evidence, Finding
from .tolerance import Figure, classify, compare_sum, fmt

_TOTAL_KEYWORD = re.compile(r"(?P<kw>共计|合计|小计|总计|总共|共)\s*(?:为|是|达|[:：])?\s*$")
_SENTENCE = re.compile(r"[^。；;！？\n]+")
_COUNT_UNITS = {
    "名",
    "个",
    "人",
    "台",
    "辆",
    "次",
    "户",
    "家",
    "套",
    "件",
    "项",
    "所",
    "批",
    "月",
    "年",
    "天",
    "日",
}


def _bracket_depths(text: str) -> list[int]:
    depth, depths = 0, []
    for char in text:
        if char in "（(":
            depth += 1
        depths.append(depth)
        if char in "）)" and depth:
            depth -= 1
    return depths


def _comparable(unit: str | None) -> str | None:
    if unit in ("万元", "元", "亿元", "千元", "万"):
        return "money"
    return unit


def _value(value: Decimal, unit: str | None) -> Decimal:
    return (to_wan_yuan(value, unit) if _comparable(unit) == "money" else value) or value


def stated_sums(ctx: AuditContext) -> list[Finding]:
    document = ctx.document
    findings = []
    for sentence in _SENTENCE.finditer(document.text):
        text = sentence.group(0)
        depths = _bracket_depths(text)
        pending: list[tuple[Decimal, str | None, Decimal, int, int]] = []
        for q in iter_quantities(text):
            if depths[q.start] > 0 or q.unit in (None, "%", "‰") or q.kind in ("rate",):
                continue
            keyword = _TOTAL_KEYWORD.search(text, 0, q.start)
            unit = _comparable(q.unit)
            same_unit = [p for p in pending if p[1] == unit]
            if keyword:  # the keyword ends right before this number: it is a stated total
                if len(same_unit) >= 2:
                    finding = _check(ctx, sentence.start(), text, same_unit, q, unit, keyword.group("kw"))
                    if finding:
                        findings.append(finding)
                if keyword.group("kw") == "小计":
                    pending = [p for p in pending if p[1] != unit]
                    pending.append((_value(q.value, q.unit), unit, q.value, q.start, q.end))
                else:
                    pending = []
                continue
            pending.append((_value(q.value, q.unit), unit, q.value, q.start, q.end))
    return findings


def _check(ctx: AuditContext, offset: int, text: str, parts, total, unit, keyword: str) -> Finding | None:
    source = ctx.document.source
    half = lambda v: Decimal(5).scaleb(-max(0, -v.as_tuple().exponent) - 1)  # noqa: E731
    factor = (to_wan_yuan(Decimal(1), total.unit) if unit == "money" else Decimal(1)) or Decimal(1)
    total_fig = Figure(
        _value(total.value, total.unit),
        half(total.value) * factor,
        Evidence(source.line_at(offset + total.start), text[total.start : total.end]),
    )
    part_figs = []
    for value, _, raw, start, end in parts:
        part_factor = (value / raw) if raw else Decimal(1)
        part_figs.append(
            Figure(value, half(raw) * part_factor, Evidence(source.line_at(offset + start), text[start:end]))
        )
    outcome = compare_sum(total_fig, part_figs)
    if outcome.severity is None:
        return None
    first = parts[0][3]
    span = source.span(offset + first, offset + total.end)
    shown_unit = "万元" if unit == "money" else (total.unit or "")
    terms = " + ".join(fmt(p.value) for p in part_figs)
    return Finding(
        rule="arithmetic.stated_sum",
        severity=outcome.severity,
        title="Components add up to the stated 共计/合计/小计"
        + (" (rounding)" if outcome.severity == "info" else ""),
        message=(
            f"文中列示 {terms} = {fmt(outcome.expected)}{shown_unit}，但“{keyword}”为 "
            f"{fmt(total_fig.value)}{shown_unit}，相差 {fmt(outcome.difference)}{shown_unit}。"
        ),
        stated=outcome.stated,
        expected=outcome.expected,
        difference=outcome.difference,
        unit=shown_unit,
        evidence=[Evidence(span.line, span.quote)],
    )


_RATE = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>元|万元)/(?P<per>月|人|年|天|次|台|名|个)")


def unit_price_products(ctx: AuditContext) -> list[Finding]:
    """Unit price × quantity (× months) = stated amount: "4098元/月，2名保安 8196元/月"."""
    findings = []
    for sentence in _SENTENCE.finditer(ctx.document.text):
        text = sentence.group(0)
        for rate in _RATE.finditer(text):
            finding = _product_finding(ctx, sentence.start(), text, rate)
            if finding:
                findings.append(finding)
    return findings


def _product_finding(ctx: AuditContext, offset: int, text: str, rate: re.Match[str]) -> Finding | None:
    price = Decimal(rate.group("num"))
    rate_unit = f"{rate.group('unit')}/{rate.group('per')}"
    factors: list[Decimal] = []
    seen_units: set[str | None] = set()
    for q in (q for q in iter_quantities(text[rate.end() :]) if q.unit):
        if q.unit in _COUNT_UNITS and q.kind != "rate":
            factors.append(q.value)
            seen_units.add(q.unit)
            continue
        is_total = q.unit == rate_unit or (q.unit == rate.group("unit") and rate.group("per") in seen_units)
        if not (factors and is_total):
            return None
        expected = price
        for factor in factors:
            expected *= factor
        tolerance = half_unit(price) * (expected / price if price else 1) + half_unit(q.value)
        severity = classify(q.value, expected, tolerance)
        if severity is None:
            return None
        span = ctx.document.source.span(offset + rate.start(), offset + rate.end() + q.end)
        return Finding(
            rule="arithmetic.unit_price",
            severity=severity,
            title="Unit price × quantity equals the stated amount"
            + (" (rounding)" if severity == "info" else ""),
            message=(
                f"单价 {fmt(price)}{rate_unit} × {' × '.join(fmt(f) for f in factors)} = {fmt(expected)}，"
                f"文中为 {fmt(q.value)}{q.unit}。"
            ),
            stated=q.value,
            expected=expected,
            difference=q.value - expected,
            unit=q.unit,
            evidence=[Evidence(span.line, span.quote)],
        )
    return None

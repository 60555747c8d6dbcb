"""One statement, two figures for one thing: a 项 whose amount after its path differs from the
支出决算 stated in the same paragraph, and a 收、支总计 whose two sides differ.

The template states each 项 once ("…（项）41.25 万元，…支出决算为 41.52 万元" is a contradiction),
and 收入总计 always equals 支出总计 (公开01表). Tolerance: the rounding of the figures.
"""

from __future__ import annotations

from .context import AuditContext
from .findings import Evidence, Finding
from .tolerance import classify, fmt, money_figure

_LEVELS = {"class": "类", "section": "款", "item": "项"}


def functional_restatements(ctx: AuditContext) -> list[Finding]:
    """A 类/款/项 line stated with two different amounts in one paragraph."""
    findings = []
    for row in ctx.extraction.functional:
        if row.restated_amount is None:
            continue
        first = money_figure(row.amount, row.unit, Evidence(row.line, row.quote))
        second = money_figure(
            row.restated_amount, row.unit, Evidence(row.restated_line or row.line, row.quote)
        )
        severity = classify(second.value, first.value, first.half + second.half)
        if severity is None:
            continue
        code = f"{row.code} " if row.code else ""
        findings.append(
            Finding(
                rule="repeat.functional_paragraph",
                severity=severity,
                title="A functional line is stated with one amount in its paragraph"
                + (" (rounding)" if severity == "info" else ""),
                message=(
                    f"{_LEVELS.get(row.level, '')} {code}{row.name} 在同一段落中先表述为 {fmt(row.amount)}，"
                    f"后表述为支出决算 {fmt(row.restated_amount)}，两处不一致。"
                ),
                stated=second.value,
                expected=first.value,
                difference=second.value - first.value,
                unit="万元",
                evidence=[first.evidence]
                if first.evidence == second.evidence
                else [first.evidence, second.evidence],
            )
        )
    return findings


def total_sides(ctx: AuditContext) -> list[Finding]:
    """收入总计 equals 支出总计 when the text states both ("收、支总计各是 A, B 万元")."""
    income, expenditure = ctx.fact("total"), ctx.fact("total_expenditure_side")
    if income is None or expenditure is None:
        return []
    a, b = ctx.figure_of(income), ctx.figure_of(expenditure)
    severity = classify(b.value, a.value, a.half + b.half)
    if severity is None:
        return []
    return [
        Finding(
            rule="identity.total_sides",
            severity=severity,
            title="Income total equals expenditure total" + (" (rounding)" if severity == "info" else ""),
            message=(
                f"收入总计 {fmt(a.value)}万元 与支出总计 {fmt(b.value)}万元 不相等，"
                f"相差 {fmt(b.value - a.value)}万元"
                "（公开01表：收入总计 = 支出总计）。"
            ),
            stated=b.value,
            expected=a.value,
            difference=b.value - a.value,
            unit="万元",
            evidence=[a.evidence, b.evidence],
        )
    ]

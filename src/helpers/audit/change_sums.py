"""The changes of a total's parts add up to the change of the total.

"“三公”经费比上年增加 1.50 万元，其中：公务用车…增加 1.60 万元；公务接待费增加 1.20 万元" cannot be
right: 1.60 + 1.20 = 2.80. The parts are the template's (the identities of audit/identities.py);
a part whose change is not stated counts as unchanged only when it is nil (absent or 0) this
year, as the 其中 list of a comparison names the parts that changed. Tolerance: the rounding of
every change involved (audit/tolerance.py).
"""

from __future__ import annotations

from ..extract.model import Fact
from ..extract.specs import EXPENDITURE_PART_KEYS, INCOME_SOURCE_KEYS, SPEC_BY_KEY
from .context import AuditContext
from .findings import Evidence, Finding
from .tolerance import Figure, compare_sum, fmt, money_figure

# total key -> its parts (the template identities)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("three_public_total", ("three_public_abroad", "three_public_vehicle", "three_public_reception")),
    ("three_public_vehicle", ("three_public_vehicle_purchase", "three_public_vehicle_operation")),
    ("expenditure_total", EXPENDITURE_PART_KEYS),
    ("income_total", INCOME_SOURCE_KEYS),
    ("general_budget_basic", ("personnel_expenditure", "public_expenditure")),
    ("procurement_total", ("procurement_goods", "procurement_works", "procurement_services")),
)
MIN_STATED_PARTS = 2


def _change_figure(ctx: AuditContext, fact: Fact) -> Figure:
    source = fact.attribute_sources.get("change")
    evidence = Evidence(source.line, source.quote) if source else ctx.evidence(fact)
    assert fact.change is not None
    label = SPEC_BY_KEY[fact.key].label
    return money_figure(fact.change, fact.unit or ctx.extraction.unit, evidence, label)


def component_changes(ctx: AuditContext) -> list[Finding]:
    """Sum of the parts' stated changes against the total's stated change."""
    findings = []
    for total_key, part_keys in GROUPS:
        total = ctx.fact(total_key)
        if total is None or total.change is None:
            continue
        stated, silent = [], []
        for key in part_keys:
            part = ctx.fact(key)
            if part is not None and part.change is not None:
                stated.append(_change_figure(ctx, part))
            elif part is not None and part.value != 0:
                break  # a part with money and no stated change: the sum cannot be checked
            elif part is not None:
                silent.append(SPEC_BY_KEY[key].label)
        else:
            if len(stated) < MIN_STATED_PARTS:
                continue
            finding = _finding(total_key, _change_figure(ctx, total), stated, silent)
            if finding is not None:
                findings.append(finding)
    return findings


def _finding(total_key: str, total: Figure, parts: list[Figure], silent: list[str]) -> Finding | None:
    outcome = compare_sum(total, parts)
    if outcome.severity is None:
        return None
    terms = " + ".join(f"{p.label} {fmt(p.value)}" for p in parts)
    unchanged = f"（{'、'.join(silent)}未说明变动，按无变化计）" if silent else ""
    label = SPEC_BY_KEY[total_key].label
    verdict = (
        f"在四舍五入误差范围（±{fmt(outcome.tolerance)}万元）内"
        if outcome.severity == "info"
        else f"超出四舍五入误差（±{fmt(outcome.tolerance)}万元）"
    )
    return Finding(
        rule="change.components_sum",
        severity=outcome.severity,
        title="The parts' changes add up to the total's change"
        + (" (rounding)" if outcome.severity == "info" else ""),
        message=(
            f"{label}较上年变动 {fmt(total.value)}万元，各组成部分的变动之和为 {terms} = "
            f"{fmt(outcome.expected)}万元{unchanged}，相差 {fmt(outcome.difference)}万元，{verdict}。"
        ),
        stated=outcome.stated,
        expected=outcome.expected,
        difference=outcome.difference,
        unit="万元",
        evidence=[total.evidence] + [p.evidence for p in parts],
    )

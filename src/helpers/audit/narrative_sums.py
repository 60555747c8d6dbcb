"""Sums the narrative states: listed 项 add up to the stated 一般公共预算 total (决算 and 年初预算), and
reserved procurement shares stay within what they are reserved from.

Sources: the template's 一般公共预算财政拨款支出决算具体情况 (each 项 with 年初预算 and 决算, the total stated
first); 政府采购 (中小企业 and 小微企业 amounts are parts of the procurement total; the SME rule is
`identities._sme_within_procurement`). Tolerance: exact; one unit of the total's last digit → warning,
more → error (issue 9, item 5). Evidence: the total's line and every listed item's line.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..extract.model import FunctionalRow
from ..quantities import iter_quantities, to_wan_yuan
from .cells import last_unit
from .context import AuditContext
from .findings import Evidence, Finding
from .scope import scope_of_row
from .tolerance import fmt

# rule id → English title (the Chinese title is in titles.py)
TITLES: dict[str, str] = {
    "narrative.item_budgets": "The listed items' 年初预算 add up to the stated total 年初预算",
    "narrative.item_amounts": "The listed items' 决算 add up to the stated general-budget expenditure",
    "narrative.reserved_procurement": "Reserved procurement (小微企业, 预留) does not exceed its total",
}


def _leaves(rows: list[FunctionalRow]) -> list[FunctionalRow]:
    """Listed lines without a listed line below them (a 类 with its 项 listed counts once)."""
    codes = {r.code for r in rows if r.code}
    return [r for r in rows if r.code and not any(c != r.code and c.startswith(r.code) for c in codes)]


def _sum_finding(
    rule: str, what: str, total: Decimal, total_evidence: Evidence, parts: list[tuple[Decimal, FunctionalRow]]
) -> Finding | None:
    expected = sum((value for value, _ in parts), Decimal(0))
    difference = total - expected
    if difference == 0:
        return None
    severity = "warning" if abs(difference) <= last_unit(total) else "error"
    terms = " + ".join(fmt(value) for value, _ in parts)
    verdict = "相差一个末位单位（尾差未调整）" if severity == "warning" else "超出尾差"
    return Finding(
        rule=rule,
        severity=severity,
        title=TITLES[rule],
        message=(
            f"文中{what}为 {fmt(total)}万元，所列各项{what}之和为 {terms} = {fmt(expected)}万元，"
            f"相差 {fmt(difference)}万元，{verdict}。"
        ),
        stated=total,
        expected=expected,
        difference=difference,
        unit="万元",
        evidence=[total_evidence] + [Evidence(row.line, row.quote) for _, row in parts],
    )


def item_budgets(ctx: AuditContext) -> list[Finding]:
    """Σ listed 项 年初预算 = stated 年初预算 of the 一般公共预算财政拨款支出 (and Σ 决算 = its 决算).

    The listing is complete when one of the two sums matches exactly; only then is the other checked
    (a partial listing of 主要项目 is no defect).
    """
    fact = ctx.fact("general_budget_expenditure")
    if fact is None or fact.budget is None:
        return []
    rows = [
        r
        for r in ctx.extraction.functional
        if r.source == "narrative"
        and r.budget is not None
        and scope_of_row(ctx.document, r) == "general_budget"
    ]
    leaves = _leaves(rows)
    if len(leaves) < 2:
        return []
    unit = fact.unit or ctx.extraction.unit or "万元"
    budget = to_wan_yuan(fact.budget, unit) or fact.budget
    amount = to_wan_yuan(fact.value, unit) or fact.value
    budgets = [(to_wan_yuan(r.budget, r.unit) or r.budget, r) for r in leaves if r.budget is not None]
    amounts = [(to_wan_yuan(r.amount, r.unit) or r.amount, r) for r in leaves]
    source = fact.attribute_sources.get("budget")
    budget_evidence = Evidence(source.line, source.quote) if source else ctx.evidence(fact)
    budgets_add_up = sum(v for v, _ in budgets) == budget
    amounts_add_up = sum(v for v, _ in amounts) == amount
    if amounts_add_up and not budgets_add_up:
        finding = _sum_finding("narrative.item_budgets", "年初预算", budget, budget_evidence, budgets)
        return [finding] if finding else []
    if budgets_add_up and not amounts_add_up:
        finding = _sum_finding("narrative.item_amounts", "决算数", amount, ctx.evidence(fact), amounts)
        return [finding] if finding else []
    return []


# 政府采购: "授予小微企业合同金额 X 万元", "预留…份额 X 万元": parts of the total and of the SME amount.
_RESERVED = re.compile(
    r"(?P<label>授予小微企业(?:的)?(?:合同)?(?:金额)?|预留[^，。；\d]{0,20}?(?:份额|金额)|专门面向中小企业[^，。；\d]{0,10})"
)


def reserved_procurement(ctx: AuditContext) -> list[Finding]:
    """小微企业 and 预留 amounts ≤ the SME amount (when stated) and ≤ the procurement total."""
    total = ctx.figure("procurement_total")
    sme = ctx.figure("procurement_sme")
    if total is None:
        return []
    findings = []
    text = ctx.document.text
    for m in _RESERVED.finditer(text):
        quantity = next(iter_quantities(text[m.end() : m.end() + 30]), None)
        if quantity is None or quantity.unit not in ("万元", "元", "亿元"):
            continue
        value = to_wan_yuan(quantity.value, quantity.unit) or quantity.value
        for bound, name in ((sme, "授予中小企业合同金额"), (total, "政府采购支出总额")):
            if bound is None or value <= bound.value:
                continue
            span = ctx.document.source.span(m.start(), m.end() + quantity.end)
            findings.append(
                Finding(
                    rule="narrative.reserved_procurement",
                    severity="error",
                    title=TITLES["narrative.reserved_procurement"],
                    message=f"{m.group('label')} {fmt(value)}万元 超过{name} {fmt(bound.value)}万元。",
                    stated=value,
                    expected=bound.value,
                    difference=value - bound.value,
                    unit="万元",
                    evidence=[Evidence(span.line, span.quote), bound.evidence],
                )
            )
            break
    return findings

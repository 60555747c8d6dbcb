"""Narrative against table: every narrative figure with a table counterpart has the table's value, on the
right basis; shares the narrative states are recomputed from the table's cells.

Source: issue 9, item 3; the 普陀区 checklist items D (each amount in 情况说明 §一–九 equals its table cell;
shares over the template's denominators). Basis: 一般公共预算财政拨款基本支出 is the 公开05/06 basic
expenditure, never the all-funds 基本支出 of 公开03; a narrative that quotes another basis is the defect
(the message names the cell it matches). Fund scope: a 一般公共预算 narrative 科目 amount is compared with
the 一般公共预算 table, never with a 政府性基金 row. Tolerance: one quantity, so none (compared at the
coarser stated precision); shares keep the rounding rules of `tolerance.compare_ratio`.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.model import Fact, Mention
from ..quantities import half_unit
from ..tables.model import PublicTable
from ..tables.three_public import ITEMS as THREE_PUBLIC_ITEMS
from .cells import Stated, agree, stated_cell
from .context import AuditContext
from .findings import Evidence, Finding
from .ratios import _ratio_finding
from .scope import scope_of_row
from .table_cross import describe
from .table_keys import Key, table_quantities
from .tolerance import Figure, compare_growth, fmt, money_figure

# rule id → English title (the Chinese title is in titles.py)
TITLES: dict[str, str] = {
    "narrative.table_figure": "A narrative figure equals its table cell",
    "narrative.table_basis": "A narrative figure is stated on the basis of its name",
    "narrative.table_functional": "A narrative 科目 amount equals the table row of the same fund scope",
    "narrative.table_share": "A stated share equals the one recomputed from the table's cells",
    "narrative.table_growth": "A stated growth rate equals the one recomputed from the table's value",
}

# canonical fact key (extract/specs.py) → the table quantity it names
FACT_KEYS: dict[str, Key] = {
    "total": ("grand_total", "income"),
    "income_total": ("income", "*"),
    "income_appropriation": ("appropriation_income",),
    "income_general_budget": ("income_source", "general_budget"),
    "income_gov_fund": ("income_source", "gov_fund"),
    "income_state_capital": ("income_source", "state_capital"),
    "income_superior_subsidy": ("income_source", "superior_subsidy"),
    "income_business": ("income_source", "business"),
    "income_operating": ("income_source", "operating"),
    "income_affiliated": ("income_source", "affiliated"),
    "income_other": ("income_source", "other"),
    "non_appropriation_balance_used": ("non_appropriation_balance_used",),
    "carryover_begin": ("carryover_begin",),
    "carryover_end": ("carryover_end",),
    "expenditure_total": ("expenditure", "all_funds", "*", "total"),
    "expenditure_basic": ("expenditure", "all_funds", "*", "basic"),
    "expenditure_project": ("expenditure", "all_funds", "*", "project"),
    "expenditure_remit_superior": ("expenditure", "all_funds", "*", "remit_superior"),
    "expenditure_operating": ("expenditure", "all_funds", "*", "operating"),
    "expenditure_affiliated_subsidy": ("expenditure", "all_funds", "*", "affiliated_subsidy"),
    "appropriation_total": ("appropriation_grand", "income"),
    "general_budget_expenditure": ("expenditure", "general_budget", "*", "total"),
    "general_budget_basic": ("expenditure", "general_budget", "*", "basic"),
    "personnel_expenditure": ("personnel",),
    "public_expenditure": ("public",),
    "three_public_total": ("three_public", "total", "决算数"),
    **{item.fact: ("three_public", item.key, "决算数") for item in THREE_PUBLIC_ITEMS},
    "gov_fund_expenditure": ("expenditure", "gov_fund", "*", "total"),
    "state_capital_expenditure": ("expenditure", "state_capital", "*", "total"),
    "admin_operating_cost": ("admin_operating_cost",),
}
# Other bases a figure is often confused with: a narrative matching one of these quotes the wrong basis.
NEIGHBOURS: dict[str, tuple[Key, ...]] = {
    "general_budget_basic": (
        ("expenditure", "all_funds", "*", "basic"),
        ("expenditure", "general_budget", "*", "total"),
    ),
    "expenditure_basic": (("expenditure", "general_budget", "*", "basic"),),
    "general_budget_expenditure": (
        ("expenditure", "all_funds", "*", "total"),
        ("expenditure", "appropriation", "*", "total"),
    ),
    "expenditure_total": (("expenditure", "general_budget", "*", "total"), ("grand_total", "expenditure")),
    "income_total": (("grand_total", "income"), ("appropriation_income",)),
    "total": (("income", "*"), ("expenditure", "all_funds", "*", "total")),
    "appropriation_total": (("appropriation_income",), ("grand_total", "income")),
    "public_expenditure": (("personnel",),),
    "personnel_expenditure": (("public",),),
}


def _narrative(ctx: AuditContext, item: Fact | Mention) -> Stated:
    figure = ctx.figure_of(item)
    return Stated(figure.value, ctx.evidence(item), f"情况说明第 {item.line} 行的{item.label}")


def figures(ctx: AuditContext, tables: list[PublicTable]) -> list[Finding]:
    """Each canonical narrative figure against its table cell; a mismatch naming another basis says so."""
    quantities = table_quantities(tables)
    findings = []
    for fact in ctx.extraction.facts:
        key = FACT_KEYS.get(fact.key)
        if key is None or key not in quantities or fact.value is None:
            continue
        if (fact.source or "").startswith("table:"):
            continue  # filled from a table cell (the narrative does not state it)
        table, cell = quantities[key][0]
        printed = stated_cell(table, cell)
        narrative = _narrative(ctx, fact)
        if agree(narrative.value, printed.value):
            continue
        wrong_basis = next(
            (
                (other, stated_cell(*quantities[other][0]))
                for other in NEIGHBOURS.get(fact.key, ())
                if other in quantities and agree(narrative.value, stated_cell(*quantities[other][0]).value)
            ),
            None,
        )
        rule = "narrative.table_basis" if wrong_basis else "narrative.table_figure"
        message = (
            f"{fact.label}：{narrative.label}为 {fmt(narrative.value)}万元，{printed.label}为 "
            f"{fmt(printed.value)}万元，相差 {fmt(narrative.value - printed.value)}万元。"
        )
        evidence = [narrative.evidence, printed.evidence]
        if wrong_basis:
            other_key, other = wrong_basis
            message += f"文中数字与{other.label}（{describe(other_key)}）相同：引用了其他口径的数字。"
            evidence.append(other.evidence)
        findings.append(
            Finding(
                rule=rule,
                severity="error",
                title=TITLES[rule],
                message=message,
                stated=narrative.value,
                expected=printed.value,
                difference=narrative.value - printed.value,
                unit="万元",
                evidence=evidence,
            )
        )
    return findings


def functional(ctx: AuditContext, tables: list[PublicTable]) -> list[Finding]:
    """Narrative 科目 amounts against the table row of the same code and the same fund scope."""
    quantities = table_quantities(tables)
    findings = []
    in_rows = {
        (r.code, scope_of_row(ctx.document, r)) for r in ctx.extraction.functional if r.source != "narrative"
    }
    for row in ctx.extraction.functional:
        if row.source != "narrative" or not row.code:
            continue
        scope = scope_of_row(ctx.document, row)
        key = ("expenditure", scope, row.code, "total")
        if key not in quantities or (row.code, scope) in in_rows:
            continue  # a table row the extraction carries: repeat.functional compares the two
        printed = stated_cell(*quantities[key][0])
        figure = money_figure(row.amount, row.unit, Evidence(row.line, row.quote))
        if agree(figure.value, printed.value):
            continue
        findings.append(
            Finding(
                rule="narrative.table_functional",
                severity="error",
                title=TITLES["narrative.table_functional"],
                message=(
                    f"{describe(key)}：情况说明第 {row.line} 行 {row.code} {row.name} 为 "
                    f"{fmt(figure.value)}万元，{printed.label}为 {fmt(printed.value)}万元，"
                    f"相差 {fmt(figure.value - printed.value)}万元。"
                ),
                stated=figure.value,
                expected=printed.value,
                difference=figure.value - printed.value,
                unit="万元",
                evidence=[figure.evidence, printed.evidence],
            )
        )
    return findings


def shares(ctx: AuditContext, tables: list[PublicTable]) -> list[Finding]:
    """A stated share recomputed from the table's numerator and denominator cells.

    Runs where the narrative-only rule cannot (the narrative does not state the denominator) or where
    the narrative's own figures differ from the table (the share then has to fit the table too).
    """
    quantities = table_quantities(tables)
    findings = []
    for mention in ctx.extraction.mentions:
        if mention.share_pct is None or not mention.share_of:
            continue
        num_key, den_key = FACT_KEYS.get(mention.key), FACT_KEYS.get(mention.share_of)
        if num_key not in quantities or den_key not in quantities:
            continue
        num_cell, den_cell = stated_cell(*quantities[num_key][0]), stated_cell(*quantities[den_key][0])
        if den_cell.value <= 0:
            continue
        denominator_fact = ctx.fact(mention.share_of)
        narrative_covers = (
            denominator_fact is not None
            and mention.value is not None
            and agree(ctx.figure_of(mention).value, num_cell.value)
            and agree(ctx.figure_of(denominator_fact).value, den_cell.value)
        )
        if narrative_covers:
            continue  # ratios.shares recomputes it from the same values
        numerator = Figure(num_cell.value, _half(num_cell), num_cell.evidence, num_cell.label)
        denominator = Figure(den_cell.value, _half(den_cell), den_cell.evidence, den_cell.label)
        finding = _ratio_finding(
            "narrative.table_share",
            TITLES["narrative.table_share"],
            f"{mention.label}占比（第 {mention.line} 行）",
            mention.share_pct,
            numerator,
            denominator,
            [ctx.evidence(mention), num_cell.evidence, den_cell.evidence],
        )
        if finding:
            findings.append(finding)
    return findings


def _half(stated: Stated) -> Decimal:
    return half_unit(stated.value)


def growth(ctx: AuditContext, tables: list[PublicTable]) -> list[Finding]:
    """A stated change and growth rate of a figure the narrative states only in a table: growth =
    change ÷ (table value − change) (`ratios.changes` covers figures the narrative states)."""
    quantities = table_quantities(tables)
    findings = []
    for mention in ctx.extraction.mentions:
        key = FACT_KEYS.get(mention.key)
        if mention.change is None or mention.growth_pct is None or key not in quantities:
            continue
        if mention.value is not None or ctx.fact(mention.key) is not None:
            continue
        cell = stated_cell(*quantities[key][0])
        change = money_figure(
            mention.change, mention.unit or ctx.extraction.unit or "万元", ctx.evidence(mention)
        )
        value = Figure(cell.value, _half(cell), cell.evidence, cell.label)
        outcome = compare_growth(
            abs(mention.growth_pct), value, Figure(change.value, change.half, change.evidence)
        )
        if outcome is None or outcome.severity in (None, "info"):
            continue
        findings.append(
            Finding(
                rule="narrative.table_growth",
                severity="error",
                title=TITLES["narrative.table_growth"],
                message=(
                    f"{mention.label}增长率表述为 {fmt(mention.growth_pct)}%，按{cell.label} "
                    f"{fmt(cell.value)}万元与变动额 {fmt(change.value)}万元重算为 {fmt(outcome.expected)}%。"
                ),
                stated=mention.growth_pct,
                expected=outcome.expected,
                difference=outcome.difference,
                unit="%",
                evidence=[ctx.evidence(mention), cell.evidence],
            )
        )
    return findings


def narrative_against_tables(ctx: AuditContext, tables: list[PublicTable]) -> list[Finding]:
    return figures(ctx, tables) + functional(ctx, tables) + shares(ctx, tables) + growth(ctx, tables)

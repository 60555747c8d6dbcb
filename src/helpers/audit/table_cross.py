"""Cross-table identities: one quantity has one value in every table that prints it, and spending from
財政拨款 never exceeds all-funds spending, row by row.

Source: issue 9, item 2; the 普陀区 checklist items C (T01↔T02/T03, T02 财政拨款 ↔ T04, T04 一般公共预算
column ↔ T05, T05 基本支出 ↔ T06). Tolerance: none. Two cells of one quantity that differ are an
error whatever the size (compared at the coarser stated precision when the units differ). Evidence:
both cells (table, row label and code, column, page).
"""

from __future__ import annotations

from ..tables.model import PublicTable, TableCell
from .cells import in_wan_yuan, same_quantity_finding, stated_cell
from .findings import Finding
from .scope import SCOPE_NAMES
from .table_keys import Key, table_quantities
from .tolerance import fmt

# rule id → English title (the Chinese title is in titles.py)
TITLES: dict[str, str] = {
    "cross.same_figure": "One quantity has one value in every table",
    "cross.within_all_funds": "Appropriation-funded spending does not exceed all-funds spending, row by row",
    "cross.appropriation_balance": "Appropriation income plus carry-over equals its spending plus carry-over",
    "cross.three_public_basic": "A 三公 item of the basic-expenditure table does not exceed the 三公 table's",
}

PART_NAMES = {
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "remit_superior": "上缴上级支出",
    "operating": "经营支出",
    "affiliated_subsidy": "对附属单位补助支出",
}


def describe(key: Key) -> str:
    """A Chinese name of the quantity a key stands for."""
    kind = key[0]
    if kind == "expenditure":
        _, scope, code, part = key
        where = "支出合计" if code == "*" else f"科目 {code}"
        return f"{SCOPE_NAMES[scope]}{where}（{PART_NAMES.get(part, part)}）"
    names = {
        "income": "本年收入合计",
        "appropriation_income": "财政拨款收入",
        "carryover_begin": "年初结转和结余",
        "carryover_end": "年末结转和结余",
        "non_appropriation_balance_used": "使用非财政拨款结余",
        "personnel": "人员经费合计",
        "public": "公用经费合计",
        "appropriation_carryover_begin": "年初财政拨款结转和结余",
        "appropriation_carryover_end": "年末财政拨款结转和结余",
        "admin_operating_cost": "机关运行经费",
    }
    if kind in names:
        return names[kind]
    if kind in ("grand_total", "appropriation_grand"):
        prefix = "财政拨款" if kind == "appropriation_grand" else ""
        return f"{prefix}{'收入' if key[1] == 'income' else '支出'}总计"
    if kind == "income_source":
        return {
            "general_budget": "一般公共预算财政拨款收入",
            "gov_fund": "政府性基金预算财政拨款收入",
            "state_capital": "国有资本经营预算财政拨款收入",
            "superior_subsidy": "上级补助收入",
            "business": "事业收入",
            "operating": "经营收入",
            "affiliated": "附属单位上缴收入",
            "other": "其他收入",
        }.get(key[1], key[1])
    if kind == "economic":
        return f"经济分类科目 {key[1]}"
    if kind == "three_public":
        return f"“三公”经费 {key[1]}（{key[2]}）"
    return "/".join(key)


def same_figures(tables: list[PublicTable]) -> list[Finding]:
    """Each quantity printed in two or more tables carries one value (first printing as reference)."""
    findings = []
    for key, stated in table_quantities(tables).items():
        first_by_table: dict[int, tuple[PublicTable, TableCell]] = {}
        for table, cell in stated:
            first_by_table.setdefault(id(table), (table, cell))
        printings = list(first_by_table.values())
        if len(printings) < 2:
            continue
        reference = stated_cell(*printings[0])
        for table, cell in printings[1:]:
            finding = same_quantity_finding(
                "cross.same_figure",
                TITLES["cross.same_figure"],
                describe(key),
                reference,
                stated_cell(table, cell),
            )
            if finding:
                findings.append(finding)
    return findings


# Narrower fund scopes and the wider scope each must stay within.
WITHIN = (
    ("appropriation", "all_funds"),
    ("general_budget", "appropriation"),
    ("gov_fund", "appropriation"),
    ("state_capital", "appropriation"),
    ("general_budget", "all_funds"),
    ("gov_fund", "all_funds"),
    ("state_capital", "all_funds"),
)


def within_all_funds(tables: list[PublicTable]) -> list[Finding]:
    """Row by row (科目 and part): 财政拨款 ≤ all funds, each fund ≤ 财政拨款 (and ≤ all funds)."""
    quantities = table_quantities(tables)
    findings = []
    reported: set[tuple[str, str, str]] = set()
    for key, stated in quantities.items():
        if key[0] != "expenditure":
            continue
        _, scope, code, part = key
        for narrow, wide in WITHIN:
            if scope != narrow or (code, part, narrow) in reported:
                continue
            wider = quantities.get(("expenditure", wide, code, part))
            if not wider:
                continue
            table, cell = stated[0]
            wide_table, wide_cell = wider[0]
            assert cell.value is not None and wide_cell.value is not None
            value, limit = in_wan_yuan(table, cell.value), in_wan_yuan(wide_table, wide_cell.value)
            if value <= limit:
                continue
            reported.add((code, part, narrow))
            small, large = stated_cell(table, cell), stated_cell(wide_table, wide_cell)
            findings.append(
                Finding(
                    rule="cross.within_all_funds",
                    severity="error",
                    title=TITLES["cross.within_all_funds"],
                    message=(
                        f"{describe(key)}：{small.label}为 {fmt(value)}万元，超过"
                        f"{SCOPE_NAMES[wide]}口径的{large.label} {fmt(limit)}万元"
                        f"（多 {fmt(value - limit)}万元）。"
                        "财政拨款是全部资金的一部分，不应超过。"
                    ),
                    stated=value,
                    expected=limit,
                    difference=value - limit,
                    unit="万元",
                    evidence=[small.evidence, large.evidence],
                )
            )
    return findings


def appropriation_balance(tables: list[PublicTable]) -> list[Finding]:
    """财政拨款: 本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余 (公开04), when no 总计 row says it."""
    quantities = table_quantities(tables)
    if ("appropriation_grand", "income") in quantities:
        return []  # the 总计 rows carry it: table.summary_balance and table.summary_block
    parts = {
        "income": quantities.get(("appropriation_income",)),
        "begin": quantities.get(("appropriation_carryover_begin",)),
        "expenditure": quantities.get(("expenditure", "appropriation", "*", "total")),
        "end": quantities.get(("appropriation_carryover_end",)),
    }
    if not all(parts.values()):
        return []
    cells = {name: stated_cell(*found[0]) for name, found in parts.items() if found}
    left = cells["income"].value + cells["begin"].value
    right = cells["expenditure"].value + cells["end"].value
    if left == right:
        return []
    return [
        Finding(
            rule="cross.appropriation_balance",
            severity="error",
            title=TITLES["cross.appropriation_balance"],
            message=(
                f"财政拨款收入 {fmt(cells['income'].value)} + 年初结转和结余 {fmt(cells['begin'].value)}"
                f" = {fmt(left)}万元，财政拨款支出 {fmt(cells['expenditure'].value)} + 年末结转和结余 "
                f"{fmt(cells['end'].value)} = "
                f"{fmt(right)}万元，两者应相等。"
            ),
            stated=right,
            expected=left,
            difference=right - left,
            unit="万元",
            evidence=[c.evidence for c in cells.values()],
        )
    ]


# 基本支出 economic 款 that are 三公 spending (政府支出经济分类: 30212 因公出国（境）费用, 30217 公务接待费,
# 30231 公务用车运行维护费); the 三公 table adds project spending, so each is an upper bound.
THREE_PUBLIC_ECONOMIC = (("30212", "abroad"), ("30217", "reception"), ("30231", "vehicle_operation"))


def three_public_within_basic(tables: list[PublicTable]) -> list[Finding]:
    """30212/30217/30231 of the basic-expenditure table ≤ the matching 三公 item (决算数, or 预算数 for a
    budget). Source: the 普陀区 checklist, item C (a real miss in 宜川 2025)."""
    quantities = table_quantities(tables)
    findings = []
    for code, item in THREE_PUBLIC_ECONOMIC:
        basic = quantities.get(("economic", code))
        if not basic:
            continue
        table, cell = basic[0]
        column = "决算数" if table.kind == "final" else "预算数"
        bound = quantities.get(("three_public", item, column))
        if not bound:
            continue
        part, limit = stated_cell(table, cell), stated_cell(*bound[0])
        if part.value <= limit.value:
            continue
        findings.append(
            Finding(
                rule="cross.three_public_basic",
                severity="error",
                title=TITLES["cross.three_public_basic"],
                message=(
                    f"{part.label}为 {fmt(part.value)}万元，超过{limit.label} {fmt(limit.value)}万元："
                    "基本支出中的该项只是“三公”经费的一部分，不应更多。"
                ),
                stated=part.value,
                expected=limit.value,
                difference=part.value - limit.value,
                unit="万元",
                evidence=[part.evidence, limit.evidence],
            )
        )
    return findings


def cross_table(tables: list[PublicTable]) -> list[Finding]:
    return (
        same_figures(tables)
        + within_all_funds(tables)
        + appropriation_balance(tables)
        + three_public_within_basic(tables)
    )

"""Which quantity each table cell states, so that one quantity can be found in every table that prints it.

A key is a tuple: ("expenditure", scope, code | "*", part) for spending by fund scope (all_funds,
appropriation, general_budget, gov_fund, state_capital), 科目 code ("*" = the table total) and part
(total, basic, project, remit_superior, operating, affiliated_subsidy); ("income", "*") for 本年收入合计;
("income_source", source) for each income source; ("appropriation_income",), ("carryover_begin",),
("carryover_end",), ("grand_total", side), ("appropriation_grand", side), ("personnel",), ("public",),
("three_public", item, 预算数 | 决算数). Source: the national template's nine tables (公开01–09表) and the
budget tables mapped to the same ids (issue 8 interface).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..codes import code_table
from ..tables.model import PublicTable, TableCell
from ..tables.three_public import item_of
from .cells import TOTAL_ROW, bare_name, columns_of

Key = tuple[str, ...]

SCOPE_OF_TABLE = {
    "expenditure": "all_funds",
    "general_budget_expenditure": "general_budget",
    "gov_fund": "gov_fund",
    "state_capital": "state_capital",
    "state_capital_expenditure": "state_capital",
    "appropriation_expenditure_detail": "appropriation",
    "appropriation_expenditure": "appropriation",
}
# 公开04 expenditure columns → fund scope
FUND_COLUMNS = {
    "合计": "appropriation",
    "一般公共预算": "general_budget",
    "政府性基金": "gov_fund",
    "国有资本经营": "state_capital",
}
PART_COLUMNS = {
    "本年支出合计": "total",
    "合计": "total",
    "本年支出": "total",
    "支出合计": "total",
    "决算数": "total",
    "预算数": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "remit_superior",
    "经营支出": "operating",
    "对附属单位补助支出": "affiliated_subsidy",
}
# income sources by row label (公开01/04) or column (公开02)
INCOME_SOURCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^一般公共预算(?:财政)?拨款(?:收入)?$"), "general_budget"),
    (re.compile(r"^政府性基金预算(?:财政)?拨款(?:收入)?$|^政府性基金$"), "gov_fund"),
    (re.compile(r"^国有资本经营预算(?:财政)?拨款(?:收入)?$|^国有资本经营$"), "state_capital"),
    (re.compile(r"^上级补助收入$"), "superior_subsidy"),
    (re.compile(r"^事业收入$"), "business"),
    (re.compile(r"^(?:事业单位)?经营收入$"), "operating"),
    (re.compile(r"^附属单位上缴收入$"), "affiliated"),
    (re.compile(r"^其他收入$"), "other"),
)
_APPROPRIATION_INCOME = re.compile(r"^财政拨款(?:收入)?$")
_CURRENT_INCOME = re.compile(r"^本年收入(?:合计|小计)$|^收入合计$")
_CURRENT_EXPENDITURE = re.compile(r"^本年支出(?:合计|小计)$|^支出合计$")
_GRAND = re.compile(r"总计$")
_BALANCE_USED = re.compile(r"^使用非财政拨款结余")
_BEGIN = re.compile(r"^(?:年初|上年)(?:财政拨款)?结转(?:和|及)?结余|^上年结转")
_END = re.compile(r"^年末(?:财政拨款)?结转(?:和|及)?结余|^结转下年")
_PERSONNEL = re.compile(r"^人员经费(?:合计)?$")
_PUBLIC = re.compile(r"^(?:日常)?公用经费(?:合计)?$")
# The 三公 total row: 合计/小计 (总计 only without them, see _three_public_keys) or a "“三公”经费…" label.
THREE_PUBLIC_TOTAL = re.compile(r"^(?:合计|小计|总计)$|三公")


@cache
def class_code(name: str) -> str | None:
    """The 类 code of a class row printed without its code ("一、一般公共服务支出" → "201")."""
    found = code_table().resolve(bare_name(name), None)
    return found.code if found is not None else None


def _source(name: str) -> str | None:
    return next((key for pattern, key in INCOME_SOURCES if pattern.search(name)), None)


def cell_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    """(key, cell) for every cell of the table that states a known quantity (blank cells skipped)."""
    if table.id in ("income_expenditure_summary", "appropriation_summary"):
        yield from _summary_keys(table)
    elif table.id == "income":
        yield from _income_keys(table)
    elif table.id in SCOPE_OF_TABLE:
        yield from _expenditure_keys(table, SCOPE_OF_TABLE[table.id])
    elif table.id.startswith("general_budget_basic"):
        yield from _basic_keys(table)
    elif table.id == "appropriation_basic":
        yield from (
            (("expenditure", "appropriation", "*", "basic"), cell)
            for key, cell in _basic_keys(table)
            if key == ("expenditure", "general_budget", "*", "basic")
        )
    elif table.id == "admin_operating_cost":
        yield from _admin_operating_cost_keys(table)
    elif table.id == "three_public":
        yield from _three_public_keys(table)


def _expenditure_keys(table: PublicTable, scope: str) -> Iterator[tuple[Key, TableCell]]:
    for column in columns_of(table):
        part = PART_COLUMNS.get(column.name)
        if part is None:
            continue
        for cell in column.cells:
            if cell.value is None:
                continue
            if cell.code:
                yield ("expenditure", scope, cell.code, part), cell
            elif _is_table_total(cell.name):
                yield ("expenditure", scope, "*", part), cell


def _is_table_total(name: str) -> bool:
    """合计 / 本年支出合计 rows (not 总计, which adds carry-overs)."""
    bare = bare_name(name)
    return bool(_CURRENT_EXPENDITURE.match(bare) or (TOTAL_ROW.match(bare) and not _GRAND.search(bare)))


def _income_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    for column in columns_of(table):
        for cell in column.cells:
            if cell.value is None or cell.code or not TOTAL_ROW.match(bare_name(cell.name)):
                continue
            if column.name in ("本年收入合计", "合计", "本年收入"):
                yield ("income", "*"), cell
            elif column.name in ("财政拨款收入", "财政拨款"):
                yield ("appropriation_income",), cell
            elif (source := _source(column.name)) is not None:
                yield ("income_source", source), cell


def _summary_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    appropriation = table.id == "appropriation_summary"
    for column in columns_of(table):
        if column.side == "income":
            if appropriation or column.name == _first_column(table, "income"):
                yield from _summary_income(column.cells, appropriation)
        elif column.side == "expenditure":
            if appropriation:
                scope = FUND_COLUMNS.get(column.name)
                if scope is None and column.name == _first_column(table, "expenditure"):
                    scope = "appropriation"
            else:
                scope = "all_funds" if column.name == _first_column(table, "expenditure") else None
            if scope is not None:
                yield from _summary_expenditure(column.cells, scope, appropriation)


def _first_column(table: PublicTable, side: str) -> str | None:
    for column in table.columns:
        if any(c.side == side and c.column == column for c in table.cells):
            return column
    return None


def _summary_income(cells: list[TableCell], appropriation: bool) -> Iterator[tuple[Key, TableCell]]:
    current_seen = False
    for cell in cells:
        if cell.value is None:
            continue
        name = bare_name(cell.name)
        if _CURRENT_INCOME.match(name):
            current_seen = True
            yield (("appropriation_income",) if appropriation else ("income", "*")), cell
        elif _GRAND.search(name):
            yield (("appropriation_grand", "income") if appropriation else ("grand_total", "income")), cell
        elif _BEGIN.search(name):
            yield (("appropriation_carryover_begin",) if appropriation else ("carryover_begin",)), cell
        elif _BALANCE_USED.search(name) and not appropriation:
            yield ("non_appropriation_balance_used",), cell
        elif not current_seen:  # sources come before 本年收入合计; sub-rows of carry-overs after it
            source = _source(name)
            if source is not None:
                yield ("income_source", source), cell
            elif _APPROPRIATION_INCOME.match(name) and not appropriation:
                yield ("appropriation_income",), cell


def _summary_expenditure(
    cells: list[TableCell], scope: str, appropriation: bool
) -> Iterator[tuple[Key, TableCell]]:
    current_seen = False
    for cell in cells:
        if cell.value is None:
            continue
        name = bare_name(cell.name)
        if _CURRENT_EXPENDITURE.match(name):
            current_seen = True
            yield ("expenditure", scope, "*", "total"), cell
        elif _GRAND.search(name):
            if scope in ("all_funds", "appropriation"):
                yield (
                    (
                        ("appropriation_grand", "expenditure")
                        if appropriation
                        else ("grand_total", "expenditure")
                    ),
                    cell,
                )
        elif _END.search(name):
            if scope in ("all_funds", "appropriation"):
                yield (("appropriation_carryover_end",) if appropriation else ("carryover_end",)), cell
        elif not current_seen:
            code = cell.code or class_code(name)
            if code:
                yield ("expenditure", scope, code, "total"), cell


def _basic_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    """公开06: 合计 is the general-budget basic expenditure; 人员/公用经费 (rows or columns)."""
    columns = columns_of(table)
    by_column = {c.name for c in columns}
    for column in columns:
        for cell in column.cells:
            if (
                cell.value is not None
                and cell.code
                and (column.name in ("合计", "决算数", "预算数") or len(by_column) == 1)
            ):
                yield ("economic", cell.code), cell
            if cell.value is None or cell.code:
                continue
            name = bare_name(cell.name)
            if _PERSONNEL.match(name):
                yield ("personnel",), cell
            elif _PUBLIC.match(name):
                yield ("public",), cell
            elif TOTAL_ROW.match(name):
                if column.name == "人员经费":
                    yield ("personnel",), cell
                elif column.name == "公用经费":
                    yield ("public",), cell
                elif column.name in ("合计", "决算数", "预算数") or len(by_column) == 1:
                    yield ("expenditure", "general_budget", "*", "basic"), cell


def _admin_operating_cost_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    """机关运行经费 table (Jiangsu 一般公共预算机关运行经费支出表): its total row."""
    totals = [c for c in table.cells if c.value is not None and not c.code and _is_table_total(c.name)]
    if len({c.column for c in totals}) == 1 and totals:
        yield ("admin_operating_cost",), totals[0]


def _three_public_keys(table: PublicTable) -> Iterator[tuple[Key, TableCell]]:
    """Items by name in 预算数/决算数; the 三公 total is 合计 (总计 only when no 合计: a 总计 beside a 合计
    adds 会议费 and 培训费)."""
    has_subtotal = any(bare_name(c.name) in ("合计", "小计") for c in table.cells)
    for cell in table.cells:
        if cell.value is None or cell.column not in ("预算数", "决算数"):
            continue
        name = bare_name(cell.name)
        found = item_of(name)
        item = found.key if found is not None else None
        if item is None and THREE_PUBLIC_TOTAL.search(name) and not (has_subtotal and name == "总计"):
            item = "total"
        if item is not None:
            yield ("three_public", item, cell.column), cell


def table_quantities(tables: list[PublicTable]) -> dict[Key, list[tuple[PublicTable, TableCell]]]:
    """Every known quantity with every (table, cell) that states it, in table order."""
    out: dict[Key, list[tuple[PublicTable, TableCell]]] = {}
    for table in tables:
        for key, cell in cell_keys(table):
            out.setdefault(key, []).append((table, cell))
    return out

"""Table-specific normalisation after reading: the 三公 table's item × 预算数/决算数 shape.

The template prints 三公 as one row of 12 figures under a 3–4 row header (item / 小计 / 预算数|决算数);
budgets print one row of items, some provinces print items as rows. Whatever the orientation, every
cell ends with `name` = the item (合计, 因公出国（境）费, 公务用车购置及运行维护费, 公务用车购置费,
公务用车运行维护费, 公务接待费; other printed items such as 会议费 keep their name) and `column` =
预算数 or 决算数 (source: Shanghai 2024 final-accounts template, table 07).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import PublicTable, TableCell
from .three_public import GRAND_TOTAL, ITEMS, TOTAL, standard_name
from .titles import squeeze

# Row order of the normalised table: the totals, then the items in the template's order.
ROW_ORDER = (GRAND_TOTAL, TOTAL, *(item.name for item in ITEMS))
_AMOUNT = re.compile(r"预算数|决算数|预算|决算|执行数|金额")


def _item(parts: list[str]) -> str | None:
    """The item a header path names; 小计/合计 take the item of the heading above them."""
    for depth in range(len(parts) - 1, -1, -1):
        part = parts[depth]
        if _AMOUNT.fullmatch(part) or (_AMOUNT.search(part) and "三公" in part):
            continue
        name = standard_name(part)
        if name is not None:
            return name
        if part in ("小计", "合计", "总计"):
            above = _item(parts[:depth]) if depth else None
            return above or TOTAL
        if "三公" in part:
            return TOTAL
    return None


def _amount_column(parts: list[str], kind: str) -> str:
    for part in reversed(parts):
        if "决算" in part:
            return "决算数"
        if "预算" in part:
            return "预算数"
    return "决算数" if kind == "final" else "预算数"


def normalise_table(table: PublicTable) -> PublicTable:
    """Apply the table's normalisation (only 三公 tables change)."""
    if table.id in ("three_public", "gov_fund_three_public"):
        return _three_public(table)
    return table


def _three_public(table: PublicTable) -> PublicTable:
    cells: list[TableCell] = []
    columns: list[str] = []
    # A 合计 above both the 三公 group and 会议费/培训费 is their grand total, not the 三公 合计.
    grouped = any("三公" in p for c in table.cells for p in c.column_label.split("/")[:-1])
    for cell in table.cells:
        parts = [p for p in cell.column_label.split("/") if p]
        item = _item(parts)
        if grouped and item == TOTAL and not any("三公" in p for p in parts):
            item = GRAND_TOTAL
        if item is None:  # items are rows already: the column says 预算数/决算数
            item = _item([squeeze(cell.name)]) or cell.name
            column = _amount_column(parts, table.kind)
        else:
            column = _amount_column(parts, table.kind)
        cells.append(replace(cell, name=item, column=column, code=None, level=None))
        if column not in columns:
            columns.append(column)
    order = {name: i for i, name in enumerate(ROW_ORDER)}
    seen: dict[tuple[int, str], int] = {}
    for cell in cells:
        seen.setdefault((cell.row, cell.name), len(seen))
    row_of = {
        key: i for i, key in enumerate(sorted(seen, key=lambda k: (k[0], order.get(k[1], 99), seen[k])))
    }
    table.cells = sorted((replace(c, row=row_of[(c.row, c.name)]) for c in cells), key=lambda c: c.row)
    table.columns = columns
    return table

"""SYNTHETIC public tables for the table-audit tests, built as the table reader would (helpers.tables.model).

`table(id, [(code, name, {column: "1.00" | None}), …])` numbers the rows in order; a value of None
is a blank cell. Two-sided tables pass `side` in the row tuple: (code, name, {…}, "income").
"""

from __future__ import annotations

from decimal import Decimal

from helpers.tables.model import PublicTable, TableCell

TITLES = {
    "income_expenditure_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "appropriation_summary": "财政拨款收入支出决算总表",
    "general_budget_expenditure": "一般公共预算财政拨款支出决算表",
    "general_budget_basic": "一般公共预算财政拨款基本支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
}
LEVELS = {3: "class", 5: "section", 7: "item"}


def table(table_id: str, rows: list[tuple], *, page: int = 3, unit: str = "万元", kind: str = "final",
          empty_note: str | None = None) -> PublicTable:
    """A SYNTHETIC PublicTable; columns in the order they first appear."""
    cells: list[TableCell] = []
    columns: list[str] = []
    row_index: dict[str | None, int] = {}
    for spec in rows:
        code, name, values = spec[0], spec[1], spec[2]
        side = spec[3] if len(spec) > 3 else None
        row_index[side] = row_index.get(side, -1) + 1
        row = row_index[side] if side else len([c for c in {x.row for x in cells}])
        for column, raw in values.items():
            if column not in columns:
                columns.append(column)
            cells.append(
                TableCell(
                    row=row,
                    code=code,
                    level=LEVELS.get(len(code)) if code else None,
                    name=name,
                    side=side,
                    column=column,
                    column_label=column,
                    value=None if raw is None else Decimal(raw),
                    raw=raw or "",
                    page=page,
                    bbox=None,
                    line=None,
                )
            )
    return PublicTable(
        id=table_id,
        title=TITLES.get(table_id, table_id),
        number=None,
        kind=kind,
        pages=[page],
        unit=unit,
        columns=columns,
        cells=cells,
        empty_note=empty_note,
    )

"""The `economic` table: the 基本支出 table's economic classification (301/302/303/310 and their 款).

One row per coded row and figure column of 一般公共预算财政拨款基本支出决算表 (or its budget
equivalent): 类 (3 digits) and 款 (5 digits) of the 政府经济分类 (部门预算支出经济分类科目), with the
amount as printed and where it was read. The template shows basic expenditure by economic class down
to 款 (财预〔2016〕143号).
"""

from __future__ import annotations

from typing import Any

from ..quantities import decimals_of
from .model import PublicTable

ECONOMIC_TABLES = ("general_budget_basic", "appropriation_basic")


def economic_rows(tables: list[PublicTable]) -> list[dict[str, Any]]:
    """Rows: table_id, code, level, name, column, value (Decimal, None = not stated), decimals, unit,
    raw, page, line, kind. The document's first economic table is used (general_budget_basic first)."""
    by_id = {t.id: t for t in tables}
    table = next((by_id[i] for i in ECONOMIC_TABLES if i in by_id), None)
    if table is None:
        return []
    rows = []
    for cell in table.cells:
        if not cell.code or len(cell.code) not in (3, 5):
            continue
        rows.append({
            "table_id": table.id,
            "code": cell.code,
            "level": cell.level,
            "name": cell.name,
            "column": cell.column,
            "value": cell.value,
            "decimals": None if cell.value is None else decimals_of(cell.value),
            "unit": table.unit,
            "raw": cell.raw,
            "page": cell.page or None,
            "line": cell.line,
            "kind": table.kind,
        })
    return rows

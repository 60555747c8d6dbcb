"""Tidy long format of public tables: one row per cell (the shared `tables` frame).

Columns: table_id, table_title, table_number, kind, pages ("3-4"), unit, row, code, level, name, side,
column, column_label, value (Decimal or None), decimals (int or <NA>), raw, page, x0, top, x1,
bottom, line.
"""

from __future__ import annotations

from typing import Any

from ..quantities import decimals_of
from .model import PublicTable

TIDY_COLUMNS = (
    "table_id", "table_title", "table_number", "kind", "pages", "unit", "row", "code", "level", "name",
    "side", "column", "column_label", "value", "decimals", "raw", "page", "x0", "top", "x1", "bottom",
    "line",
)


def tidy_rows(tables: list[PublicTable]) -> list[dict[str, Any]]:
    """One dict per cell with the tidy columns."""
    rows = []
    for table in tables:
        for cell in table.cells:
            x0, top, x1, bottom = cell.bbox if cell.bbox else (None, None, None, None)
            rows.append({
                "table_id": table.id,
                "table_title": table.title,
                "table_number": table.number,
                "kind": table.kind,
                "pages": table.pages_text,
                "unit": table.unit,
                "row": cell.row,
                "code": cell.code,
                "level": cell.level,
                "name": cell.name,
                "side": cell.side,
                "column": cell.column,
                "column_label": cell.column_label,
                "value": cell.value,
                "decimals": None if cell.value is None else decimals_of(cell.value),
                "raw": cell.raw,
                "page": cell.page or None,
                "x0": x0,
                "top": top,
                "x1": x1,
                "bottom": bottom,
                "line": cell.line,
            })
    return rows


def tidy(tables: list[PublicTable]):
    """A pandas DataFrame of every cell (value stays `Decimal`; decimals, row, page, line Int64)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(tidy_rows(tables), columns=TIDY_COLUMNS)
    for name in ("row", "decimals", "page", "line"):
        frame[name] = frame[name].astype("Int64")
    for name in ("x0", "top", "x1", "bottom"):
        frame[name] = frame[name].astype("Float64")
    frame["value"] = frame["value"].astype(object)
    return frame

"""Helpers for the public-table tests: parent rows against the sum of their children."""

from __future__ import annotations

from decimal import Decimal

from helpers.tables import PublicTable


def parent_child_differences(table: PublicTable) -> list[tuple[str, str, Decimal, Decimal]]:
    """(parent code, column, parent value, sum of children) wherever a coded parent row with coded
    children (类 → 款 → 项, 3 → 5 → 7 digits; economic 3 → 5) differs from their sum; blank
    cells count as not stated and are skipped when every child is blank too."""
    by_code: dict[tuple[str, str | None, str], Decimal | None] = {}
    for cell in table.cells:
        if cell.code:
            by_code[(cell.code, cell.side, cell.column)] = cell.value
    out = []
    for (code, side, column), value in by_code.items():
        child_len = {3: 5, 5: 7}.get(len(code))
        if child_len is None:
            continue
        children = [
            v for (c, s, col), v in by_code.items()
            if len(c) == child_len and c.startswith(code) and s == side and col == column
        ]
        if not children or (value is None and all(v is None for v in children)):
            continue
        total = sum((v for v in children if v is not None), Decimal(0))
        if (value or Decimal(0)) != total:
            out.append((code, column, value, total))
    return sorted(out)

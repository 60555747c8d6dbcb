"""The public-table model: one `PublicTable` per recognised 公开表, one `TableCell` per figure cell.

Shared interface (tables, tableaudit, pdf and panel developers): names are fixed, fields may only be
added. Values are exact decimals at their stated precision; a blank cell is `None` (not stated,
never 0). Pages are 1-based, rows 0-based data rows (header rows excluded, continuing across pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LEVELS = {3: "class", 5: "section", 7: "item"}


@dataclass(frozen=True)
class TableCell:
    """One figure cell of a public table, with where it was read."""

    row: int
    code: str | None
    level: str | None
    name: str
    side: str | None
    column: str
    column_label: str
    value: Decimal | None
    raw: str
    page: int  # 1-based page of a PDF; 0 for a text input (see line)
    bbox: tuple[float, float, float, float] | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `juesuan tables --format json` (value a decimal string or null).

        `side` ("income" | "expenditure") is present only in the two-sided summary tables, where
        a row number and column alone do not tell the income cell from the expenditure cell.
        """
        data = {
            "row": self.row,
            "code": self.code,
            "name": self.name,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "page": self.page or None,  # None for a text input (cells have a line there)
        }
        if self.side is not None:
            data["side"] = self.side
        return data


@dataclass
class PublicTable:
    """A recognised public table (公开01–09表, the Sichuan extras, budget tables)."""

    id: str
    title: str
    number: str | None
    kind: str  # "final" (决算) | "budget" (预算)
    pages: list[int]
    unit: str | None
    columns: list[str]
    cells: list[TableCell] = field(default_factory=list)
    empty_note: str | None = None

    @property
    def pages_text(self) -> str:
        """Pages as "3" or "3-4" (first-last)."""
        if not self.pages:
            return ""
        first, last = min(self.pages), max(self.pages)
        return str(first) if first == last else f"{first}-{last}"

    def rows(self) -> list[list[TableCell]]:
        """Cells grouped by data row, in row order."""
        grouped: dict[int, list[TableCell]] = {}
        for cell in self.cells:
            grouped.setdefault(cell.row, []).append(cell)
        return [grouped[k] for k in sorted(grouped)]

    def cell(self, column: str, *, code: str | None = None, name: str | None = None,
             side: str | None = None) -> TableCell | None:
        """The first cell of `column` in the row with this code (or name, and side)."""
        for c in self.cells:
            if c.column != column or (side is not None and c.side != side):
                continue
            if code is not None and c.code == code:
                return c
            if code is None and name is not None and c.name == name:
                return c
        return None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `juesuan tables --format json`."""
        return {
            "id": self.id,
            "title": self.title,
            "pages": list(self.pages),
            "unit": self.unit,
            "columns": list(self.columns),
            "cells": [c.to_dict() for c in self.cells],
        }

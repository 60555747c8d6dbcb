"""What the table rules share: cells as evidence, rows by name or code, and the two verdicts.

Severity of the table rules (issue 9, item 5):
- a total against the sum of its parts: exact → no finding; off by at most one unit of the total's
  last digit (尾差未调整) → warning naming both numbers; off by more → error;
- one quantity given two values (two tables, or a table and the narrative) → error, whatever the
  size, compared at the coarser of the two stated precisions (a figure stated to 0.1 agrees with
  the cell it rounds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..quantities import to_wan_yuan
from ..tables.model import PublicTable, TableCell
from .findings import Evidence, Finding
from .tolerance import fmt

# Row labels of a table's grand total: "合计", "合 计", "总计", "本年支出合计" … (whitespace is removed).
TOTAL_ROW = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:本年)?(?:收入|支出)?(?:合计|总计)$")
# Number prefixes of printed row labels: "一、", "（一）", "1.", "其中：".
_LABEL_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|其中[:：]?)"
)


def bare_name(name: str) -> str:
    """A row label without its numbering ("一、财政拨款收入" → "财政拨款收入")."""
    return _LABEL_PREFIX.sub("", name).strip()


def cell_evidence(table: PublicTable, cell: TableCell) -> Evidence:
    """A cell as evidence: table title, row label and code, column header, page, the printed text."""
    return Evidence(
        line=cell.line,
        quote=cell.raw,
        page=cell.page,
        table=table.title,
        row=cell.name,
        code=cell.code,
        column=cell.column_label or cell.column,
    )


def cell_label(cell: TableCell) -> str:
    """ "2010301 行政运行（基本支出）"."""
    row = " ".join(x for x in (cell.code, cell.name) if x)
    return f"{row}（{cell.column}）"


def last_unit(value: Decimal) -> Decimal:
    """One unit of the last stated digit: 1.80 → 0.01, 120 → 1."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(min(0, exponent if isinstance(exponent, int) else 0))


def in_wan_yuan(table: PublicTable, value: Decimal) -> Decimal:
    """A cell value converted exactly to 万元 (the table's stated unit; 万元 when none is stated)."""
    return to_wan_yuan(value, table.unit or "万元") or value


@dataclass
class Column:
    """The cells of one column of one table (one side of a two-sided table), in row order."""

    table: PublicTable
    name: str
    side: str | None
    cells: list[TableCell]

    def by_code(self) -> dict[str, TableCell]:
        """科目编码 → cell (the first when a code is printed twice)."""
        out: dict[str, TableCell] = {}
        for cell in self.cells:
            if cell.code and cell.code not in out:
                out[cell.code] = cell
        return out

    def named(self, pattern: re.Pattern[str]) -> list[TableCell]:
        """Cells whose row label (numbering removed) matches."""
        return [c for c in self.cells if pattern.search(bare_name(c.name))]

    def totals(self) -> list[TableCell]:
        """Uncoded grand-total rows (合计, 总计, 本年支出合计 …)."""
        return [c for c in self.cells if not c.code and TOTAL_ROW.match(bare_name(c.name))]


def columns_of(table: PublicTable) -> list[Column]:
    """The table's columns (split by side for a two-sided table), cells in row order.

    A column name printed in several panels of one row (a three-panel 收支总表: 收入/金额,
    支出/功能分类/金额, 支出/支出用途/金额) is split by its printed header into one column per panel.
    """
    groups: dict[tuple[str | None, str], list[TableCell]] = {}
    for cell in sorted(table.cells, key=lambda c: c.row):
        groups.setdefault((cell.side, cell.column), []).append(cell)
    columns = []
    for (side, column), cells in groups.items():
        if len({c.row for c in cells}) == len(cells):
            columns.append(Column(table, column, side, cells))
            continue
        panels: dict[str, list[TableCell]] = {}
        for cell in cells:
            panels.setdefault(cell.column_label, []).append(cell)
        columns += [Column(table, column, side, panel) for panel in panels.values()]
    return columns


def row_cells(table: PublicTable) -> dict[tuple[int, str | None, str | None], dict[str, TableCell]]:
    """One printed row (row index, side, code) → its cells by column."""
    rows: dict[tuple[int, str | None, str | None], dict[str, TableCell]] = {}
    for cell in table.cells:
        rows.setdefault((cell.row, cell.side, cell.code), {}).setdefault(cell.column, cell)
    return rows


def sum_finding(
    rule: str,
    title: str,
    identity: str,
    table: PublicTable,
    total: TableCell,
    parts: list[TableCell],
    minus: list[TableCell] | None = None,
) -> Finding | None:
    """A printed total against the sum of its printed parts (blank parts are not stated: left out),
    less the `minus` cells (a balance: 年末 = 年初 + 收入 − 支出).

    Exact → None; off by one unit of the total's last digit → warning (尾差未调整); more → error.
    """
    stated = [p for p in parts if p.value is not None]
    subtracted = [p for p in minus or [] if p.value is not None]
    if total.value is None or not stated:
        return None
    expected = sum((p.value for p in stated), Decimal(0)) - sum(  # type: ignore[misc]
        (p.value for p in subtracted), Decimal(0)  # type: ignore[misc]
    )
    difference = total.value - expected
    if difference == 0:
        return None
    severity = "warning" if abs(difference) <= last_unit(total.value) else "error"
    terms = " + ".join(fmt(p.value) for p in stated)  # type: ignore[arg-type]
    terms += "".join(f" − {fmt(p.value)}" for p in subtracted)  # type: ignore[arg-type]
    unit = table.unit or "万元"
    verdict = (
        "相差一个末位单位，属尾差未调整（模板要求合计与分项一致）"
        if severity == "warning"
        else "超出尾差，" + ("与勾稽关系不符" if subtracted else "合计与分项不符")
    )
    message = (
        f"《{table.title}》{cell_label(total)} 为 {fmt(total.value)}{unit}，"
        f"{'按勾稽关系应为' if subtracted else '其分项之和为'} {terms} = {fmt(expected)}{unit}，"
        f"相差 {fmt(difference)}{unit}，{verdict}。"
        f"勾稽关系：{identity}。"
    )
    return Finding(
        rule=rule,
        severity=severity,
        title=title,
        message=message,
        stated=total.value,
        expected=expected,
        difference=difference,
        unit=unit,
        evidence=[cell_evidence(table, p) for p in (total, *stated, *subtracted)],
    )


def agree(a: Decimal, b: Decimal) -> bool:
    """One quantity stated twice agrees when the finer value rounds (half up) to the coarser one."""
    if a == b:
        return True
    coarse, fine = (a, b) if last_unit(a) >= last_unit(b) else (b, a)
    quantum = last_unit(coarse)
    return fine.quantize(quantum, rounding=ROUND_HALF_UP) == coarse


def nonzero(cells: Iterable[TableCell]) -> list[TableCell]:
    return [c for c in cells if c.value is not None and c.value != 0]


@dataclass(frozen=True)
class Stated:
    """One statement of a quantity: its value in 万元 (or %), where it is, and how to name it."""

    value: Decimal
    evidence: Evidence
    label: str


def stated_cell(table: PublicTable, cell: TableCell) -> Stated:
    """A cell as a statement, its value converted to 万元."""
    assert cell.value is not None
    return Stated(
        in_wan_yuan(table, cell.value), cell_evidence(table, cell), f"《{table.title}》{cell_label(cell)}"
    )


def same_quantity_finding(
    rule: str, title: str, quantity: str, first: Stated, second: Stated, unit: str = "万元"
) -> Finding | None:
    """One quantity stated twice: an error unless the two agree at the coarser stated precision."""
    if agree(first.value, second.value):
        return None
    difference = second.value - first.value
    return Finding(
        rule=rule,
        severity="error",
        title=title,
        message=(
            f"{quantity}：{first.label}为 {fmt(first.value)}{unit}，{second.label}为 "
            f"{fmt(second.value)}{unit}，相差 {fmt(difference)}{unit}。同一数字两处不一致，不属四舍五入。"
        ),
        stated=second.value,
        expected=first.value,
        difference=difference,
        unit=unit,
        evidence=[first.evidence, second.evidence],
    )

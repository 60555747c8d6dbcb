"""A page grid → its header (column leaves with their heading paths) and its data rows.

Header rows are the rows above the first data row; a data row holds a figure, a 科目编码, an
enumerated or total label with real (possibly blank) cells, or only blank cells. Each leaf heading
(a header cell with nothing below it) is one column; its path runs from the top heading down. Data
cells are matched to leaves by horizontal position, so grids whose ruled cells are fragmented (Word
tables) still land under the right heading. Side-by-side groups (the two halves of 收入支出总表,
or the two economic halves of 基本支出表) are split at each label column that follows a value column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import ascii_figures, starts_with_enumerator
from .columns import known_heading, role_of
from .grid import BBox, GridCell, PageGrid
from .titles import find_unit, match_title, squeeze

_NUMBERISH = re.compile(r"^[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
_CODEISH = re.compile(r"^[0-9]{3}(?:\s*[0-9]{2}){0,2}$")
_TOTAL = re.compile(r"(?:合计|总计|小计)$")
_META = re.compile(r"单位[：:]|部门[：:]|编制部门|部门名称|^公开|^表[一二三四五六七八九十\d]")


@dataclass
class Leaf:
    """One column: heading path (top → leaf), role, horizontal extent, group and side."""

    path: list[str]
    role: str
    x0: float
    x1: float
    group: int = 0
    side: str | None = None


@dataclass
class RowPart:
    """The part of a data row inside one side-by-side group."""

    label_texts: list[str] = field(default_factory=list)
    label_bbox: BBox | None = None
    values: dict[int, tuple[str, BBox]] = field(default_factory=dict)  # leaf index → (text, bbox)
    value_cells: set[int] = field(default_factory=set)  # leaves with a real cell (blank or not)

    @property
    def label(self) -> str:
        return " ".join(t.strip() for t in self.label_texts if t.strip())


@dataclass
class DataRow:
    grid_row: int
    top: float
    parts: dict[int, RowPart] = field(default_factory=dict)


def is_numberish(text: str) -> bool:
    """A printed figure: "1,200.50", "-3", "１，２００．５０" (full-width), spaces around allowed."""
    return bool(_NUMBERISH.match(ascii_figures(squeeze(text))))


def _is_meta_row(cells: list[GridCell]) -> bool:
    text = "".join(squeeze(c.text) for c in cells)
    if not text:
        return False
    if _META.search(text):
        return True
    return any(match_title(line) for c in cells for line in [*c.text.splitlines(), c.text])


def _is_data_row(cells: list[GridCell]) -> bool:
    texts = [squeeze(c.text) for c in cells if squeeze(c.text)]
    if any(is_numberish(t) and not _CODEISH.match(ascii_figures(t)) for t in texts):
        return True
    if texts and _CODEISH.match(ascii_figures(texts[0])):
        return True
    if not texts:
        return sum(c.blank_cell for c in cells) > 1
    known = sum(_is_heading(t) for t in texts)
    if len(texts) > 1 and known >= 2 and 2 * known >= len(texts):
        return False
    first_index = next(i for i, c in enumerate(cells) if squeeze(c.text))
    blank_after = any(c.blank_cell for c in cells[first_index + 1:])
    first = texts[0]
    return blank_after and (starts_with_enumerator(first) or bool(_TOTAL.search(first)))


def _is_heading(text: str) -> bool:
    """A known column heading (合计, 基本支出, 科目编码 …), as opposed to a row label."""
    return known_heading(text) or role_of([text]) in ("code", "name", "row_number")


def has_headings(grid: PageGrid, start: int, end: int) -> bool:
    """True when the rows [start, end) hold at least one known column heading."""
    return any(
        _is_heading(line)
        for c in grid.cells if start <= c.row0 < end
        for line in [squeeze(c.text)] if line
    )


def split_rows(grid: PageGrid) -> tuple[int, int]:
    """(first header row, first data row) of a grid; meta rows (title, 单位：) come first."""
    start = 0
    while start < grid.n_rows and (
        _is_meta_row(grid.row(start)) or not any(squeeze(c.text) for c in grid.row(start))
    ):
        start += 1
    end = start
    while end < grid.n_rows and not _starts_data(grid, end):
        end += 1
    return start, end


def _starts_data(grid: PageGrid, index: int) -> bool:
    """A data row; an all-blank row counts only when no header row follows it (ruled spacer rows
    inside a Word header)."""
    cells = grid.row(index)
    if any(squeeze(c.text) for c in cells):
        return _is_data_row(cells)
    for later in range(index + 1, grid.n_rows):
        following = grid.row(later)
        if any(squeeze(c.text) for c in following):
            return _is_data_row(following)
    return _is_data_row(cells)


def find_leaves(grid: PageGrid, start: int, end: int) -> list[Leaf]:
    """Column leaves of the header rows [start, end), left to right, grouped and sided."""
    header = [c for c in grid.cells if start <= c.row0 < end and squeeze(c.text)]
    # Sub-headings printed in the first data row of a total (template 08/09: 本年支出 → 合计/基本/项目).
    if end < grid.n_rows:
        first = grid.row(end)
        texts = [squeeze(c.text) for c in first if squeeze(c.text)]
        if texts and _TOTAL.search(texts[0]):
            label_at = next(i for i, c in enumerate(first) if squeeze(c.text))
            extra = [c for c in first[label_at + 1:] if squeeze(c.text) and not is_numberish(c.text)
                     and any(h.col0 <= c.col0 and c.col1 <= h.col1 for h in header)]
            header += extra
    leaves = []
    for cell in header:
        x0, top, x1, bottom = cell.bbox
        below = [
            o for o in header
            if o is not cell and o.bbox[1] >= bottom - 1 and min(x1, o.bbox[2]) - max(x0, o.bbox[0]) > 1
        ]
        if below:
            continue
        centre = cell.x_center
        path = [
            o.text for o in sorted(header, key=lambda o: o.bbox[1])
            if o is not cell and o.bbox[3] <= top + 1 and o.bbox[0] - 1 <= centre <= o.bbox[2] + 1
        ] + [cell.text]
        leaves.append(Leaf(path=path, role=role_of([squeeze(p) for p in path]), x0=x0, x1=x1))
    leaves.sort(key=lambda leaf: leaf.x0)
    _group(leaves)
    _widen(leaves, grid.bbox)
    return leaves


def _widen(leaves: list[Leaf], bbox: BBox) -> None:
    """Stretch each leaf to the midpoints between its neighbours, so cells of fragmented grids (a
    figure drawn in a narrow ruled cell beside its heading's cell) still fall under a heading."""
    for i, leaf in enumerate(leaves):
        left = (leaves[i - 1].x1 + leaf.x0) / 2 if i else bbox[0]
        right = (leaf.x1 + leaves[i + 1].x0) / 2 if i + 1 < len(leaves) else bbox[2]
        leaf.x0, leaf.x1 = min(leaf.x0, left), max(leaf.x1, right)


def _group(leaves: list[Leaf]) -> None:
    group, seen_value = 0, False
    for leaf in leaves:
        if leaf.role in ("code", "name") and seen_value:
            group += 1
            seen_value = False
        if leaf.role == "value":
            seen_value = True
        leaf.group = group
    if group == 0:
        return
    for leaf in leaves:
        top = squeeze(leaf.path[0])
        if "收入" in top and "支出" not in top:
            leaf.side = "income"
        elif "支出" in top and "收入" not in top:
            leaf.side = "expenditure"
    sides = {leaf.group: leaf.side for leaf in leaves if leaf.side}
    if sides:
        for leaf in leaves:
            leaf.side = sides.get(leaf.group, "expenditure" if leaf.group else "income")


def _leaf_for(cell: GridCell, leaves: list[Leaf]) -> int | None:
    x0, x1 = cell.bbox[0], cell.bbox[2]
    overlaps = [(min(x1, leaf.x1) - max(x0, leaf.x0), i) for i, leaf in enumerate(leaves)]
    overlaps = [(o, i) for o, i in overlaps if o > 0.5]
    if not overlaps:
        return None
    if len(overlaps) > 1:
        labels = [i for _, i in overlaps if leaves[i].role in ("code", "name")]
        if labels:
            return labels[0]
    return max(overlaps)[1]


def data_rows(grid: PageGrid, end: int, leaves: list[Leaf]) -> list[DataRow]:
    """The data rows from grid row `end` on, each split into its groups' labels and values."""
    rows = []
    for r in range(end, grid.n_rows):
        row = DataRow(grid_row=r, top=grid.row_top(r))
        for cell in grid.row(r):
            index = _leaf_for(cell, leaves)
            if index is None:
                continue
            leaf = leaves[index]
            part = row.parts.setdefault(leaf.group, RowPart())
            if leaf.role in ("code", "name"):
                part.label_texts.append(cell.text)
                if squeeze(cell.text):
                    part.label_bbox = _union(part.label_bbox, cell.bbox)
            elif leaf.role == "value":
                part.value_cells.add(index)
                if squeeze(cell.text):
                    old = part.values.get(index)
                    text = cell.text if old is None else old[0] + cell.text
                    part.values[index] = (text, cell.bbox if old is None else _union(old[1], cell.bbox))
        if row.parts:
            rows.append(row)
    return rows


def _union(a: BBox | None, b: BBox) -> BBox:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def header_unit(grid: PageGrid, start: int) -> str | None:
    """单位：万元/元 stated in the grid's meta rows."""
    text = "".join(c.text for c in grid.cells if c.row0 < start)
    return find_unit(text)

"""A table printed without ruling lines → the same `PageGrid` a ruled table gives.

Excel "print without gridlines", or a border with no inner lines: pdfplumber's line strategy finds
no grid, and its text strategy drops headers and sparse columns. Here the grid is rebuilt from word
positions (pdfplumber `extract_words`, page coordinates in points, top-down):

- words are grouped into printed lines by their top;
- a data line holds a figure or a dash ("1,200.50", "１，２００．５０", "—"); a block is the data lines
  with the header lines just above them (up to a title, 单位：, a note or a wide gap) and the label-only
  lines among them;
- columns are the clusters of the data words' horizontal extents (right-aligned figures and
  left-aligned names each overlap within their column), plus a heading over a column left blank on
  every row; column edges are the midpoints between clusters;
- a label-only line closer to a data line than 0.8 of the usual row pitch is a name wrapped inside
  that row's cell (a figure is centred between the wrapped lines); otherwise it is a row of its own;
- a heading spans the columns its text overlaps, widened symmetrically over neighbouring columns
  whose top heading sits on the same line as its own sub-headings (a centred group heading such as
  本年支出 over 合计|基本支出|项目支出); consecutive lines of one heading in the same columns are one cell.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from .grid import GridCell, PageGrid
from .structure import is_numberish
from .titles import match_title, squeeze

_DASHES = {"-", "—", "–", "－", "——", "/"}
_META = re.compile(r"单位[：:]|编制(?:部门|单位)|部门[：:]|^公开\d|^表[一二三四五六七八九十\d]")
_NOTE = re.compile(r"^(?:注|说明)[：:\d]|空表|无数据|为空")
_CODE_FIRST = re.compile(r"^[0-9０-９]{3}(?:[0-9０-９]{2}){0,2}$")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Line:
    words: list[_Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    def is_data(self) -> bool:
        """A figure or a dash stands on the line (a leading 科目编码 is a label, not a figure)."""
        for i, word in enumerate(self.words):
            text = squeeze(word.text)
            if text in _DASHES or (is_numberish(text) and not (i == 0 and _CODE_FIRST.match(text))):
                return True
        return False

    def is_stop(self) -> bool:
        text = squeeze(self.text)
        return bool(match_title(text) or _META.search(text) or _NOTE.search(text))


def _words(page, top: float) -> list[_Word]:
    return [
        _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in page.extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=False)
        if w["top"] >= top - 0.5 and w["text"].strip()
    ]


def _lines(words: list[_Word]) -> list[_Line]:
    """Words grouped into printed lines: a word joins the line whose first word's top is within
    half a glyph height of its own."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 1.0)
        if lines and abs(word.top - lines[-1].words[0].top) <= height / 2:
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def text_grids(page, number: int, top: float = 0.0, *, min_data: int = 2) -> list[PageGrid]:
    """Grids of the unruled tables on a pdfplumber page below `top`, top to bottom; [] when no
    block is found (an empty table, a narrative page). A block needs `min_data` data lines, or one
    under header lines (a continuation page without its header passes min_data=1)."""
    lines = _lines(_words(page, top))
    grids = []
    i = 0
    while i < len(lines):
        if not lines[i].is_data():
            i += 1
            continue
        start, end = _block(lines, i)
        data = [line for line in lines[start:end] if line.is_data()]
        if len(data) >= min_data or start < i:
            grid = _grid(lines[start:end], number)
            if grid is not None:
                grids.append(grid)
        i = end
    return grids


def _pitch(lines: list[_Line]) -> float:
    heights = [line.bottom - line.top for line in lines]
    return statistics.median(heights) if heights else 10.0


def _block(lines: list[_Line], first: int) -> tuple[int, int]:
    """[start, end) of the table around data line `first`: header lines above it, then the data
    and label lines below, up to a title/unit/note line or a gap of more than three line heights."""
    height = _pitch(lines)
    start = first
    while start > 0:
        above = lines[start - 1]
        if above.is_stop() or above.is_data() or lines[start].top - above.bottom > 3 * height:
            break
        start -= 1
    end = first + 1
    while end < len(lines):
        line = lines[end]
        if line.is_stop() or line.top - lines[end - 1].bottom > 3 * height:
            break
        end += 1
    return start, end


def _columns(header: list[_Line], body: list[_Line]) -> list[tuple[float, float]]:
    """Column extents, left to right: clusters of overlapping data words and leaf headings (header
    words with no heading below them). A cluster of headings alone next to a cluster of figures
    alone is one column (a heading centred over short right-aligned figures); a heading cluster
    between columns that have their own headings is a column left blank on every row."""
    words = [w for line in header for w in line.words]
    leaves = [w for w in words if not _has_sub_headings(w, words)]
    spans = sorted([(w.x0, w.x1, "data") for line in body for w in line.words]
                   + [(w.x0, w.x1, "head") for w in leaves])
    clusters: list[list] = []  # [x0, x1, kinds]
    for x0, x1, kind in spans:
        if clusters and x0 < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], x1)
            clusters[-1][2].add(kind)
        else:
            clusters.append([x0, x1, {kind}])
    k = 0
    while k < len(clusters):
        if clusters[k][2] == {"data"}:
            sides = [j for j in (k - 1, k + 1) if 0 <= j < len(clusters) and clusters[j][2] == {"head"}]
            if sides:
                def gap(j: int, k: int = k) -> float:
                    return max(clusters[j][0] - clusters[k][1], clusters[k][0] - clusters[j][1])

                j = min(sides, key=gap)
                a, b = min(j, k), max(j, k)
                clusters[a] = [clusters[a][0], max(clusters[a][1], clusters[b][1]), {"data", "head"}]
                del clusters[b]
                k = a
        k += 1
    return [(c[0], c[1]) for c in clusters]


def _has_sub_headings(word: _Word, words: list[_Word]) -> bool:
    """A heading with headings under it: one below overlapping it, or two on one line below whose
    centres flank its centre closely (a group heading centred over two columns, narrower than the
    gap between its sub-headings)."""
    below = [o for o in words if o is not word and o.top >= word.bottom - 1]
    if any(min(word.x1, o.x1) - max(word.x0, o.x0) > 0 for o in below):
        return True
    centre = (word.x0 + word.x1) / 2
    for left in below:
        for right in below:
            reach = 2 * max(word.x1 - word.x0, left.x1 - left.x0, right.x1 - right.x0)
            if (abs(left.top - right.top) < 2 and left.x1 <= centre <= right.x0
                    and centre - (left.x0 + left.x1) / 2 < reach
                    and (right.x0 + right.x1) / 2 - centre < reach):
                return True
    return False


def _edges(columns: list[tuple[float, float]], left: float, right: float) -> list[float]:
    """n + 1 column edges: the midpoints between neighbouring columns, the block's sides outside."""
    inner = [(columns[k][1] + columns[k + 1][0]) / 2 for k in range(len(columns) - 1)]
    return [left, *inner, right]


def _covered(x0: float, x1: float, edges: list[float]) -> tuple[int, int] | None:
    """First and last column a word lies over (by at least a third of itself or of the column)."""
    def over(k: int) -> bool:
        overlap = min(x1, edges[k + 1]) - max(x0, edges[k])
        return overlap > 0.5 and overlap >= min(x1 - x0, edges[k + 1] - edges[k]) / 3

    cols = [k for k in range(len(edges) - 1) if over(k)]
    return (cols[0], cols[-1]) if cols else None


@dataclass
class _Heading:
    text: str
    col0: int
    col1: int
    top: float
    bottom: float
    row: int


def _headings(header: list[_Line], edges: list[float]) -> list[_Heading]:
    """Header words → headings with their column spans, joined where one heading is printed in
    pieces: words of one line over the same columns (letter-spaced), and a heading wrapped onto the
    next line over the same columns."""
    words = [(row, w) for row, line in enumerate(header) for w in line.words]
    plain = [w for _, w in words]
    found: list[_Heading] = []
    for row, word in words:
        if _has_sub_headings(word, plain):
            cols = _group_span(word, plain, edges)
        else:
            cols = _covered(word.x0, word.x1, edges)
        if cols is None:
            continue
        same = next((h for h in found if h.row == row and (h.col0, h.col1) == cols), None)
        if same is not None:
            same.text += word.text
            continue
        found.append(_Heading(word.text, cols[0], cols[1], word.top, word.bottom, row))
    merged: list[_Heading] = []
    for heading in sorted(found, key=lambda h: h.top):
        above = next(
            (m for m in merged if (m.col0, m.col1) == (heading.col0, heading.col1)
             and 0 <= heading.top - m.bottom < (heading.bottom - heading.top)),
            None,
        )
        if above is not None:
            above.text += "\n" + heading.text
            above.bottom = heading.bottom
        else:
            merged.append(heading)
    return merged


def _group_span(word: _Word, words: list[_Word], edges: list[float]) -> tuple[int, int]:
    """Columns of a group heading, which is printed centred over them: from the column or column
    pair under its centre, the columns in reach on each side (no heading level with it, their
    first heading below it no higher than its own sub-headings), then the widest span in reach
    centred on it."""
    n = len(edges) - 1
    centre = (word.x0 + word.x1) / 2
    mids = [(edges[k] + edges[k + 1]) / 2 for k in range(n)]
    k = min(range(n), key=lambda i: abs(mids[i] - centre))
    e = min(range(1, n), key=lambda i: abs(edges[i] - centre), default=None)
    a, b = (e - 1, e) if e is not None and abs(edges[e] - centre) < abs(mids[k] - centre) else (k, k)
    below = [o for o in words if o is not word and o.top >= word.bottom - 1]

    def in_col(o: _Word, col: int) -> bool:  # any overlap: column edges are only estimates here
        return min(o.x1, edges[col + 1]) - max(o.x0, edges[col]) > 0.5

    children = [o for o in below if any(in_col(o, col) for col in range(a, b + 1))]
    if not children:
        return a, b
    first = min(children, key=lambda o: o.top)

    def joins(col: int) -> bool:
        if any(o is not word and in_col(o, col) and min(o.bottom, word.bottom) > max(o.top, word.top)
               for o in words):
            return False  # a heading level with this one owns the column
        under = [o for o in below if in_col(o, col)]
        if not under:
            return False
        # A heading between this one and its sub-headings' line is a leaf spanning rows beside
        # the group (本年收入 beside 本年支出 → 合计|基本支出|项目支出), not one of its columns.
        return min(o.top for o in under) >= first.top - 2

    lo, hi = a, b
    while lo > 0 and joins(lo - 1):
        lo -= 1
    while hi + 1 < n and joins(hi + 1):
        hi += 1
    # The widest span in reach whose middle is the heading's centre (within 8 % of its width).
    spans = [(x, y) for x in range(lo, a + 1) for y in range(b, hi + 1)]

    def off(span: tuple[int, int]) -> float:
        return abs((edges[span[0]] + edges[span[1] + 1]) / 2 - centre)

    centred = [sp for sp in spans if off(sp) <= max(6.0, 0.08 * (edges[sp[1] + 1] - edges[sp[0]]))]
    if centred:
        return max(centred, key=lambda sp: (sp[1] - sp[0], -off(sp)))
    return min(spans, key=off)


def _rows(body: list[_Line], label_cols: int, edges: list[float]) -> list[list[_Line]]:
    """Printed rows: each data line with the label-only lines wrapped around it (nearer to it than
    0.8 of the usual data-row pitch); any other line is a row of its own. Top to bottom."""
    data = [line for line in body if line.is_data()]
    gaps = [b.top - a.top for a, b in itertools.pairwise(data)]
    pitch = statistics.median(gaps) if gaps else 2 * _pitch(body)
    rows: dict[int, list[_Line]] = {id(line): [line] for line in data}
    for line in body:
        if line.is_data():
            continue
        labels_only = all(
            (c := _covered(w.x0, w.x1, edges)) is not None and c[1] < label_cols for w in line.words
        )
        nearest = min(data, key=lambda d: abs(d.top - line.top))
        if labels_only and abs(nearest.top - line.top) < 0.8 * pitch:
            rows[id(nearest)].append(line)
        else:
            rows[id(line)] = [line]
    return sorted((sorted(group, key=lambda x: x.top) for group in rows.values()), key=lambda g: g[0].top)


def _split_block(block: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """(header lines, body lines). A label line just above the first data line or just below the
    last one (within half the data-row pitch, left of every figure) is a wrapped name of that row;
    other lines after the last data line are not the table's."""
    data = [k for k, line in enumerate(block) if line.is_data()]
    tops = [block[k].top for k in data]
    gaps = [b - a for a, b in itertools.pairwise(tops)]
    pitch = statistics.median(gaps) if gaps else 2 * _pitch(block)
    figures_x0 = min(w.x0 for k in data for w in block[k].words if _is_value(w.text))

    def wrapped(line: _Line, anchor: _Line) -> bool:
        return abs(anchor.top - line.top) < pitch / 2 and all(w.x1 < figures_x0 for w in line.words)

    first, last = data[0], data[-1]
    while first > 0 and wrapped(block[first - 1], block[data[0]]):
        first -= 1
    end = last + 1
    while end < len(block) and wrapped(block[end], block[last]):
        end += 1
    return block[:first], block[first:end]


def _grid(block: list[_Line], number: int) -> PageGrid | None:
    header, body = _split_block(block)
    block = header + body
    columns = _columns(header, body)
    if len(columns) < 2:
        return None
    left = min(w.x0 for line in block for w in line.words) - 1
    right = max(w.x1 for line in block for w in line.words) + 1
    edges = _edges(columns, left, right)
    n_cols = len(columns)
    cells: list[GridCell] = []
    headings = _headings(header, edges)
    for h in headings:
        cells.append(GridCell(h.text, (edges[h.col0], h.top, edges[h.col1 + 1], h.bottom), h.row, h.row,
                              h.col0, h.col1))
    def column_of(word: _Word) -> int:
        return (_covered(word.x0, word.x1, edges) or (-1,))[0]

    value_cols = [column_of(w) for line in body for w in line.words if _is_value(w.text)]
    label_cols = min((k for k in value_cols if k >= 0), default=n_cols)
    rows = _rows(body, label_cols, edges)
    for r, group in enumerate(rows, start=len(header)):
        top = min(line.top for line in group)
        bottom = max(line.bottom for line in group)
        for k in range(n_cols):
            words = [w for line in group for w in line.words if column_of(w) == k]
            if words:
                lines = sorted({round(w.top) for w in words})
                text = "\n".join(
                    " ".join(w.text for w in words if round(w.top) == t) for t in lines
                )
                bbox = (min(w.x0 for w in words), min(w.top for w in words),
                        max(w.x1 for w in words), max(w.bottom for w in words))
                cells.append(GridCell(text, bbox, r, r, k, k))
            else:
                cells.append(GridCell("", (edges[k], top, edges[k + 1], bottom), r, r, k, k, blank_cell=True))
    n_rows = len(header) + len(rows)
    bbox = (left, block[0].top, right, block[-1].bottom)
    return PageGrid(number, bbox, n_rows, n_cols, cells, ruled=False)


def _is_value(text: str) -> bool:
    text = squeeze(text)
    return text in _DASHES or (is_numberish(text) and not _CODE_FIRST.match(text))

"""Reading order of a two-column narrative page: the left column, then the right one.

pdfium joins glyphs printed on one baseline into one line, so a page set in two columns whose
producer draws it row by row across both columns (some Word/WPS exports) comes out interleaved:
"一、收入情况 二、支出情况" / "本年收入…  本年支出…". Here a gutter is found: one x position where at
least three lines have a wide blank gap (≥ 12 pt, more than a word space) with prose on both sides
(four CJK characters or more, sentence punctuation on a third of the lines). Each run of lines
between full-width lines (a title across both columns) is then read as its left column, then its
right column.

Table pages are left alone: a page with a public-table title, or where lines with two or more wide
gaps (table rows) are more than a fifth of the lines; so are columns of labels or figures (no
sentence punctuation), such as the two sides of 收入支出决算总表. Positions are pdfium's, in points,
x from the left edge of an upright page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MIN_GAP = 12.0  # points: wider than any word space, narrower than any column gutter
MIN_LINES = 3
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PUNCT = re.compile(r"[，。；,;]")


@dataclass
class RawLine:
    """One pdfium line: its text, top (points from the page top, or None), horizontal extent and
    the wide blank gaps in it as (index of the space in `text`, gap's left x, gap's right x)."""

    text: str
    top: float | None
    x0: float = 0.0
    x1: float = 0.0
    gaps: list[tuple[int, float, float]] = field(default_factory=list)
    right_top: float | None = None  # top of the text after the gutter (its first glyph)


def _prose(text: str) -> bool:
    return len(_CJK.findall(text)) >= 4


def _sentences(texts: list[str]) -> bool:
    """Running text: at least a third of the lines carry sentence punctuation (，。；)."""
    return 3 * sum(bool(_PUNCT.search(t)) for t in texts) >= len(texts)


def find_gutter(lines: list[RawLine]) -> float | None:
    """The x of the gutter between two columns of prose, or None (one column, or a table)."""
    texted = [line for line in lines if line.text.strip()]
    if not texted or sum(len(line.gaps) >= 2 for line in texted) > len(texted) / 5:
        return None
    from ..tables.titles import match_title

    if any(match_title(line.text) for line in texted):
        return None  # a public table's page: its two sides are not two columns of text
    split = [line for line in texted if len(line.gaps) == 1]
    best, best_count = None, 0
    for line in split:
        _, left, right = line.gaps[0]
        x = (left + right) / 2
        holding = [o for o in split if o.gaps[0][1] <= x <= o.gaps[0][2]]
        prose = [o for o in holding if _prose(o.text[: o.gaps[0][0]]) and _prose(o.text[o.gaps[0][0] + 1:])]
        lefts = [o.text[: o.gaps[0][0]] for o in prose]
        rights = [o.text[o.gaps[0][0] + 1:] for o in prose]
        if len(prose) >= MIN_LINES and _sentences(lefts) and _sentences(rights) and len(holding) > best_count:
            best, best_count = x, len(holding)
    return best


def reading_order(lines: list[RawLine]) -> list[tuple[str, float | None]]:
    """(text, top) of every line in reading order: unchanged on a one-column page; on a two-column
    page each run of lines between full-width lines as its left column, then its right column."""
    gutter = find_gutter(lines)
    if gutter is None:
        return [(line.text, line.top) for line in lines]
    out: list[tuple[str, float | None]] = []
    left: list[tuple[str, float | None]] = []
    right: list[tuple[str, float | None]] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for line in lines:
        gap = next((g for g in line.gaps if g[1] <= gutter <= g[2]), None)
        if gap is not None:
            index = gap[0]
            left.append((line.text[:index].rstrip(), line.top))
            top = line.right_top if line.right_top is not None else line.top
            right.append((line.text[index + 1:].lstrip(), top))
        elif not line.text.strip() or line.x1 <= gutter:
            left.append((line.text, line.top))
        elif line.x0 >= gutter:
            right.append((line.text, line.top))
        else:  # across the gutter: a title or paragraph over both columns
            flush()
            out.append((line.text, line.top))
    flush()
    return out

"""Glyphs that could not be read: "(cid:N)" placeholders (a font without a Unicode mapping).

pdfminer-based converters write such a glyph as "(cid:N)"; `helpers.pdf.source` does the same for
PDFs read here. The text layer folds each placeholder to U+FFFD characters (`normalize.py`) and no
number touching one is read (`quantities.py`), so a figure with an unreadable digit is reported
here as unreadable, never read as a different number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document import Document

PLACEHOLDER = re.compile(r"\(cid:(?:\d+|\?)\)")
_TOKEN = r"\(cid:(?:\d+|\?)\)"
# A run of placeholders and digits: a figure when it holds a digit or is followed by a unit.
_UNIT = r"(?P<unit>\s*(?:万元|亿元|元|%|％|人|个|辆|项|次))?"
_RUN = re.compile(rf"(?:[\d.,]|{_TOKEN})*{_TOKEN}(?:[\d.,]|{_TOKEN})*{_UNIT}")
_LABEL = re.compile(r"[\u4e00-\u9fff“”（）]{1,12}$")
MAX_LISTED = 10


def unreadable_figures(document: Document) -> list[tuple[int, str]]:
    """(document line, quote) of every figure with at least one unreadable glyph, in order."""
    found = []
    for index, line in enumerate(document.source.original_lines):
        if "(cid:" not in line:
            continue
        for match in _RUN.finditer(line):
            core = match.group(0)
            if not (re.search(r"\d", PLACEHOLDER.sub("", core)) or match.group("unit")):
                continue
            label = _LABEL.search(line[: match.start()])
            found.append((index + 1, (label.group(0) if label else "") + core.strip()))
    return found


def unreadable_glyph_warnings(document: Document) -> list[str]:
    """One line naming where "(cid:N)" glyphs are and the figures that could not be read."""
    lines = [i + 1 for i, text in enumerate(document.source.original_lines) if PLACEHOLDER.search(text)]
    if not lines:
        return []
    glyphs = sum(len(PLACEHOLDER.findall(document.source.original_lines[i - 1])) for i in lines)
    pages = sorted({p for p in (document.page_of(i) for i in lines) if p is not None})
    if pages:
        from .source import page_ranges

        where = f"on page{'s' if len(pages) > 1 else ''} {page_ranges(pages)}"
    else:
        more = " …" if len(lines) > MAX_LISTED else ""
        where = f"on line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:MAX_LISTED]))}{more}"
    figures = unreadable_figures(document)
    listed = "; ".join(f"{document.cite(line)} “{quote}”" for line, quote in figures[:MAX_LISTED])
    if len(figures) > MAX_LISTED:
        listed += f"; and {len(figures) - MAX_LISTED} more"
    tail = f"; figures that could not be read: {listed}" if figures else "; no figure is affected"
    return [
        f"{document.name}: {glyphs} unreadable glyph(s) shown as (cid:N) (the font maps them to no "
        f"character) {where}{tail}"
    ]

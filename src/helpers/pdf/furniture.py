"""Running headers and footers: page numbers and lines repeated at the top or bottom of pages.

Rules (general, from how Word, WPS and Excel print disclosures):
- a line counts as furniture only inside the page's top or bottom band (`BAND` of the page height;
  when pdfium gives no position, the first or last `EDGE_LINES` lines of the page's text);
- there it is dropped when it is a page number in any usual dress ("— 12 —", "- 3 -", "第 3 页 共
  25 页", "共25页 第3页", "3/25", "Page 3 of 25"), or a bare number that runs with the page numbers
  (the same offset from the page index on at least two pages), or a line repeated on the edges of
  at least half of the pages (a running title such as the department's name and year; digits are
  compared as placeholders so "2024年…第 3 页" repeats too);
- a unit declaration ("单位：万元") is never furniture: the table reader and the header reader need it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .source import PdfLine, PdfPage

BAND = 0.1
EDGE_LINES = 2
MIN_PAGES_FOR_REPEATS = 3
REPEAT_SHARE = 0.5

_DASHES = "-—–─－_~·•"
PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}]+\d{{1,4}}[{_DASHES}]+"
    r"|第\d{1,4}页(?:[，,/]?共\d{1,4}页)?"
    r"|共\d{1,4}页[，,/]?第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}"
    r"|page\d{1,4}(?:of\d{1,4})?)$",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\d{1,4}$")
UNIT_DECLARATION = re.compile(r"单位[:：]")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _edge_lines(page: PdfPage) -> list[PdfLine]:
    """Non-empty lines inside the top or bottom band of the page."""
    content = [line for line in page.lines if line.text.strip()]
    if not content:
        return []
    if all(line.top is not None for line in content) and page.height > 0:
        band = BAND * page.height
        return [line for line in content if line.top <= band or line.top >= page.height - band]
    return content[:EDGE_LINES] + content[-EDGE_LINES:] if len(content) > 2 * EDGE_LINES else content


def mark_furniture(pages: list[PdfPage]) -> None:
    """Fill each page's `furniture` with the numbers of its header and footer lines."""
    edges = {page.number: _edge_lines(page) for page in pages}
    texts = {
        page.number: [(line, re.sub(r"\s+", "", line.text)) for line in edges[page.number]] for page in pages
    }
    # Bare numbers that run with the page index.
    offsets = Counter(
        int(compact) - number
        for number, items in texts.items()
        for _line, compact in items
        if BARE_NUMBER.match(compact)
    )
    running_offsets = {offset for offset, n in offsets.items() if n >= 2}
    # Lines repeated on the edges of many pages.
    with_text = [page for page in pages if page.has_text]
    repeated: set[str] = set()
    if len(with_text) >= MIN_PAGES_FOR_REPEATS:
        counts = Counter(
            key for items in texts.values() for key in {_key(compact) for _line, compact in items if compact}
        )
        needed = max(2, REPEAT_SHARE * len(with_text))
        repeated = {key for key, n in counts.items() if n >= needed}
    for page in pages:
        for line, compact in texts[page.number]:
            if not compact or UNIT_DECLARATION.search(compact):
                continue
            if (
                PAGE_NUMBER.match(compact)
                or (BARE_NUMBER.match(compact) and int(compact) - page.number in running_offsets)
                or _key(compact) in repeated
            ):
                page.furniture.add(line.number)

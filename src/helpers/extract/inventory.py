"""Every number of the document with its unit and sentence, for searching stated statistics."""

from __future__ import annotations

from ..document import Document
from ..quantities import iter_dates, iter_quantities
from .model import NumberRow

_CONTEXT = 60


def _context(document: Document, start: int, end: int) -> str:
    left, right = document.source.sentence_bounds(start, end)
    left, right = max(left, start - _CONTEXT), min(right, end + _CONTEXT)
    return document.text[left:right].strip()


def extract_numbers(document: Document) -> list[NumberRow]:
    """Numbers (with units), dates and years, in document order."""
    text = document.text
    rows: list[tuple[int, NumberRow]] = []
    for q in iter_quantities(text):
        rows.append(
            (
                q.start,
                NumberRow(
                    value=q.value,
                    unit=q.unit,
                    kind=q.kind,
                    text=document.source.span(q.start, q.end).quote,
                    line=document.source.line_at(q.start),
                    context=_context(document, q.start, q.end),
                    section=document.section_path(q.start),
                ),
            )
        )
    for start, end, iso in iter_dates(text):
        rows.append(
            (
                start,
                NumberRow(
                    value=iso,
                    unit=None,
                    kind="year" if len(iso) == 4 else "date",
                    text=document.source.span(start, end).quote,
                    line=document.source.line_at(start),
                    context=_context(document, start, end),
                    section=document.section_path(start),
                ),
            )
        )
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]

"""A PDF's text layer as a `Document`: the same line-map model as text, plus each line's page."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from .source import PdfSource, open_pdf, page_ranges

ENCODING = "pdf"


def document_from_pdf(path: Path, source: PdfSource | None = None) -> Document:
    """Body lines of every page (headers/footers dropped) as one Document with a line→page map.

    Raises PdfError for a PDF that cannot be read. Scanned pages give a warning naming them.
    """
    source = source or open_pdf(path)
    lines = source.body_lines()
    document = Document.from_text("\n".join(line.text for line in lines), encoding=ENCODING, name=str(path))
    document.line_pages = [(line.page, line.number) for line in lines]
    if document.warnings:  # from_text warned of "(cid:N)" glyphs by line: say it again with pages
        from .glyphs import unreadable_glyph_warnings

        document.warnings = unreadable_glyph_warnings(document)
    scanned = document.scanned_pages = source.scanned_pages
    if scanned:
        document.warnings.insert(
            0,
            f"{path}: pages {page_ranges(scanned)} have no text layer (scanned images): their content is "
            f"not read; run OCR on them",
        )
    return document


def locate_records(extraction, document: Document) -> None:
    """Give every extracted record (facts, mentions, functional rows, projects and their indicators,
    numbers) the page of its line when the document is a PDF; a record that has a page keeps it."""
    if document.line_pages is None:
        return
    records = [
        *extraction.facts,
        *extraction.mentions,
        *extraction.functional,
        *extraction.projects,
        *(indicator for project in extraction.projects for indicator in project.indicators),
        *extraction.numbers,
    ]
    for record in records:
        line = getattr(record, "line", 0)
        if getattr(record, "page", None) is None and line:
            record.page = document.page_of(line)

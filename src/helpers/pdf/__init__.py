"""PDF input: page text in reading order (pypdfium2), running headers/footers dropped, and the
checks that turn an unreadable PDF (encrypted, truncated, scanned, unmapped glyphs) into one line.

`open_pdf(path) -> PdfSource` reads a PDF once; `PdfSource.lines()` feeds the same line-map model
(`helpers.layout.SourceText`) text files use, with every line's page and line on that page.
The table reader (`helpers.tables`) reads grids with pdfplumber on the pages it needs.
"""

from .source import PdfLine, PdfPage, PdfSource, is_pdf, open_pdf

__all__ = ["PdfLine", "PdfPage", "PdfSource", "is_pdf", "open_pdf"]

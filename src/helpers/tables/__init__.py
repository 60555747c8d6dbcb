"""Public tables of a disclosure (公开01–09表, Sichuan 14, budget tables) as tidy, traceable cells.

Entry points: `read_pdf_tables(path)`, `read_text_tables(document)`, `tidy(tables)`,
`table_facts(tables)`. The model (`PublicTable`, `TableCell`) is the shared interface of the
tables, tableaudit, pdf and panel work.
"""

from __future__ import annotations

from .model import PublicTable, TableCell
from .reader import PdfReadError, read_pdf_tables
from .tidy import TIDY_COLUMNS, tidy, tidy_rows

__all__ = [
    "TIDY_COLUMNS",
    "PdfReadError",
    "PublicTable",
    "TableCell",
    "read_pdf_tables",
    "tidy",
    "tidy_rows",
]

"""From a decoded disclosure to typed, traceable tables."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import NotADisclosureError
from ..template import (
    SECTIONS,
    disclosure_score,
    document_kind,
    section_coverage,
    tables_present,
    titled_as_final_accounts,
)
from .facts import choose_facts, find_mentions
from .functional import NameStatement, extract_functional
from .header import find_department, find_fiscal_year, find_money_unit
from .inventory import extract_numbers
from .model import Extraction
from .projects import extract_projects
from .unreadable import find_unreadable

MIN_DISCLOSURE_MARKERS = 4
# A text titled "YYYY年度…决算" (an excerpt of one or two sections) needs fewer of the markers.
MIN_TITLED_MARKERS = 2

__all__ = ["Extraction", "NameStatement", "extract_document", "extract_path"]


def _check_kind(document: Document) -> None:
    """Raise NotADisclosureError for a budget or for a text that is not a final-accounts disclosure."""
    if document_kind(document) == "budget":
        raise NotADisclosureError(
            f"{document.name} is a budget (部门预算/单位预算), not a department final-accounts disclosure "
            "(部门决算); budgets are not supported"
        )
    score = disclosure_score(document.text)
    needed = MIN_TITLED_MARKERS if titled_as_final_accounts(document) else MIN_DISCLOSURE_MARKERS
    if score < needed:
        raise NotADisclosureError(
            f"{document.name} is not a department final-accounts disclosure (部门决算): "
            f"found {score} of the template's key phrases, need {needed}"
        )


def extract_document(document: Document, *, whole_document: bool = True) -> Extraction:
    """Read every canonical figure, functional line, project and number of a disclosure.

    Raises NotADisclosureError for a text that is not a final-accounts disclosure. With
    `whole_document=False` (an excerpt of a page, as in the regression corpus) that gate is skipped.
    """
    if whole_document:
        _check_kind(document)
    mentions = find_mentions(document)
    facts = choose_facts(document, mentions)
    functional, name_statements = extract_functional(document)
    coverage = section_coverage(document, {f.key for f in facts})
    tables = tables_present(document)
    found = [s.key for s in SECTIONS if coverage[s.key]] + [k for k, v in tables.items() if v]
    missing = [s.key for s in SECTIONS if not coverage[s.key]] + [k for k, v in tables.items() if not v]
    extraction = Extraction(
        department=find_department(document),
        fiscal_year=find_fiscal_year(document),
        unit=find_money_unit(document, mentions),
        facts=facts,
        functional=functional,
        projects=extract_projects(document),
        numbers=extract_numbers(document),
        mentions=mentions,
        sections_found=found,
        sections_missing=missing,
        encoding=document.encoding,
        source_name=document.name,
        unreadable=find_unreadable(document),
    )
    extraction.name_statements = name_statements  # type: ignore[attr-defined]
    if document.line_pages is None:  # a text input: its public tables, if any, are flattened lines
        # (a PDF's come from its ruled grids: pipeline.process_file and load attach them)
        from ..tables.text import read_text_tables
        from .from_tables import attach_tables
        from .unreadable import Unreadable

        unread: list[tuple[int, str, str]] = []
        attach_tables(extraction, read_text_tables(document, unread))
        extraction.unreadable.extend(
            Unreadable(reason="table", line=line, quote=quote, label=title) for line, quote, title in unread
        )
    if document.line_pages is not None:  # a PDF: every figure also says its page
        from ..pdf.document import locate_records

        locate_records(extraction, document)
    return extraction


def extract_path(path: Path) -> tuple[Document, Extraction]:
    """Decode and extract a disclosure file."""
    document = Document.from_path(path)
    return document, extract_document(document)

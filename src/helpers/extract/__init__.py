"""From a decoded disclosure to typed, traceable tables."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..errors import NotADisclosureError
from ..template import (
    BUDGET,
    BUDGET_TABLES,
    FINAL_ACCOUNTS,
    KINDS,
    MIN_BUDGET_MARKERS,
    SECTIONS,
    budget_score,
    budget_tables_present,
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


OPT_IN = "pass --kind budget to read it as a budget"


def resolve_kind(document: Document, kind: str | None) -> str:
    """The kind a document is read as: `kind` when given ("final_accounts" | "budget"), "auto"
    takes what template.document_kind detects (final accounts when it cannot tell); None is
    "final_accounts" (the default gate)."""
    if kind in (None, FINAL_ACCOUNTS):
        return FINAL_ACCOUNTS
    if kind == BUDGET:
        return BUDGET
    if kind == "auto":
        return BUDGET if document_kind(document) == BUDGET else FINAL_ACCOUNTS
    raise ValueError(f"unknown document kind {kind!r} (expected one of {', '.join(KINDS)} or auto)")


def check_kind(document: Document, kind: str = FINAL_ACCOUNTS) -> None:
    """Raise NotADisclosureError unless the document reads as `kind`: a final-accounts gate refuses
    a budget (saying how to opt in) and a text with too few 决算 markers; a budget gate refuses a
    final-accounts document and a text with too few budget markers (template.BUDGET_MARKERS)."""
    if kind == BUDGET:
        if document_kind(document) == FINAL_ACCOUNTS and titled_as_final_accounts(document):
            raise NotADisclosureError(
                f"{document.name} is a department final-accounts disclosure (部门决算), not a budget "
                "(部门预算/单位预算); read it without --kind budget"
            )
        score = budget_score(document.text)
        if score < MIN_BUDGET_MARKERS:
            raise NotADisclosureError(
                f"{document.name} is not a department budget (部门预算/单位预算): found {score} of the "
                f"budget's key phrases, need {MIN_BUDGET_MARKERS}"
            )
        return
    _check_kind(document)


def _check_kind(document: Document) -> None:
    """Raise NotADisclosureError for a budget or for a text that is not a final-accounts disclosure."""
    if document_kind(document) == "budget":
        raise NotADisclosureError(
            f"{document.name} is a budget (部门预算/单位预算), not a department final-accounts disclosure "
            f"(部门决算); {OPT_IN}"
        )
    score = disclosure_score(document.text)
    needed = MIN_TITLED_MARKERS if titled_as_final_accounts(document) else MIN_DISCLOSURE_MARKERS
    if score < needed:
        raise NotADisclosureError(
            f"{document.name} is not a department final-accounts disclosure (部门决算): "
            f"found {score} of the template's key phrases, need {needed}"
        )


def extract_document(
    document: Document, *, whole_document: bool = True, kind: str | None = FINAL_ACCOUNTS
) -> Extraction:
    """Read every canonical figure, functional line, project and number of a disclosure.

    `kind` is "final_accounts" (default), "budget" or "auto" (resolve_kind). Raises
    NotADisclosureError for a text that is not a disclosure of that kind. With
    `whole_document=False` (an excerpt of a page, as in the regression corpus) that gate is skipped.
    A budget's figures are its 预算数; its completeness is that of the budget table set.
    """
    kind = resolve_kind(document, kind)
    if whole_document:
        check_kind(document, kind)
    mentions = find_mentions(document)
    if kind == BUDGET:  # budget-only wording ("收入、支出预算总计 N 万元"): its 预算数 come first
        from .budget import budget_mentions

        mentions = budget_mentions(document) + mentions
    facts = choose_facts(document, mentions)
    functional, name_statements = extract_functional(document)
    if kind == BUDGET:
        present = budget_tables_present(document)
        found = [code for code, _, _ in BUDGET_TABLES if present[code]]
        missing = [code for code, _, _ in BUDGET_TABLES if not present[code]]
    else:
        coverage = section_coverage(document, {f.key for f in facts})
        tables = tables_present(document)
        found = [s.key for s in SECTIONS if coverage[s.key]] + [k for k, v in tables.items() if v]
        missing = [s.key for s in SECTIONS if not coverage[s.key]] + [k for k, v in tables.items() if not v]
    extraction = Extraction(
        department=find_department(document, kind),
        fiscal_year=find_fiscal_year(document, kind),
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
        kind=kind,
    )
    if kind == BUDGET:  # a budget's figure is its 预算数: a budget clause restating it is no comparison
        for fact in facts:
            if fact.budget is not None and fact.budget == fact.value:
                fact.budget = None
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


def extract_path(path: Path, kind: str | None = FINAL_ACCOUNTS) -> tuple[Document, Extraction]:
    """Decode and extract a disclosure file."""
    document = Document.from_path(path)
    return document, extract_document(document, kind=kind)

"""Findings of the audit: what rule fired, how serious it is, the numbers and the evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Evidence:
    """Where a reviewer can look a figure up: a source line and its exact text, or a table cell.

    Narrative figures give `line` (1-based) and `quote`; table cells give `table` (title as printed),
    `row` (label), `code` (科目编码), `column` (header as printed), `page` (1-based) and the cell text as
    `quote` (`line` too when the table was read from a text input).
    """

    line: int | None
    quote: str
    page: int | None = None
    page_line: int | None = None
    table: str | None = None
    row: str | None = None
    code: str | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """line and quote always; page (and page_line for a PDF line) and the cell fields only when set."""
        data: dict[str, Any] = {"line": self.line, "quote": self.quote}
        for name in ("page", "page_line", "table", "row", "code", "column"):
            value = getattr(self, name)
            if value is not None and not (name == "page" and value == 0):  # page 0: a text input's cell
                data[name] = value
        return data

    def order(self) -> tuple:
        """Sort key: source lines in line order; PDF table cells after them, in the rule's own order
        (a total first, then its parts: the sort is stable)."""
        return (self.line is None, self.line or 0)

    @property
    def where(self) -> str:
        """Chinese location: "第 12 行", "第 3 页第 12 行" (a PDF line) or a cell,
        "第 3 页《支出决算表》2010301 行政运行 / 基本支出"."""
        if self.table is None:
            if self.page is None:
                return f"第 {self.line} 行"
            return f"第 {self.page} 页第 {self.page_line} 行"
        place = f"第 {self.page} 页" if self.page else ""
        if self.line is not None:
            place += ("，" if place else "") + f"第 {self.line} 行"
        row = " ".join(x for x in (self.code, self.row) if x)
        return f"{place}《{self.table}》{row}" + (f" / {self.column}" if self.column else "")


@dataclass
class Finding:
    """One result of one rule."""

    rule: str
    severity: str
    title: str
    message: str
    stated: Decimal | None = None
    expected: Decimal | None = None
    difference: Decimal | None = None
    unit: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity}")

    @property
    def lines(self) -> list[int]:
        return sorted({e.line for e in self.evidence if e.line is not None})

    @property
    def pages(self) -> list[int]:
        return sorted({e.page for e in self.evidence if e.page})

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
        }
        for name in ("stated", "expected", "difference"):
            value = getattr(self, name)
            if value is not None:
                data[name] = str(value)
        if self.unit:
            data["unit"] = self.unit
        data["evidence"] = [e.to_dict() for e in self.evidence]
        return data


_LINE_CITED = re.compile(r"(?<!页)第 ?(\d+) ?行")


def locate_pages(findings: list[Finding], document) -> None:
    """Give every piece of evidence its page and line on the page when the document is a PDF, and
    say "第 3 页第 12 行" for every "第 N 行" (a document line) a message cites."""
    if getattr(document, "line_pages", None) is None:
        return
    count = len(document.line_pages)

    def cite(match: re.Match[str]) -> str:
        line = int(match.group(1))
        return document.cite(line) if 1 <= line <= count else match.group(0)

    for finding in findings:
        finding.message = _LINE_CITED.sub(cite, finding.message)
        finding.evidence = [
            replace(e, page=document.page_of(e.line), page_line=document.line_on_page(e.line))
            if e.page is None and e.line is not None
            else e
            for e in finding.evidence
        ]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; within a severity by first source line.

    Each finding's evidence is put in source-line order too (a reviewer reads top to bottom).
    """
    for finding in findings:
        finding.evidence = sorted(finding.evidence, key=Evidence.order)
    return sorted(
        findings, key=lambda f: (SEVERITY_RANK[f.severity], f.lines[:1] or [0], f.pages[:1] or [0], f.rule)
    )

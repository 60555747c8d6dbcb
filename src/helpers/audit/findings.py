"""Findings of the audit: what rule fired, how serious it is, the numbers and the evidence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Evidence:
    """A source line and the exact text a reviewer can look up; for a PDF also the page and the
    line on that page (filled by `audit` from the document's line→page map)."""

    line: int
    quote: str
    page: int | None = None
    page_line: int | None = None

    @property
    def where(self) -> str:
        """"第 3 页第 12 行" for a PDF, "第 12 行" for a text."""
        if self.page is None:
            return f"第 {self.line} 行"
        return f"第 {self.page} 页第 {self.page_line} 行"


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
        return sorted({e.line for e in self.evidence})

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
        data["evidence"] = [_evidence_dict(e) for e in self.evidence]
        return data


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    data: dict[str, Any] = {"line": evidence.line, "quote": evidence.quote}
    if evidence.page is not None:
        data.update(page=evidence.page, page_line=evidence.page_line)
    return data


def locate_pages(findings: list[Finding], document) -> None:
    """Give every piece of evidence its page and line on the page when the document is a PDF."""
    if getattr(document, "line_pages", None) is None:
        return
    for finding in findings:
        finding.evidence = [
            replace(e, page=document.page_of(e.line), page_line=document.line_on_page(e.line))
            if e.page is None
            else e
            for e in finding.evidence
        ]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; within a severity by first source line.

    Each finding's evidence is put in source-line order too (a reviewer reads top to bottom).
    """
    for finding in findings:
        finding.evidence = sorted(finding.evidence, key=lambda e: (e.line, e.quote))
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.lines[:1] or [0], f.rule))

"""Findings as a table row list (for the processed `checks` table) and as terminal text."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from typing import Any

from ..sheetsafe import terminal_text
from .findings import Finding
from .titles import finding_title, severity_label

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def checks_rows(findings: list[Finding]) -> list[dict[str, Any]]:
    rows = []
    for finding in findings:
        rows.append(
            {
                "rule": finding.rule,
                "severity": finding.severity,
                "title": finding.title,
                "message": finding.message,
                "stated": finding.stated,
                "expected": finding.expected,
                "difference": finding.difference,
                "unit": finding.unit,
                "lines": ";".join(str(line) for line in finding.lines) or None,
                "evidence": [e.to_dict() for e in finding.evidence] or None,
            }
        )
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for char in text:
        if _width(current + char) > width:
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    return lines or [""]


def findings_table(findings: list[Finding], *, color: bool = False) -> str:
    """A readable terminal listing: severity, rule, lines, message, then the quoted evidence."""
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    out = [
        f"共 {len(findings)} 条发现：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}",
        "",
    ]
    for number, finding in enumerate(findings, start=1):
        label = severity_label(finding.severity)
        if color:
            label = f"{_COLORS[finding.severity]}{label}{_RESET}"
        lines = "、".join(str(n) for n in finding.lines)
        pages = "、".join(str(n) for n in finding.pages)
        place = "；".join(p for p in (pages and f"第 {pages} 页", lines and f"第 {lines} 行") if p)
        # A rule's title states what should hold: say it was not met, so an error never reads as a pass.
        title = finding_title(finding.rule, finding.severity, finding.title)
        rule = f"「{title}」" + ("" if finding.severity == "info" else "未满足")
        out.append(f"{number:>3}. {label} {rule}  [{place or '—'}]  ({finding.rule})")
        for piece in _wrap(terminal_text(finding.message), width - 7):
            out.append(f"       {piece}")
        for evidence in finding.evidence:
            quote = textwrap.shorten(terminal_text(evidence.quote), 200, placeholder="…")
            place = f"L{evidence.line}" if evidence.table is None else evidence.where
            for i, piece in enumerate(_wrap(f"{place}: “{quote}”", width - 9)):
                out.append(("       > " if i == 0 else "         ") + piece)
        out.append("")
    return "\n".join(out)

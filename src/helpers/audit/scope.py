"""Fund scope (口径) of a figure: which 预算 a functional amount belongs to.

A 政府性基金 row and a 一般公共预算 narrative amount under the same 类 code are different quantities
(issue 9, item 3; case K03). The scope is read from the table title, or from the innermost heading of the
narrative section that names a fund; the all-funds tables (收入/支出决算表) and sections are "all_funds".
"""

from __future__ import annotations

from bisect import bisect_left

from ..document import Document
from ..extract.model import FunctionalRow

SCOPE_NAMES = {
    "general_budget": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "appropriation": "财政拨款（全部）",
    "all_funds": "全部资金",
}


def scope_of_text(text: str) -> str | None:
    """The fund a title or heading names, or None when it names none."""
    if "政府性基金" in text:
        return "gov_fund"
    if "国有资本经营" in text:
        return "state_capital"
    if "一般公共预算" in text:
        return "general_budget"
    if "财政拨款" in text:
        return "appropriation"
    return None


def offset_of_line(document: Document, line: int) -> int:
    """Logical offset of the first character of a 1-based original line (or the nearest after it)."""
    return bisect_left(document.source._line_of, line - 1)


def scope_of_row(document: Document, row: FunctionalRow) -> str:
    """general_budget | gov_fund | state_capital | appropriation | all_funds."""
    if row.source.startswith("table:"):
        return scope_of_text(row.source) or "all_funds"
    offset = offset_of_line(document, row.line)
    for heading in reversed(document.enclosing_headings(offset)):
        scope = scope_of_text(heading.title)
        if scope is not None:
            return scope
    return "all_funds"

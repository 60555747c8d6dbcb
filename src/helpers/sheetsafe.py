"""Text cells that a spreadsheet can never read as a formula (CSV and xlsx outputs).

Rule (OWASP, "CSV Injection"): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is prefixed with a single quote, so Excel, LibreOffice and Google Sheets show it
as text instead of evaluating it (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(…)`). Leading
spaces do not hide such a start. Numbers stay numbers: a text that is a plain number ("-12.50",
"+3", "-1,234.5%") or only dashes ("-", "——", a not-stated mark) cannot be a formula and is kept
as printed. Only text cells pass here; typed figures (Decimal) never do, and codes are digits.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?")
_DASHES_ONLY = re.compile(r"[-—–－/]+")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could evaluate `text` typed into a cell."""
    stripped = text.lstrip(" \u3000")
    if not stripped or stripped[0] not in FORMULA_STARTS:
        return False
    body = stripped.strip()
    return not (_PLAIN_NUMBER.fullmatch(body) or _DASHES_ONLY.fullmatch(body))


def neutralise(text: str) -> str:
    """`text` as a spreadsheet text cell: a leading quote when it could start a formula."""
    return "'" + text if is_formula_like(text) else text


def terminal_text(text: str) -> str:
    """One physical line for a terminal: control characters of data (ESC sequences, CR, tabs
    inside a cell, bidi overrides) become spaces, so data cannot move the cursor or recolour it."""
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)

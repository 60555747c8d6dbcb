"""Figures the text states but that cannot be read: glyphs without a Unicode map ("(cid:N)", from
pdfminer) and labels whose number is missing before the unit ("机关运行经费支出 万元").

Each is reported where it happens (line and quote), so a figure is never silently absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..document import Document
from ..normalize import CID_PLACEHOLDER, UNREADABLE
from .facts import FILL, MONEY
from .model import Record
from .specs import FACT_SPECS

_QUOTE_CHARS = 80


@dataclass
class Unreadable(Record):
    """A place where a figure (or the words around it) cannot be read."""

    reason: str  # "cid": glyphs without a Unicode map; "missing": no number between label and unit
    line: int
    quote: str
    key: str | None = None  # the canonical figure concerned, when its label can be read
    label: str | None = None
    placeholders: int = 0  # how many "(cid:N)" on the line


@cache
def _garbled_value_regex() -> re.Pattern[str]:
    """A label whose value is masked (U+FFFD from "(cid:N)") or empty before its money unit."""
    labels = "|".join(f"(?P<L{i}>{'|'.join(s.patterns)})" for i, s in enumerate(FACT_SPECS) if s.patterns)
    garbled = rf"[{UNREADABLE}\d.,\s]*{UNREADABLE}[{UNREADABLE}\d.,]*"
    return re.compile(rf"(?:{labels}){FILL}(?:(?P<garbled>{garbled})|(?P<missing>\s*))\s?(?P<unit>{MONEY})")


def _spec_of(match: re.Match[str]):
    for name, value in match.groupdict().items():
        if value is not None and name.startswith("L") and name[1:].isdigit():
            return FACT_SPECS[int(name[1:])]
    return None


def find_unreadable(document: Document) -> list[Unreadable]:
    """Every line with "(cid:N)" glyphs, and every label followed by its unit but no number."""
    found: list[Unreadable] = []
    source = document.source
    text = document.text
    named: dict[int, tuple[str, str]] = {}
    missing: list[Unreadable] = []
    for m in _garbled_value_regex().finditer(text):
        spec = _spec_of(m)
        if spec is None or spec.kind != "money":
            continue
        line = source.line_at(m.start("unit"))
        if m.group("garbled") is not None:
            named.setdefault(line, (spec.key, spec.label))
        elif document.part_kind(m.start()) not in ("tables", "glossary"):
            quote = source.span(m.start(), m.end()).quote
            missing.append(Unreadable("missing", line, quote, spec.key, spec.label))
    for number, original in enumerate(source.original_lines, start=1):
        count = len(CID_PLACEHOLDER.findall(original))
        if count:
            key, label = named.get(number, (None, None))
            quote = original.strip()[:_QUOTE_CHARS]
            found.append(Unreadable("cid", number, quote, key, label, count))
    return sorted(found + missing, key=lambda u: u.line)


def unreadable_warning(items: list[Unreadable], source: str) -> str | None:
    """One line for stderr naming the labels whose number is missing, or None. ("(cid:N)" glyphs
    have their own line from helpers.pdf.glyphs, in `Document.warnings`.)"""
    missing = [u for u in items if u.reason == "missing"]
    if not missing:
        return None
    listed = "; ".join(f"line {u.line} “{u.quote}”" for u in missing[:10])
    return f"{source}: {len(missing)} figure(s) stated with no number before the unit, not read: {listed}"

"""Rebuild logical paragraphs from PDF-extracted text while keeping a map to the original lines.

PDF text arrives as physical lines: narrative wrapped at a fixed width (often with an empty line
after each one), a leading space on the first line of each page, and tables flattened to one cell
per line. `SourceText` joins wrapped lines back into paragraphs, so that numbers and phrases cut
by a line wrap or a page break read whole again, and remembers for every character of the logical
text the line and column it came from.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from .normalize import is_traditional, normalize_text

_PAGE_FURNITURE = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_NUMERAL = "一二三四五六七八九十"
# Headings that always open a paragraph.
STRONG_HEADING = re.compile(
    rf"^(?:第[{_NUMERAL}]+部分|[{_NUMERAL}]+\s*[、.．]|[（(][{_NUMERAL}]+[）)]|附件\s*\d|附表)"
)
# Enumerators that open a paragraph only when the previous line ended a sentence.
WEAK_HEADING = re.compile(r"^(?:\d{1,2}\s*[.．、](?![\d])|[（(]\d{1,2}[）)])")
_SENTENCE_END = "。！？"
# A heading line ending in one of these nouns is complete even when it fills the line.
_HEADING_ENDINGS = (
    "情况",
    "说明",
    "概况",
    "部分",
    "解释",
    "附件",
    "附表",
    "表",
    "职能",
    "工作",
    "单位构成",
    "设置",
)
_CLOSING = "。！？；：:）)"
# The tail of a heading title wrapped onto its own line ("…决算情况" / "说明").
_HEADING_TAIL = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:说明|解释|决算表|明细表)$|^情况$")
_COMPLETE_TITLE = ("说明", "解释", "表")
# A 类/款/项 path still open at the end of a line: its name or amount goes on in the next line
# ("…（类）…（款）病虫害控制（项）" / "120.00 万元，…"; "…政府办公厅（室）及相关" / "机构事务（款）…").
# "目录" (table of contents) stands alone: it neither continues the title nor runs into the entries.
_TOC_LINE = re.compile(r"^目\s*录$")
_PATH_OPEN = re.compile(r"[（(][类款项][）)][^。；;！？\d]*$")
_NUMBER_TAIL = re.compile(r"[\d.,]$|万$")
_NUMBER_HEAD = re.compile(r"^(?:[\d.,]|元|%|万元)")
# A figure that cannot go on past the line end: two or more decimals ("220.00") or a complete
# thousands group ("1,234", not "1,000.0"). A digit after it starts another figure, never more of it.
_COMPLETE_NUMBER_TAIL = re.compile(r"(?<![\d.,])(?:\d+\.\d{2,}|\d{1,3}(?:,\d{3})+(?:\.\d{2,})?)$")


# East Asian Wide and Fullwidth ranges (the characters unicodedata.east_asian_width calls W or F).
_WIDE = re.compile(
    "[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f"
    "\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U00020000-\U0003fffd]"
)


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced rendering (CJK characters count two)."""
    return len(text) + len(_WIDE.findall(text))


@dataclass(frozen=True)
class Span:
    """A located piece of the source: first line (1-based), last line and the exact original text."""

    line: int
    last_line: int
    quote: str


@dataclass
class SourceText:
    """Original lines, their normalised form, and the logical text rebuilt from them."""

    original_lines: list[str]
    text: str = ""
    _line_of: array = field(default_factory=lambda: array("I"))
    _col_of: array = field(default_factory=lambda: array("I"))
    paragraph_starts: list[int] = field(default_factory=list)
    traditional: bool = False  # written in 繁體: normalised text is folded to simplified

    @classmethod
    def from_text(cls, raw: str) -> SourceText:
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        source = cls(original_lines=lines, traditional=is_traditional(raw))
        source._rebuild()
        return source

    @cached_property
    def normalized_lines(self) -> list[str]:
        return [normalize_text(line, simplified=self.traditional) for line in self.original_lines]

    # -- building -------------------------------------------------------------------------
    def _rebuild(self) -> None:
        content = [
            (i, line)
            for i, line in enumerate(self.normalized_lines)
            if line.strip() and not _PAGE_FURNITURE.match(line)
        ]
        blank_breaks = _blank_lines_mark_paragraphs(self.normalized_lines)
        threshold = _full_line_threshold([line for _, line in content])
        chars: list[str] = []
        prev_index = -1
        prev_text = ""
        in_heading = False
        for index, line in content:
            stripped = line.lstrip()
            lead = len(line) - len(stripped)
            stripped = stripped.rstrip()
            if prev_index < 0:
                new_paragraph = True
            else:
                gap_blank = blank_breaks and any(
                    not self.normalized_lines[j].strip() for j in range(prev_index + 1, index)
                )
                new_paragraph = _starts_paragraph(
                    prev_text, stripped, threshold, gap_blank=gap_blank, prev_is_heading=in_heading
                )
            if new_paragraph:
                if chars:
                    chars.append("\n")
                    self._line_of.append(prev_index)
                    self._col_of.append(len(self.original_lines[prev_index]))
                self.paragraph_starts.append(len(chars))
                in_heading = bool(STRONG_HEADING.match(stripped) or WEAK_HEADING.match(stripped))
            original = self.original_lines[index]
            for offset in range(len(stripped)):
                chars.append(original[lead + offset])
                self._line_of.append(index)
                self._col_of.append(lead + offset)
            prev_index, prev_text = index, stripped
        # Normalise the rejoined text as a whole, so a full-width number cut by a wrap
        # ("１" / "，０００．００") is folded as one number; the mapping stays one-to-one.
        self.text = normalize_text("".join(chars), simplified=self.traditional)

    # -- locating -------------------------------------------------------------------------
    def line_at(self, offset: int) -> int:
        """1-based original line of the logical character at `offset`."""
        return self._line_of[min(offset, len(self._line_of) - 1)] + 1

    def span(self, start: int, end: int) -> Span:
        """Locate a logical span: its line range and the exact original characters it covers."""
        end = max(end, start + 1)
        pieces = []
        for k in range(start, min(end, len(self.text))):
            if self.text[k] == "\n":
                continue
            line = self.original_lines[self._line_of[k]]
            col = self._col_of[k]
            if col < len(line):
                pieces.append(line[col])
        last = self._line_of[min(end, len(self.text)) - 1] + 1
        return Span(line=self.line_at(start), last_line=last, quote="".join(pieces))

    def _breaks(self, chars: str) -> list[int]:
        """Sorted offsets of `chars` in the text, computed once per text (bounds are then a bisect,
        not a scan: a text without line breaks stays linear however many numbers it holds)."""
        cache = self.__dict__.setdefault("_break_cache", {})
        key = (chars, len(self.text), id(self.text))
        if key not in cache:
            cache[key] = [m.start() for m in re.finditer(f"[{re.escape(chars)}]", self.text)]
        return cache[key]

    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the paragraph containing `offset`."""
        breaks = self._breaks("\n")
        i = bisect_left(breaks, offset)
        start = breaks[i - 1] + 1 if i > 0 else 0
        return start, breaks[i] if i < len(breaks) else len(self.text)

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence (ended by 。！？ or a paragraph break) around a span."""
        breaks = self._breaks("。！？\n")
        i = bisect_left(breaks, start)  # breaks before `start` end earlier sentences
        left = breaks[i - 1] + 1 if i > 0 else 0
        j = bisect_left(breaks, end)
        right = breaks[j] + 1 if j < len(breaks) else len(self.text)
        return left, right


def _blank_lines_mark_paragraphs(lines: list[str]) -> bool:
    """True when empty lines separate paragraphs, False when they follow nearly every line."""
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        return False
    followed = sum(1 for i in nonblank if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed / len(nonblank) < 0.5


def _full_line_threshold(lines: list[str]) -> int:
    """Width from which a line counts as filled to the wrap margin."""
    widths = sorted(display_width(line.strip()) for line in lines if display_width(line.strip()) >= 16)
    if not widths:
        return 10**6
    typical = widths[int(0.8 * (len(widths) - 1))]
    return max(16, int(typical * 0.8))


def _starts_paragraph(
    prev: str, line: str, threshold: int, *, gap_blank: bool, prev_is_heading: bool
) -> bool:
    if gap_blank or STRONG_HEADING.match(line) or _TOC_LINE.match(line) or _TOC_LINE.match(prev):
        return True
    if (
        prev_is_heading
        and not prev.endswith(tuple(_SENTENCE_END) + _COMPLETE_TITLE)
        and _HEADING_TAIL.match(line)
    ):
        return False
    if _PATH_OPEN.search(prev) and not WEAK_HEADING.match(line):
        return False
    prev_full = display_width(prev) >= threshold
    if prev_is_heading and prev.rstrip("。").endswith(_HEADING_ENDINGS):
        return True
    if WEAK_HEADING.match(line) and (not prev_full or prev.endswith(tuple(_CLOSING))):
        return True
    if _COMPLETE_NUMBER_TAIL.search(prev) and line[:1].isdigit():
        return True  # two whole figures (a table row's last cell, then the next row's code or cell)
    if _NUMBER_TAIL.search(prev) and _NUMBER_HEAD.match(line):
        return False
    if prev_full:
        return prev.endswith(tuple(_SENTENCE_END))
    if prev_is_heading:
        return True
    return prev.endswith(tuple(_CLOSING))

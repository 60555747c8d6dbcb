"""A decoded disclosure: its lines, logical text and the template structure of its headings."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from .layout import STRONG_HEADING, SourceText
from .textio import decode_bytes, read_bytes

_NUMERAL = "一二三四五六七八九十"
_LEVELS = (
    (0, re.compile(rf"^第[{_NUMERAL}]+部分")),
    (1, re.compile(r"^附件\s*\d+")),
    (2, re.compile(rf"^[{_NUMERAL}]+\s*[、.．]")),
    (3, re.compile(rf"^[（(][{_NUMERAL}]+[）)]")),
)
# A table of contents: its entries look like headings but do not open sections.
_TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
_TOC_TRAILER = re.compile(r"[\s.…·．_\-—]*\d*\s*$")
PART_KINDS = (
    ("explanation", re.compile(r"情况说明|决算说明")),
    ("glossary", re.compile(r"名词解释")),
    ("tables", re.compile(r"决算表|附表")),
    ("attachments", re.compile(r"附件")),
    ("overview", re.compile(r"概况")),
)


@dataclass(frozen=True)
class Heading:
    """A heading of the document: its nesting level, title and where it starts."""

    level: int
    title: str
    start: int
    line: int


@dataclass
class Document:
    """The disclosure text with its structure; every extractor works on one of these."""

    source: SourceText
    encoding: str
    name: str = "input"
    headings: list[Heading] = field(default_factory=list)
    # For a PDF: (page, line on that page), both 1-based, of every original line; None for text.
    line_pages: list[tuple[int, int]] | None = None
    # What could not be read (scanned pages, "(cid:N)" glyphs), one line each, for stderr and reports.
    warnings: list[str] = field(default_factory=list)
    toc_headings: list[Heading] = field(default_factory=list)  # entries of a 目录, not sections
    # For a PDF: pages with no text layer but an image (scans), 1-based.
    scanned_pages: list[int] = field(default_factory=list)

    @classmethod
    def from_path(cls, path: Path) -> Document:
        """A text file (any supported encoding) or a PDF (its text layer, see helpers.pdf)."""
        from .pdf import is_pdf

        if is_pdf(path):
            from .pdf.document import document_from_pdf

            return document_from_pdf(path)
        decoded = decode_bytes(read_bytes(path), name=str(path))
        return cls.from_text(decoded.text, encoding=decoded.encoding, name=str(path))

    @classmethod
    def from_text(cls, text: str, *, encoding: str = "utf-8", name: str = "input") -> Document:
        document = cls(source=SourceText.from_text(text), encoding=encoding, name=name)
        document.headings, document.toc_headings = _split_toc(
            document.source, list(_find_headings(document.source))
        )
        if "(cid:" in text:
            from .pdf.glyphs import unreadable_glyph_warnings

            document.warnings.extend(unreadable_glyph_warnings(document))
        return document

    def page_of(self, line: int) -> int | None:
        """1-based page of a 1-based document line; None for text input."""
        if self.line_pages is None or not 1 <= line <= len(self.line_pages):
            return None
        return self.line_pages[line - 1][0]

    def line_on_page(self, line: int) -> int:
        """The line's number on its page (PDF), else the line itself."""
        if self.line_pages is None or not 1 <= line <= len(self.line_pages):
            return line
        return self.line_pages[line - 1][1]

    def cite(self, line: int) -> str:
        """Where a line is, as a reader looks it up: "第 3 页第 12 行" (PDF) or "第 12 行" (text)."""
        page = self.page_of(line)
        if page is None:
            return f"第 {line} 行"
        return f"第 {page} 页第 {self.line_on_page(line)} 行"

    @property
    def text(self) -> str:
        """The normalised logical text (wrapped lines rejoined, one paragraph per line)."""
        return self.source.text

    def enclosing_headings(self, offset: int) -> list[Heading]:
        """Headings whose sections contain `offset`, outermost first."""
        starts, parents = self._heading_tree()
        chain: list[Heading] = []
        k = bisect_right(starts, offset) - 1
        while k >= 0:
            chain.append(self.headings[k])
            k = parents[k]
        return chain[::-1]

    def _heading_tree(self) -> tuple[list[int], list[int]]:
        """Start offsets of the headings and, for each, the index of its enclosing heading (-1 at
        the top); built once per list of headings so that every lookup is a bisect, not a scan."""
        key = (id(self.headings), len(self.headings))
        cached = self.__dict__.get("_tree")
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        stack: list[int] = []
        parents: list[int] = []
        for i, heading in enumerate(self.headings):
            while stack and self.headings[stack[-1]].level >= heading.level:
                stack.pop()
            parents.append(stack[-1] if stack else -1)
            stack.append(i)
        starts = [h.start for h in self.headings]
        self.__dict__["_tree"] = (key, starts, parents)
        return starts, parents

    def section_path(self, offset: int) -> str:
        """Titles of the enclosing headings joined by " / "."""
        return " / ".join(h.title for h in self.enclosing_headings(offset))

    def part_kind(self, offset: int) -> str:
        """Which part of the template holds `offset`: explanation, glossary, tables, ..."""
        kind = "unknown"
        for heading in self.enclosing_headings(offset):
            if heading.level <= 1:
                for name, pattern in PART_KINDS:
                    if pattern.search(heading.title):
                        kind = name
                        break
        return kind

    def has_parts(self) -> bool:
        """True when the text is divided into 第X部分 parts."""
        return any(h.level == 0 for h in self.headings)


def _find_headings(source: SourceText):
    text = source.text
    for start in source.paragraph_starts:
        end = text.find("\n", start)
        paragraph = text[start : end if end >= 0 else len(text)]
        if not STRONG_HEADING.match(paragraph):
            continue
        for level, pattern in _LEVELS:
            if pattern.match(paragraph):
                title = re.split(r"[。]", paragraph, maxsplit=1)[0][:60].strip()
                yield Heading(level=level, title=title, start=start, line=source.line_at(start))
                break


def _toc_key(title: str) -> str:
    return re.sub(r"\s+", "", _TOC_TRAILER.sub("", title))


def _split_toc(source: SourceText, headings: list[Heading]) -> tuple[list[Heading], list[Heading]]:
    """Separate the entries of a table of contents (目录) from the headings of the body.

    The entries follow a paragraph "目录"; the body begins at the first heading whose title
    repeats an entry. Without a 目录 paragraph every heading belongs to the body.
    """
    text = source.text
    toc_start = next(
        (s for s in source.paragraph_starts if _TOC_TITLE.match(text[s : source.paragraph_bounds(s)[1]])),
        None,
    )
    if toc_start is None:
        return headings, []
    entries: list[Heading] = []
    keys: set[str] = set()
    body: list[Heading] = []
    in_toc = True
    for heading in headings:
        if heading.start < toc_start:
            body.append(heading)
            continue
        key = _toc_key(heading.title)
        if in_toc and key in keys:
            in_toc = False
        if in_toc:
            entries.append(heading)
            keys.add(key)
        else:
            body.append(heading)
    if in_toc:
        return headings, []  # no body repeats the entries: not a table of contents after all
    return body, entries

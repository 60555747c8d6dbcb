"""A PDF read once: every page's text lines in reading order, with their page and position.

Shapes: `PdfSource.pages[k]` is page k+1; each `PdfPage.lines` holds every line pdfium gives
(1-based `number` on the page), `PdfPage.body` the lines left after running headers and footers
are dropped (`furniture.py`). Glyphs a font maps to no Unicode character become "(cid:N)"
placeholders, as pdfminer writes them, so text and PDF inputs report them the same way.

Errors (`PdfError`, one line, exit 2): not a PDF, truncated, encrypted with a user password,
damaged, no page, over the page limit, compressed streams that expand past the decompression
limit (`expansion.py`), or no text layer on any page (scanned images).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PdfError
from ..textio import check_regular_file, max_pdf_pages
from .columns import MIN_GAP, MIN_LINES, RawLine, reading_order
from .expansion import check_expansion
from .furniture import mark_furniture

PDF_MAGIC = b"%PDF-"
# The header may follow a little junk; the end-of-file marker may be followed by a little more.
_HEAD_WINDOW = 1024
_TAIL_WINDOW = 2048
# A page with fewer visible characters than this and an image on it is a scanned page.
_MIN_TEXT_CHARS = 1


@dataclass(frozen=True)
class PdfLine:
    """One text line of a page: its page (1-based), line number on the page (1-based), text and
    the distance of its top from the page top in points (None when pdfium gives no box)."""

    page: int
    number: int
    text: str
    top: float | None = None


@dataclass
class PdfPage:
    """One page: size in points, all its lines, which of them are running headers/footers."""

    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    furniture: set[int] = field(default_factory=set)  # line numbers dropped as headers/footers
    has_images: bool = False
    unmapped_glyphs: int = 0

    @property
    def body(self) -> list[PdfLine]:
        """The page's lines without its running headers and footers."""
        return [line for line in self.lines if line.number not in self.furniture]

    @property
    def text(self) -> str:
        """The body text of the page, lines joined by newlines."""
        return "\n".join(line.text for line in self.body)

    @property
    def has_text(self) -> bool:
        return sum(len(line.text.strip()) for line in self.lines) >= _MIN_TEXT_CHARS

    @property
    def scanned(self) -> bool:
        """No text layer but an image: a scanned page whose content cannot be read as text."""
        return not self.has_text and self.has_images


@dataclass
class PdfSource:
    """A PDF's path and pages; what `Document` and the table reader share."""

    path: Path
    pages: list[PdfPage]
    metadata: dict[str, str] = field(default_factory=dict)
    # The file's bytes as read and checked (size, %%EOF, decompression limit): the table reader
    # parses these instead of reading and checking the file a second time.
    data: bytes = field(default=b"", repr=False)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page_text(self, number: int) -> str:
        """Body text of page `number` (1-based)."""
        return self.pages[number - 1].text

    def body_lines(self) -> list[PdfLine]:
        """Every body line of the document in reading order."""
        return [line for page in self.pages for line in page.body]

    @property
    def scanned_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.scanned]

    @property
    def unmapped_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.unmapped_glyphs]


def is_pdf(path: Path) -> bool:
    """True when the file starts like a PDF (or is named .pdf, so a broken one is reported as a PDF)."""
    if path.suffix.lower() == ".pdf":
        return True
    if not path.is_file():  # a FIFO or device is never opened (opening a FIFO blocks)
        return False
    try:
        with path.open("rb") as handle:
            return PDF_MAGIC in handle.read(_HEAD_WINDOW)
    except OSError:
        return False


def open_pdf(path: Path) -> PdfSource:
    """Read every page's text; raise PdfError (one line) when the PDF cannot be read."""
    import pypdfium2 as pdfium

    data = read_checked(path)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_open_failure(path, str(exc))) from None
    try:
        count = check_page_count(path, len(document))
        metadata = {
            k: v for k, v in document.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)
        }
        pages = [_read_page(document, index, path) for index in range(count)]
    finally:
        document.close()
    mark_furniture(pages)
    source = PdfSource(path=path, pages=pages, metadata=metadata, data=data)
    if not any(page.has_text for page in pages):
        scanned = source.scanned_pages
        where = f" (scanned images on pages {page_ranges(scanned)})" if scanned else ""
        raise PdfError(f"{path}: no page has a text layer{where}; run OCR on it first")
    return source


def read_checked(path: Path) -> bytes:
    """The bytes of a PDF that may be handed to pdfium or pdfminer: a regular, non-empty file with
    a %PDF- header and an %%EOF marker whose streams do not expand past the limit (PdfError)."""
    data = _read(path)
    _check_complete(path, data)
    check_expansion(path, data)
    return data


def check_page_count(path: Path, count: int) -> int:
    """`count` when the PDF has pages and no more than the page limit, else PdfError."""
    if count == 0:
        raise PdfError(f"{path}: the PDF has no pages")
    if count > max_pdf_pages():
        raise PdfError(
            f"{path} has {count} pages, over the {max_pdf_pages()}-page input limit "
            "(raise it with --max-pages N or $JUESUAN_MAX_PDF_PAGES)"
        )
    return count


def _read(path: Path) -> bytes:
    if not path.exists():
        raise PdfError(f"no such file: {path}")
    if path.is_dir():
        raise PdfError(f"is a directory, not a file: {path}")
    check_regular_file(path)  # a FIFO or device is refused before it is opened
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise PdfError(f"file is empty: {path}")
    if PDF_MAGIC not in data[:_HEAD_WINDOW]:
        raise PdfError(f"{path} is named .pdf but is not a PDF (no %PDF- header)")
    return data


def _check_complete(path: Path, data: bytes) -> None:
    """A PDF ends with %%EOF; a download cut short does not (pdfium would silently repair it)."""
    if b"%%EOF" not in data[-_TAIL_WINDOW:]:
        raise PdfError(
            f"{path}: the PDF is truncated (no %%EOF end marker; {len(data)} bytes): download it again"
        )


def _open_failure(path: Path, reason: str) -> str:
    if "password" in reason.lower():
        return f"{path}: the PDF is encrypted with a password; give an unencrypted copy"
    return f"{path}: the PDF is damaged and cannot be opened ({reason})"


def _read_page(document, index: int, path: Path) -> PdfPage:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        page = document[index]
        textpage = page.get_textpage()
    except pdfium.PdfiumError as exc:
        raise PdfError(f"{path}: page {index + 1} cannot be read ({exc})") from None
    try:
        width, height = page.get_size()
        count = textpage.count_chars()
        text = textpage.get_text_range() if count else ""
        unmapped = {i for i in range(count) if raw.FPDFText_HasUnicodeMapError(textpage.raw, i)}
        # Glyph boxes are in unrotated page space: positions are used on upright pages only.
        upright_height = height if page.get_rotation() == 0 else None
        lines = _lines(text, textpage, upright_height, index + 1, count, unmapped)
        has_images = False
        if not text.strip():
            has_images = any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    finally:
        textpage.close()
        page.close()
    return PdfPage(
        number=index + 1,
        width=width,
        height=height,
        lines=lines,
        has_images=has_images,
        unmapped_glyphs=len(unmapped),
    )


def _lines(
    text: str, textpage, height: float | None, page_number: int, count: int, unmapped: set[int]
) -> list[PdfLine]:
    """Split pdfium's text at its line breaks; the top of each line from its first glyph's box.

    A glyph without a Unicode mapping becomes "(cid:N)", N its character code as pdfium gives it.
    """
    import pypdfium2.raw as raw

    lines: list[PdfLine] = []
    offset = 0
    aligned = len(text) == count  # character i of the text is pdfium's character i
    parts = text.split("\r\n")
    if aligned and height is not None and not unmapped and _may_have_columns(parts):
        raw_lines, start = [], 0
        for original in parts:
            raw_lines.append(_raw_line(textpage, original, start, height))
            start += len(original) + 2
        ordered = reading_order(raw_lines)
        return [PdfLine(page=page_number, number=n, text=line.replace("\r", ""), top=top)
                for n, (line, top) in enumerate(ordered, start=1)]
    for number, original in enumerate(parts, start=1):
        line, top = original, None
        if aligned:
            first = offset + (len(line) - len(line.lstrip()))
            if height is not None and first < offset + len(line):
                _left, bottom, _right, box_top = textpage.get_charbox(first)
                if box_top or bottom:
                    top = round(height - box_top, 2)
            if " " in line.strip() and not any(offset <= i < offset + len(line) for i in unmapped):
                line = _close_letter_spacing(textpage, line, offset)
            if unmapped and any(offset <= i < offset + len(line) for i in unmapped):
                line = "".join(
                    f"(cid:{raw.FPDFText_GetUnicode(textpage.raw, offset + k)})"
                    if offset + k in unmapped
                    else ch
                    for k, ch in enumerate(line)
                )
        elif unmapped:
            line = line.replace("\ufffd", "(cid:?)")
        lines.append(PdfLine(page=page_number, number=number, text=line.replace("\r", ""), top=top))
        offset += len(original) + 2
    return lines


# A line is letter-spaced when at least this share of its words are single characters (4 words or more).
_SINGLE_SHARE = 0.6
# A space pdfium inserted is letter spacing when narrower than this share of the font size.
_LETTER_GAP = 0.5


def _close_letter_spacing(textpage, line: str, offset: int) -> str:
    """Drop the spaces pdfium inserts between the glyphs of a letter-spaced line ("本 年 支 出 合 计
    1 , 2 0 0 . 5 0 万 元" → "本年支出合计1,200.50万元"), so figures read whole. Only on a line whose
    words are mostly single characters; only spaces pdfium generated (none in the content) whose gap is
    under half the font size and at most one and a half times the line's usual letter gap, so the
    wider gap between two figures or two table cells stays a space."""
    import pypdfium2.raw as raw

    words = line.split()
    if len(words) < 4 or sum(len(w) == 1 for w in words) < _SINGLE_SHARE * len(words):
        return line
    gaps: dict[int, float] = {}
    for i, ch in enumerate(line):
        if ch != " " or i == 0 or i + 1 >= len(line) or line[i - 1] == " " or line[i + 1] == " ":
            continue
        if not raw.FPDFText_IsGenerated(textpage.raw, offset + i):
            continue
        size = raw.FPDFText_GetFontSize(textpage.raw, offset + i - 1)
        after = textpage.get_charbox(offset + i + 1, loose=True)[0]
        gap = after - textpage.get_charbox(offset + i - 1, loose=True)[2]
        if size and gap < _LETTER_GAP * size:
            gaps[i] = gap
    if len(gaps) < 3:
        return line
    usual = sorted(gaps.values())[len(gaps) // 2]
    drop = {i for i, gap in gaps.items() if gap <= 1.5 * usual + 0.5}
    return "".join(ch for i, ch in enumerate(line) if i not in drop)


def _may_have_columns(parts: list[str]) -> bool:
    """Cheap test before any glyph box is read: enough lines with exactly one blank inside, and few
    with several (table rows)."""
    texted = [p.strip() for p in parts if p.strip()]
    spaced = [p.count(" ") for p in texted]
    return sum(n == 1 for n in spaced) >= MIN_LINES and sum(n >= 2 for n in spaced) <= len(texted) / 5


def _raw_line(textpage, text: str, offset: int, height: float) -> RawLine:
    """A line with its horizontal extent and its wide blank gaps, from pdfium's glyph boxes."""
    stripped = text.strip()
    if not stripped:
        return RawLine(text, None)
    first = offset + text.index(stripped[0])
    last = offset + len(text.rstrip()) - 1
    x0 = textpage.get_charbox(first)[0]
    x1 = textpage.get_charbox(last)[2]
    top = round(height - textpage.get_charbox(first)[3], 2)
    line = RawLine(text, top, x0, x1)
    for i, ch in enumerate(text):
        if ch != " " or offset + i <= first or offset + i >= last:
            continue
        left = textpage.get_charbox(offset + i - 1)[2]
        after = textpage.get_charbox(offset + i + 1)
        if after[0] - left >= MIN_GAP:
            line.gaps.append((i, left, after[0]))
            if line.right_top is None:
                line.right_top = round(height - after[3], 2)
    return line


def page_ranges(pages: list[int]) -> str:
    """"1–3, 7" for [1, 2, 3, 7]."""
    parts: list[str] = []
    start = prev = None
    for page in sorted(set(pages)):
        if start is None:
            start = prev = page
        elif page == prev + 1:
            prev = page
        else:
            parts.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = page
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(parts)

"""PDF → recognised public tables (`read_pdf_tables`).

Fast page text (pypdfium2) finds the pages that carry a table title; only those pages, and the
pages a table continues onto, go through the slower ruled-grid reader (pdfplumber). A grid with a
title above it (or inside its first rows) opens a table; a grid with no title continues the table
before it, across pages, with the row index running on. A title with no grid under it is an empty
table, with its 空表说明 when the page gives one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError, PdfError
from ..pdf.source import PdfSource
from .codes import ascii_figures, level_of, split_label, starts_with_enumerator
from .columns import label_of, standard_column
from .grid import BBox, PageGrid, TextLine, page_grids, page_lines
from .model import PublicTable, TableCell
from .normalise import normalise_table
from .structure import (
    DataRow,
    Leaf,
    data_rows,
    find_leaves,
    has_headings,
    header_unit,
    is_numberish,
    split_rows,
)
from .textgrid import text_grids
from .titles import TitleMatch, find_number, find_unit, match_title, squeeze

_EMPTY_NOTE = re.compile(
    r"(?:此表为空|本表为空|本表无数据|故本表无数据|无数据|为空表|空表|没有[^。]{0,40}(?:收入|支出|经费)|无此[^。]{0,10}(?:收入|支出))"
)
_TOTAL = re.compile(r"(?:合计|总计|小计)$")
_ROW_ENDS = ("支出", "收入", "合计", "总计", "小计", "资金", "经费", "结余", "分配", "）", ")")
_ELLIPSIS = re.compile(r"^[…\.。·]+$")
_DASHES = {"-", "—", "–", "－", "——", "/"}


class PdfReadError(InputError):
    """A PDF that cannot be opened or read (encrypted, truncated, not a PDF)."""


@dataclass
class _Pending:
    """A data row (of one side-by-side group) before its cells are frozen."""

    row: int
    name: str
    code: str | None
    side: str | None
    page: int
    values: list[tuple[Leaf, str | None, BBox | None]] = field(default_factory=list)
    group: int = 0
    label_x1: float = 0.0  # right edge of the printed label (a merged label reaches other groups)

    def has_values(self) -> bool:
        return any(text for _, text, _ in self.values)


@dataclass
class _Builder:
    """A table being read, possibly across pages."""

    table: PublicTable
    leaves: list[Leaf]
    grid_cols: int
    next_row: int = 0
    pending: list[_Pending] = field(default_factory=list)
    note_texts: list[str] = field(default_factory=list)
    ruled: bool = True  # read from ruled grids (False: rebuilt from word columns, textgrid)

    def add_rows(self, rows: list[DataRow], leaves: list[Leaf], page: int) -> None:
        if page not in self.table.pages:
            self.table.pages.append(page)
        if not any(leaf.role == "value" for leaf in self.leaves):
            self.leaves = leaves
        first_on_page = True
        for row in rows:
            used = False
            for group in sorted(row.parts):
                part = row.parts[group]
                label = part.label
                values = [
                    (leaf, part.values[i][0] if i in part.values else None,
                     part.values[i][1] if i in part.values else None)
                    for i, leaf in enumerate(leaves) if leaf.group == group and leaf.role == "value"
                ]
                texts = [t for _, t, _ in values if t and squeeze(t)]
                labelled = any(leaf.group == group and leaf.role in ("code", "name") for leaf in leaves)
                if not squeeze(label) and not texts and (labelled or not part.value_cells):
                    continue
                wordy = texts and not any(is_numberish(t) or squeeze(t) in _DASHES for t in texts)
                if wordy and (not squeeze(label) or _EMPTY_NOTE.search("".join(texts))):
                    self.note_texts.extend(texts)
                    continue
                code, name = split_label(label)
                if _ELLIPSIS.match(name) and code is None and not texts:
                    continue  # a "……" placeholder row of the template
                if _EMPTY_NOTE.search(name) and not texts:
                    self.note_texts.append(name)
                    continue
                side = next((leaf.side for leaf in leaves if leaf.group == group), None)
                previous = next((p for p in reversed(self.pending) if p.group == group), None)
                if previous is not None and self._is_fragment(code, name, texts, previous, first_on_page):
                    previous.name += name
                    continue
                if not name and code is None and texts:
                    # A label merged across groups ("支出合计" spanning 功能分类 and 支出用途): the
                    # figures belong to the labelled, figure-less part of the same printed row.
                    label_x0 = min(
                        (leaf.x0 for leaf in leaves if leaf.group == group and leaf.role != "value"),
                        default=0.0,
                    )
                    owner = next(
                        (p for p in reversed(self.pending)
                         if p.row == self.next_row and p.side == side and not p.has_values()
                         and p.label_x1 > label_x0 + 1),
                        None,
                    )
                    if owner is None and previous is not None and not previous.has_values():
                        owner = previous
                    if owner is not None:
                        owner.values = [(leaf, t, b) for leaf, t, b in values]
                        continue
                self.pending.append(
                    _Pending(self.next_row, name, code, side, page, values, group,
                             part.label_bbox[2] if part.label_bbox else 0.0)
                )
                used = True
            if used:
                self.next_row += 1
            first_on_page = False

    @staticmethod
    def _is_fragment(
        code: str | None, name: str, texts: list[str], previous: _Pending, first_on_page: bool
    ) -> bool:
        """A label piece wrapped into a row of its own ("2.政府性基金预" / "算"), or carried over
        to the top of the next page ("八、社会保障和就" / "业支出")."""
        return (
            code is None and bool(name) and not texts
            and (len(name) <= 2 or (first_on_page and len(name) <= 4))
            and not starts_with_enumerator(name) and not _TOTAL.search(name) and "其中" not in name
            and bool(previous.name) and not previous.name.endswith(_ROW_ENDS)
        )

    def finish(self) -> PublicTable:
        table = self.table
        if not table.unit:
            table.unit = None
        cells = []
        for pending in self.pending:
            for leaf, text, bbox in pending.values:
                cells.append(
                    TableCell(
                        row=pending.row,
                        code=pending.code,
                        level=level_of(pending.code),
                        name=pending.name,
                        side=pending.side,
                        column=standard_column(leaf.path, table.kind),
                        column_label=label_of(leaf.path),
                        value=_value(text),
                        raw=squeeze(text or ""),
                        page=pending.page,
                        bbox=None if bbox is None else tuple(round(v, 2) for v in bbox),
                    )
                )
        table.cells = cells
        table.columns = _ordered(standard_column(leaf.path, table.kind) for leaf in self.leaves
                                 if leaf.role == "value")
        if self.note_texts and not any(c.value is not None for c in cells):
            table.empty_note = table.empty_note or "".join(self.note_texts)
        if table.empty_note and not any(c.value is not None for c in cells):
            table.cells = []
        return normalise_table(table)


def _ordered(names) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _value(text: str | None) -> Decimal | None:
    """Exact decimal of a cell ("2,940.05" or full-width "２，９４０．０５" → Decimal("2940.05"));
    blank, a dash ("-", "—", "－") or text → None (not stated, never 0)."""
    if text is None:
        return None
    raw = ascii_figures(squeeze(text)).replace("−", "-")
    if not raw or raw in _DASHES or not is_numberish(raw):
        return None
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None


# -- pages ---------------------------------------------------------------------------------------
def _fast_page_texts(path: Path, data: bytes) -> list[str]:
    """Text of every page with pypdfium2 (about 2 ms a page); PdfError past the page limit."""
    import pypdfium2 as pdfium

    from ..pdf.source import _open_failure, check_page_count

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(_open_failure(path, str(exc))) from None
    try:
        texts = []
        for index in range(check_page_count(path, len(pdf))):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def source_page_texts(source: PdfSource) -> list[str]:
    """Every line of every page of a text layer already read, headers and footers included (a
    title the furniture rule dropped still marks its page), one string per page."""
    return ["\n".join(line.text for line in page.lines) for page in source.pages]


def _title_lines(text: str) -> list[TitleMatch]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found = []
    for i, line in enumerate(lines):
        match = match_title(line)
        if match is None and i + 1 < len(lines) and match_title(lines[i + 1]) is None:
            match = match_title(line + lines[i + 1])
        if match:
            found.append(match)
    return found


def _titles_in(lines: list[TextLine], top: float, bottom: float) -> list[tuple[TextLine, TitleMatch]]:
    inside = [line for line in lines if top - 0.5 <= line.top < bottom]
    found = []
    skip = False
    for i, line in enumerate(inside):
        if skip:
            skip = False
            continue
        match = match_title(line.text)
        if match is None and i + 1 < len(inside) and match_title(inside[i + 1].text) is None:
            match = match_title(line.text + inside[i + 1].text)
            skip = match is not None
        if match:
            found.append((line, match))
    return found


def _document_kind(texts: list[str]) -> str:
    head = squeeze("".join(texts[:3]))
    return "final" if head.count("决算") > head.count("预算") else "budget"


def read_pdf_tables(path: Path, source: PdfSource | None = None) -> list[PublicTable]:
    """Every recognised public table of a disclosure PDF, in page order.

    `source`: the PDF's text layer already read (`helpers.pdf.open_pdf`), whose page texts find the
    table pages instead of a second pypdfium2 pass; without it the reader reads them itself, so
    `juesuan tables PATH` works alone. Raises PdfReadError (one line) when the file cannot be opened
    as a PDF.
    """
    from ..pdf.source import read_checked

    if source is not None and source.data:
        data, texts = source.data, source_page_texts(source)  # checked and read once already
    else:
        try:
            data = read_checked(path)  # not a PDF, truncated, a decompression bomb: one line
            texts = _fast_page_texts(path, data)
        except PdfError as exc:
            raise PdfReadError(str(exc)) from None
    default_kind = _document_kind(texts)
    titled = {i + 1 for i, text in enumerate(texts) if _title_lines(text)}
    if not titled:
        return []
    tables: list[PublicTable] = []
    current: _Builder | None = None
    pdf = _open_plumber(path, data, len(texts))
    with pdf:
        for number in range(1, len(texts) + 1):
            continuing = current is not None and current.table.pages[-1] == number - 1
            if number not in titled and not continuing:
                continue
            page = pdf.pages[number - 1]
            grids = [grid for grid in page_grids(page, number) if grid.n_cols >= 2]
            if not grids and (number in titled or (current is not None and not current.ruled)):
                # No ruled grid (Excel printed without gridlines; a lone outer frame is no grid):
                # rebuild it from the words' columns.
                unruled = current is not None and not current.ruled and number not in titled
                grids = [g for g in text_grids(page, number, min_data=1 if unruled else 2)
                         if _plausible_text_grid(g, current)]
            lines = page_lines(page)
            if not grids and number not in titled:
                _close(current, tables)
                current = None
                continue
            current = _read_page(page_number=number, grids=grids, lines=lines, current=current,
                                 tables=tables, default_kind=default_kind)
        _close(current, tables)
    return split_state_capital(tables)


def _open_plumber(path: Path, data: bytes, pages: int):
    """pdfplumber on the file; when pdfminer cannot parse it (a damaged cross-reference table that
    pdfium repaired on its own), on pdfium's re-saved copy of it, so both readers see one document."""
    import io

    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        first = exc
    try:
        repaired = pdfplumber.open(io.BytesIO(_resaved(data)))
    except Exception:
        raise PdfReadError(f"{path}: cannot read the PDF ({_reason(first)})") from None
    if len(repaired.pages) != pages:
        repaired.close()
        raise PdfReadError(f"{path}: cannot read the PDF ({_reason(first)})")
    return repaired


def _resaved(data: bytes) -> bytes:
    """The document as pdfium re-writes it (a fresh cross-reference table)."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    finally:
        document.close()


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def split_state_capital(tables: list[PublicTable]) -> list[PublicTable]:
    """Sichuan's 14-table set prints 国有资本经营预算财政拨款收入支出决算表 and …支出决算表 side by side:
    with both present they are `state_capital_income` and `state_capital_expenditure`."""
    capital = [t for t in tables if t.id == "state_capital"]
    with_income = [t for t in capital if "收入" in t.title]
    if len(capital) >= 2 and 0 < len(with_income) < len(capital):
        for table in capital:
            table.id = "state_capital_income" if "收入" in table.title else "state_capital_expenditure"
    return tables


def _new_table(match: TitleMatch, number: str | None, unit: str | None, kind: str, page: int) -> PublicTable:
    return PublicTable(id=match.id, title=match.title, number=number, kind=match.kind or kind,
                       pages=[page], unit=unit, columns=[])


def _read_page(*, page_number: int, grids: list[PageGrid], lines: list[TextLine],
               current: _Builder | None, tables: list[PublicTable], default_kind: str) -> _Builder | None:
    cursor = 0.0
    for grid in grids:
        start, end = split_rows(grid)
        header_top = grid.row_top(start) if start < grid.n_rows else grid.bbox[3]
        titles = _titles_in(lines, cursor, header_top)
        region = [line.text for line in lines if cursor - 0.5 <= line.top < header_top]
        if titles and _continues(current, titles, page_number):
            titles = []  # the title repeated over a continuation page (Excel's print titles, "（续）")
        if titles:
            _close(current, tables)
            line, match = titles[-1]
            around = "".join(region)
            unit = find_unit(around) or header_unit(grid, start)
            leaves = find_leaves(grid, start, end)
            table = _new_table(match, find_number(around), unit, default_kind, page_number)
            current = _Builder(table, leaves, grid.n_cols)
            # Empty tables titled between the previous grid and this one.
            for _, empty in titles[:-1]:
                tables.append(_new_table(empty, None, unit, default_kind, page_number))
        elif current is not None:
            leaves = find_leaves(grid, start, end) if end > start else current.leaves
            if not any(leaf.role == "value" for leaf in leaves) or not has_headings(grid, start, end):
                # No header repeated on this page: every row is data, under the table's columns.
                leaves, end = current.leaves, start
        else:
            cursor = grid.bbox[3]
            continue
        if not any(leaf.role == "value" for leaf in leaves):
            cursor = grid.bbox[3]
            continue
        current.ruled = grid.ruled
        current.add_rows(data_rows(grid, end, leaves), leaves, page_number)
        below = [line.text for line in lines if grid.bbox[3] <= line.top]
        note = _note_after(below)
        if note:
            current.note_texts.append(note)
        cursor = grid.bbox[3]
    # Titles after the last grid: tables printed without a grid (empty, with their note).
    rest = _titles_in(lines, cursor, float("inf"))
    for line, match in rest:
        after = [x.text for x in lines if x.top > line.top]
        _close(current, tables)
        table = _new_table(match, find_number("".join(after[:3])), find_unit("".join(after[:3])),
                           default_kind, page_number)
        # A title at the foot of a page opens a table whose grid starts on the next page; with
        # neither grid nor 空表说明 it is dropped at close (a contents line, a caption).
        current = _Builder(table, [], 0)
        note = _note_after(after)
        if note:
            current.note_texts.append(note)
    return current


_CONTINUED = re.compile(r"[（(]?续(?:表|页)?[）)]?$")


def _continues(current: _Builder | None, titles: list[tuple[TextLine, TitleMatch]], page: int) -> bool:
    """True when the only title above a grid repeats the title of the table read up to the foot of
    the previous page ("（续）", "(续表)" or word for word): that table goes on, it is not a new one."""
    if current is None or not current.leaves or len(titles) != 1 or current.table.pages[-1] != page - 1:
        return False
    match = titles[0][1]
    base = _CONTINUED.sub("", squeeze(match.title))
    return match.id == current.table.id and (base == _CONTINUED.sub("", squeeze(current.table.title))
                                             or base != squeeze(match.title))


def _plausible_text_grid(grid: PageGrid, current: _Builder | None) -> bool:
    """An unruled block is a table when its header names a known column (合计, 决算数, 基本支出 …) or
    it continues an unruled table from the previous page; figures in running text are not."""
    start, end = split_rows(grid)
    if has_headings(grid, start, end):
        return True
    return current is not None and not current.ruled and bool(current.leaves)


def _close(current: _Builder | None, tables: list[PublicTable]) -> None:
    """Finish a table and keep it when it has a grid or an empty-table note."""
    if current is None:
        return
    if current.leaves or current.note_texts or current.pending:
        tables.append(current.finish())


# Lines searched below a title or grid for a 空表说明: an unruled empty table prints its header lines
# (up to a dozen with wrapped headings) between the title and the note.
_NOTE_WINDOW = 16


def _note_after(lines: list[str]) -> str | None:
    """A 空表说明 among the first lines below a table (stops at the next title)."""
    for text in lines[:_NOTE_WINDOW]:
        if match_title(text):
            return None
        if _EMPTY_NOTE.search(squeeze(text)):
            return squeeze(text)
    return None


def read_tables_path(path: Path, *, text: bool = False, source: PdfSource | None = None) -> list[PublicTable]:
    """Tables of a disclosure file: a PDF's ruled grids or, with `text`, the flattened tables of a
    text file. `source`: the PDF's text layer when the caller has read it already. Raises
    InputError (one line) for a missing or empty file, a damaged PDF, a non-PDF without `text`, or
    a file that is neither a PDF nor decodable text.
    """
    from ..textio import check_regular_file

    check_regular_file(path)  # missing, a folder, a FIFO or device: one line, nothing opened
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise InputError(f"{path}: the file is empty")
    if b"%PDF-" in head or path.suffix.lower() == ".pdf":
        return read_pdf_tables(path, source)
    if not text:
        raise InputError(f"{path}: not a PDF file (the public tables are read from disclosure PDFs)")
    from ..document import Document
    from .text import read_text_tables

    return read_text_tables(Document.from_path(path))

"""Public tables out: JSON, tidy CSV, a plain-text listing and an xlsx workbook (openpyxl).

xlsx: one sheet per table (title, pages and unit on top, then one row per data row with 科目编码 kept
as text so "2010101" never becomes a number, and one column per standard column); decimals are
written as numbers with their stated number of places as the cell format.

Every text cell of the CSV and the workbook (titles, column headings, row names, printed text) goes
through `sheetsafe.neutralise` and is stored as text: a cell printed as `=HYPERLINK(…)` can never
become a live formula. The plain listing passes `sheetsafe.terminal_text` (no control characters).
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

from ..quantities import decimals_of
from ..sheetsafe import neutralise, terminal_text
from .model import PublicTable
from .tidy import TIDY_COLUMNS, tidy_rows


def tables_json(tables: list[PublicTable]) -> str:
    """`{"tables": [...]}` as printed by `juesuan tables --format json`."""
    return json.dumps({"tables": [t.to_dict() for t in tables]}, ensure_ascii=False, indent=2) + "\n"


def tables_csv(tables: list[PublicTable]) -> str:
    """The tidy frame as CSV (decimals exactly as printed, blank for not stated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    for row in tidy_rows(tables):
        writer.writerow([_csv_cell(row[c]) for c in TIDY_COLUMNS])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    """A tidy value as CSV text: figures exactly as printed, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _wide(table: PublicTable) -> tuple[list[str], list[list[object]]]:
    """Header and rows of one table in its printed (wide) shape."""
    keys: list[tuple[str | None, str]] = []
    for cell in table.cells:
        key = (cell.side, cell.column)
        if key not in keys:
            keys.append(key)
    two_sided = any(side for side, _ in keys)
    columns = list(dict.fromkeys(c for _, c in keys))
    header = ["行", "科目编码", "名称"] + (["收支方"] if two_sided else []) + columns
    rows: dict[tuple[int, str | None, str], dict[str, object]] = {}
    for cell in table.cells:
        key = (cell.row, cell.side, cell.name)
        # A text cell (采购组织形式 …) is shown as printed; a blank cell stays empty (not stated).
        shown = cell.value if cell.value is not None else (cell.raw or None)
        rows.setdefault(key, {"code": cell.code})[cell.column] = shown
    out = []
    ordered = sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] == "expenditure"))
    for (row, side, name), values in ordered:
        side_text = {"income": "收入", "expenditure": "支出"}.get(side or "", "")
        line = [row, values.get("code"), name] + ([side_text] if two_sided else [])
        out.append(line + [values.get(c) for c in columns])
    return header, out


def wide_rows(table: PublicTable) -> tuple[dict[str, str], list[dict[str, object]]]:
    """One table as printed, for display: {key: Chinese heading} and one dict per data row
    (科目编码 as text, figures as `Decimal`, None for a blank cell)."""
    header, rows = _wide(table)
    keys = ["row", "code", "name"] + (["side"] if "收支方" in header else []) + [
        f"c{i}" for i in range(len(header) - (4 if "收支方" in header else 3))
    ]
    headings = dict(zip(keys, header, strict=True))
    del headings["row"]
    return headings, [dict(zip(keys, row, strict=True)) for row in rows]


def tables_text(tables: list[PublicTable]) -> str:
    """A plain listing: one block per table, tab-separated rows."""
    blocks = []
    for table in tables:
        head = f"# {table.id}  {table.title}  第{table.pages_text}页  单位：{table.unit or '未注明'}"
        lines = [terminal_text(head)]
        if table.empty_note:
            lines.append(terminal_text(f"空表说明：{table.empty_note}"))
        header, rows = _wide(table)
        if rows:
            lines.append("\t".join(terminal_text(str(h)) for h in header))
            for row in rows:
                lines.append("\t".join("" if v is None else terminal_text(str(v)) for v in row))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def tables_xlsx(tables: list[PublicTable]) -> bytes:
    """An xlsx workbook with one sheet per table; codes are text, figures numbers at stated places."""
    from openpyxl import Workbook

    from .outfile import XLSX_CREATOR

    book = Workbook()
    book.properties.creator = XLSX_CREATOR  # lets a later `tables --out` recognise its own file
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        name = _SHEET_BAD.sub("_", table.id)[:28] or "table"
        base, n = name, 2
        while name in used:
            name, n = f"{base[:26]}_{n}", n + 1
        used.add(name)
        sheet = book.create_sheet(name)
        _append(sheet, [table.title])
        _append(sheet, [f"页码 {table.pages_text}", f"单位：{table.unit or '未注明'}", table.number or ""])
        if table.empty_note:
            _append(sheet, [f"空表说明：{table.empty_note}"])
        header, rows = _wide(table)
        _append(sheet, header)
        for row in rows:
            _append(sheet, row)
            current = sheet.max_row
            code_cell = sheet.cell(row=current, column=2)
            code_cell.number_format = "@"
            if row[1] is not None:
                code_cell.value = neutralise(str(row[1]))
                code_cell.data_type = "s"
            for index, value in enumerate(row, start=1):
                if isinstance(value, Decimal):
                    places = decimals_of(value)
                    sheet.cell(row=current, column=index).number_format = (
                        "0" if places == 0 else "0." + "0" * places
                    )
    if not tables:
        book.create_sheet("tables").append(["未识别到公开表"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _append(sheet, values: list[object]) -> None:
    """One row: figures as numbers, every text cell neutralised and typed as text (openpyxl would
    otherwise store any string that starts with "=" as a formula)."""
    sheet.append([neutralise(v) if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=index).data_type = "s"

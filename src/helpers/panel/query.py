"""Read-only SQL on the panel (`juesuan sql`).

Two locks: the statement must parse as a single SELECT (DuckDB's own parser decides, so
`WITH … SELECT`, `FROM t`, `DESCRIBE t` and `SUMMARIZE t` pass while INSERT, COPY, ATTACH, SET,
PRAGMA or CALL do not), and the database is opened read-only with file-system access disabled
(no read_csv of /etc, no COPY TO), settings locked. Results keep DECIMALs exact.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from wcwidth import wcswidth, wcwidth

from .refresh import PanelError

FORMATS = ("table", "csv", "json")


class WritingSqlError(PanelError):
    """The statement would write: the panel is read-only."""


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def check_read_only(sql: str) -> None:
    """Raise unless `sql` is exactly one SELECT statement."""
    import duckdb

    if not sql.strip():
        raise PanelError("empty SQL: give one SELECT statement")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise PanelError(f"SQL does not parse: {_first_line(exc)}") from None
    if not statements:
        raise PanelError("empty SQL: give one SELECT statement")
    if len(statements) > 1:
        raise PanelError(f"{len(statements)} statements given: run one SELECT at a time")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise WritingSqlError(f"refused: only SELECT queries run on the panel (read-only), not {kind.name}")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


SQL_MEMORY_LIMIT = "1GB"
"""DuckDB's memory limit for `juesuan sql` (a cross join or DISTINCT over a huge range took 4.7 GB
on the shared machine); a query past it fails in one line. Nothing spills to disk."""


def connect_read_only(db: Path):
    """A read-only connection with file-system access disabled, memory bounded (SQL_MEMORY_LIMIT,
    no temporary files) and settings locked (raises PanelError)."""
    import duckdb

    if not db.is_file():
        raise PanelError(f"no panel at {db}: build it with `juesuan panel` (or `juesuan run`)")
    try:
        return duckdb.connect(
            str(db),
            read_only=True,
            config={
                "enable_external_access": False,
                "memory_limit": SQL_MEMORY_LIMIT,
                "temp_directory": "",
                "lock_configuration": True,
            },
        )
    except duckdb.Error as exc:
        raise PanelError(f"cannot open the panel {db}: {_first_line(exc)}") from None


def run_query(db: Path, sql: str, parameters: list[Any] | dict[str, Any] | None = None) -> Result:
    """Run one read-only SELECT on the panel; raises PanelError (WritingSqlError for writes)."""
    import duckdb

    check_read_only(sql)
    con = connect_read_only(db)
    try:
        cursor = con.execute(sql, parameters) if parameters is not None else con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        return Result(columns, cursor.fetchall())
    except duckdb.PermissionException as exc:
        raise WritingSqlError(f"refused: {_first_line(exc)}") from None
    except duckdb.Error as exc:
        raise PanelError(f"query failed: {_first_line(exc)}") from None
    finally:
        con.close()


# -- output -------------------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    """A JSON-ready value: decimals as exact strings, dates ISO, non-finite floats null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    plain = _plain(value)
    if isinstance(plain, list | dict):
        return json.dumps(plain, ensure_ascii=False)
    return "" if plain is None else str(plain)


def as_json(result: Result) -> str:
    """A list of objects, one per row (column order kept)."""
    records = [dict(zip(result.columns, map(_plain, row), strict=True)) for row in result.rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def as_csv(result: Result) -> str:
    """CSV of the result: typed figures as written, text cells never a spreadsheet formula."""
    from ..sheetsafe import neutralise

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([neutralise(v) if isinstance(v, str) else _cell(v) for v in row])
    return buffer.getvalue()


def _width(text: str) -> int:
    """Terminal display width: CJK wide and full-width characters count 2, combining marks and
    zero-width characters 0 (wcwidth, the Unicode East Asian Width and general-category tables)."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def as_table(result: Result) -> str:
    """Aligned columns (CJK counted double width), numbers right-aligned, NULL shown as blank."""
    cells = [[_clean(_cell(v)) for v in row] for row in result.rows]
    numeric = [
        all(
            isinstance(row[i], int | float | Decimal) and not isinstance(row[i], bool)
            for row in result.rows
            if row[i] is not None
        )
        for i in range(len(result.columns))
    ]
    widths = [
        max([_width(c) for c in [name] + [row[i] for row in cells]]) for i, name in enumerate(result.columns)
    ]
    lines = [
        "  ".join(_pad(n, w, False) for n, w in zip(result.columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in cells:
        lines.append("  ".join(_pad(c, w, r) for c, w, r in zip(row, widths, numeric, strict=True)).rstrip())
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _clean(text: str) -> str:
    """One physical line per cell: control characters of data never reach the terminal."""
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return as_json(result)
    if fmt == "csv":
        return as_csv(result)
    return as_table(result)


def headline_figures(db: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """(department id, year) -> the `headline` table's figures, for the reports index; {} when the
    panel is missing or unreadable (the index never fails because of it)."""
    import duckdb

    if not db.is_file():
        return {}
    try:
        con = connect_read_only(db)
    except PanelError:
        return {}
    try:
        cursor = con.execute("SELECT * FROM headline")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return {(r["department_id"], int(r["fiscal_year"])): r for r in rows}

"""The panel: every department-year's processed tables in one DuckDB file, queried with SQL.

`refresh_panel(paths)` builds or updates `data/processed/juesuan.duckdb` (tables catalog, facts,
functional, economic, tables, projects, findings, keyed by department_id and fiscal_year; table
headline); `run_query(db, sql)` runs one read-only SELECT on it.
"""

from .query import FORMATS, Result, WritingSqlError, render, run_query
from .refresh import PanelError, RefreshSummary, refresh_panel

__all__ = [
    "FORMATS",
    "PanelError",
    "RefreshSummary",
    "Result",
    "WritingSqlError",
    "refresh_panel",
    "render",
    "run_query",
]

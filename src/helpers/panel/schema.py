"""The panel's tables: which processed Parquet file feeds each, and the columns it has when empty.

Every data table starts with the keys `department_id`, `fiscal_year` and `seq` (0-based row
position within the department-year's file), then the file's own columns. The declared columns
below are what a table has before any department-year provides the file (the `economic` and
`tables` Parquet of the public-table model may be absent); columns the files bring are added.
Amounts are DECIMAL(38, s), s the largest stated scale among the files, so nothing is rounded;
`facts.value_stated` is the value as text at its own stated precision ("486.3" stays "486.3").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..frames import SCHEMAS

SCHEMA_VERSION = "4"  # bump when the layout below changes: the next refresh rebuilds from scratch
# (4: the headline gained expenditure_reserve; the catalog lists budgets with kind 'budget')
KEY_COLUMNS = (("department_id", "VARCHAR"), ("fiscal_year", "INTEGER"), ("seq", "BIGINT"))
DECIMAL_WIDTH = 38
DEFAULT_SCALE = 2  # the processed Parquet writer's scale when a column holds no figure
_KIND_TYPES = {
    "float": "DOUBLE",
    "str": "VARCHAR",
    "int": "BIGINT",
    "json": "VARCHAR",
    "decimal": f"DECIMAL(38,{DEFAULT_SCALE})",
}


@dataclass(frozen=True)
class PanelTable:
    """One panel table: its name, the processed file stems that feed it (first found wins)."""

    name: str
    sources: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]

    def source_in(self, folder_files: set[str]) -> str | None:
        return next((f"{s}.parquet" for s in self.sources if f"{s}.parquet" in folder_files), None)


def _from_frames(table: str) -> tuple[tuple[str, str], ...]:
    return tuple((c.name, _KIND_TYPES[c.kind]) for c in SCHEMAS[table])


def _typed(spec: str) -> tuple[tuple[str, str], ...]:
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append((name, _KIND_TYPES.get(kind or "str", kind.upper())))
    return tuple(out)


# The tidy public-table frame of helpers.tables (the agreed interface of issue 8), one row per cell.
TIDY_TABLE_COLUMNS = _typed(
    "table_id table_title table_number kind pages unit row:int code level name side column "
    "column_label value:decimal decimals:int raw page:int x0:double top:double x1:double "
    "bottom:double line:int"
)
# 经济分类 (economic classification) rows read from the public tables: code 301/30101, name, amounts.
ECONOMIC_COLUMNS = _typed(
    "table_id code level name column value:decimal decimals:int unit raw page:int line:int"
)

if "tables" in SCHEMAS:  # the processed folder's own declaration, once the pipeline writes them
    TIDY_TABLE_COLUMNS = _from_frames("tables")
if "economic" in SCHEMAS:
    ECONOMIC_COLUMNS = _from_frames("economic")

TABLES: tuple[PanelTable, ...] = (
    PanelTable("facts", ("facts",), (*_from_frames("facts"), ("value_stated", "VARCHAR"))),
    PanelTable("functional", ("functional",), _from_frames("functional")),
    PanelTable("economic", ("economic",), ECONOMIC_COLUMNS),
    PanelTable("tables", ("tables",), TIDY_TABLE_COLUMNS),
    PanelTable("projects", ("projects",), _from_frames("projects")),
    PanelTable("findings", ("checks", "findings"), _from_frames("checks")),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}

CATALOG_COLUMNS = _typed(
    "department_id department fiscal_year:integer kind publisher origin url date_added sha256 "
    "size:bigint source synthetic:boolean department_stated unit encoding sections_missing "
    "code_digest written_at status error"
)
SOURCES_TABLE = "_panel_sources"  # bookkeeping: what each department-year was loaded from
META_TABLE = "_panel_meta"

# facts.value as printed: the DECIMAL text cut back to the fact's stated number of decimals.
VALUE_STATED_SQL = (
    "CASE WHEN p.value IS NULL THEN NULL "
    "WHEN p.decimals IS NULL OR strpos(CAST(p.value AS VARCHAR), '.') = 0 THEN CAST(p.value AS VARCHAR) "
    "WHEN p.decimals = 0 THEN split_part(CAST(p.value AS VARCHAR), '.', 1) "
    "ELSE left(CAST(p.value AS VARCHAR), strpos(CAST(p.value AS VARCHAR), '.') + p.decimals::INTEGER) END"
)

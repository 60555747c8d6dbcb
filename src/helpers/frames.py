"""Tidy tables of an extraction: one list of rows per table, typed columns, exact decimals.

The same rows feed CSV (decimals written exactly as stated), Parquet (decimal128 columns plus
a `decimals` column that keeps each figure's stated precision) and pandas DataFrames
(Python `Decimal` objects, so nothing is ever rounded through a float).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .extract.model import Extraction
from .quantities import decimals_of


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # str | int | float | decimal | json


def _cols(spec: str) -> tuple[Column, ...]:
    out = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        out.append(Column(name, kind or "str"))
    return tuple(out)


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "facts": _cols(
        "key label value:decimal unit decimals:int change:decimal growth_pct:decimal "
        "share_pct:decimal completion_pct:decimal budget:decimal direction page:int line:int quote section "
        "attribute_sources:json source table:json"
    ),
    "mentions": _cols(
        "key label value:decimal unit change:decimal growth_pct:decimal share_pct:decimal "
        "completion_pct:decimal budget:decimal direction part page:int line:int quote section"
    ),
    "functional": _cols(
        "code level name amount:decimal unit share_pct:decimal completion_pct:decimal "
        "budget:decimal stated_path source line:int quote basic:decimal project:decimal page:int"
    ),
    "projects": _cols(
        "name budget:decimal executed:decimal unit completion_pct:decimal "
        "narrative_budget:decimal narrative_executed:decimal indicator_count:int page:int line:int "
        "narrative_line:int quote"
    ),
    "indicators": _cols("project level1 level2 name expected actual page:int line:int text"),
    "numbers": _cols("value unit kind text page:int line:int context section"),
    "checks": _cols(
        "rule severity title message stated:decimal expected:decimal difference:decimal "
        "unit lines evidence:json"
    ),
    # The public tables, one row per cell (helpers.tables.tidy), and the economic classification.
    "tables": _cols(
        "table_id table_title table_number kind pages unit row:int code level name side column "
        "column_label value:decimal decimals:int raw page:int x0:float top:float x1:float "
        "bottom:float line:int"
    ),
    "economic": _cols(
        "table_id code level name column value:decimal decimals:int unit raw page:int line:int kind"
    ),
}


def _pick(record: dict[str, Any], columns: Iterable[Column]) -> dict[str, Any]:
    return {c.name: record.get(c.name) for c in columns}


def extraction_tables(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Rows of every extraction table (not the checks; see `checks_rows`)."""
    facts = []
    for fact in extraction.facts:
        row = _pick(vars(fact), SCHEMAS["facts"])
        row["decimals"] = decimals_of(fact.value)
        row["attribute_sources"] = {k: vars(v) for k, v in fact.attribute_sources.items()} or None
        facts.append(row)
    mentions = [_pick(vars(m), SCHEMAS["mentions"]) for m in extraction.mentions]
    functional = [_pick(vars(r), SCHEMAS["functional"]) for r in extraction.functional]
    projects, indicators = [], []
    for project in extraction.projects:
        row = _pick(vars(project), SCHEMAS["projects"])
        row["indicator_count"] = len(project.indicators)
        projects.append(row)
        for indicator in project.indicators:
            ind = _pick(vars(indicator), SCHEMAS["indicators"])
            ind["project"] = project.name
            indicators.append(ind)
    numbers = []
    for number in extraction.numbers:
        row = _pick(vars(number), SCHEMAS["numbers"])
        row["value"] = str(number.value)
        numbers.append(row)
    return {
        "facts": facts,
        "mentions": mentions,
        "functional": functional,
        "projects": projects,
        "indicators": indicators,
        "numbers": numbers,
        **public_table_rows(getattr(extraction, "tables", None) or []),
    }


def public_table_rows(tables: list) -> dict[str, list[dict[str, Any]]]:
    """Rows of the `tables` (every cell, helpers.tables.tidy) and `economic` frames."""
    from .tables.economic import economic_rows
    from .tables.tidy import tidy_rows

    return {"tables": tidy_rows(tables), "economic": economic_rows(tables)}


def cell_text(value: Any, kind: str) -> str:
    """How a cell is written to CSV: decimals exactly as stated, JSON compact, None empty."""
    if value is None:
        return ""
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def to_dataframe(rows: list[dict[str, Any]], table: str):
    """A pandas DataFrame with the table's columns in order (decimals stay `Decimal`)."""
    import pandas as pd

    columns = [c.name for c in SCHEMAS[table]]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for column in SCHEMAS[table]:
        if column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.kind == "float":
            frame[column.name] = frame[column.name].astype("Float64")
        elif column.kind in ("decimal", "json"):
            frame[column.name] = frame[column.name].astype(object)
    return frame

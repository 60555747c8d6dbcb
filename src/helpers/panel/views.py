"""Derived tables of the panel (plain SQL over its tables; rebuilt at the end of every refresh, so
queries read them directly and nothing reads files at query time).

`headline`: one row per catalog department-year, one column per canonical fact key of
`extract/specs.py`. Money figures are converted to 万元 exactly (DECIMAL arithmetic, factors from
`quantities.to_wan_yuan`); counts (人, 辆) stay as stated. A key the disclosure does not state is
NULL, never 0.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.specs import FACT_SPECS
from ..quantities import MONEY_UNITS, to_wan_yuan


def wan_yuan_sql(value: str, unit: str) -> str:
    """SQL turning a money `value` stated in `unit` into 万元 (exact; NULL for a non-money unit)."""
    cases = []
    for name in (*MONEY_UNITS, "万"):
        factor = to_wan_yuan(Decimal(1), name)
        assert factor is not None
        literal = format(factor.normalize(), "f")
        cases.append(f"WHEN '{name}' THEN {value} * CAST({literal} AS DECIMAL(18,4))")
    return f"CASE {unit} {' '.join(cases)} END"


def headline_sql() -> str:
    columns = []
    for spec in FACT_SPECS:
        expression = (
            wan_yuan_sql("f.value", "coalesce(f.unit, c.unit)") if spec.kind == "money" else "f.value"
        )
        columns.append(f"max({expression}) FILTER (WHERE f.key = '{spec.key}') AS {spec.key}")
    return (
        "CREATE OR REPLACE TABLE headline AS SELECT c.department_id, c.fiscal_year, c.department, "
        + ", ".join(columns)
        + " FROM catalog AS c LEFT JOIN facts AS f "
        "ON f.department_id = c.department_id AND f.fiscal_year = c.fiscal_year "
        "GROUP BY c.department_id, c.fiscal_year, c.department "
        "ORDER BY c.department_id, c.fiscal_year"
    )


def create_views(con) -> None:
    """(Re)build the derived tables from the current catalog and facts."""
    con.execute(headline_sql())

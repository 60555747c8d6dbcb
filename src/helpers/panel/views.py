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


_FINAL = "c.kind IS DISTINCT FROM 'budget'"  # catalog rows of final accounts (budgets: kind 'budget')


def headline_sql(where: str = "") -> str:
    """SELECT of the headline rows (of the catalog rows matching `where`, if given)."""
    columns = []
    for spec in FACT_SPECS:
        expression = (
            wan_yuan_sql("f.value", "coalesce(f.unit, c.unit)") if spec.kind == "money" else "f.value"
        )
        columns.append(f"max({expression}) FILTER (WHERE f.key = '{spec.key}') AS {spec.key}")
    return (
        "SELECT c.department_id, c.fiscal_year, c.department, "
        + ", ".join(columns)
        + " FROM catalog AS c LEFT JOIN facts AS f "
        "ON f.department_id = c.department_id AND f.fiscal_year = c.fiscal_year "
        + f"WHERE {_FINAL} "  # a budget is listed in the catalog, never a headline row
        + (f"AND ({where}) " if where else "")
        + "GROUP BY c.department_id, c.fiscal_year, c.department"
    )


def create_views(con, changed: list[tuple[str, int]] | None = None) -> None:
    """(Re)build `headline` from the current catalog and facts: whole, or only the `changed`
    department-years (names are refreshed for all: a sidecar may rename a department)."""
    if changed is not None and not changed:  # nothing loaded or removed: names only
        con.execute(
            "UPDATE headline AS h SET department = c.department FROM catalog AS c "
            "WHERE c.department_id = h.department_id AND c.fiscal_year = h.fiscal_year "
            f"AND h.department IS DISTINCT FROM c.department AND {_FINAL}"
        )
        return
    if changed is None:
        con.execute(
            f"CREATE OR REPLACE TABLE headline AS {headline_sql()} ORDER BY c.department_id, c.fiscal_year"
        )
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _changed AS SELECT unnest($d) AS department_id, "
        "unnest($y)::INTEGER AS fiscal_year",
        {"d": [k[0] for k in changed], "y": [k[1] for k in changed]},
    )
    con.execute(
        "DELETE FROM headline AS h USING _changed AS k "
        "WHERE h.department_id = k.department_id AND h.fiscal_year = k.fiscal_year"
    )
    con.execute(
        "DELETE FROM headline AS h WHERE NOT EXISTS (SELECT 1 FROM catalog AS c "
        f"WHERE c.department_id = h.department_id AND c.fiscal_year = h.fiscal_year AND {_FINAL})"
    )
    where = (
        "EXISTS (SELECT 1 FROM _changed AS k WHERE k.department_id = c.department_id "
        "AND k.fiscal_year = c.fiscal_year) OR NOT EXISTS (SELECT 1 FROM headline AS h "
        "WHERE h.department_id = c.department_id AND h.fiscal_year = c.fiscal_year)"
    )
    con.execute(f"INSERT INTO headline {headline_sql(where)}")
    con.execute(
        "UPDATE headline AS h SET department = c.department FROM catalog AS c "
        "WHERE c.department_id = h.department_id AND c.fiscal_year = h.fiscal_year "
        f"AND h.department IS DISTINCT FROM c.department AND {_FINAL}"
    )

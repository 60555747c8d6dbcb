"""Panel refresh on a SYNTHETIC catalog (the three synthetic fixtures: two years of one invented
county bureau, one year of an invented district commission)."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.panel import refresh_panel
from helpers.panel.schema import TABLES, TIDY_TABLE_COLUMNS

from . import synthetic_catalog
from .synthetic_catalog import EDU_ID, HEALTH_ID, panel_rows, write_disclosure

built_catalog, catalog = synthetic_catalog.built_catalog, synthetic_catalog.catalog  # fixtures
shared_catalog = synthetic_catalog.shared_catalog


def test_catalog_lists_every_department_year(shared_catalog):
    assert panel_rows(
        shared_catalog, "SELECT department_id, fiscal_year, status FROM catalog ORDER BY 1, 2"
    ) == [
        (EDU_ID, 2020, "ok"),
        (EDU_ID, 2021, "ok"),
        (HEALTH_ID, 2022, "ok"),
    ]
    assert panel_rows(shared_catalog, "SELECT DISTINCT kind FROM catalog") == [("final",)]
    sha = panel_rows(shared_catalog, "SELECT sha256, synthetic FROM catalog WHERE fiscal_year = 2021")[
        0
    ]
    assert sha == (hashlib.sha256((shared_catalog.raw / EDU_ID / "2021.txt").read_bytes()).hexdigest(), True)


@pytest.mark.parametrize(
    "table", [t for t in TABLES if t.name in ("facts", "functional", "projects", "findings")]
)
def test_row_counts_equal_the_processed_parquet(shared_catalog, table):
    for department_id, year in ((EDU_ID, 2020), (EDU_ID, 2021), (HEALTH_ID, 2022)):
        folder = shared_catalog.processed_dir(department_id, year)
        expected = pq.read_metadata(folder / f"{table.sources[0]}.parquet").num_rows
        count = panel_rows(
            shared_catalog,
            f'SELECT count(*) FROM "{table.name}" WHERE department_id = ? AND fiscal_year = ?',
            department_id,
            year,
        )[0][0]
        assert count == expected


def test_facts_keep_the_exact_stated_decimals(shared_catalog):
    expected = json.loads(
        (Path(__file__).parent / "fixtures/synthetic/sc_county_edu_2021.expected.json").read_text(
            encoding="utf-8"
        )
    )
    got = dict(
        panel_rows(
            shared_catalog,
            "SELECT key, value_stated FROM facts WHERE department_id = ? AND fiscal_year = 2021",
            EDU_ID,
        )
    )
    for key in (
        "total",
        "gov_fund_expenditure",
        "admin_operating_cost",
        "three_public_total",
        "staff_actual",
    ):
        assert got[key] == expected["facts"][key]["value"]
    value = panel_rows(
        shared_catalog, "SELECT value FROM facts WHERE fiscal_year = 2021 AND key = 'gov_fund_expenditure'"
    )[0][0]
    assert isinstance(value, Decimal) and value == Decimal("486.3")


def test_amount_columns_are_decimal(shared_catalog):
    types = dict(
        panel_rows(
            shared_catalog,
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'facts' AND schema_name = 'main'",
        )
    )
    assert types["value"].startswith("DECIMAL(38,")
    assert types["department_id"] == "VARCHAR" and types["fiscal_year"] == "INTEGER"


def test_unchanged_catalog_reloads_nothing(catalog):
    summary = refresh_panel(catalog)
    assert (summary.full, summary.added, summary.replaced, summary.removed, summary.unchanged) == (
        False,
        [],
        [],
        [],
        3,
    )


def _rewrite(paths, department_id, year, old: str, new: str) -> None:
    text = paths.raw_text(department_id, year)
    data = text.read_bytes().decode("utf-8").replace(old, new, 1).encode("utf-8")
    write_disclosure(
        paths.raw, department_id, "四川省青岚县教育和体育局", year, data, "edited synthetic fixture"
    )


def test_changed_raw_file_replaces_its_rows_without_duplicates(catalog):
    before = panel_rows(catalog, "SELECT count(*) FROM facts")[0][0]
    _rewrite(catalog, EDU_ID, 2020, "81.35", "82.35")  # 机关运行经费 of the synthetic 2020 text
    summary = refresh_panel(catalog)
    assert summary.replaced == [(EDU_ID, 2020)] and summary.unchanged == 2
    assert panel_rows(catalog, "SELECT count(*) FROM facts")[0][0] == before
    got = panel_rows(
        catalog, "SELECT value FROM facts WHERE fiscal_year = 2020 AND key = 'admin_operating_cost'"
    )
    assert got == [(Decimal("82.35"),)]
    assert panel_rows(catalog, "SELECT count(*) FROM catalog WHERE fiscal_year = 2020")[0][0] == 1


def test_department_year_removed_from_raw_disappears(catalog):
    (catalog.raw / HEALTH_ID / "2022.txt").unlink()
    (catalog.raw / HEALTH_ID / "2022.json").unlink()
    summary = refresh_panel(catalog)
    assert summary.removed == [(HEALTH_ID, 2022)]
    for table in [t.name for t in TABLES] + ["catalog"]:
        assert (
            panel_rows(catalog, f'SELECT count(*) FROM "{table}" WHERE department_id = ?', HEALTH_ID)[0][0]
            == 0
        )


def test_full_rebuild_equals_incremental(catalog):
    _rewrite(catalog, EDU_ID, 2021, "86.47", "86.48")
    (catalog.raw / HEALTH_ID / "2022.txt").unlink()
    (catalog.raw / HEALTH_ID / "2022.json").unlink()
    refresh_panel(catalog)
    tables = ("facts", "functional", "findings", "catalog", "headline")
    incremental = {t: panel_rows(catalog, f'SELECT * EXCLUDE (written_at) FROM "{t}" ORDER BY ALL')
                   if t == "catalog" else panel_rows(catalog, f'SELECT * FROM "{t}" ORDER BY ALL') for t in tables}
    assert panel_rows(catalog, "SELECT admin_operating_cost FROM headline WHERE fiscal_year = 2021") == [
        (Decimal("86.48"),)
    ]
    refresh_panel(catalog, full=True)
    for table in tables:
        exclude = " EXCLUDE (written_at)" if table == "catalog" else ""
        assert panel_rows(catalog, f'SELECT *{exclude} FROM "{table}" ORDER BY ALL') == incremental[table], table


def test_absent_public_tables_are_empty_with_their_columns(shared_catalog):
    for name in ("economic", "tables"):
        assert panel_rows(shared_catalog, f'SELECT count(*) FROM "{name}"')[0][0] == 0
    columns = [
        r[0]
        for r in panel_rows(
            shared_catalog,
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'tables' AND schema_name = 'main'",
        )
    ]
    assert columns == ["department_id", "fiscal_year", "seq", *(n for n, _ in TIDY_TABLE_COLUMNS)]


def _tidy_cells(values: list[str]) -> pa.Table:
    """SYNTHETIC tidy public-table cells (helpers.tables interface) with the given value texts."""
    scale = max(len(v.partition(".")[2]) for v in values)
    n = len(values)
    return pa.table(
        {
            "table_id": ["general_budget_expenditure"] * n,
            "table_title": ["一般公共预算财政拨款支出决算表"] * n,
            "row": list(range(n)),
            "code": ["201"] * n,
            "name": ["一般公共服务支出"] * n,
            "column": ["合计"] * n,
            "value": pa.array([Decimal(v) for v in values], pa.decimal128(28, scale)),
            "decimals": [len(v.partition(".")[2]) for v in values],
            "raw": values,
            "page": [5] * n,
        }
    )


def test_public_table_cells_are_picked_up_when_present(catalog):
    pq.write_table(_tidy_cells(["12.50", "3.00"]), catalog.processed_dir(EDU_ID, 2021) / "tables.parquet")
    summary = refresh_panel(catalog)
    assert summary.replaced == [(EDU_ID, 2021)]
    got = panel_rows(
        catalog, 'SELECT value, raw, page FROM "tables" WHERE department_id = ? ORDER BY seq', EDU_ID
    )
    assert got == [(Decimal("12.50"), "12.50", 5), (Decimal("3.00"), "3.00", 5)]


def test_a_finer_decimal_later_widens_the_column_instead_of_rounding(catalog):
    pq.write_table(_tidy_cells(["12.50"]), catalog.processed_dir(EDU_ID, 2020) / "tables.parquet")
    refresh_panel(catalog)
    pq.write_table(_tidy_cells(["0.0045"]), catalog.processed_dir(EDU_ID, 2021) / "tables.parquet")
    refresh_panel(catalog)
    got = panel_rows(catalog, 'SELECT fiscal_year, value FROM "tables" ORDER BY fiscal_year')
    assert got == [(2020, Decimal("12.50")), (2021, Decimal("0.0045"))]


def test_unreadable_member_is_reported_and_the_others_are_kept(catalog):
    (catalog.processed_dir(HEALTH_ID, 2022) / "functional.parquet").write_bytes(b"not parquet")
    summary = refresh_panel(catalog)
    assert [(d, y) for d, y, _ in summary.failed] == [(HEALTH_ID, 2022)]
    assert "functional.parquet" in summary.failed[0][2]
    assert panel_rows(catalog, "SELECT status FROM catalog WHERE department_id = ?", HEALTH_ID) == [
        ("failed",)
    ]
    assert panel_rows(catalog, "SELECT count(*) FROM facts WHERE department_id = ?", HEALTH_ID)[0][0] == 0
    assert (
        panel_rows(catalog, "SELECT count(DISTINCT fiscal_year) FROM facts WHERE department_id = ?", EDU_ID)[
            0
        ][0]
        == 2
    )
    full = refresh_panel(catalog, full=True)  # a rebuild from scratch skips the same member, and only it
    assert [(d, y) for d, y, _ in full.failed] == [(HEALTH_ID, 2022)] and len(full.added) == 2
    assert panel_rows(catalog, "SELECT count(*) FROM facts WHERE department_id = ?", HEALTH_ID)[0][0] == 0


def test_missing_processed_folder_is_extracted_first(catalog):
    shutil.rmtree(catalog.processed_dir(EDU_ID, 2020))
    summary = refresh_panel(catalog)
    assert summary.failed == [] and summary.replaced == [(EDU_ID, 2020)]
    assert (catalog.processed_dir(EDU_ID, 2020) / "facts.parquet").is_file()


def test_unreadable_raw_file_is_listed_as_failed(catalog):
    write_disclosure(
        catalog.raw, "990103-bad", "合成坏文件局", 2022, b"\x00\x01 binary", "synthetic bad input"
    )
    summary = refresh_panel(catalog)
    assert [(d, y) for d, y, _ in summary.failed] == [("990103-bad", 2022)]
    assert panel_rows(catalog, "SELECT status FROM catalog WHERE department_id = '990103-bad'") == [
        ("failed",)
    ]
    assert summary.members == 3


def test_headline_shows_a_missing_figure_as_null(shared_catalog):
    got = panel_rows(
        shared_catalog, "SELECT department_id, staff_actual FROM headline ORDER BY department_id, fiscal_year"
    )
    assert got[-1] == (HEALTH_ID, None)
    assert got[0][1] == Decimal("3068")


def test_headline_money_is_in_wan_yuan_exactly(shared_catalog):
    got = panel_rows(
        shared_catalog,
        "SELECT admin_operating_cost FROM headline WHERE department_id = ? AND fiscal_year = 2021",
        EDU_ID,
    )
    assert got == [(Decimal("86.47"),)]


def test_an_unreadable_panel_file_is_rebuilt_from_scratch(catalog):
    catalog.panel_db.write_bytes(b"not a database")
    summary = refresh_panel(catalog)
    assert summary.full and len(summary.added) == 3
    assert panel_rows(catalog, "SELECT count(*) FROM catalog")[0][0] == 3


def test_a_panel_of_an_older_layout_is_rebuilt_from_scratch(catalog):
    con = duckdb.connect(str(catalog.panel_db))
    con.execute("UPDATE _panel_meta SET value = 'old' WHERE key = 'schema_version'")
    con.close()
    assert refresh_panel(catalog).full


def test_readers_never_see_a_half_built_panel(catalog):
    reader = duckdb.connect(str(catalog.panel_db), read_only=True)  # an open `juesuan sql`
    try:
        _rewrite(catalog, EDU_ID, 2020, "81.35", "83.35")
        assert refresh_panel(catalog).replaced == [(EDU_ID, 2020)]  # not blocked by the reader
        assert reader.execute("SELECT count(*) FROM catalog").fetchone()[0] == 3  # its snapshot intact
    finally:
        reader.close()
    assert not list(catalog.processed.glob(".juesuan.duckdb.building-*"))

"""Read-only SQL on the panel (`juesuan sql`), on the SYNTHETIC fixture catalog."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from helpers.panel import PanelError, WritingSqlError, render, run_query
from helpers.panel.query import check_read_only

from . import synthetic_catalog
from .conftest import ROOT, run_juesuan
from .synthetic_catalog import EDU_ID, HEALTH_ID, panel_rows

built_catalog, catalog = synthetic_catalog.built_catalog, synthetic_catalog.catalog  # fixtures
shared_catalog = synthetic_catalog.shared_catalog

WRITING = [
    "INSERT INTO facts (department_id) VALUES ('x')",
    "UPDATE facts SET value = 0",
    "DELETE FROM findings",
    "DROP TABLE catalog",
    "CREATE TABLE t AS SELECT 1",
    "ALTER TABLE facts ADD COLUMN x INTEGER",
    "COPY facts TO '/tmp/juesuan-panel-leak.csv'",
    "ATTACH '/tmp/juesuan-other.duckdb' AS other",
    "SET threads = 1",
    "PRAGMA enable_profiling",
    "CALL pragma_version()",
    "INSTALL httpfs",
    "CHECKPOINT",
    "SELECT 1; DELETE FROM facts",
]


def env_of(paths) -> dict[str, str]:
    return {"JUESUAN_RAW_DIR": str(paths.raw), "JUESUAN_PROCESSED_DIR": str(paths.processed)}


@pytest.mark.parametrize("sql", WRITING)
def test_writing_sql_is_refused(sql):
    with pytest.raises(PanelError):
        check_read_only(sql)


def test_writing_sql_is_refused_by_the_cli_with_one_line_and_exit_2(catalog):
    before = panel_rows(catalog, "SELECT count(*) FROM facts")
    result = run_juesuan("sql", "DELETE FROM facts", env=env_of(catalog))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "refused" in result.stderr and "Traceback" not in result.stderr
    assert panel_rows(catalog, "SELECT count(*) FROM facts") == before


def test_reading_files_outside_the_panel_is_refused(shared_catalog):
    with pytest.raises(WritingSqlError):
        run_query(shared_catalog.panel_db, "SELECT * FROM read_csv('/etc/passwd')")


def test_select_returns_exact_decimals(shared_catalog):
    result = run_query(
        shared_catalog.panel_db,
        "SELECT value FROM facts WHERE department_id = ? AND fiscal_year = 2021 AND key = 'admin_operating_cost'",
        [EDU_ID],
    )
    assert result.columns == ["value"] and result.rows == [(Decimal("86.47"),)]


def test_json_is_a_list_of_objects_with_decimals_as_strings(shared_catalog):
    result = run_juesuan(
        "sql",
        "SELECT department_id, fiscal_year, value, decimals FROM facts WHERE key = 'total' ORDER BY 1, 2",
        "--format",
        "json",
        env=env_of(shared_catalog),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"department_id": EDU_ID, "fiscal_year": 2020, "value": "27634.18", "decimals": 2},
        {"department_id": EDU_ID, "fiscal_year": 2021, "value": "29960.49", "decimals": 2},
        {"department_id": HEALTH_ID, "fiscal_year": 2022, "value": "9746.17", "decimals": 2},
    ]


def test_csv_writes_null_as_empty_and_decimals_exactly(shared_catalog):
    result = run_query(
        shared_catalog.panel_db,
        "SELECT department_id, staff_actual FROM headline ORDER BY department_id, fiscal_year",
    )
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows == [
        ["department_id", "staff_actual"],
        [EDU_ID, "3068.00"],
        [EDU_ID, "3092.00"],
        [HEALTH_ID, ""],
    ]


def test_table_format_aligns_chinese_text(shared_catalog):
    result = run_query(
        shared_catalog.panel_db, "SELECT department, fiscal_year FROM catalog ORDER BY fiscal_year"
    )
    lines = render(result, "table").splitlines()
    assert lines[0].startswith("department") and lines[-1] == "(3 rows)"
    assert "四川省青岚县教育和体育局" in lines[2]


def _display_offset(line: str, text: str) -> int:
    from wcwidth import wcswidth

    return wcswidth(line[: line.index(text)])


def test_table_format_pads_by_display_width_cjk_counting_two():
    from helpers.panel.query import Result

    result = Result(
        ["部门", "fiscal_year", "备注"],
        [("自贡市贡井区行政审批局", 2020, "甲"), ("ab", 2021, "Cafe\u0301"), ("教育局", 2022, "x")],
    )
    lines = render(result, "table").splitlines()
    # the header, the rule and every row start the second and third column at one display offset
    assert lines[0] == "部门                    fiscal_year  备注"
    assert lines[1] == "-" * 22 + "  " + "-" * 11 + "  " + "-" * 4
    assert [_display_offset(line, year) for line, year in zip(lines[2:5], ("2020", "2021", "2022"), strict=True)] == [
        24 + 7, 24 + 7, 24 + 7]  # numbers right-aligned in the 11-wide column
    assert [_display_offset(line, note) for line, note in zip(lines[2:5], ("甲", "Cafe", "x"), strict=True)] == [
        37, 37, 37]
    assert lines[3].endswith("Cafe\u0301")  # a combining accent takes no column


def test_missing_panel_is_one_line_and_exit_2(tmp_path):
    result = run_juesuan("sql", "SELECT 1", env={"JUESUAN_PROCESSED_DIR": str(tmp_path)})
    assert result.returncode == 2 and "juesuan panel" in result.stderr and result.stderr.count("\n") == 1


def test_bad_sql_is_one_line_and_exit_2(shared_catalog):
    result = run_juesuan("sql", "SELEC nonsense", env=env_of(shared_catalog))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, flags=re.S)


def test_readme_shows_five_queries():
    assert len(readme_queries()) == 5


@pytest.mark.parametrize("number", range(5))
def test_readme_query_runs_and_returns_rows(shared_catalog, number):
    sql = readme_queries()[number].replace("510303-xzspj", EDU_ID)  # the seed's id → a synthetic department
    result = run_query(shared_catalog.panel_db, sql)
    assert result.rows, sql


def test_readme_per_staff_query_leaves_a_missing_staff_count_missing(shared_catalog):
    result = run_query(shared_catalog.panel_db, readme_queries()[0])
    by_department = {(row[0], row[1]): row[-1] for row in result.rows}
    assert by_department[("上海市云浦区卫生健康委员会", 2022)] is None


def test_csv_text_cells_never_start_a_spreadsheet_formula(shared_catalog):
    result = run_query(
        shared_catalog.panel_db,
        "SELECT '=HYPERLINK(\"http://e\",\"x\")' AS name, '+cmd|'' /C calc''!A0' AS other, "
        "CAST(-12.50 AS DECIMAL(10, 2)) AS amount, department_id FROM catalog LIMIT 1",
    )
    rows = list(csv.reader(io.StringIO(render(result, "csv"))))
    assert rows[1][:3] == ["'=HYPERLINK(\"http://e\",\"x\")", "'+cmd|' /C calc'!A0", "-12.50"]

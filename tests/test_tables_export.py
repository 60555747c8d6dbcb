"""`juesuan tables` and the table exports (JSON shape, tidy CSV, xlsx), on a SYNTHETIC PDF."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers.cli import main
from helpers.tables import TIDY_COLUMNS, read_pdf_tables, tidy

from .conftest import ROOT
from .synthetic_pdf import Grid, HeaderCell, Page, build_pdf

H = HeaderCell


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory):
    header = [H("项目", 0, 0, 2), H("科目编码", 1, 0), H("科目名称", 1, 1), H("合计", 0, 2, 1, 2),
              H("基本支出", 0, 3, 1, 2), H("项目支出", 0, 4, 1, 2)]
    grid = Grid([70, 170, 80, 80, 80], 2, header, rows=[
        ["2010101", "行政运行", "1,234.50", "1,234.50", ""],
        ["2130108", "=病虫害控制", "20.00", "0.00", "20.00"],
    ])
    path = tmp_path_factory.mktemp("tables") / "synthetic-export.pdf"
    return build_pdf(path, [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=grid)])


def test_json_has_exactly_the_published_shape(synthetic_pdf, capsys):
    assert main(["tables", str(synthetic_pdf), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["tables"]
    table = data["tables"][0]
    assert list(table) == ["id", "title", "pages", "unit", "columns", "cells"]
    assert (table["id"], table["pages"], table["unit"]) == ("general_budget_expenditure", [1], "万元")
    assert table["cells"][0] == {
        "row": 0, "code": "2010101", "name": "行政运行", "column": "合计", "value": "1234.50", "page": 1,
    }
    assert table["cells"][2]["value"] is None  # blank: not stated
    assert table["cells"][4]["value"] == "0.00"


def test_csv_is_the_tidy_frame(synthetic_pdf, capsys):
    assert main(["tables", str(synthetic_pdf), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == TIDY_COLUMNS
    assert (rows[0]["code"], rows[0]["value"], rows[0]["decimals"], rows[0]["pages"]) == ("2010101", "1234.50", "2", "1")
    assert rows[2]["value"] == ""


def test_tidy_frame_keeps_decimals_exact(synthetic_pdf):
    frame = tidy(read_pdf_tables(synthetic_pdf))
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert str(frame.loc[0, "value"]) == "1234.50"
    assert frame["value"].isna().sum() == 1
    assert str(frame["row"].dtype) == "Int64"


def test_xlsx_keeps_codes_as_text_and_never_writes_formulas(synthetic_pdf, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "tables.xlsx"
    assert main(["tables", str(synthetic_pdf), "--format", "xlsx", "--out", str(out)]) == 0
    sheet = load_workbook(out)["general_budget_expenditure"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[:3] == ["行", "科目编码", "名称"])
    assert rows[header + 1][1] == "2010101" and isinstance(rows[header + 1][1], str)
    assert rows[header + 2][2] == "'=病虫害控制"
    assert float(rows[header + 1][3]) == 1234.5


def test_xlsx_needs_an_output_file(synthetic_pdf, capsys):
    assert main(["tables", str(synthetic_pdf), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_out_file_is_written_with_the_listing(synthetic_pdf, tmp_path, capsys):
    out = tmp_path / "tables.txt"
    assert main(["tables", str(synthetic_pdf), "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert "general_budget_expenditure" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 64, b"%PDF-1.4\ntruncated"])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content):
    bad = tmp_path / "synthetic-bad.pdf"
    bad.write_bytes(content)
    assert main(["tables", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("juesuan: error:") and err.count("\n") == 1


def test_missing_file_is_exit_2(tmp_path, capsys):
    assert main(["tables", str(tmp_path / "none.pdf")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_text_file_gives_its_flattened_tables(tmp_path, capsys):
    text = tmp_path / "synthetic.txt"
    text.write_text("支出决算表\n单位：万元\n208 社会保障和就业支出 100.00 100.00 0.00\n", encoding="utf-8")
    assert main(["tables", str(text), "--format", "json"]) == 0
    table = json.loads(capsys.readouterr().out)["tables"][0]
    assert (table["id"], table["unit"], table["pages"]) == ("expenditure", "万元", [])
    assert table["cells"][0] == {
        "row": 0, "code": "208", "name": "社会保障和就业支出", "column": "本年支出合计", "value": "100.00", "page": None,
    }


def test_two_sided_table_cells_carry_their_side_in_json():
    """SYNTHETIC cells: in a 收支总表 row 0 holds an income and an expenditure cell; `side` tells them apart."""
    from decimal import Decimal

    from helpers.tables.model import TableCell

    income = TableCell(0, None, None, "一般公共预算财政拨款收入", "income", "决算数", "决算数", Decimal("10.00"), "10.00", 2)
    spending = TableCell(0, "201", "class", "一般公共服务支出", "expenditure", "决算数", "决算数", Decimal("9.00"), "9.00", 2)
    one_sided = TableCell(0, "201", "class", "一般公共服务支出", None, "合计", "合计", None, "", 3)
    assert income.to_dict()["side"] == "income"
    assert spending.to_dict()["side"] == "expenditure"
    assert "side" not in one_sided.to_dict()
    assert one_sided.to_dict()["value"] is None


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory):
    """SYNTHETIC table whose heading and row names are spreadsheet formulas and markup."""
    header = [H("项目", 0, 0, 2), H("科目编码", 1, 0), H("科目名称", 1, 1), H("合计", 0, 2, 1, 2),
              H("基本支出", 0, 3, 1, 2), H("=1+2", 0, 4, 1, 2)]
    grid = Grid([70, 200, 80, 80, 80], 2, header, rows=[
        ["2010101", '=HYPERLINK("http://e","x")', "900.00", "600.00", "300.00"],
        ["2010102", "+cmd|' /C calc'!A0", "600.00", "600.00", "-12.50"],
        ["2010103", "@SUM(1+1)*cmd", "300.00", "", "-"],
    ])
    path = tmp_path_factory.mktemp("hostile") / "synthetic-hostile.pdf"
    return build_pdf(path, [Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=grid)])


def test_csv_text_cells_never_start_a_formula_and_numbers_stay_numbers(hostile_pdf, capsys):
    assert main(["tables", str(hostile_pdf), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    names = {row["name"] for row in rows}
    assert names == {'\'=HYPERLINK("http://e","x")', "'+cmd|'/Ccalc'!A0", "'@SUM(1+1)*cmd"}
    assert {row["column"] for row in rows} == {"合计", "基本支出", "'=1+2"}
    assert "-12.50" in {row["value"] for row in rows}  # a negative figure is not text
    assert {row["code"] for row in rows} == {"2010101", "2010102", "2010103"}


def test_xlsx_stores_every_text_cell_as_text_never_as_a_formula(hostile_pdf, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "hostile.xlsx"
    assert main(["tables", str(hostile_pdf), "--format", "xlsx", "--out", str(out)]) == 0
    sheet = load_workbook(out)["general_budget_expenditure"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {"'=1+2", '\'=HYPERLINK("http://e","x")', "'@SUM(1+1)*cmd", "-"} <= texts
    assert -12.5 in {c.value for c in cells if c.data_type == "n"}


def test_out_never_overwrites_the_input_file(synthetic_pdf, tmp_path, capsys):
    source = tmp_path / "synthetic-input.pdf"
    source.write_bytes(synthetic_pdf.read_bytes())
    assert main(["tables", str(source), "--format", "json", "--out", str(source)]) == 2
    assert "input file" in capsys.readouterr().err
    assert source.read_bytes() == synthetic_pdf.read_bytes()


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "xlsx"])
def test_out_never_overwrites_a_file_it_did_not_write(synthetic_pdf, tmp_path, capsys, fmt):
    user = tmp_path / f"notes.{fmt}"
    user.write_bytes(b"PK\x03\x04 a user's workbook" if fmt == "xlsx" else "我的笔记\n".encode())
    before = user.read_bytes()
    assert main(["tables", str(synthetic_pdf), "--format", fmt, "--out", str(user)]) == 2
    err = capsys.readouterr().err
    assert "never overwritten" in err and len(err.strip().splitlines()) == 1
    assert user.read_bytes() == before


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "xlsx"])
def test_out_rewrites_its_own_earlier_output(synthetic_pdf, tmp_path, fmt):
    out = tmp_path / f"tables.{fmt}"
    assert main(["tables", str(synthetic_pdf), "--format", fmt, "--out", str(out)]) == 0
    assert main(["tables", str(synthetic_pdf), "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_out_naming_a_folder_is_one_line_and_exit_2(synthetic_pdf, tmp_path, capsys):
    (tmp_path / "x.pdf").mkdir()
    assert main(["tables", str(synthetic_pdf), "--out", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err.startswith("juesuan: error: --out")


def test_a_killed_tables_out_leaves_nothing_that_the_next_write_keeps(synthetic_pdf, tmp_path):
    """kill -9 just before the rename: the target is untouched, the temporary file is removed by
    the next `tables --out` of that file (a live writer's would be kept)."""
    import os
    import signal
    import subprocess
    import sys

    from .conftest import ROOT

    out = tmp_path / "tables.json"
    prelude = (
        "import os, signal\n"
        "import helpers.store as store\n"
        "store.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "import sys\nfrom helpers.cli import main\nsys.exit(main(sys.argv[1:]))"
    )
    killed = subprocess.run([sys.executable, "-c", prelude, "tables", str(synthetic_pdf), "--format", "json",
                             "--out", str(out)], cwd=ROOT, capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists()
    (left,) = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    live = tmp_path / f".tables.json.{os.getpid()}.abcd1234.part"
    live.write_text("being written")
    assert main(["tables", str(synthetic_pdf), "--format", "json", "--out", str(out)]) == 0
    assert not left.exists() and live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name, "tables.json"]
def test_no_table_found_says_so_on_stderr_and_keeps_the_output_valid(capsys):
    # real narrative-only PDF ("公开表附后": its tables are a separate file)
    narrative = ROOT / "tests" / "fixtures" / "real-pdfs" / "js_npc_2019_budget_narrative.pdf"
    assert main(["tables", str(narrative), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"tables": []}
    assert err.startswith("juesuan: warning:") and "no public table recognised" in err and err.count("\n") == 1

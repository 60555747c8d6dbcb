"""The juesuan CLI: JSON shape, table output, atomic writes, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers.cli import main

from .conftest import ROOT, SEED_PATH, SYNTHETIC_DIR, synthetic_disclosure


def run_cli(*args, env=None):
    """The real console entry point in a subprocess: exit code, stdout, stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def assert_one_line_error(code, stderr):
    assert code != 0
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("juesuan: error:"), stderr


def test_extract_json_shape(capsys):
    assert main(["extract", str(SEED_PATH), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "department", "fiscal_year", "unit", "facts", "functional", "projects", "numbers", "unreadable",
        "tables", "table_facts",
    ]
    assert data["department"] == "自贡市贡井区行政审批局" and data["fiscal_year"] == 2020
    fact = next(f for f in data["facts"] if f["key"] == "admin_operating_cost")
    assert fact["value"] == "29.38" and fact["growth_pct"] == "91.03" and fact["line"] == 398
    assert {"key", "label", "value", "unit", "line", "quote"} <= set(fact)
    row = data["functional"][0]
    assert {"code", "level", "name", "amount", "line", "quote"} <= set(row)
    project = data["projects"][0]
    assert {"name", "budget", "executed", "indicators"} <= set(project)
    number = data["numbers"][0]
    assert {"value", "unit", "line", "context"} <= set(number) - {"unit"} | {"unit"}


def test_decimals_never_carry_float_noise(capsys):
    main(["extract", str(SEED_PATH), "--format", "json"])
    text = capsys.readouterr().out
    assert "0000000" not in text and "9999999" not in text


def test_extract_writes_csv_and_parquet(tmp_path, capsys):
    assert main(["extract", str(SEED_PATH), "--out", str(tmp_path / "out")]) == 0
    files = {p.name for p in (tmp_path / "out").iterdir()}
    for table in ("facts", "mentions", "functional", "projects", "indicators", "numbers", "checks"):
        assert {f"{table}.csv", f"{table}.parquet"} <= files
    csv_text = (tmp_path / "out" / "facts.csv").read_text(encoding="utf-8")
    assert "income_total,本年收入合计,256.1,万元,1," in csv_text


def test_extract_catalog_file_goes_to_processed(tmp_path, capsys):
    env = {"JUESUAN_PROCESSED_DIR": str(tmp_path / "processed")}
    code, _out, err = run_cli("extract", SEED_PATH, env=env)
    assert code == 0, err
    assert (tmp_path / "processed" / "510303-xzspj" / "2020" / "facts.parquet").is_file()
    assert "sections missing" in err  # the seed lacks the public tables: a warning, exit 0


def test_extract_all(tmp_path):
    code, _out, err = run_cli("extract", "--all", env={"JUESUAN_PROCESSED_DIR": str(tmp_path)})
    assert code == 0, err
    assert (tmp_path / "510303-xzspj" / "2020" / "checks.csv").is_file()


def test_missing_path():
    assert_one_line_error(*run_cli("extract", "no/such/file.txt")[::2])


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    code, _, err = run_cli("extract", path, "--format", "json")
    assert_one_line_error(code, err)
    assert "empty" in err


def test_binary_file(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03" * 50)
    code, _, err = run_cli("extract", path, "--format", "json")
    assert_one_line_error(code, err)
    assert "binary" in err


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("收、支总计".encode() + b"\x80\xff\x80\xff" * 10)
    code, _, err = run_cli("extract", path, "--format", "json")
    assert_one_line_error(code, err)
    assert "decoded" in err


def test_not_a_disclosure(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于召开2021年春季运动会的通知\n各单位：定于下周举行运动会，请做好准备。\n", encoding="utf-8")
    code, _, err = run_cli("extract", path, "--format", "json")
    assert_one_line_error(code, err)
    assert "not a department final-accounts disclosure" in err


def test_disclosure_with_sections_missing_extracts_and_warns(tmp_path):
    path = tmp_path / "partial.txt"
    path.write_text(synthetic_disclosure(
        "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。\n"
        "三、支出决算情况说明\n2021年本年支出合计 120.50 万元，其中：基本支出 100.00 万元，占 82.99%；"
        "项目支出 20.50 万元，占 17.01%。\n"), encoding="utf-8")
    code, out, err = run_cli("extract", path, "--format", "json")
    assert code == 0, err
    assert "warning" in err and "three_public" in err and "Traceback" not in err
    facts = {f["key"]: f["value"] for f in json.loads(out)["facts"]}
    assert facts["total"] == "120.50" and facts["expenditure_basic"] == "100.00"


def test_gbk_fixture_extracts_through_the_cli(capsys):
    assert main(["extract", str(SYNTHETIC_DIR / "sh_district_health_2022.gbk.txt"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["department"] == "上海市云浦区卫生健康委员会"


def test_file_outside_catalog_needs_out(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_bytes(SEED_PATH.read_bytes())
    code, _, err = run_cli("extract", path)
    assert_one_line_error(code, err)


def test_failed_extraction_leaves_previous_output(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(SEED_PATH), "--out", str(out)]) == 0
    before = (out / "facts.csv").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["extract", str(bad), "--out", str(out)]) != 0
    assert (out / "facts.csv").read_bytes() == before


def test_raw_data_is_untouched_by_extraction(tmp_path):
    before = SEED_PATH.read_bytes()
    run_cli("extract", "--all", env={"JUESUAN_PROCESSED_DIR": str(tmp_path)})
    assert SEED_PATH.read_bytes() == before


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_check_exit_code_follows_errors(fmt):
    code, out, err = run_cli("check", SEED_PATH, "--format", fmt)
    assert code == 1, err  # the seed has genuine errors
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert {"rule", "severity", "title", "message", "evidence"} <= set(findings[0])
    else:
        assert "ERROR" in out and "L1383" in out


def test_check_exits_zero_without_errors(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(synthetic_disclosure(
        "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。\n"), encoding="utf-8")
    code, out, err = run_cli("check", path)
    assert code == 0, out + err

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
        "tables", "table_facts", "kind",
    ]
    assert data["kind"] == "final_accounts"
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


def test_a_readme_quoting_the_templates_phrases_is_not_a_disclosure(tmp_path):
    # the project's own README: key phrases in English prose, code blocks and command lines
    path = tmp_path / "readme.txt"
    path.write_text((ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    for command in ("check", "extract"):
        code, out, err = run_cli(command, path, "--format", "json")
        assert_one_line_error(code, err)
        assert "not a department final-accounts disclosure" in err and out == ""


def test_disclosure_with_sections_missing_extracts_and_warns(tmp_path):
    path = tmp_path / "partial.txt"
    path.write_text(synthetic_disclosure(
        "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。\n"
        "三、支出决算情况说明\n2021年本年支出合计 120.50 万元，其中：基本支出 100.00 万元，占 82.99%；"
        "项目支出 20.50 万元，占 17.01%。\n"), encoding="utf-8")
    code, out, err = run_cli("extract", path, "--format", "json")
    assert code == 0, err
    assert "warning" in err and "三公" in err and "Traceback" not in err
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
        assert "错误" in out and "L1383" in out


def test_check_exits_zero_without_errors(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(synthetic_disclosure(
        "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。\n"), encoding="utf-8")
    code, out, err = run_cli("check", path)
    assert code == 0, out + err


# -- integrity and --out safety ------------------------------------------------------------------
def _copy_catalog(tmp_path, *, tamper: bool = False):
    """The seed copied into a catalog under tmp_path/raw (optionally with one byte changed after
    its sidecar was written); returns (env, text path)."""
    folder = tmp_path / "raw" / "510303-xzspj"
    folder.mkdir(parents=True)
    text = folder / "2020.txt"
    text.write_bytes(SEED_PATH.read_bytes())
    (folder / "2020.json").write_bytes(SEED_PATH.with_suffix(".json").read_bytes())
    if tamper:
        data = bytearray(text.read_bytes())
        data[-2] = ord("9") if data[-2] != ord("9") else ord("8")
        text.write_bytes(bytes(data))
    env = {"JUESUAN_RAW_DIR": str(tmp_path / "raw"), "JUESUAN_PROCESSED_DIR": str(tmp_path / "processed")}
    return env, text


@pytest.mark.parametrize("command", [["extract"], ["extract", "--format", "json"], ["check"]])
def test_extract_and_check_verify_the_catalog_sha256(tmp_path, command):
    env, text = _copy_catalog(tmp_path, tamper=True)
    code, out, err = run_cli(command[0], text, *command[1:], env=env)
    assert_one_line_error(code, err)
    assert code == 2 and "sha256" in err and out == ""


def test_extract_all_goes_on_past_a_bad_member(tmp_path):
    env, _ = _copy_catalog(tmp_path)
    bad = tmp_path / "raw" / "510303-xzspj" / "2019.txt"
    bad.write_bytes(SEED_PATH.read_bytes())
    (bad.with_suffix(".json")).write_text('{"department_id": "510303-xzspj"}', encoding="utf-8")
    code, out, err = run_cli("extract", "--all", env=env)
    assert code == 1, err
    assert "510303-xzspj 2020:" in out and "2019.json" in err and "Traceback" not in err
    assert (tmp_path / "processed" / "510303-xzspj" / "2020" / "facts.csv").is_file()


def test_extract_out_refuses_a_non_empty_folder_it_did_not_create(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("a user's file", encoding="utf-8")
    code, _, err = run_cli("extract", SEED_PATH, "--out", out)
    assert_one_line_error(code, err)
    assert "not empty" in err
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_extract_out_replaces_only_its_own_folder(tmp_path):
    out = tmp_path / "tables"
    assert run_cli("extract", SEED_PATH, "--out", out)[0] == 0
    first = sorted(p.name for p in out.iterdir())
    assert ".juesuan-extract" in first and "facts.csv" in first
    assert run_cli("extract", SEED_PATH, "--out", out)[0] == 0  # its own folder: replaced
    assert sorted(p.name for p in out.iterdir()) == first
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("extract", SEED_PATH, "--out", empty)[0] == 0  # an empty folder is used


@pytest.mark.parametrize("where", [".", "..", "input-folder", "raw", "raw-new"])
def test_extract_out_never_takes_dot_dotdot_the_input_folder_or_raw(tmp_path, where):
    source = tmp_path / "in" / "copy.txt"
    source.parent.mkdir()
    source.write_bytes(SEED_PATH.read_bytes())
    raw = ROOT / "data" / "raw"
    before = sorted(str(p) for p in raw.rglob("*"))
    target = {
        ".": ".",
        "..": "..",
        "input-folder": str(source.parent),
        "raw": str(raw / "510303-xzspj"),
        "raw-new": str(raw / "new-folder"),
    }[where]
    code, _, err = run_cli("extract", source, "--out", target)
    assert_one_line_error(code, err)
    assert sorted(str(p) for p in raw.rglob("*")) == before  # nothing created under data/raw
    assert [p.name for p in source.parent.iterdir()] == ["copy.txt"]


def test_timeout_must_be_a_positive_number_of_seconds():
    for bad in ("abc", "0", "-5", "nan", "inf"):
        code, _, err = run_cli("run", "--timeout", bad, "--dry-run")
        assert_one_line_error(code, err)
        assert code == 2 and "timeout" in err
    code, _out, err = run_cli("run", "--timeout", "0.5", "--dry-run")
    assert code == 0, err


def test_fifo_given_to_extract_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run_cli("extract", fifo, "--format", "json")  # run_cli times out if it blocks
    assert_one_line_error(code, err)
    assert "FIFO" in err


def test_max_size_flag_overrides_the_input_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(SEED_PATH.read_bytes() * 30)  # about 1.3 MB
    code, _, err = run_cli("check", big, "--max-size", "1")
    assert_one_line_error(code, err)
    assert "input limit" in err


def test_check_tables_only_audits_a_budget_pdf_that_check_refuses(capsys):
    pdf = ROOT / "tests" / "fixtures" / "real-pdfs" / "sh_city_finance_bureau_2025_unit_budget.pdf"  # real budget
    assert main(["check", str(pdf), "--format", "json"]) == 2  # a budget, not final accounts
    capsys.readouterr()
    assert main(["check", "--tables-only", str(pdf), "--format", "json"]) == 0  # warnings only
    findings = json.loads(capsys.readouterr().out)["findings"]
    (tail, _) = [f for f in findings if f["rule"] == "table.hierarchy"]
    assert tail["severity"] == "warning" and tail["evidence"][0] == {
        "line": None, "quote": "24,840,779", "page": 17, "table": "2025年预算单位一般公共预算基本支出部门预算经济分类预算表",
        "row": "商品和服务支出", "code": "302", "column": "一般公共预算基本支出/合计"}


def test_check_tables_only_refuses_a_text_in_one_line(capsys):
    assert main(["check", "--tables-only", str(SEED_PATH)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

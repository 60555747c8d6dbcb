"""End to end on budgets: `juesuan add` then `juesuan run` on REAL budget PDFs of
tests/fixtures/real-pdfs (sources in its README; copied into a temporary project tree, never into
the repo's data/raw), and a budget beside the final accounts of the same department-year (both
SYNTHETIC texts: tests/fixtures/synthetic/sc_county_edu_2021.txt and a budget written here)."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT, SYNTHETIC_DIR, isolated_env, run_juesuan

REAL = ROOT / "tests" / "fixtures" / "real-pdfs"
SHANGHAI, SHANGHAI_ID = "sh_putuo_finance_bureau_2025_dept_budget.pdf", "310107-czj"
JIANGSU, JIANGSU_ID = "js_procuratorate_2019_budget.pdf", "320000-jcy"
BUDGET_ONLY = ("03_compare", "04_figures", "05_projects")  # final-accounts notebooks: not applicable

SYNTHETIC_BUDGET = """（合成测试文本，非真实部门预算 SYNTHETIC TEST FIXTURE）
四川省青岚县教育和体育局2021年部门预算
一、部门预算编制说明
2021年，本部门收入预算 1,200.00 万元，其中：财政拨款收入 1,200.00 万元，比2020年预算增加 100.00 万元。
支出预算 1,200.00 万元，其中：基本支出 900.00 万元，项目支出 300.00 万元。
二、“三公”经费预算情况说明
2021年“三公”经费预算 10.00 万元，其中：因公出国（境）费 0 万元，公务用车购置费 0 万元，公务用车运行维护费 6.00 万元，公务接待费 4.00 万元。
三、机关运行经费预算情况说明
2021年机关运行经费预算 80.00 万元。
"""


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.search(r"error|Traceback|failed", line, re.I)
            and not re.search(r"\b0 failed\b", line)]


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run-budget")
    env = isolated_env(tmp, JUESUAN_RAW_DIR=str(tmp / "raw"))
    added = [
        run_juesuan("add", REAL / SHANGHAI, "--department-id", SHANGHAI_ID, env=env),
        run_juesuan("add", REAL / JIANGSU, "--department-id", JIANGSU_ID, env=env),
    ]
    result = run_juesuan("run", "--jobs", "1", env=env)
    return tmp, env, added, result


def test_add_catalogues_each_real_budget_as_a_budget(real_run):
    tmp, _env, added, _result = real_run
    for result in added:
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert result.stdout.startswith("added: ") and "(部门预算)" in result.stdout
    sidecar = json.loads((tmp / "raw" / SHANGHAI_ID / "2025-budget.json").read_text(encoding="utf-8"))
    assert (sidecar["kind"], sidecar["department"], sidecar["fiscal_year"]) == ("budget", "上海市普陀区财政局", 2025)
    assert (tmp / "raw" / JIANGSU_ID / "2019-budget.pdf").read_bytes() == (REAL / JIANGSU).read_bytes()


def test_run_builds_the_budget_reports_without_error_output(real_run):
    tmp, _env, _added, result = real_run
    assert result.returncode == 0, result.stderr
    assert _errors(result.stderr) == []
    for year, department in (("2025", SHANGHAI_ID), ("2019", JIANGSU_ID)):
        folder = tmp / "reports" / f"{year}-budget" / department
        assert (folder / "01_clean.html").is_file() and (folder / "02_ratios.html").is_file()
        assert not any((folder / f"{name}.html").exists() for name in BUDGET_ONLY)
        processed = tmp / "processed" / department / f"{year}-budget"
        assert json.loads((processed / "result.json").read_text(encoding="utf-8"))["kind"] == "budget"
        assert json.loads((processed / "manifest.json").read_text(encoding="utf-8"))["kind"] == "budget"


def test_budget_reports_say_budget_and_never_final_figures(real_run):
    tmp, _env, _added, _result = real_run
    report = (tmp / "reports" / "2025-budget" / SHANGHAI_ID / "01_clean.html").read_text(encoding="utf-8")
    assert "上海市普陀区财政局2025年度部门预算" in report and "juesuan 预算分析报告" in report
    assert "预算数" in report and "决算数" not in report and "决算" not in report
    # figures as printed on the page: p. 13 支出预算总表 合计 row, 基本支出 25,121,091.00 元;
    # p. 21 三公 table 合计 0.95 万元
    assert "25121091.00" in report or "25,121,091.00" in report
    assert "2025年部门支出预算总表，合计／基本支出，第 13 页" in report
    assert "2025年部门“三公”经费和机关运行经费预算表，合计／预算数，第 21 页" in report
    ratios = (tmp / "reports" / "2019-budget" / JIANGSU_ID / "02_ratios.html").read_text(encoding="utf-8")
    assert "江苏省人民检察院2019年度部门预算" in ratios and "决算数" not in ratios
    assert "预算执行比率不适用于本文件" in ratios


def test_index_labels_budgets_and_their_not_applicable_notebooks(real_run):
    tmp, _env, _added, _result = real_run
    manifest = json.loads((tmp / "reports" / "manifest.json").read_text(encoding="utf-8"))
    records = {(r["department_id"], r["notebook"]): r for r in manifest["reports"]}
    for department in (SHANGHAI_ID, JIANGSU_ID):
        assert records[(department, "01_clean")]["status"] == "ok"
        assert records[(department, "01_clean")]["kind"] == "budget"
        assert {records[(department, n)]["status"] for n in BUDGET_ONLY} == {"not-applicable"}
    index = (tmp / "reports" / "index.html").read_text(encoding="utf-8")
    assert "部门预算" in index and "不适用于预算" in index and "失败" not in index


def test_panel_catalog_lists_budgets_with_their_kind(real_run):
    _tmp, env, _added, _result = real_run
    result = run_juesuan("sql", "SELECT department_id, fiscal_year, kind FROM catalog ORDER BY 1",
                         "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert [(r["department_id"], r["fiscal_year"], r["kind"]) for r in rows] == [
        (SHANGHAI_ID, 2025, "budget"), (JIANGSU_ID, 2019, "budget"),
    ]


def test_budget_and_final_accounts_of_one_department_year_coexist_in_a_run(tmp_path):
    budget = tmp_path / "青岚县教育和体育局2021年部门预算.txt"
    budget.write_text(SYNTHETIC_BUDGET, encoding="utf-8")
    env = isolated_env(tmp_path, JUESUAN_RAW_DIR=str(tmp_path / "raw"))
    final = run_juesuan("add", SYNTHETIC_DIR / "sc_county_edu_2021.txt", "--department-id", "510999-qljty", env=env)
    added = run_juesuan("add", budget, "--department-id", "510999-qljty", env=env)
    assert final.returncode == 0 and added.returncode == 0, final.stderr + added.stderr
    assert "(部门预算)" in added.stdout and "(部门预算)" not in final.stdout
    assert sorted(p.name for p in (tmp_path / "raw" / "510999-qljty").iterdir()) == [
        "2021-budget.json", "2021-budget.txt", "2021.json", "2021.txt",
    ]
    result = run_juesuan("run", "--notebook", "01", "--jobs", "1", env=env)
    assert result.returncode == 0, result.stderr
    assert _errors(result.stderr) == []
    final_report = (tmp_path / "reports" / "2021" / "510999-qljty" / "01_clean.html").read_text(encoding="utf-8")
    budget_report = (tmp_path / "reports" / "2021-budget" / "510999-qljty" / "01_clean.html").read_text(
        encoding="utf-8"
    )
    assert "2021年度部门决算" in final_report and "年度部门预算" not in final_report
    assert "2021年度部门预算" in budget_report and "决算数" not in budget_report
    facts = json.loads((tmp_path / "processed" / "510999-qljty" / "2021-budget" / "result.json").read_text(
        encoding="utf-8"))["facts"]
    assert {f["key"]: f["value"] for f in facts}["expenditure_basic"] == "900.00"
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8"))
    kinds = sorted((r["fiscal_year"], r.get("kind"), r["status"]) for r in manifest["reports"]
                   if r.get("scope") != "panel")
    assert kinds == [(2021, "budget", "ok"), (2021, "final_accounts", "ok")]
    panel = run_juesuan("sql", "SELECT fiscal_year, kind FROM catalog ORDER BY kind", "--format", "json", env=env)
    rows = json.loads(panel.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert [(r["fiscal_year"], r["kind"]) for r in rows] == [(2021, "budget"), (2021, "final")]
    # the panel's facts hold the final accounts alone: one headline row for the department-year
    headline = run_juesuan("sql", "SELECT department_id, fiscal_year FROM headline", "--format", "json", env=env)
    rows = json.loads(headline.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert [(r["department_id"], r["fiscal_year"]) for r in rows] == [("510999-qljty", 2021)]

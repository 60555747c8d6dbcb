"""`juesuan add` (helpers.catalog_add): PDFs and texts copied unchanged into the raw catalog with a
sidecar. Every document here is SYNTHETIC (tests/fixtures/synthetic, typeset as a PDF at test time)
or a real budget PDF of tests/fixtures/real-pdfs (sources in its README)."""

from __future__ import annotations

import json

import pytest

from helpers.catalog import list_raw, sha256_of
from helpers.catalog_add import ADDED, FAILED, UNCHANGED, AddOptions, add_files
from helpers.errors import ParameterError
from helpers.paths import ProjectPaths

from .conftest import ROOT, SYNTHETIC_DIR, isolated_env, run_juesuan
from .pdf_factory import disclosure_pdf, text_pdf

TEXT = SYNTHETIC_DIR / "sc_county_edu_2021.txt"
REAL = ROOT / "tests" / "fixtures" / "real-pdfs"
SIDECAR_KEYS = {
    "department_id", "department", "fiscal_year", "publisher", "origin", "url", "date_added", "sha256", "size",
    "media_type",
}


def _paths(tmp_path) -> ProjectPaths:
    return ProjectPaths(root=tmp_path, raw=tmp_path / "raw", processed=tmp_path / "processed", reports=tmp_path / "reports")


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return disclosure_pdf(folder / "qinglan_edu_2021.pdf", TEXT.read_text(encoding="utf-8"))


def test_pdf_is_copied_unchanged_with_its_sidecar(tmp_path, synthetic_pdf):
    paths = _paths(tmp_path)
    options = AddOptions(department_id="510999-qljty", url="https://example.org/a.pdf")
    (result,) = add_files(paths, [synthetic_pdf], options)
    assert result.status == ADDED
    target = paths.raw / "510999-qljty" / "2021.pdf"
    assert result.target == target
    assert target.read_bytes() == synthetic_pdf.read_bytes()
    sidecar = json.loads((paths.raw / "510999-qljty" / "2021.json").read_text(encoding="utf-8"))
    assert set(sidecar) == SIDECAR_KEYS
    assert sidecar["department"] == "四川省青岚县教育和体育局"  # read from the document
    assert sidecar["fiscal_year"] == 2021
    assert sidecar["publisher"] == "四川省青岚县教育和体育局"
    assert sidecar["origin"] == "qinglan_edu_2021.pdf"
    assert sidecar["url"] == "https://example.org/a.pdf"
    assert sidecar["sha256"] == sha256_of(synthetic_pdf)
    assert sidecar["size"] == synthetic_pdf.stat().st_size
    assert sidecar["media_type"] == "application/pdf"
    (entry,) = list_raw(paths)
    entry.verify()
    assert entry.text_path == target


def test_text_is_added_as_txt(tmp_path):
    paths = _paths(tmp_path)
    (result,) = add_files(paths, [TEXT], AddOptions(department_id="510999-qljty", publisher="青岚县财政局"))
    assert result.status == ADDED
    sidecar = json.loads((paths.raw / "510999-qljty" / "2021.json").read_text(encoding="utf-8"))
    assert sidecar["media_type"] == "text/plain"
    assert sidecar["publisher"] == "青岚县财政局"
    assert (paths.raw / "510999-qljty" / "2021.txt").read_bytes() == TEXT.read_bytes()


def test_same_bytes_twice_is_a_no_op(tmp_path, synthetic_pdf):
    paths = _paths(tmp_path)
    add_files(paths, [synthetic_pdf], AddOptions(department_id="510999-qljty"))
    sidecar = (paths.raw / "510999-qljty" / "2021.json").read_bytes()
    (again,) = add_files(paths, [synthetic_pdf], AddOptions(department_id="510999-qljty"))
    assert again.status == UNCHANGED
    assert (paths.raw / "510999-qljty" / "2021.json").read_bytes() == sidecar


def test_a_different_file_is_never_overwritten(tmp_path, synthetic_pdf):
    paths = _paths(tmp_path)
    add_files(paths, [synthetic_pdf], AddOptions(department_id="510999-qljty"))
    (other,) = add_files(paths, [TEXT], AddOptions(department_id="510999-qljty"))
    assert other.status == FAILED
    assert "already holds a different disclosure" in other.message
    assert (paths.raw / "510999-qljty" / "2021.pdf").read_bytes() == synthetic_pdf.read_bytes()
    assert not (paths.raw / "510999-qljty" / "2021.txt").exists()


def test_known_department_name_gives_its_id(tmp_path, synthetic_pdf):
    paths = _paths(tmp_path)
    add_files(paths, [TEXT], AddOptions(department_id="510999-qljty"))
    prior = SYNTHETIC_DIR / "sc_county_edu_2020.txt"
    (result,) = add_files(paths, [prior], AddOptions())
    assert result.status == ADDED
    assert result.target == paths.raw / "510999-qljty" / "2020.txt"


def test_no_derivable_id_asks_for_department_id(tmp_path, synthetic_pdf):
    (result,) = add_files(_paths(tmp_path), [synthetic_pdf], AddOptions())
    assert result.status == FAILED
    assert "give --department-id" in result.message
    assert "\n" not in result.message
    assert not (tmp_path / "raw").exists() or not any((tmp_path / "raw").rglob("*.*"))


def test_one_bad_file_does_not_stop_the_others(tmp_path, synthetic_pdf):
    broken = text_pdf(tmp_path / "locked.pdf", [["本年支出合计1.00万元"]], encrypt="secret")
    paths = _paths(tmp_path)
    results = add_files(paths, [broken, synthetic_pdf], AddOptions(department_id="510999-qljty"))
    assert [r.status for r in results] == [FAILED, ADDED]
    assert "encrypted" in results[0].message


def test_malformed_options_are_rejected_before_any_file(tmp_path, synthetic_pdf):
    for options in (AddOptions(department_id="../etc"), AddOptions(url="javascript:alert(1)")):
        with pytest.raises(ParameterError):
            add_files(_paths(tmp_path), [synthetic_pdf], options)
    assert not (tmp_path / "raw").exists()


def test_cli_add_exit_status_and_messages(tmp_path, synthetic_pdf):
    env = isolated_env(tmp_path, JUESUAN_RAW_DIR=str(tmp_path / "raw"))
    ok = run_juesuan("add", synthetic_pdf, "--department-id", "510999-qljty", env=env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("added: ")
    again = run_juesuan("add", synthetic_pdf, "--department-id", "510999-qljty", env=env)
    assert again.returncode == 0 and again.stdout.startswith("unchanged: ")
    missing = run_juesuan("add", tmp_path / "nope.pdf", synthetic_pdf, "--department-id", "510999-qljty", env=env)
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    bad = run_juesuan("add", synthetic_pdf, "--year", "21", env=env)
    assert bad.returncode == 2 and "fiscal year" in bad.stderr and bad.stderr.count("\n") == 1


def test_real_budget_pdf_is_added_as_a_budget_beside_its_year(tmp_path):
    """sh_city_finance_bureau_2025_unit_budget.pdf (real, a 单位预算): add detects the budget and
    catalogues it as <year>-budget.pdf with kind "budget", saying 单位预算 in its one line."""
    paths = _paths(tmp_path)
    source = REAL / "sh_city_finance_bureau_2025_unit_budget.pdf"
    options = AddOptions(department_id="310000-czj")
    (result,) = add_files(paths, [source], options)
    assert result.status == ADDED, result.message
    assert result.target == paths.raw / "310000-czj" / "2025-budget.pdf"
    assert "(单位预算)" in result.message and "上海市财政局" in result.message
    sidecar = json.loads((paths.raw / "310000-czj" / "2025-budget.json").read_text(encoding="utf-8"))
    assert sidecar["kind"] == "budget" and sidecar["kind_label"] == "单位预算"
    assert sidecar["department"] == "上海市财政局" and sidecar["fiscal_year"] == 2025
    (entry,) = list_raw(paths)
    assert entry.kind == "budget" and entry.fiscal_year == 2025


def test_real_budget_pdf_added_as_final_accounts_is_refused_in_one_line(tmp_path):
    """--kind final_accounts on a real budget: refused (a budget is never read as final accounts),
    with the way to opt in, and nothing is written."""
    paths = _paths(tmp_path)
    source = REAL / "sh_city_finance_bureau_2025_unit_budget.pdf"
    options = AddOptions(department_id="310000-czj", fiscal_year=2025, kind="final_accounts")
    (result,) = add_files(paths, [source], options)
    assert result.status == FAILED
    assert "not a department final-accounts disclosure" in result.message and "--kind budget" in result.message
    assert "not added" in result.message and "\n" not in result.message
    assert not (paths.raw / "310000-czj").exists()


def test_text_that_is_not_a_disclosure_is_refused(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("（合成 SYNTHETIC）会议通知：请于周五下午三点到会议室开会。", encoding="utf-8")
    (result,) = add_files(_paths(tmp_path), [note], AddOptions(department_id="510999-qljty"))
    assert result.status == FAILED and "not a department final-accounts disclosure" in result.message


def test_budget_whose_year_cannot_be_read_asks_for_year(tmp_path):
    """js_npc_2019_budget_tables.pdf (real: the tables alone, no title naming the year): the budget
    is recognised, and the one-line error asks for --year; nothing is written."""
    paths = _paths(tmp_path)
    source = REAL / "js_npc_2019_budget_tables.pdf"
    (result,) = add_files(paths, [source], AddOptions(department_id="320000-rdb", kind="budget"))
    assert result.status == FAILED and "give --year" in result.message and "\n" not in result.message
    assert not paths.raw.exists() or not any(paths.raw.rglob("*"))
    (again,) = add_files(paths, [source], AddOptions(department_id="320000-rdb", kind="budget", fiscal_year=2019,
                                                      department="江苏省人大常委会办公厅"))
    assert again.status == ADDED and again.target.name == "2019-budget.pdf"

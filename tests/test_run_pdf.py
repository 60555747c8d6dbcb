"""End to end on a PDF: `juesuan add` a SYNTHETIC final-accounts PDF (tests/fixtures/synthetic/
sc_county_edu_2021.txt typeset at test time), then `juesuan run`: the report cites page and line."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import SYNTHETIC_DIR, isolated_env, run_juesuan
from .pdf_factory import disclosure_pdf

TEXT = SYNTHETIC_DIR / "sc_county_edu_2021.txt"
DEPARTMENT_ID = "510999-qljty"
CITATION = re.compile(r"第 (\d+) 页第 (\d+) 行")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run-pdf")
    pdf = disclosure_pdf(tmp / "青岚县教育和体育局2021年度部门决算.pdf", TEXT.read_text(encoding="utf-8"),
                         header="四川省青岚县教育和体育局2021年度部门决算")
    env = isolated_env(tmp, JUESUAN_RAW_DIR=str(tmp / "raw"))
    added = run_juesuan("add", pdf, "--department-id", DEPARTMENT_ID, env=env)
    assert added.returncode == 0, added.stderr
    result = run_juesuan("run", "--department", DEPARTMENT_ID, "--notebook", "01", "--jobs", "1", env=env)
    return tmp, pdf, result


def test_add_then_run_builds_the_report(built):
    tmp, _pdf, result = built
    assert result.returncode == 0, result.stderr
    assert (tmp / "reports" / "2021" / DEPARTMENT_ID / "01_clean.html").is_file()


def test_report_cites_page_and_line(built):
    tmp, _pdf, _result = built
    report = (tmp / "reports" / "2021" / DEPARTMENT_ID / "01_clean.html").read_text(encoding="utf-8")
    citations = CITATION.findall(report)
    assert citations, "no 第 N 页第 M 行 in the report"
    assert all(int(page) >= 1 and int(line) >= 1 for page, line in citations)
    assert "PDF 文本层" in report


def test_processed_findings_carry_page_of_their_evidence(built):
    tmp, pdf, _result = built
    check = run_juesuan("check", pdf, "--format", "json")
    evidence = [e for f in json.loads(check.stdout)["findings"] for e in f["evidence"]]
    assert evidence and all("page" in e and "page_line" in e for e in evidence)
    assert not (tmp / "raw" / DEPARTMENT_ID / "2021.txt").exists()

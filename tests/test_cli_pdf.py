"""`juesuan extract` and `check` on PDFs: the same results as on text, one-line errors for PDFs that
cannot be read. SYNTHETIC PDFs typeset at test time from tests/fixtures/synthetic texts."""

from __future__ import annotations

import json

import pytest

from .conftest import SYNTHETIC_DIR, isolated_env, run_juesuan
from .pdf_factory import disclosure_pdf, scanned_pdf, text_pdf, unmapped_glyph_pdf

TEXT = SYNTHETIC_DIR / "sc_county_edu_2021.txt"


@pytest.fixture(scope="module")
def synthetic_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return disclosure_pdf(folder / "qinglan_edu_2021.pdf", TEXT.read_text(encoding="utf-8"))


def test_extract_json_of_a_pdf_equals_that_of_its_text(synthetic_pdf):
    from_pdf = run_juesuan("extract", synthetic_pdf, "--format", "json")
    from_text = run_juesuan("extract", TEXT, "--format", "json")
    assert from_pdf.returncode == 0, from_pdf.stderr
    pdf_facts = {f["key"]: f["value"] for f in json.loads(from_pdf.stdout)["facts"]}
    text_facts = {f["key"]: f["value"] for f in json.loads(from_text.stdout)["facts"]}
    assert pdf_facts == text_facts
    assert len(pdf_facts) >= 30


def test_extract_of_a_pdf_writes_tables_to_out(tmp_path, synthetic_pdf):
    result = run_juesuan("extract", synthetic_pdf, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["encoding"] == "pdf"
    assert (tmp_path / "out" / "facts.csv").is_file()


def test_check_of_a_pdf_runs_the_audit(synthetic_pdf):
    result = run_juesuan("check", synthetic_pdf, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    assert "findings" in json.loads(result.stdout)


@pytest.mark.parametrize("kind", ["encrypted", "truncated", "scan", "not-a-disclosure"])
def test_unreadable_pdf_is_one_line_and_exit_2(tmp_path, kind):
    path = tmp_path / f"{kind}.pdf"
    if kind == "encrypted":
        text_pdf(path, [["本年支出合计1.00万元"]], encrypt="secret")
    elif kind == "truncated":
        data = text_pdf(tmp_path / "whole.pdf", [["本年支出合计1.00万元"]] * 4).read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "scan":
        scanned_pdf(path, image_pages=2)
    else:
        text_pdf(path, [["会议通知：请各位同事周五下午三点到会议室开会。"]])
    out = tmp_path / "out"
    result = run_juesuan("extract", path, "--out", out, env=isolated_env(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("juesuan: error: ")
    assert not out.exists()  # nothing half-written


def test_cid_glyphs_warn_with_pages_and_figures(tmp_path):
    lines = [[("text", line)] for line in TEXT.read_text(encoding="utf-8").splitlines()[:60] if line.strip()]
    lines.append([("text", "本年支出合计"), ("glyphs", "17 18"), ("text", ".50万元。")])
    path = unmapped_glyph_pdf(tmp_path / "synthetic-cid.pdf", [lines[:30], lines[30:]])
    result = run_juesuan("extract", path, "--format", "json")
    assert "unreadable glyph(s)" in result.stderr
    assert "“本年支出合计(cid:17)(cid:18).50万元”" in result.stderr
    assert "on page 2" in result.stderr

"""The audit on a PDF: messages and evidence cite 第 N 页第 M 行, scanned pages are a finding.
Every document here is SYNTHETIC (conftest.synthetic_disclosure typeset at test time)."""

from __future__ import annotations

import re

from helpers.audit import audit
from helpers.document import Document
from helpers.extract import extract_document

from .conftest import synthetic_disclosure
from .pdf_factory import scanned_pdf, text_pdf

BODY = (
    "一、收入支出决算总体情况说明\n"
    "2021年度收、支总计100.00万元。\n"
    "三、支出决算情况说明\n"
    "本年支出合计100.00万元，其中：基本支出80.00万元，占80.00%；项目支出20.00万元，占20.00%。\n"
    "四、财政拨款收入支出决算总体情况说明\n"
    "本年支出合计120.00万元。"
)


def _pages(text: str, per_page: int = 12) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [lines[k : k + per_page] for k in range(0, len(lines), per_page)]


def _findings(path):
    document = Document.from_path(path)
    return document, audit(document, extract_document(document))


def test_messages_cite_page_and_line_on_a_pdf(tmp_path):
    path = text_pdf(tmp_path / "synthetic.pdf", _pages(synthetic_disclosure(BODY)))
    document, findings = _findings(path)
    cited = [f for f in findings if "行" in f.message and re.search(r"第 \d+ 行", f.message)]
    assert cited, [f.message for f in findings]
    for finding in cited:
        assert not re.search(r"(?<!页)第 \d+ 行", finding.message), finding.message
        assert re.search(r"第 \d+ 页第 \d+ 行", finding.message)
    for finding in findings:
        for evidence in finding.evidence:
            if evidence.line is not None:
                assert evidence.page == document.page_of(evidence.line)
                assert evidence.where == document.cite(evidence.line)


def test_scanned_pages_are_an_unreadable_finding(tmp_path):
    path = scanned_pdf(tmp_path / "synthetic.pdf", text_pages=_pages(synthetic_disclosure(BODY)), image_pages=2)
    document, findings = _findings(path)
    pages = len(_pages(synthetic_disclosure(BODY)))
    scans = [f for f in findings if "没有文本层" in f.message]
    assert len(scans) == 1
    assert scans[0].rule == "completeness.unreadable" and scans[0].severity == "warning"
    assert f"第 {pages + 1}–{pages + 2} 页没有文本层" in scans[0].message
    assert document.scanned_pages == [pages + 1, pages + 2]


def test_text_messages_keep_plain_lines():
    document = Document.from_text(synthetic_disclosure(BODY), name="synthetic")
    for finding in audit(document, extract_document(document)):
        assert "页第" not in finding.message

"""Fund scope of functional amounts (SYNTHETIC texts): a 政府性基金 row and a 一般公共预算 narrative amount
under the same 类 code are two quantities (case K03's kind)."""

from __future__ import annotations

from helpers.audit.scope import scope_of_row, scope_of_text
from helpers.document import Document
from helpers.extract import extract_document

from .audit_helpers import only

NARRATIVE = ("五、一般公共预算财政拨款支出决算情况说明\n（二）一般公共预算财政拨款支出决算结构情况\n"
             "一般公共预算财政拨款支出 1000.00 万元，主要用于以下方面：城乡社区支出（类）700.00 万元，占 70.00%；"
             "住房保障支出（类）300.00 万元，占 30.00%。\n")
FUND_TABLE = ("{title}\n单位：万元\n合计 50.00 合计 基本支出 项目支出\n221 住房保障支出 50.00 50.00 50.00\n")


def test_scope_is_read_from_a_title_or_heading():
    assert scope_of_text("政府性基金预算财政拨款收入支出决算表") == "gov_fund"
    assert scope_of_text("国有资本经营预算财政拨款支出决算表") == "state_capital"
    assert scope_of_text("五、一般公共预算财政拨款支出决算情况说明") == "general_budget"
    assert scope_of_text("支出决算表") is None


def test_gov_fund_row_and_general_budget_narrative_are_not_one_figure(audit_of):
    text = NARRATIVE + FUND_TABLE.format(title="政府性基金预算财政拨款收入支出决算表")
    assert only(audit_of(text), "repeat.functional") == []


def test_state_capital_row_and_general_budget_narrative_are_not_one_figure(audit_of):
    text = NARRATIVE + FUND_TABLE.format(title="国有资本经营预算财政拨款支出决算表")
    assert only(audit_of(text), "repeat.functional") == []


def test_same_scope_different_amount_is_still_an_error(audit_of):
    text = NARRATIVE + FUND_TABLE.format(title="一般公共预算财政拨款支出决算表")
    (finding,) = only(audit_of(text), "repeat.functional")
    assert finding.severity == "error" and "221" in finding.message


def test_narrative_rows_take_the_scope_of_their_section():
    from tests.conftest import synthetic_disclosure

    document = Document.from_text(synthetic_disclosure(NARRATIVE), name="synthetic")
    rows = extract_document(document).functional
    assert rows and {scope_of_row(document, r) for r in rows} == {"general_budget"}

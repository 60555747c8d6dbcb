"""Budgets (部门预算/单位预算) read as budgets: the kind gate (extract.check_kind), the budget-only
wording (helpers.extract.budget) and the facts of real budget PDFs with their page and cell.

Documents: case K02 (SYNTHETIC, tests/fixtures/cases), small SYNTHETIC texts written here, and the
REAL budget PDFs of tests/fixtures/real-pdfs (sources in its README).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from helpers.document import Document
from helpers.errors import NotADisclosureError
from helpers.extract import extract_document, resolve_kind
from helpers.pipeline import process_file

from .conftest import ROOT, SEED_PATH, run_juesuan

K02 = ROOT / "tests" / "fixtures" / "cases" / "K02-budget-document-accepted-as-final-accounts.txt"
REAL = ROOT / "tests" / "fixtures" / "real-pdfs"


def _document(tmp_path, text: str, name: str = "synthetic.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Document.from_path(path)


@cache
def _real(name: str):
    return process_file(REAL / name, kind="budget").extraction


def test_budget_without_kind_is_refused_with_the_way_to_opt_in():
    result = run_juesuan("extract", K02, "--format", "json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "not a department final-accounts disclosure" in result.stderr
    assert "pass --kind budget to read it as a budget" in result.stderr


def test_budget_with_kind_budget_gives_its_budget_figures():
    """K02 (SYNTHETIC): every figure is the 预算数 its line states; the JSON says kind budget."""
    result = run_juesuan("extract", K02, "--format", "json", "--kind", "budget")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "budget"
    assert data["department"] == "东川区河道管理所" and data["fiscal_year"] == 2024
    facts = {f["key"]: (f["value"], f["line"]) for f in data["facts"]}
    assert facts["income_total"] == ("560.00", 3)
    assert facts["income_appropriation"] == ("560.00", 3)
    assert facts["expenditure_total"] == ("560.00", 4)
    assert facts["expenditure_basic"] == ("410.00", 4)
    assert facts["expenditure_project"] == ("150.00", 4)
    assert facts["three_public_total"] == ("6.00", 6)
    assert facts["three_public_reception"] == ("2.00", 6)
    assert facts["three_public_vehicle_operation"] == ("4.00", 6)
    assert facts["admin_operating_cost"] == ("35.00", 8)
    change = next(f for f in data["facts"] if f["key"] == "income_appropriation")
    # "比2023年预算增加 40.00 万元" is against last year's budget: read as that change or not at all
    assert change.get("change") in (None, "40.00") and change.get("budget") is None
    assert "决算" not in json.dumps(data["facts"], ensure_ascii=False)


def test_auto_kind_reads_a_budget_as_a_budget():
    result = run_juesuan("check", K02, "--format", "json", "--kind", "auto")
    assert result.returncode == 0, result.stderr
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "completeness.section" not in rules  # the final-accounts sections are not asked of a budget
    assert "completeness.budget_tables" in rules


def test_final_accounts_read_as_a_budget_are_refused_in_one_line(tmp_path):
    copy = tmp_path / "2020.txt"  # outside the catalog: read as --kind says
    copy.write_bytes(SEED_PATH.read_bytes())
    result = run_juesuan("extract", copy, "--format", "json", "--kind", "budget")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "is a department final-accounts disclosure (部门决算), not a budget" in result.stderr


def test_catalog_entry_read_as_another_kind_is_a_parameter_error():
    result = run_juesuan("extract", SEED_PATH, "--format", "json", "--kind", "budget")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "is catalogued as final_accounts, not budget" in result.stderr


def test_text_that_is_neither_is_refused_as_a_budget(tmp_path):
    document = _document(tmp_path, "（合成 SYNTHETIC）会议通知：请于周五下午三点到会议室开会。")
    with pytest.raises(NotADisclosureError, match="not a department budget"):
        extract_document(document, kind="budget")


def test_resolve_kind_auto_follows_the_title(tmp_path):
    budget = _document(tmp_path, "（合成 SYNTHETIC）某某局2024年部门预算\n一、部门预算编制说明\n收入预算 1.00 万元。")
    assert resolve_kind(budget, "auto") == "budget"
    assert resolve_kind(Document.from_path(SEED_PATH), "auto") == "final_accounts"
    assert resolve_kind(budget, None) == "final_accounts"  # no opt-in: the final-accounts gate


def test_budget_wording_is_read_only_when_reading_a_budget(tmp_path):
    """SYNTHETIC: "本年收入预算合计 N 万元" is a budget's income; in final accounts the same words
    would name a budget, not the 决算数, so the final-accounts reader leaves them alone."""
    text = (
        "（合成 SYNTHETIC）某某局2024年部门预算\n"
        "一、收入预算情况说明\n"
        "某某局本年收入预算合计 120.50万元，其中：一般公共预算收入 120.50 万元。\n"
        "二、机关运行经费支出预算情况说明\n"
        "2024年本部门一般公共预算机关运行经费预算支出 30.25 万元，与上年相比增加 1.25 万元，增长 4.31%。\n"
    )
    document = _document(tmp_path, text)
    budget = extract_document(document, kind="budget", whole_document=False)
    assert budget.value("income_total") == Decimal("120.50")
    operating = budget.fact("admin_operating_cost")
    assert operating.value == Decimal("30.25") and operating.change == Decimal("1.25") and operating.line == 5
    final = extract_document(document, kind="final_accounts", whole_document=False)
    assert final.fact("income_total") is None and final.kind == "final_accounts"


def test_a_change_named_by_its_verb_is_not_the_figure():
    """js_npc_2017_budget.pdf p. 23: "……等原因，增加基本支出 844.15 万元" is the change; the 基本支出
    is the 7666.68 万元 of p. 24 ("基本支出 7666.68 万元，占 56.17%")."""
    extraction = _real("js_npc_2017_budget.pdf")
    basic = extraction.fact("expenditure_basic")
    assert basic.value == Decimal("7666.68") and "7666.68" in basic.quote


def test_real_shanghai_budget_figures_come_from_their_table_cells():
    """sh_putuo_finance_bureau_2025_dept_budget.pdf (REAL): 预算数 read from the printed cells (元)."""
    extraction = _real("sh_putuo_finance_bureau_2025_dept_budget.pdf")
    assert extraction.kind == "budget" and extraction.fiscal_year == 2025
    assert extraction.department == "上海市普陀区财政局"
    basic = extraction.fact("expenditure_basic")
    assert (basic.value, basic.unit) == (Decimal("25121091.00"), "元")
    assert basic.table["table_title"] == "2025年部门支出预算总表"
    assert (basic.table["page"], basic.table["column"], basic.table["name"]) == (13, "基本支出", "合计")
    personnel = extraction.fact("personnel_expenditure")
    assert personnel.value == Decimal("22826756.00") and personnel.table["page"] == 20
    three_public = extraction.fact("three_public_total")
    assert (three_public.value, three_public.unit, three_public.table["page"]) == (Decimal("0.95"), "万元", 21)
    # the narrative states its own figures in 万元: kept, with their quote
    income = extraction.fact("income_appropriation")
    assert income.value == Decimal("3121.42") and income.source is None
    # "比2024年预算增加107.62万元": the change against last year's budget, read as that or not at all
    assert income.change in (None, Decimal("107.62")) and income.budget is None


def test_real_jiangsu_budget_figures_from_narrative_and_tables():
    """js_procuratorate_2019_budget.pdf (REAL): narrative 预算数 with their lines, table 预算数 with
    their cells; the 单位预留机动经费 is the third part of the 支出预算合计."""
    extraction = _real("js_procuratorate_2019_budget.pdf")
    assert extraction.department == "江苏省人民检察院" and extraction.fiscal_year == 2019
    assert extraction.value("total") == Decimal("24169.74")
    assert extraction.value("expenditure_total") == Decimal("24169.74")
    assert extraction.value("expenditure_basic") == Decimal("15844.04")
    assert extraction.value("expenditure_project") == Decimal("4335.3")
    assert extraction.value("expenditure_reserve") == Decimal("3990.4")
    three_public = extraction.fact("three_public_total")
    assert three_public.value == Decimal("418.26")
    assert three_public.table["page"] == 20 and three_public.table["column"] == "预算数"
    assert three_public.table["table_title"] == "“三公”经费、会议费、培训费支出预算表"
    functional = {row.code: row for row in extraction.functional}
    assert functional and all(row.amount is not None for row in functional.values())

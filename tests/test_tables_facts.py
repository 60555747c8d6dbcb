"""Canonical facts from public-table cells (`table_facts`), on SYNTHETIC table instances."""

from __future__ import annotations

from decimal import Decimal

from helpers.tables import PublicTable, TableCell
from helpers.tables.facts import table_facts


def cell(row, name, column, value, *, side=None, code=None, page=3):
    return TableCell(row=row, code=code, level=None, name=name, side=side, column=column, column_label=column,
                     value=None if value is None else Decimal(value), raw=value or "", page=page)


def table(table_id, cells, kind="final"):
    return PublicTable(id=table_id, title=f"合成{table_id}", number=None, kind=kind, pages=[3], unit="万元",
                       columns=[], cells=cells)


def test_summary_rows_give_income_and_carryover_facts():
    facts = {f.key: f for f in table_facts([table("income_expenditure_summary", [
        cell(0, "一、一般公共预算财政拨款收入", "决算数", "80.00", side="income"),
        cell(1, "本年收入合计", "决算数", "80.00", side="income"),
        cell(1, "本年支出合计", "决算数", "70.00", side="expenditure"),
        cell(2, "使用非财政拨款结余（含专用结余）", "决算数", None, side="income"),
        cell(3, "年末结转和结余", "决算数", "10.00", side="expenditure"),
        cell(4, "总计", "决算数", "80.00", side="income"),
    ])])}
    assert {k: str(f.value) for k, f in facts.items()} == {
        "income_general_budget": "80.00", "income_total": "80.00", "expenditure_total": "70.00",
        "carryover_end": "10.00", "total": "80.00",
    }
    assert facts["carryover_end"].provenance() == {
        "table_id": "income_expenditure_summary", "table_title": "合成income_expenditure_summary", "row": 3,
        "name": "年末结转和结余", "column": "决算数", "page": 3, "raw": "10.00",
    }


def test_blank_cell_gives_no_fact():
    facts = table_facts([table("expenditure", [cell(0, "合计", "经营支出", None)])])
    assert facts == []


def test_three_public_actual_with_its_budget():
    facts = {f.key: f for f in table_facts([table("three_public", [
        cell(0, "合计", "预算数", "12.00"), cell(0, "合计", "决算数", "9.50"),
        cell(1, "公务接待费", "预算数", "3.00"), cell(1, "公务接待费", "决算数", "2.50"),
    ])])}
    assert (str(facts["three_public_total"].value), str(facts["three_public_total"].budget)) == ("9.50", "12.00")
    assert str(facts["three_public_reception"].value) == "2.50"


def test_total_rows_of_the_expenditure_and_basic_tables():
    facts = {f.key: str(f.value) for f in table_facts([
        table("expenditure", [cell(0, "合计", "基本支出", "60.00"), cell(1, "行政运行", "基本支出", "60.00", code="2010101")]),
        table("general_budget_basic", [cell(5, "人员经费合计", "决算数", "40.00"), cell(5, "公用经费合计", "决算数", "20.00")]),
    ])}
    assert facts == {"expenditure_basic": "60.00", "personnel_expenditure": "40.00", "public_expenditure": "20.00"}


def test_budget_tables_give_no_final_accounts_facts():
    assert table_facts([table("expenditure", [cell(0, "合计", "基本支出", "60.00")], kind="budget")]) == []


def test_budget_extraction_reads_only_budget_tables_at_their_budget_figures():
    """kind "budget": the 预算数 of the budget tables become the canonical keys; a final-accounts
    table beside them gives nothing (SYNTHETIC cells)."""
    facts = {f.key: f for f in table_facts([
        table("income_expenditure_summary", [
            cell(0, "一、财政拨款收入", "预算数", "560.00", side="income"),
            cell(1, "1.一般公共预算资金", "预算数", "560.00", side="income"),
            cell(2, "2.政府性基金", "预算数", None, side="income"),
            cell(3, "收入总计", "预算数", "560.00", side="income"),
            cell(0, "一、基本支出", "预算数", "410.00", side="expenditure"),
        ], kind="budget"),
        table("expenditure", [cell(0, "合计", "本年支出合计", "560.00"), cell(0, "合计", "项目支出", "150.00")],
              kind="budget"),
        table("three_public", [cell(0, "合计", "预算数", "6.00"), cell(1, "公务接待费", "预算数", "2.00"),
                               cell(2, "机关运行经费", "预算数", "35.00")], kind="budget"),
        table("expenditure", [cell(0, "合计", "基本支出", "999.00")]),
    ], kind="budget")}
    assert {k: str(f.value) for k, f in facts.items()} == {
        "income_appropriation": "560.00", "income_general_budget": "560.00", "total": "560.00",
        "expenditure_basic": "410.00", "expenditure_total": "560.00", "expenditure_project": "150.00",
        "three_public_total": "6.00", "three_public_reception": "2.00", "admin_operating_cost": "35.00",
    }
    assert "income_gov_fund" not in facts  # a blank cell is not stated, never 0
    assert facts["expenditure_basic"].column == "预算数" and facts["expenditure_basic"].budget is None


def test_final_accounts_extraction_ignores_budget_tables():
    assert table_facts([table("three_public", [cell(0, "合计", "预算数", "6.00")], kind="budget")],
                       kind="final_accounts") == []

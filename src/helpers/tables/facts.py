"""Canonical facts (keys of extract/specs.py) read from public-table cells, with their provenance.

A final-accounts extraction reads only final-accounts tables (kind "final"): a budget's 预算数 is
not a 决算 figure. The cell each key comes from is the template's own (Shanghai 2024 template,
tables 01–09): the 01 summary's income and expenditure rows, the 合计 row of 02/03/05/08/09, 06's
人员经费合计 and 公用经费合计, and the 07 三公 items (决算数 the value, 预算数 its budget).

A budget extraction (`kind="budget"`) reads only budget tables: the same keys, valued at their
预算数 (budget_table_facts; the rows and columns the eight real budgets of
tests/fixtures/real-pdfs print).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..extract.specs import SPEC_BY_KEY
from .model import PublicTable, TableCell
from .three_public import ITEMS, TOTAL

_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]+[）)])")
_PAREN = re.compile(r"[（(][^（）()]*[）)]$")

# 01 收入支出决算总表, income side: row name → key
SUMMARY_INCOME = {
    "本年收入合计": "income_total",
    "总计": "total",
    "一般公共预算财政拨款收入": "income_general_budget",
    "政府性基金预算财政拨款收入": "income_gov_fund",
    "国有资本经营预算财政拨款收入": "income_state_capital",
    "上级补助收入": "income_superior_subsidy",
    "事业收入": "income_business",
    "经营收入": "income_operating",
    "附属单位上缴收入": "income_affiliated",
    "其他收入": "income_other",
    "使用非财政拨款结余": "non_appropriation_balance_used",
    "年初结转和结余": "carryover_begin",
}
SUMMARY_EXPENDITURE = {"本年支出合计": "expenditure_total", "年末结转和结余": "carryover_end"}
# 02/03/05/08/09: the 合计 row's columns → key
TOTAL_ROW = {
    "income": {
        "本年收入合计": "income_total",
        "财政拨款收入": "income_appropriation",
        "上级补助收入": "income_superior_subsidy",
        "事业收入": "income_business",
        "经营收入": "income_operating",
        "附属单位上缴收入": "income_affiliated",
        "其他收入": "income_other",
    },
    "expenditure": {
        "本年支出合计": "expenditure_total",
        "基本支出": "expenditure_basic",
        "项目支出": "expenditure_project",
        "上缴上级支出": "expenditure_remit_superior",
        "经营支出": "expenditure_operating",
        "对附属单位补助支出": "expenditure_affiliated_subsidy",
    },
    "general_budget_expenditure": {"合计": "general_budget_expenditure", "基本支出": "general_budget_basic"},
    "gov_fund": {"本年支出合计": "gov_fund_expenditure"},
    "state_capital": {"本年支出合计": "state_capital_expenditure"},
}
BASIC_TOTALS = {"人员经费合计": "personnel_expenditure", "公用经费合计": "public_expenditure"}
THREE_PUBLIC = {TOTAL: "three_public_total"} | {item.name: item.fact for item in ITEMS}
APPROPRIATION_SUMMARY = {"总计": "appropriation_total"}


@dataclass(frozen=True)
class TableFact:
    """A canonical figure read from a table cell: the key, its value and where it was printed."""

    key: str
    value: Decimal
    unit: str | None
    table_id: str
    table_title: str
    row: int
    code: str | None
    name: str
    column: str
    page: int | None  # 1-based page of a PDF; None for a text input
    line: int | None  # 1-based line of a text input; None for a PDF
    raw: str
    budget: Decimal | None = None  # 预算数 beside a 决算数 (三公 items)

    def provenance(self) -> dict:
        """Where the figure was read: table, row, column, page or line, cell text."""
        out = {
            "table_id": self.table_id,
            "table_title": self.table_title,
            "row": self.row,
            "code": self.code,
            "name": self.name,
            "column": self.column,
            "page": self.page,
            "line": self.line,
            "raw": self.raw,
        }
        return {k: v for k, v in out.items() if v is not None}


def _plain(name: str) -> str:
    """Row name without its enumerator and trailing parenthesis ("一、…收入", "…结余（含专用结余）")."""
    return _PAREN.sub("", _ENUM.sub("", name))


def _fact(key: str, cell: TableCell, table: PublicTable, budget: Decimal | None = None) -> TableFact | None:
    if cell.value is None or (key not in SPEC_BY_KEY and key != "income_appropriation"):
        return None
    return TableFact(
        key=key, value=cell.value, unit=table.unit, table_id=table.id, table_title=table.title,
        row=cell.row, code=cell.code, name=cell.name, column=cell.column, page=cell.page or None,
        line=cell.line, raw=cell.raw, budget=budget,
    )


def table_facts(tables: list[PublicTable], kind: str = "final_accounts") -> list[TableFact]:
    """Canonical facts read from the final-accounts tables (or, for kind "budget", from the budget
    tables at their 预算数); the first table stating a key wins."""
    if kind == "budget":
        return budget_table_facts(tables)
    found: dict[str, TableFact] = {}

    def add(fact: TableFact | None) -> None:
        if fact is not None and fact.key not in found:
            found[fact.key] = fact

    for table in tables:
        if table.kind != "final":
            continue
        if table.id == "income_expenditure_summary":
            for cell in table.cells:
                names = SUMMARY_EXPENDITURE if cell.side == "expenditure" else SUMMARY_INCOME
                key = names.get(_plain(cell.name))
                if key:
                    add(_fact(key, cell, table))
        elif table.id == "appropriation_summary":
            for cell in table.cells:
                key = APPROPRIATION_SUMMARY.get(_plain(cell.name)) if cell.side != "expenditure" else None
                if key:
                    add(_fact(key, cell, table))
        elif table.id in TOTAL_ROW:
            columns = TOTAL_ROW[table.id]
            for cell in table.cells:
                if _plain(cell.name) in ("合计", "总计") and cell.code is None and cell.column in columns:
                    add(_fact(columns[cell.column], cell, table))
        elif table.id == "general_budget_basic":
            for cell in table.cells:
                key = BASIC_TOTALS.get(_plain(cell.name))
                if key:
                    add(_fact(key, cell, table))
        elif table.id == "three_public":
            budgets = {c.name: c.value for c in table.cells if c.column == "预算数"}
            for cell in table.cells:
                key = THREE_PUBLIC.get(cell.name)
                if key and cell.column == "决算数":
                    add(_fact(key, cell, table, budgets.get(cell.name)))
    return list(found.values())


# A budget's summary tables (收支预算总表, 财政拨款收支预算总表): income-side row → key. Row names
# are those of the real budgets ("一、财政拨款收入", "1.一般公共预算资金", "2.政府性基金" …).
BUDGET_SUMMARY_INCOME = {
    "财政拨款收入": "income_appropriation",
    "财政拨款": "income_appropriation",
    "一般公共预算资金": "income_general_budget",
    "一般公共预算": "income_general_budget",
    "一般公共预算拨款收入": "income_general_budget",
    "政府性基金": "income_gov_fund",
    "政府性基金预算": "income_gov_fund",
    "政府性基金拨款收入": "income_gov_fund",
    "国有资本经营预算": "income_state_capital",
    "国有资本经营预算拨款收入": "income_state_capital",
    "事业收入": "income_business",
    "经营收入": "income_operating",
    "附属单位上缴收入": "income_affiliated",
    "上级补助收入": "income_superior_subsidy",
    "其他收入": "income_other",
    "收入总计": "total",
    "总计": "total",
    "本年收入合计": "income_total",
}
BUDGET_SUMMARY_EXPENDITURE = {
    "本年支出合计": "expenditure_total",
    "基本支出": "expenditure_basic",
    "项目支出": "expenditure_project",
    "单位预留机动经费": "expenditure_reserve",
}
# 合计 row of the budget's income, expenditure and functional tables: column → key.
BUDGET_TOTAL_ROW = {
    "income": TOTAL_ROW["income"],
    "expenditure": {
        **TOTAL_ROW["expenditure"], "合计": "expenditure_total", "单位预留机动经费": "expenditure_reserve"
    },
    "general_budget_expenditure": {
        "合计": "general_budget_expenditure",
        "预算数": "general_budget_expenditure",
        "基本支出": "general_budget_basic",
    },
    "general_budget_basic": {"人员经费": "personnel_expenditure", "公用经费": "public_expenditure"},
    "gov_fund": {"本年支出合计": "gov_fund_expenditure", "合计": "gov_fund_expenditure"},
    "state_capital": {"本年支出合计": "state_capital_expenditure", "合计": "state_capital_expenditure"},
    "admin_operating_cost": {"机关运行经费支出": "admin_operating_cost", "预算数": "admin_operating_cost"},
}
BUDGET_THREE_PUBLIC = {**THREE_PUBLIC, "机关运行经费": "admin_operating_cost"}


def budget_table_facts(tables: list[PublicTable]) -> list[TableFact]:
    """Canonical facts read from a budget's tables (kind "budget"), valued at the 预算数 the cell
    prints; the first table stating a key wins. Final-accounts tables are ignored."""
    found: dict[str, TableFact] = {}

    def add(fact: TableFact | None) -> None:
        if fact is not None and fact.key not in found:
            found[fact.key] = fact

    for table in tables:
        if table.kind != "budget":
            continue
        if table.id in ("income_expenditure_summary", "appropriation_summary"):
            for cell in table.cells:
                if cell.column != "预算数" or cell.code is not None:
                    continue
                names = BUDGET_SUMMARY_EXPENDITURE if cell.side == "expenditure" else BUDGET_SUMMARY_INCOME
                key = names.get(_plain(cell.name))
                if table.id == "appropriation_summary":  # its total is the appropriation's own
                    key = "appropriation_total" if key == "total" else None
                if key:
                    add(_fact(key, cell, table))
        elif table.id in BUDGET_TOTAL_ROW:
            columns = BUDGET_TOTAL_ROW[table.id]
            for cell in table.cells:
                if _plain(cell.name) in ("合计", "总计") and cell.code is None and cell.column in columns:
                    add(_fact(columns[cell.column], cell, table))
        elif table.id == "three_public":
            for cell in table.cells:
                key = BUDGET_THREE_PUBLIC.get(cell.name)
                if key and cell.column == "预算数":
                    add(_fact(key, cell, table))
    return list(found.values())

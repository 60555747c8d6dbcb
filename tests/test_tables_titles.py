"""Title recognition of public tables: national nine, Sichuan fourteen, 部门/单位, 决算/预算."""

from __future__ import annotations

import pytest

from helpers.tables.titles import find_number, find_unit, match_title


@pytest.mark.parametrize(
    ("line", "table_id", "kind"),
    [
        ("收入支出决算总表", "income_expenditure_summary", "final"),
        ("上海市XX局2024年度部门收入支出决算总表", "income_expenditure_summary", "final"),
        ("收 入 决 算 表", "income", "final"),
        ("支出决算表", "expenditure", "final"),
        ("财政拨款收入支出决算总表", "appropriation_summary", "final"),
        ("一般公共预算财政拨款支出决算表", "general_budget_expenditure", "final"),
        ("一般公共预算财政拨款基本支出决算表", "general_budget_basic", "final"),
        ("财政拨款“三公”经费支出决算表", "three_public", "final"),
        ("一般公共预算财政拨款“三公”经费支出决算表", "three_public", "final"),
        ("政府性基金预算财政拨款收入支出决算表", "gov_fund", "final"),
        ("国有资本经营预算财政拨款支出决算表", "state_capital", "final"),
        ("国有资本经营预算财政拨款收入支出决算表", "state_capital", "final"),
        ("财政拨款支出决算明细表", "appropriation_expenditure_detail", "final"),
        ("一般公共预算财政拨款支出决算明细表", "general_budget_expenditure_detail", "final"),
        ("一般公共预算财政拨款项目支出决算表", "general_budget_project", "final"),
        ("政府性基金预算财政拨款“三公”经费支出决算表", "gov_fund_three_public", "final"),
        ("国有资本经营预算财政拨款收入决算表", "state_capital_income", "final"),
        ("2025年部门财务收支预算总表", "income_expenditure_summary", "budget"),
        ("2025年预算单位收入预算总表", "income", "budget"),
        ("2023年部门支出预算总表", "expenditure", "budget"),
        ("财政拨款收支预算总表", "appropriation_summary", "budget"),
        ("2023年部门一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic", "budget"),
        ("一般公共预算支出预算表（功能科目）", "general_budget_expenditure", "budget"),
        ("2025年单位“三公”经费和机关运行经费预算表", "three_public", "budget"),
        ("“三公”经费、会议费、培训费支出预算表", "three_public", "budget"),
        ("一般公共预算机关运行经费支出预算表", "admin_operating_cost", "budget"),
        ("公开05表 财政拨款支出预算表（功能科目）", "appropriation_expenditure", "budget"),
    ],
)
def test_title_is_recognised_with_its_kind(line, table_id, kind):
    match = match_title(line)
    assert match is not None and (match.id, match.kind) == (table_id, kind)


@pytest.mark.parametrize(
    "line",
    [
        "二、收入决算表……………………5",  # a contents entry
        "四、财政拨款收支预算总表情况说明",  # a section heading
        "本表反映部门年度总体收支预算情况，与《部门收支预算总表》一致。",
        "上海市XX局2024年度部门决算表",  # the part heading, not one table
        "本年支出合计",
    ],
)
def test_lines_that_are_not_titles(line):
    assert match_title(line) is None


def test_printed_number_and_unit():
    assert find_number("公开 07 表") == "公开07表"
    assert find_number("附表5") == "附表5"
    assert find_unit("部门：某局 单位： 万元") == "万元"
    assert find_unit("编制部门：某局 单位：元") == "元"
    assert find_unit("部门：某局") is None

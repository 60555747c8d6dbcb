"""Header paths → column roles and standard column names (Shanghai 2024 template headings)."""

from __future__ import annotations

import pytest

from helpers.tables.columns import label_of, role_of, standard_column


@pytest.mark.parametrize(
    ("path", "kind", "name"),
    [
        (["本年收入合计"], "final", "本年收入合计"),
        (["附属单位\n上缴收入"], "final", "附属单位上缴收入"),
        (["本年支出", "合计"], "final", "本年支出合计"),
        (["支出预算", "合计"], "budget", "本年支出合计"),
        (["收入预算", "合计"], "budget", "本年收入合计"),
        (["本年支出", "基本支出"], "final", "基本支出"),
        (["支出", "一般公共预算财政拨款"], "final", "一般公共预算"),
        (["年初结转和\n结余"], "final", "年初结转和结余"),
        (["项目", "决算数"], "final", "决算数"),
        (["金额"], "budget", "预算数"),
        (["金额"], "final", "决算数"),
        (["一般公共预算基本支出", "人员经费"], "budget", "人员经费"),
        (["单位预留机动经费"], "budget", "单位预留机动经费"),
    ],
)
def test_standard_column_name(path, kind, name):
    assert standard_column(path, kind) == name


@pytest.mark.parametrize(
    ("path", "role"),
    [
        (["项目", "功能分类科目编码"], "code"),
        (["科目编码", "类"], "code"),
        (["项目", "科目名称"], "name"),
        (["收入", "项目"], "name"),
        (["行次"], "row_number"),
        (["本年收入合计"], "value"),
    ],
)
def test_column_role(path, role):
    assert role_of(path) == role


def test_printed_label_joins_header_rows_with_slashes():
    assert label_of(["本年支出", "基本\n支出"]) == "本年支出/基本支出"

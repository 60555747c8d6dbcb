from __future__ import annotations

import csv
from importlib import resources

from helpers.codes import canonical_name, code_table


def test_table_is_consistent():
    text = resources.files("helpers").joinpath("data/functional_codes.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows)
    for row in rows:
        assert {3: "class", 5: "section", 7: "item"}[len(row["code"])] == row["level"]
        if len(row["code"]) > 3:
            assert row["code"][: len(row["code"]) - 2] in codes
        assert row["name"]


def test_names_and_former_names_resolve():
    table = code_table()
    assert table.resolve("卫生健康").code == "210"
    assert table.resolve("医疗卫生与计划生育支出").code == "210"
    assert table.resolve("行政事业单位离退休", "208").code == "20805"
    assert table.resolve("行政运行", "20103").code == "2010301"
    assert table.resolve("不存在的科目名称") is None


def test_canonical_name():
    assert canonical_name("一般公共服务支出（类）") == canonical_name("一般公共服务")
    assert canonical_name("政府办公厅(室)") == "政府办公厅（室）"

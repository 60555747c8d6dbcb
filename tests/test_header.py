"""Document identity (extract/header.py): fiscal year, department, and agreement with the catalog.

Every text here is SYNTHETIC (made-up departments and figures in the template's wording).
"""

from __future__ import annotations

import pytest

from helpers.document import Document
from helpers.errors import InputError
from helpers.extract.header import find_department, find_fiscal_year, identity_warnings, reconcile_identity
from helpers.extract.model import Extraction


def _doc(text: str) -> Document:
    return Document.from_text(text, name="synthetic")


def test_fiscal_year_comes_from_the_title_not_from_prior_year_comparisons():
    text = "\n".join(
        ["云岭市合成监测中心2023年度单位决算"]
        + ["本年收入合计 300.00 万元，较2022年度决算数增加 20.00 万元。"] * 4
    )
    assert find_fiscal_year(_doc(text)) == 2023


def test_fiscal_year_from_a_part_heading_when_the_cover_has_none():
    text = "合成测试局\n第二部分 2021年度部门决算情况说明\n与2020年度相比，支出增加 1.00 万元。与2020年度相比。"
    assert find_fiscal_year(_doc(text)) == 2021


def test_comparison_years_are_not_votes_without_a_title():
    text = "本年支出合计 10.00 万元，较2019年度决算数增加 1.00 万元。2020年度基本支出 5.00 万元。"
    assert find_fiscal_year(_doc(text)) == 2020


def test_no_year_at_all_is_none():
    assert find_fiscal_year(_doc("本年支出合计 10.00 万元。")) is None


def test_department_from_a_title_that_starts_with_the_year():
    assert find_department(_doc("2021年度溪南县合成执法局部门决算\n目录")) == "溪南县合成执法局"


def test_department_from_a_two_line_cover():
    assert find_department(_doc("溪南县合成测试中心\n2022年度部门决算\n一、收入支出决算总体情况说明")) == (
        "溪南县合成测试中心"
    )


def test_department_name_wrapped_over_two_cover_lines_is_joined():
    text = "溪南市青岭区\n合成数据服务局\n2022年度部门决算\n"
    assert find_department(_doc(text)) == "溪南市青岭区合成数据服务局"


def test_a_scope_sentence_is_not_a_name():
    text = "纳入合成测试局2020年度部门决算编制范围的预算单位包括：合成测试局本级。\n"
    assert find_department(_doc(text)) != "纳入合成测试局"


def _extraction(year: int | None, department: str | None = "文本中的名称") -> Extraction:
    return Extraction(department=department, fiscal_year=year, unit="万元", facts=[], functional=[], projects=[], numbers=[])


def test_catalog_year_that_disagrees_with_the_text_is_a_one_line_error():
    with pytest.raises(InputError) as error:
        reconcile_identity(_extraction(2022), fiscal_year=2023, department="合成测试局", source="x/2023.txt")
    message = str(error.value)
    assert "2022" in message and "2023" in message and "\n" not in message


def test_catalog_supplies_an_unstated_year_and_the_sidecar_name_wins():
    extraction = _extraction(None)
    reconcile_identity(extraction, fiscal_year=2023, department="合成测试局（全称）", source="x")
    assert (extraction.fiscal_year, extraction.department) == (2023, "合成测试局（全称）")


def test_undetermined_year_and_department_give_one_line_each():
    warnings = identity_warnings(_extraction(None, None), "x.txt")
    assert len(warnings) == 2 and all("\n" not in w for w in warnings)

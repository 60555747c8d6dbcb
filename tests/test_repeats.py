"""A figure stated in several places agrees everywhere (SYNTHETIC texts)."""

from __future__ import annotations

import pytest

from .audit_helpers import only, severities

RESTATED = ("五、一般公共预算财政拨款支出决算情况说明\n2021年一般公共预算财政拨款支出 120.5 万元。\n"
            "第四部分 附件\n附件 1\n一、部门财政资金支出情况\n本年一般公共预算财政拨款支出 {again} 万元，全部用于履职。\n")


@pytest.mark.parametrize(("again", "expected"), [("120.5", []), ("125.5", ["error"]), ("120.54", ["info"])])
def test_restated_figure_agrees(audit_of, again, expected):
    assert severities(audit_of(RESTATED.format(again=again)), "repeat.figure") == expected


PASSAGE = ("（一）项目基本情况\n办公场地具体范围为服务大厅 1063 ㎡，办公及公共用房 2394 ㎡，年度租金 31.63 万元，"
           "保障了政务服务大厅正常运行。\n（二）项目完成情况\n实际完成情况如下：服务大厅 1063 ㎡，办公及公共用房 {area} ㎡，"
           "年度租金 {rent} 万元，保障了政务服务大厅正常运行。\n")


@pytest.mark.parametrize(("area", "rent", "expected"), [
    ("2394", "31.63", []),
    ("2494", "31.63", ["error"]),
    ("2394", "31.6", ["info"]),
])
def test_repeated_passage_keeps_its_numbers(audit_of, area, rent, expected):
    assert severities(audit_of(PASSAGE.format(area=area, rent=rent)), "repeat.passage") == expected


def test_repeated_passage_dates_are_compared_exactly(audit_of):
    text = ("（一）项目概况\n租赁合同约定已租赁到2021年4月30日，费用缴到了2021年4月30日，后续由财政安排预算。\n"
            "（二）项目绩效\n经核实，合同约定已租赁到2021年4月30日，费用缴到了2020年4月30日，后续由财政安排预算。\n")
    (finding,) = only(audit_of(text), "repeat.passage")
    assert finding.severity == "error" and "2021 ↔ 2020" in finding.message


def test_template_phrase_for_different_items_is_not_a_repeat(audit_of):
    text = ("（一）项目情况\n“甲”项目全年预算数 31.63 万元，执行数为 31.63 万元，完成预算的 100%。通过项目实施，保障了运行。\n"
            "“乙”项目全年预算数 3 万元，执行数为 3 万元，完成预算的 100%。通过项目实施，保障了运行。\n")
    assert only(audit_of(text), "repeat.passage") == []


def test_code_names_agree(audit_of):
    narrative = ("五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
                 "1.卫生健康（类）行政事业单位医疗（款）行政单位医疗（项）：支出决算为 3.80 万元，完成预算 100%。\n")
    same = narrative + "第三部分 名词解释\n7.卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）：指医疗经费。\n"
    renamed = narrative + "第三部分 名词解释\n7.医疗卫生与计划生育支出（类）行政事业单位医疗（款）行政单位医疗（项）：指医疗经费。\n"
    assert severities(audit_of(same), "repeat.code_name") == []
    (finding,) = only(audit_of(renamed), "repeat.code_name")
    assert finding.severity == "warning" and "210" in finding.message


def test_project_table_and_narrative_agree(audit_of):
    text = ("（四）预算绩效管理情况\n（1）“保安服务费”项目绩效目标完成情况综述。项目全年预算数 9.84 万元，执行数为 9.84 万元，"
            "完成预算的 100%。\n项目支出绩效目标完成情况表\n项目名称 保安服务费\n预算数: {budget}万元 执行数: 9.84万元\n")
    assert severities(audit_of(text.format(budget="9.84")), "repeat.project") == []
    assert severities(audit_of(text.format(budget="9.48")), "repeat.project") == ["error"]


PARALLEL = ("一、收入支出决算总体情况说明\n2021年度收入支出总计 5200.00 万元。与2020年度相比，收入支出总计{verb}400.00万元，"
            "{grow}8.33%。主要原因：项目支出增加，较上一年度增加380.00万元，主要由于办公用房修缮200.00万元等。\n"
            "四、财政拨款收入支出决算总体情况说明\n2021年度财政拨款收入支出总计 5100.00 万元。与2020年度相比，"
            "财政拨款收入支出总计{verb}450.00万元，{grow}9.68%。主要原因：项目支出增加，较上一年度增加{reason}万元，"
            "主要由于办公用房修缮200.00万元等。\n")


def test_parallel_sentences_about_two_totals_are_not_one_passage(audit_of):
    for verb, grow in (("增加", "增长"), ("减少", "下降")):
        text = PARALLEL.format(verb=verb, grow=grow, reason="380.00")
        assert only(audit_of(text), "repeat.passage") == []


def test_parallel_sentences_still_compare_their_shared_reason(audit_of):
    (finding,) = only(audit_of(PARALLEL.format(verb="增加", grow="增长", reason="390.00")), "repeat.passage")
    assert "380.00 ↔ 390.00" in finding.message and "400.00" not in finding.message


def test_table_rows_printed_as_text_are_not_a_repeated_passage(audit_of):
    text = ("第二部分 部门决算表\n支出决算表\n2010101 人大事务行政运行机关服务 1,018.01 826.50 191.51\n"
            "一般公共预算财政拨款支出决算表\n2010101 人大事务行政运行机关服务 1,018.01 800.00 218.01\n")
    assert only(audit_of(text), "repeat.passage") == []


def test_thousands_separators_keep_a_number_whole(audit_of):
    text = ("（一）项目情况\n本项目全年预算数为 1,018.01 万元，用于办公楼修缮和设备更新，执行率为 100%，保障了运行。\n"
            "（二）项目绩效\n经核实，本项目全年预算数为 1,118.01 万元，用于办公楼修缮和设备更新，执行率为 100%，保障了运行。\n")
    (finding,) = only(audit_of(text), "repeat.passage")
    assert "1018.01 ↔ 1118.01" in finding.message


def test_sentence_whose_subject_lies_before_the_passage_is_not_compared(audit_of):
    text = ("一、收入预算情况说明\n一般公共预算当年拨款收入1237.7万元，减少13.22%。主要原因一是贯彻厉行节约规定，大力压减一般性支出；"
            "二是取消培训费收费项目，预算不再安排。\n"
            "三、支出预算情况说明\n一般公共预算当年拨款支出规模为1311.6万元，减少35.77%。主要原因一是贯彻厉行节约规定，大力压减一般性支出；"
            "二是取消培训费收费项目，预算不再安排。\n")
    assert only(audit_of(text), "repeat.passage") == []

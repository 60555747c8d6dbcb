from __future__ import annotations

from helpers.template import disclosure_score


def test_disclosure_score_separates_disclosures_from_other_texts(seed):
    document, _extraction = seed
    assert disclosure_score(document.text) >= 8
    assert disclosure_score("关于召开运动会的通知。各单位做好准备。") == 0


def test_seed_sections_found_and_tables_missing(seed):
    _, extraction = seed
    assert {"overall", "income", "expenditure", "three_public", "glossary"} <= set(extraction.sections_found)
    assert set(extraction.sections_missing) == {f"T0{i}" for i in range(1, 10)}


def test_a_department_budget_is_recognised_as_a_budget():
    from helpers.document import Document
    from helpers.template import document_kind

    text = "合成河道管理所2024年部门预算\n一、部门预算编制说明\n2024年收入预算 560.00 万元，比2022年决算数增加。"
    assert document_kind(Document.from_text(text)) == "budget"  # synthetic


def test_final_accounts_that_mention_budgets_are_final_accounts():
    from helpers.document import Document
    from helpers.template import document_kind

    text = "合成测试局2023年度部门决算\n年初预算为 10.00 万元，支出决算为 9.00 万元。部门预算执行良好。"
    assert document_kind(Document.from_text(text)) == "final_accounts"  # synthetic


def test_zhejiang_section_names_count_as_overview_and_functions():
    from helpers.document import Document
    from helpers.template import section_coverage

    document = Document.from_text("一、部门基本情况\n（一）部门职责\n负责合成测试。\n")  # synthetic
    coverage = section_coverage(document, set())
    assert coverage["overview"] and coverage["functions"]


def test_missing_sections_are_named_in_chinese():
    from helpers.template import section_names

    assert section_names(["overview", "T01", "T09", "unknown"]) == [
        "部门概况", "收入支出决算总表", "国有资本经营预算财政拨款支出决算表", "unknown",
    ]


# SYNTHETIC: the same key phrases, once as a disclosure states them and once quoted in a README
PHRASES_AS_STATED = (
    "2021年度合成局部门决算\n一、收入支出决算总体情况说明\n2021年度收、支总计 120.00 万元。\n"
    "三、支出决算情况说明\n本年支出合计 100.00 万元，其中：基本支出 80.00 万元，项目支出 20.00 万元。\n"
    "七、财政拨款“三公”经费支出决算情况说明\n（一）机关运行经费\n机关运行经费 12.00 万元。\n"
)
PHRASES_QUOTED = (
    "# juesuan（决算）\n"
    "```sh\n收、支总计 本年支出合计 基本支出 项目支出 三公 财政拨款 机关运行经费 120.00\n```\n"
    "$ juesuan check 基本支出 项目支出 三公 财政拨款 2020.txt\n"
    "Reads `收、支总计`, `本年支出合计` and `机关运行经费 12.00` from a disclosure.\n"
    "- shares of 基本支出 and 项目支出 in 本年支出合计, the 三公 items, 财政拨款 by fund (2 tables)\n"
)


def test_key_phrases_count_where_a_disclosure_states_them():
    assert disclosure_score(PHRASES_AS_STATED) == 8


def test_key_phrases_in_code_commands_and_english_prose_do_not_count():
    from helpers.template import template_context_lines

    assert disclosure_score(PHRASES_QUOTED) == 0
    assert template_context_lines(PHRASES_QUOTED) == []
    assert disclosure_score(PHRASES_QUOTED + PHRASES_AS_STATED) == 8


def test_a_disclosure_line_with_an_acronym_still_counts():
    assert disclosure_score("一、收入支出决算总体情况说明\nPPP项目基本支出 80.00 万元，项目支出 20.00 万元。\n") == 5


def test_a_chinese_readme_naming_every_phrase_is_not_a_disclosure():
    readme = (  # SYNTHETIC: a Chinese README of a tool that reads disclosures
        "# 决算分析工具（juesuan）\n\n"
        "本工具读取部门决算公开文本，核对收、支总计、本年收入合计、本年支出合计、基本支出、项目支出、"
        "“三公”经费、财政拨款和机关运行经费。\n\n## 快速开始\n\n```sh\nmake install\n"
        "juesuan check data/raw/510303-xzspj/2020.txt   # 检查基本支出、项目支出与“三公”经费\n```\n\n"
        "## 输出\n\n- 收、支总计与上年比较；\n- 基本支出、项目支出占本年支出合计的比重；\n"
    )
    assert disclosure_score(readme) == 0

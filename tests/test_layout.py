"""Rebuilding paragraphs from wrapped PDF lines, with the map back to original lines."""

from __future__ import annotations

from helpers.layout import SourceText, display_width

FILL = "这是一段用于测试的合成文字内容没有实际意义只用来占满整行宽度"  # synthetic filler


def full_line(width: int = 52) -> str:
    line = ""
    while display_width(line) + 2 <= width:
        line += FILL[len(line) % len(FILL)]
    return line


def test_wrapped_lines_join_and_headings_stay_apart():
    lines = ["一、收入支出决算总体情况说明", "", full_line(), "", full_line() + "。", "", "二、收入决算情况说明"]
    source = SourceText.from_text("\n".join(lines))
    paragraphs = source.text.split("\n")
    assert paragraphs[0] == "一、收入支出决算总体情况说明"
    assert paragraphs[1] == full_line() + full_line() + "。"
    assert paragraphs[2] == "二、收入决算情况说明"


def test_page_start_space_is_dropped_and_line_map_kept():
    lines = [full_line(), full_line()[:-3] + "收、支总", " 计 289.04 万元。"]
    source = SourceText.from_text("\n".join(lines))
    offset = source.text.index("289.04")
    assert source.line_at(offset) == 3
    span = source.span(source.text.index("收、支总计"), offset + 6)
    assert span.line == 2 and span.last_line == 3
    assert span.quote == "收、支总计 289.04"


def test_page_numbers_are_furniture():
    source = SourceText.from_text("\n".join([full_line(), "- 3 -", " " + full_line()]))
    assert "- 3 -" not in source.text
    assert "\n" not in source.text


def test_short_table_cells_are_not_glued_to_sentences():
    source = SourceText.from_text("项目名称 甲\n预算数: 3万元 执行数: 3万元\n（图 1：变动情况图）\n第二部分 说明")
    assert source.text.split("\n")[-1] == "第二部分 说明"


def test_heading_tail_wrapped_onto_its_own_line_rejoins_the_heading():
    source = SourceText.from_text("第三部分 青杉区合成测试中心2024年度部门决算情况\n说明\n三、支出决算情况说明")
    assert source.text.split("\n")[:2] == ["第三部分 青杉区合成测试中心2024年度部门决算情况说明", "三、支出决算情况说明"]


def test_open_functional_path_continues_on_the_next_line():
    lines = ["2、农林水支出（类）农业农村（款）病虫害控制（项）", "120.00 万元，主要用于病虫害防治。"]
    source = SourceText.from_text("\n".join(lines))
    assert source.text == "".join(lines)


def test_path_wrapped_mid_name_rejoins():
    lines = ["1、一般公共服务支出（类）政府办公厅（室）及相关", "机构事务（款）行政运行（项）：支出决算为 80.00 万元。"]
    assert SourceText.from_text("\n".join(lines)).text == "".join(lines)


def test_table_of_contents_title_stands_alone():
    source = SourceText.from_text("2021年度合成测试局部门决算\n目录\n第一部分 部门概况")
    assert source.text.split("\n") == ["2021年度合成测试局部门决算", "目录", "第一部分 部门概况"]


def test_traditional_text_is_simplified_but_quotes_keep_the_original():
    source = SourceText.from_text("本年支出合計 820.00 萬元，其中：基本支出 600.00 萬元。決算總計說明")
    assert source.traditional and "万元" in source.text
    assert source.span(0, 16).quote == "本年支出合計 820.00 萬元"


def test_whole_figure_is_never_joined_to_the_next_lines_figure():
    """SYNTHETIC flattened table rows: a row's last cell then the next row's 科目编码 or cell."""
    from helpers.layout import SourceText

    source = SourceText.from_text("合计 820.00 600.00 220.00\n213 农林水支出 720.00\n35.00\n675.00\n1,234\n567 人")
    assert "220.00213" not in source.text and "35.00675" not in source.text
    assert "1,234567" not in source.text


def test_figure_cut_by_a_wrap_is_still_rejoined():
    from helpers.layout import SourceText

    source = SourceText.from_text("本年支出合计1,2\n34.56万元。")
    assert "1,234.56万元" in source.text
    source = SourceText.from_text("收、支总计 1,000.0\n0 万元。")
    assert "1,000.00 万元" in source.text


def test_heading_wrapped_before_its_last_words_rejoins():
    source = SourceText.from_text("第三部分 合成测试局2024年度部门\n决算情况说明\n一、收入支出决算总体情况说明")
    assert source.text.split("\n")[0] == "第三部分 合成测试局2024年度部门决算情况说明"


def test_a_complete_heading_does_not_swallow_a_short_line():
    source = SourceText.from_text("一、收入支出决算总体情况说明\n本部门无此项说明\n二、收入决算情况说明")
    assert source.text.split("\n")[:2] == ["一、收入支出决算总体情况说明", "本部门无此项说明"]

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

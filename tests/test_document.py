from __future__ import annotations


def test_headings_and_parts(seed):
    document, _ = seed
    titles = [(h.level, h.line) for h in document.headings[:3]]
    assert titles == [(0, 1), (2, 3), (3, 5)]
    offset = document.text.index("机关运行经费支出 29.38")
    assert document.part_kind(offset) == "explanation"
    assert document.section_path(offset).endswith("（一）机关运行经费支出情况")
    assert document.part_kind(document.text.index("年初结转结余")) == "attachments"
    assert document.part_kind(document.text.index("12.机关运行经费")) == "glossary"


def test_table_of_contents_entries_are_not_sections():
    from helpers.document import Document

    text = "\n".join([
        "2021年度合成测试局部门决算",  # synthetic
        "目录",
        "第一部分 部门概况",
        "第二部分 2021年度部门决算情况说明",
        "二、收入决算情况说明",
        "第一部分 部门概况",
        "负责合成测试工作。",
        "第二部分 2021年度部门决算情况说明",
    ])
    document = Document.from_text(text)
    assert [h.title for h in document.toc_headings] == [
        "第一部分 部门概况", "第二部分 2021年度部门决算情况说明", "二、收入决算情况说明"
    ]
    assert [h.line for h in document.headings] == [6, 8]


def test_without_a_body_repeating_them_headings_after_mulu_stay_sections():
    from helpers.document import Document

    document = Document.from_text("目录\n第一部分 部门概况\n二、收入决算情况说明\n本年收入合计 1.00 万元。")
    assert len(document.headings) == 2 and document.toc_headings == []

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

"""Figures stated but unreadable: extract/unreadable.py and the audit rule audit/unreadable.py.

Every text here is SYNTHETIC.
"""

from __future__ import annotations

from helpers.document import Document
from helpers.extract.unreadable import find_unreadable, unreadable_warning


def test_cid_glyphs_are_reported_on_their_line_with_the_figure_they_hide():
    document = Document.from_text(
        "七、“三公”经费情况说明\n“三公”经费财政拨款支出决算为 (cid:20)(cid:27).(cid:23)(cid:19) 万元。\n"
        "机关运(cid:4410)经费支出 35.60 万元。"
    )
    items = find_unreadable(document)
    assert [(u.reason, u.line, u.key, u.placeholders) for u in items] == [
        ("cid", 2, "three_public_total", 4),
        ("cid", 3, None, 1),
    ]
    assert "(cid:20)" in items[0].quote


def test_label_without_a_number_before_the_unit_is_unreadable():
    document = Document.from_text("十一、其他重要事项\n2023年度机关运行经费支出 万元，比上年增加 2.00 万元。")
    items = find_unreadable(document)
    assert [(u.reason, u.line, u.key) for u in items] == [("missing", 2, "admin_operating_cost")]
    assert "line 2" in unreadable_warning(items, "x.txt")


def test_a_readable_text_has_nothing_unreadable():
    document = Document.from_text("十一、其他重要事项\n2023年度机关运行经费支出 12.00 万元。单位：万元")
    assert find_unreadable(document) == []


def test_audit_warns_where_a_figure_is_unreadable(audit_of):
    findings = audit_of("十一、其他重要事项的情况说明\n机关运行经费支出 万元。")
    found = [f for f in findings if f.rule == "completeness.unreadable"]
    assert len(found) == 1 and found[0].severity == "warning" and "机关运行经费" in found[0].message

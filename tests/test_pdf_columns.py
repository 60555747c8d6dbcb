"""SYNTHETIC two-column pages (tests/pdf_factory.two_column_pdf, made-up text and figures): the text
layer reads each column whole, left then right, whether the producer drew the columns row by row
or one after the other; a line across both columns separates two runs; table pages and columns of
labels are left in pdfium's order."""

from __future__ import annotations

import pytest

from helpers.pdf import open_pdf
from helpers.pdf.columns import RawLine, find_gutter

from .pdf_factory import two_column_pdf

LEFT = ["一、收入支出决算总体情况说明", "2024年度收、支总计1,235.50万元。", "与上年相比增加100.00万元，",
        "增长8.80%，主要是人员增加。"]
RIGHT = ["二、收入决算情况说明", "本年收入合计1,200.50万元，", "其中：财政拨款收入1,200.50万元，",
         "占100.00%；其他收入为零。"]
LEFT2 = ["三、支出决算情况说明", "本年支出合计900.00万元，", "其中：基本支出600.00万元，"]
RIGHT2 = ["四、财政拨款支出情况", "财政拨款支出900.00万元，", "比上年减少5.00万元。"]


def _texts(path):
    return [line.text for line in open_pdf(path).pages[0].lines]


@pytest.mark.parametrize("row_by_row", [True, False])
def test_two_column_page_reads_left_column_then_right(tmp_path, row_by_row):
    pdf = two_column_pdf(tmp_path / "synthetic-two-column.pdf", ["合成局2024年度部门决算（两栏）", (LEFT, RIGHT)],
                         row_by_row=row_by_row)
    assert _texts(pdf) == ["合成局2024年度部门决算（两栏）", *LEFT, *RIGHT]


def test_line_across_both_columns_separates_two_runs(tmp_path):
    across = "以下为支出情况，本段文字横跨两栏排印，用于分隔上下两组栏目，不属于任何一栏的内容。"
    pdf = two_column_pdf(tmp_path / "synthetic-two-runs.pdf", [(LEFT, RIGHT), across, (LEFT2, RIGHT2)])
    assert _texts(pdf) == [*LEFT, *RIGHT, across, *LEFT2, *RIGHT2]


def test_lines_keep_their_own_top_after_reordering(tmp_path):
    pdf = two_column_pdf(tmp_path / "synthetic-two-column-tops.pdf", [(LEFT, RIGHT)])
    lines = open_pdf(pdf).pages[0].lines
    tops = [line.top for line in lines]
    assert tops[: len(LEFT)] == sorted(tops[: len(LEFT)]) and tops[len(LEFT):] == sorted(tops[len(LEFT):])
    assert tops[0] == pytest.approx(tops[len(LEFT)], abs=1)  # each column starts at the same height
    assert [line.number for line in lines] == list(range(1, len(LEFT) + len(RIGHT) + 1))


def test_two_sided_labels_without_sentences_are_not_columns(tmp_path):
    """The two sides of a 收入支出决算总表 printed as plain labels keep pdfium's row order."""
    left = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入", "四、上级补助收入"]
    right = ["一、一般公共服务支出", "二、外交支出", "三、国防支出", "四、公共安全支出"]
    pdf = two_column_pdf(tmp_path / "synthetic-two-sided-labels.pdf", [(left, right)])
    assert _texts(pdf) == [f"{a} {b}" for a, b in zip(left, right, strict=True)]


def test_table_rows_with_several_gaps_have_no_gutter():
    rows = [RawLine("201 一般公共服务支出，合计 1,200.50 1,000.00", 10.0 * k, 60, 500,
                    gaps=[(3, 80, 100), (15, 250, 300), (24, 350, 400)]) for k in range(6)]
    assert find_gutter(rows) is None


def test_two_column_text_reaches_the_document_in_reading_order(tmp_path):
    from helpers.pdf.document import document_from_pdf

    pdf = two_column_pdf(tmp_path / "synthetic-two-column-doc.pdf", ["合成局2024年度部门决算（两栏）", (LEFT, RIGHT)])
    document = document_from_pdf(pdf)
    text = document.text
    assert text.index("增长8.80%") < text.index("二、收入决算情况说明") < text.index("本年收入合计1,200.50万元")

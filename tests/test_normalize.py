from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helpers.normalize import normalize_text


def test_fullwidth_digits_and_symbols_fold_to_ascii():
    assert normalize_text("２８９．０４万元，占３２．１０％") == "289.04万元，占32.10%"


def test_chinese_prose_punctuation_is_kept():
    assert normalize_text("（一）其中：甲，乙；丙！") == "（一）其中：甲，乙；丙！"


@given(st.text())
def test_length_never_changes(text):
    assert len(normalize_text(text)) == len(text)


def test_fullwidth_thousands_separator_only_between_fullwidth_digits():
    assert normalize_text("１，２３４．５６万元") == "1,234.56万元"
    assert normalize_text("第1，234项") == "第1，234项"

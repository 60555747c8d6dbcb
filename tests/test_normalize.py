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


def test_cid_placeholder_is_masked_so_its_digits_are_not_figures():
    text = "决算为 (cid:20)(cid:27) 万元"
    folded = normalize_text(text)
    assert len(folded) == len(text) and "20" not in folded and "27" not in folded


def test_traditional_characters_fold_to_simplified_one_for_one():
    from helpers.normalize import fold_traditional

    text = "收、支總計 820.00 萬元，佔 73.17%；財政撥款“三公”經費"
    folded = fold_traditional(text)
    assert folded == "收、支总计 820.00 万元，占 73.17%；财政拨款“三公”经费"
    assert len(folded) == len(text)


def test_traditional_text_is_recognised_and_simplified_text_is_not():
    from helpers.normalize import is_traditional

    assert is_traditional("青禾縣農業技術推廣站2023年度部門決算情況說明，本年支出合計 820.00 萬元。")
    assert not is_traditional("青禾县农业技术推广站2023年度部门决算情况说明，本年支出合计 820.00 万元。")

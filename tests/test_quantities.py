"""The number and unit reader, with property-based tests (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.document import Document
from helpers.extract import extract_document
from helpers.layout import display_width
from helpers.quantities import decimals_of, half_unit, iter_dates, iter_quantities, parse_decimal

from .conftest import synthetic_disclosure

FULLWIDTH = str.maketrans("0123456789.%,", "０１２３４５６７８９．％，")

amounts = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False)
precise_amounts = st.builds(
    lambda whole, frac, places: Decimal(f"{whole}.{str(frac).zfill(places)[:places]}") if places else Decimal(whole),
    st.integers(min_value=0, max_value=9_999_999),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=0, max_value=4),
)


def with_thousands(value: Decimal) -> str:
    whole, _, frac = str(value).partition(".")
    grouped = f"{int(whole):,}"
    return grouped + (f".{frac}" if frac else "")


@given(precise_amounts)
def test_fullwidth_and_halfwidth_read_the_same(value):
    half = f"支出 {value} 万元"
    full = half.translate(FULLWIDTH)
    from helpers.normalize import normalize_text

    read_half = next(iter_quantities(half))
    read_full = next(iter_quantities(normalize_text(full)))
    assert read_half.value == read_full.value == value
    assert str(read_full.value) == str(value)  # stated precision kept
    assert read_full.unit == "万元"


@given(precise_amounts)
def test_thousands_separators(value):
    quantity = next(iter_quantities(f"合计 {with_thousands(value)} 万元"))
    assert quantity.value == value and str(quantity.value) == str(value)


def test_list_with_commas_is_not_one_number():
    assert [q.value for q in iter_quantities("第1,2,3项")] == [Decimal(1), Decimal(2), Decimal(3)]


def test_units():
    text = "受理 3554 件，2857 件次，面积 1063 ㎡ 或 20 平方米，5.50 元/吨，1.40元/度，4098元/月，满意率 90.86%"
    found = [(str(q.value), q.unit) for q in iter_quantities(text)]
    assert found == [("3554", "件"), ("2857", "件次"), ("1063", "㎡"), ("20", "㎡"), ("5.50", "元/吨"),
                     ("1.40", "元/度"), ("4098", "元/月"), ("90.86", "%")]


def test_dates_are_recognised_not_counted():
    text = "2020 年 5 月 1 日-2023年4月30日，2020 年"
    assert [iso for _, _, iso in iter_dates(text)] == ["2020-05-01", "2023-04-30", "2020"]
    assert list(iter_quantities(text)) == []


def test_precision_helpers():
    assert decimals_of(parse_decimal("1.80")) == 2
    assert half_unit(Decimal("289.04")) == Decimal("0.005")
    assert half_unit(Decimal("14")) == Decimal("0.5")


# -- numbers split across line wraps and page breaks ---------------------------------------------
FILLER = "合成测试文字用于占满一整行的宽度以便模拟版面换行"  # synthetic


def filler(width: int) -> str:
    out = ""
    while display_width(out) + 2 <= width:
        out += FILLER[len(out) % len(FILLER)]
    return out


def wrapped_disclosure(number_text: str, cut: int, *, page_break: bool, blank_lines: bool) -> str:
    """A SYNTHETIC paragraph whose amount is cut at `cut` by a line wrap (and maybe a page break)."""
    width = 52
    label = "2021年度收、支总计 "
    head = label + number_text[:cut]
    line1 = filler(width - display_width(head)) + head
    line2 = (" " if page_break else "") + number_text[cut:] + " 万元。与上年持平。"
    body_lines = [filler(width) for _ in range(4)] + [line1, line2]
    text = synthetic_disclosure("一、收入支出决算总体情况说明\n" + "\n".join(body_lines))
    if blank_lines:  # PDF text with an empty line after every line, as in the seed
        text = "\n\n".join(text.split("\n"))
    return text


@settings(max_examples=60, deadline=None)
@given(
    value=amounts,
    thousands=st.booleans(),
    fullwidth=st.booleans(),
    page_break=st.booleans(),
    blank_lines=st.booleans(),
    data=st.data(),
)
def test_amount_split_across_lines_and_pages(value, thousands, fullwidth, page_break, blank_lines, data):
    number_text = with_thousands(value) if thousands else str(value)
    if fullwidth:
        number_text = number_text.translate(FULLWIDTH)
    cut = data.draw(st.integers(min_value=1, max_value=max(1, len(number_text) - 1)))
    text = wrapped_disclosure(number_text, cut, page_break=page_break, blank_lines=blank_lines)
    extraction = extract_document(Document.from_text(text))
    fact = extraction.fact("total")
    assert fact is not None, text
    assert str(fact.value) == str(value)

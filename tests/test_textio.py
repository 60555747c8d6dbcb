"""Reading bytes: encodings detected, bad input refused with a one-line error."""

from __future__ import annotations

import codecs

import pytest

from helpers.errors import InputError
from helpers.textio import decode_bytes, read_text

SAMPLE = "2021年度收、支总计 289.04 万元，占１００％。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gbk"), "gbk"),
        (SAMPLE.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.text == SAMPLE
    assert decoded.encoding == encoding


def test_gb18030_only_characters_are_decoded():
    text = "收、支总计 1 万元 𠀀"  # U+20000 exists in GB18030 but not in GBK
    decoded = decode_bytes(text.encode("gb18030"))
    assert decoded.text == text and decoded.encoding == "gb18030"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(InputError, match="empty"):
        read_text(path)


def test_binary_file(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_text(path)


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("收支总计".encode() + b"\xff\xfe\xff" + b"abc")
    with pytest.raises(InputError, match="cannot be decoded"):
        read_text(path)


def test_directory(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_big5_bytes_of_a_traditional_page_are_decoded_as_big5():
    from helpers.textio import decode_bytes

    text = "青禾縣文化館2022年度部門決算\n本年支出合計 300.00 萬元"  # synthetic
    decoded = decode_bytes(text.encode("big5"))
    assert (decoded.encoding, decoded.text) == ("big5", text)


def test_gbk_bytes_stay_gbk():
    from helpers.textio import decode_bytes

    text = "青禾县文化馆2022年度部门决算\n本年支出合计 300.00 万元"  # synthetic
    assert decode_bytes(text.encode("gbk")).encoding == "gbk"

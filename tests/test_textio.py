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


# -- hostile input -------------------------------------------------------------------------------
def test_nul_byte_anywhere_means_binary():
    data = ("正文" * 50000).encode("utf-8") + b"\x00" + "结尾".encode()  # the NUL lies past 64 KB
    with pytest.raises(InputError, match=r"binary.*offset"):
        decode_bytes(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(encoding):
    text = "2021年度收、支总计 289.04 万元。\n一、收入决算情况说明\n"
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text and decoded.encoding == encoding


def test_invalid_utf16_without_bom_is_named_as_such():
    data = "收支总计 289.04 万元\n".encode("utf-16-le") + b"\x00\xdc" + "尾\n".encode("utf-16-le")
    with pytest.raises(InputError, match="UTF-16-LE text without a byte-order mark"):
        decode_bytes(data)


def test_fifo_is_refused_before_it_is_read(tmp_path):
    import os
    import threading

    from helpers.textio import read_bytes

    fifo = tmp_path / "2021.txt"
    os.mkfifo(fifo)
    outcome = []

    def attempt():
        try:
            read_bytes(fifo)
        except InputError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "reading a FIFO blocked"
    assert outcome and "FIFO" in outcome[0]


def test_device_is_refused():
    from pathlib import Path

    from helpers.textio import read_bytes

    with pytest.raises(InputError, match="device"):
        read_bytes(Path("/dev/zero"))


def test_input_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from helpers.textio import read_bytes

    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode("utf-8") * 40000)  # about 2 MB
    monkeypatch.setenv("JUESUAN_MAX_INPUT_MB", "1")
    with pytest.raises(InputError, match="over the 1 MB input limit"):
        read_bytes(path)
    monkeypatch.setenv("JUESUAN_MAX_INPUT_MB", "3")
    assert len(read_bytes(path)) == path.stat().st_size

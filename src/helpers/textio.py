"""Read a disclosure file and decode it: UTF-8, UTF-8 with BOM, UTF-16 with BOM, or GB18030/GBK."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# A text file has almost no C0 control characters besides tab, newline, carriage return and form feed.
_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class DecodedText:
    """Decoded text plus the encoding that was detected."""

    text: str
    encoding: str


def read_bytes(path: Path) -> bytes:
    """Read a file, turning every way it can fail into a one-line InputError."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"is a directory, not a file: {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise InputError(f"file is empty: {path}")
    return data


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes, *, name: str = "input") -> DecodedText:
    """Detect the encoding and decode strictly; never substitute replacement characters."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_strict(data, "utf-16", name), "utf-16")
    if _looks_binary(data):
        raise InputError(f"{name} is a binary file, not a text disclosure")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        decoded = [
            DecodedText(text, encoding)
            for encoding in ("gbk", "gb18030", "big5")
            if (text := _try_decode(data, encoding)) is not None
        ]
        if decoded:
            # Big5 (繁體 pages) bytes mostly decode as GBK too, into nonsense: keep the reading in
            # which the template's words occur most (first wins a tie, so GBK stays the default).
            return max(decoded, key=lambda d: len(_TEMPLATE_WORDS.findall(d.text)))
        raise InputError(
            f"{name} cannot be decoded as UTF-8 or GB18030 "
            f"(invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})"
        ) from None


# Words every disclosure uses, in simplified and traditional characters.
_TEMPLATE_WORDS = re.compile("决算|決算|万元|萬元|支出|收入|部门|部門|财政|財政|预算|預算|单位|單位")


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} declares {encoding} by its byte-order mark but byte {exc.start} is invalid"
        ) from None


def read_text(path: Path) -> DecodedText:
    """Read and decode a disclosure file."""
    return decode_bytes(read_bytes(path), name=str(path))

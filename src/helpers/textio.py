"""Read a disclosure file and decode it: UTF-8, UTF-8 with BOM, UTF-16 with or without BOM, or
GB18030/GBK. Only regular files are read, up to a size limit; a NUL byte anywhere means binary
(unless the NUL pattern is that of UTF-16)."""

from __future__ import annotations

import codecs
import os
import re
import stat
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


DEFAULT_MAX_INPUT_MB = 20
"""Largest input read by default (megabytes): a disclosure's text is well under 1 MB."""
DEFAULT_MAX_PDF_PAGES = 500
"""Largest PDF read by default (pages), for the PDF text layer."""


def _limit(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


def max_input_bytes() -> int:
    """The input size limit in bytes: $JUESUAN_MAX_INPUT_MB (set by --max-size), else 20 MB."""
    return int(_limit("JUESUAN_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB) * 1024 * 1024)


def max_pdf_pages() -> int:
    """The PDF page limit: $JUESUAN_MAX_PDF_PAGES, else 500."""
    return int(_limit("JUESUAN_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES))


def check_regular_file(path: Path) -> os.stat_result:
    """The file's stat, or a one-line InputError for anything that is not a regular file: a FIFO,
    a socket or a device is refused before it is opened (reading one could block forever)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"is a directory, not a file: {path}")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO" if stat.S_ISFIFO(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        raise InputError(f"{path} is {kind}, not a regular file; refused before reading")
    return info


def read_bytes(path: Path) -> bytes:
    """Read a file, turning every way it can fail into a one-line InputError.

    Refused before reading: a missing path, a folder, a FIFO, socket or device, and a file over
    max_input_bytes() (20 MB unless --max-size or $JUESUAN_MAX_INPUT_MB says otherwise)."""
    check_regular_file(path)
    limit = max_input_bytes()
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the check, opening does not block
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file; refused before reading")
        if info.st_size > limit:
            raise InputError(_too_large(path, info.st_size, limit))
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(_too_large(path, len(data), limit))
    if not data.strip():
        raise InputError(f"file is empty: {path}")
    return data


def _too_large(path: Path, size: int, limit: int) -> str:
    return (
        f"{path} is {size / 1048576:.1f} MB, over the {limit / 1048576:g} MB input limit "
        "(raise it with --max-size MB or $JUESUAN_MAX_INPUT_MB)"
    )


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:  # anywhere, not only near the start
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in _ALLOWED_CONTROLS)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit mostly at odd or mostly at even offsets: the
    pattern of UTF-16 text without a byte-order mark (ASCII, digits and line breaks have a zero
    high byte; a few CJK characters such as 一 U+4E00 a zero low byte); None otherwise."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if odd >= max(2, pairs // 50) and even <= odd // 4:
        return "utf-16-le"
    if even >= max(2, pairs // 50) and odd <= even // 4:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, encoding: str, name: str) -> DecodedText:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} looks like {encoding.upper()} text without a byte-order mark, "
            f"but byte {exc.start} is invalid there"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 0x20 and ord(ch) not in _ALLOWED_CONTROLS)
    if "\x00" in text or controls > len(text) * _MAX_CONTROL_SHARE:
        raise InputError(f"{name} is a binary file, not a text disclosure")
    return DecodedText(text, encoding)


def decode_bytes(data: bytes, *, name: str = "input") -> DecodedText:
    """Detect the encoding and decode strictly; never substitute replacement characters."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[len(codecs.BOM_UTF8) :], "utf-8", name), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_strict(data, "utf-16", name), "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _decode_utf16(data, utf16, name)
    if _looks_binary(data):
        offset = data.find(b"\x00")
        where = f" (NUL byte at offset {offset})" if offset >= 0 else ""
        raise InputError(f"{name} is a binary file, not a text disclosure{where}")
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

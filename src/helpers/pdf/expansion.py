"""Decompression-bomb guard: how far a PDF's compressed streams expand, measured before pdfium or
pdfminer inflates them.

A 1 MB PDF can hold a FlateDecode content stream that inflates to gigabytes; both readers inflate
a page's whole content stream in memory (a 1 GB stream took 2.1 GB of RAM and 3 s). Every
`stream` of the file is inflated here incrementally, in bounded chunks, and the outputs summed;
past the limit the PDF is refused in one line. A stream that is not zlib data (JPEG images, plain
content) is skipped. Image streams count too: a stream's dictionary is the attacker's to write, so
"/Subtype /Image" cannot exempt one. The limit is $JUESUAN_MAX_PDF_EXPANSION_MB (default 512 MB;
the real disclosures of tests/fixtures/real-pdfs expand to 0.3–4.8 MB).
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

from ..errors import PdfError

DEFAULT_MAX_EXPANSION_MB = 512
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK = 1 << 14
_OUT_CHUNK = 1 << 22


def max_expansion_bytes() -> int:
    """The limit in bytes: $JUESUAN_MAX_PDF_EXPANSION_MB, else 512 MB."""
    try:
        megabytes = float(os.environ.get("JUESUAN_MAX_PDF_EXPANSION_MB", DEFAULT_MAX_EXPANSION_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_EXPANSION_MB
    if not megabytes > 0:
        megabytes = DEFAULT_MAX_EXPANSION_MB
    return int(megabytes * 1024 * 1024)


def check_expansion(path: Path, data: bytes, limit: int | None = None) -> int:
    """Total inflated size of the zlib streams of `data` (bytes); PdfError past `limit`."""
    limit = max_expansion_bytes() if limit is None else limit
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        total += _inflated_size(view, match.end(), limit - total + 1)
        if total > limit:
            raise PdfError(
                f"{path}: the PDF's compressed streams expand to over {limit / (1024 * 1024):g} MB "
                "(a decompression bomb?); refused (raise the limit with $JUESUAN_MAX_PDF_EXPANSION_MB)"
            )
    return total


def _inflated_size(data: memoryview, start: int, budget: int) -> int:
    """Bytes that zlib data at `start` inflates to, counting at most `budget` (0 when not zlib)."""
    inflater = zlib.decompressobj()
    produced = 0
    position = start
    try:
        while position < len(data) and produced < budget:
            chunk = inflater.unconsumed_tail or data[position:position + _CHUNK]
            if not inflater.unconsumed_tail:
                position += len(chunk)
            produced += len(inflater.decompress(chunk, _OUT_CHUNK))
            if inflater.eof or (not inflater.unconsumed_tail and position >= len(data)):
                break
    except zlib.error:
        pass  # not zlib data, or its end is damaged: what it produced so far still counts
    return produced

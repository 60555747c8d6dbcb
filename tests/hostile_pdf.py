"""SYNTHETIC hostile PDFs written byte by byte at test time (never real data): a decompression
bomb, a document with JavaScript, an OpenAction and an embedded file, and a damaged
cross-reference table."""

from __future__ import annotations

import zlib
from pathlib import Path

ACTIVE_CATALOG = (
    b"<< /Type /Catalog /Pages 2 0 R"
    b" /OpenAction << /S /JavaScript /JS (app.launchURL\\('http://evil.example'\\);) >>"
    b" /Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>"
    b" /EmbeddedFiles << /Names [(evil.exe) << /Type /Filespec /F (evil.exe) /EF << /F 5 0 R >> >>] >> >> >>"
)


def raw_pdf(path: Path, content: bytes, *, compress: bool = True, catalog: bytes | None = None) -> Path:
    """A one-page PDF whose content stream is `content` (Flate-compressed unless told), with an
    embedded file object 5 and a correct cross-reference table."""
    stream = zlib.compress(content, 9) if compress else content
    flt = b" /Filter /FlateDecode" if compress else b""
    objects = [
        catalog or b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), flt) + stream + b"\nendstream",
        b"<< /Type /EmbeddedFile /Length 11 >>\nstream\nMZ-not-real\nendstream",
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def bomb_pdf(path: Path, inflated_mb: int) -> Path:
    """A page whose content stream is `inflated_mb` MB of spaces: a few KB on disk."""
    return raw_pdf(path, b"BT /F1 12 Tf 72 720 Td (SYNTHETIC) Tj ET\n" + b" " * (inflated_mb << 20))


def damaged_xref_pdf(source: Path, path: Path) -> Path:
    """`source` with its `startxref` keyword broken: pdfium repairs such a file, pdfminer cannot."""
    data = source.read_bytes()
    assert b"startxref" in data
    path.write_bytes(data.replace(b"startxref", b"startxrex"))
    return path

"""SYNTHETIC PDFs built at test time (reportlab, or a few hand-written PDF objects): never real data.

Text is set in reportlab's STSong-Light (an Adobe CJK font referenced by name, not embedded), whose
predefined CMap lets every reader map the glyphs back to Unicode. `unmapped_glyph_pdf` writes a
font with Identity-H encoding and no ToUnicode map, the usual cause of "(cid:N)" placeholders.
"""

from __future__ import annotations

from pathlib import Path

SYNTHETIC_TITLE = "（合成测试 PDF，非真实部门决算 SYNTHETIC）"
FONT = "STSong-Light"
PAGE_HEIGHT = 842
PAGE_WIDTH = 595


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def text_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    header: str | None = None,
    footer: str | None = "— {page} —",
    encrypt: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """A PDF whose page k shows the lines pages[k] top-down, with an optional running header and a
    footer ("{page}" and "{pages}" are filled in); `encrypt` sets a user password."""
    from reportlab.pdfgen import canvas

    _register()
    encryption = None
    if encrypt is not None or owner_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encryption = StandardEncryption(encrypt or "", ownerPassword=owner_password or "owner", strength=128)
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), encrypt=encryption)
    pdf.setTitle(SYNTHETIC_TITLE)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(FONT, 10.5)
        if header:
            pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 40, header)
        y = PAGE_HEIGHT - 90
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        if footer:
            pdf.drawCentredString(PAGE_WIDTH / 2, 30, footer.format(page=number, pages=len(pages)))
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path, *, text_pages: list[list[str]] | None = None, image_pages: int = 1) -> Path:
    """Pages of text (optional) followed by pages that carry only an image (a 'scan')."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _register()
    image = Image.new("RGB", (60, 80), "white")
    for x in range(10, 50):
        image.putpixel((x, 40), (0, 0, 0))
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    for lines in text_pages or []:
        pdf.setFont(FONT, 10.5)
        y = PAGE_HEIGHT - 90
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    for _ in range(image_pages):
        pdf.drawImage(ImageReader(image), 40, 40, PAGE_WIDTH - 80, PAGE_HEIGHT - 80)
        pdf.showPage()
    pdf.save()
    return path


def _ucs2(text: str) -> str:
    return "<" + "".join(f"{ord(c):04X}" for c in text) + ">"


def unmapped_glyph_pdf(path: Path, pages: list[list[tuple[str, str]]]) -> Path:
    """A hand-written PDF: each line is a list of runs ("text", s) set in STSong-Light (readable) or
    ("glyphs", "17 18") set in an Identity-H font without ToUnicode (unreadable glyph ids)."""
    objects: list[bytes] = []
    page_ids = []
    font_ok, font_bad, pages_id = 3, 5, 2
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")  # 1
    objects.append(b"")  # 2: pages, filled below
    objects.append(  # 3: readable CJK font
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>"
    )
    objects.append(  # 5: Identity-H, no ToUnicode: glyph ids only
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SyntheticNoMap /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SyntheticNoMap "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /CIDToGIDMap /Identity >>"
    )
    for lines in pages:
        ops = ["BT"]
        y = PAGE_HEIGHT - 90
        for runs in lines:
            ops.append(f"1 0 0 1 60 {y} Tm")
            for kind, value in runs:
                if kind == "text":
                    ops.append(f"/F1 10.5 Tf {_ucs2(value)} Tj")
                else:
                    ops.append("/F2 10.5 Tf <" + "".join(f"{int(g):04X}" for g in value.split()) + "> Tj")
            y -= 18
        ops.append("ET")
        stream = "\n".join(ops).encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content_id, font_ok, font_bad)
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def disclosure_pdf(path: Path, text: str, *, lines_per_page: int = 42, header: str | None = None) -> Path:
    """Typeset a SYNTHETIC disclosure text as a PDF: each non-empty line of the text is one printed
    line (the texts are PDF extractions, already wrapped), `lines_per_page` to a page, page numbers
    "— N —" at the foot and an optional running header."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    pages = [lines[k : k + lines_per_page] for k in range(0, len(lines), lines_per_page)]
    from reportlab.pdfgen import canvas

    _register()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.setTitle(SYNTHETIC_TITLE)
    for number, page in enumerate(pages, start=1):
        pdf.setFont(FONT, 8)
        if header:
            pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 40, header)
        y = PAGE_HEIGHT - 80
        for line in page:
            pdf.drawString(40, y, line)
            y -= 17
        pdf.drawCentredString(PAGE_WIDTH / 2, 30, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return path


def two_column_pdf(path: Path, blocks: list, *, row_by_row: bool = True) -> Path:
    """A SYNTHETIC one-page PDF set in two columns. `blocks` is a list of either a string (a line
    across the page) or a (left lines, right lines) pair (a two-column run). With `row_by_row` the
    two columns are drawn line by line across the page (left line k, right line k, …), as some
    Word/WPS exports write them; otherwise the left column first, then the right one."""
    from reportlab.pdfgen import canvas

    _register()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.setTitle(SYNTHETIC_TITLE)
    pdf.setFont(FONT, 10.5)
    y = PAGE_HEIGHT - 60
    for block in blocks:
        if isinstance(block, str):
            pdf.drawString(60, y, block)
            y -= 24
            continue
        left, right = block
        rows = max(len(left), len(right))
        if row_by_row:
            for k in range(rows):
                if k < len(left):
                    pdf.drawString(60, y - 18 * k, left[k])
                if k < len(right):
                    pdf.drawString(310, y - 18 * k, right[k])
        else:
            for x, column in ((60, left), (310, right)):
                for k, line in enumerate(column):
                    pdf.drawString(x, y - 18 * k, line)
        y -= 18 * rows + 12
    pdf.showPage()
    pdf.save()
    return path


def letter_spaced_pdf(path: Path, lines: list[str], *, space: float = 2.5, per_glyph: bool = False) -> Path:
    """A SYNTHETIC one-page PDF whose lines are letter-spaced by `space` points: with the text
    character-spacing operator (Tc, Word's 加宽 spacing), or with `per_glyph` each character drawn as
    its own text run at its own position (some WPS exports). Set in the embedded SimHei of
    tests/synthetic_pdf (pdfium maps its glyphs back to text one by one)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from .synthetic_pdf import FONT as EMBEDDED
    from .synthetic_pdf import _register_font

    _register_font()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.setTitle(SYNTHETIC_TITLE)
    y = PAGE_HEIGHT - 90
    for line in lines:
        if per_glyph:
            pdf.setFont(EMBEDDED, 10.5)
            x = 60.0
            for ch in line:
                pdf.drawString(x, y, ch)
                x += pdfmetrics.stringWidth(ch, EMBEDDED, 10.5) + space
        else:
            text = pdf.beginText(60, y)
            text.setFont(EMBEDDED, 10.5)
            text.setCharSpace(space)
            text.textOut(line)
            pdf.drawText(text)
        y -= 18
    pdf.showPage()
    pdf.save()
    return path

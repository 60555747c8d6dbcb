"""Character normalisation that keeps every character in place (one in, one out).

Full-width digits, letters, the full-width full stop used as a decimal point, the percent
sign and similar symbols become their ASCII forms. Chinese prose punctuation (，；：（）！？)
is kept: it is the normal punctuation of the text, and the readers accept both forms.
Because the mapping is one-to-one, offsets in the normalised text are offsets in the original.
"""

from __future__ import annotations

import re

_KEEP_FULLWIDTH = set("，；：（）！？")

_TABLE: dict[int, str] = {}
for _code in range(0xFF01, 0xFF5F):
    _char = chr(_code)
    if _char not in _KEEP_FULLWIDTH:
        _TABLE[_code] = chr(_code - 0xFEE0)
_TABLE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x3002: "。",  # keep (explicit for readability)
        0x2212: "-",  # minus sign
        0xFE6A: "%",  # small percent sign
        0x2030: "‰",
    }
)


# A full-width comma between full-width digits, followed by exactly three of them, is a
# thousands separator (１，２３４．５６), not the prose comma.
_FULLWIDTH_THOUSANDS = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


# A glyph a PDF font maps to no character, as pdfminer writes it: "(cid:17)". The placeholder and
# the digits touching it become U+FFFD characters of the same length, so no extractor reads a number
# out of the code or a figure with a digit missing (helpers.pdf.glyphs reports them as unreadable).
_CID = r"\(cid:(?:\d+|\?)\)"
_CID_PLACEHOLDER = re.compile(rf"(?:[\d.,]|{_CID})*{_CID}(?:[\d.,]|{_CID})*")
UNREADABLE = "\ufffd"


def normalize_text(text: str) -> str:
    """Return `text` with full-width forms folded to ASCII; the length never changes."""
    if "(cid:" in text:
        text = _CID_PLACEHOLDER.sub(lambda m: UNREADABLE * len(m.group(0)), text)
    return _FULLWIDTH_THOUSANDS.sub(",", text).translate(_TABLE)

"""Character normalisation that keeps every character in place (one in, one out).

Full-width digits, letters, the full-width full stop used as a decimal point, the percent
sign and similar symbols become their ASCII forms. Chinese prose punctuation (，；：（）！？)
is kept: it is the normal punctuation of the text, and the readers accept both forms.
Because the mapping is one-to-one, offsets in the normalised text are offsets in the original.

Two more one-to-one folds: pdfminer's "(cid:N)" placeholders (glyphs without a Unicode map) are
masked with U+FFFD so their digits are never read as figures, and a text in traditional
characters (繁體) is folded to simplified ones with OpenCC (`fold_traditional`).
"""

from __future__ import annotations

import re
from functools import cache

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


# One "(cid:N)" placeholder, to count them on an original line.
CID_PLACEHOLDER = re.compile(_CID)


def normalize_text(text: str, *, simplified: bool = False) -> str:
    """Return `text` with full-width forms folded to ASCII and "(cid:N)" masked with U+FFFD;
    with `simplified`, traditional characters become simplified. The length never changes."""
    if "(cid:" in text:
        text = _CID_PLACEHOLDER.sub(lambda m: UNREADABLE * len(m.group(0)), text)
    folded = _FULLWIDTH_THOUSANDS.sub(",", text).translate(_TABLE)
    return fold_traditional(folded) if simplified else folded


@cache
def _converter():
    import opencc  # OpenCC's own wheels (Apache-2.0): the reference tables of the conversion

    return opencc.OpenCC("t2s")


@cache
def _char_t2s(char: str) -> str:
    out = _converter().convert(char)
    return out if len(out) == 1 else char


def fold_traditional(text: str) -> str:
    """Traditional → simplified characters (OpenCC t2s), one character for one character.

    OpenCC converts by phrase; in the rare case a phrase changes length the text is converted
    character by character instead, so offsets stay those of the original.
    """
    if not text:
        return text
    out = _converter().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_char_t2s(c) for c in text)


_CJK = re.compile(r"[\u4e00-\u9fff]")
# Share of CJK characters OpenCC changes from which a text counts as written in traditional
# characters. A simplified text changes in a handful of ambiguous characters at most (≈0 %);
# a traditional one in a fifth or more of them.
_TRADITIONAL_SHARE = 0.03
_TRADITIONAL_MIN = 3


# Frequent characters of the template that only traditional text writes this way: a quick
# filter so that a simplified text is not converted just to be compared.
_TRADITIONAL_HINT = re.compile("[決萬說總計經費撥款體與務門單預開這於區縣會機關運業級員採購]")


def is_traditional(text: str) -> bool:
    """True when `text` is written in traditional characters (繁體)."""
    sample = text[:200_000]
    if not _TRADITIONAL_HINT.search(sample):
        return False
    cjk = len(_CJK.findall(sample))
    if cjk == 0:
        return False
    changed = sum(1 for a, b in zip(sample, fold_traditional(sample), strict=True) if a != b)
    return changed >= _TRADITIONAL_MIN and changed / cjk >= _TRADITIONAL_SHARE

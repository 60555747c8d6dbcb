"""科目编码 in table rows: one code column or separate 类|款|项 columns → 3/5/7 digits and a level.

Functional codes (政府收支分类科目) are 3/5/7 digits for 类/款/项; economic codes are 3/5 digits for
类/款 (301 / 30101). A code split over columns arrives as "201 06 01" and is joined to "2010601".
"""

from __future__ import annotations

import re

from .model import LEVELS

_LEADING_CODE = re.compile(r"^(?P<a>[0-9]{3})(?:\s*(?P<b>[0-9]{2}))?(?:\s*(?P<c>[0-9]{2}))?(?![0-9.,])\s*")
_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d))"
)


# Full-width digits and figure punctuation (some WPS/Word exports, typed with a Chinese IME) → ASCII.
_FIGURE_CHARS = str.maketrans("０１２３４５６７８９，．－＋", "0123456789,.-+")


def ascii_figures(text: str) -> str:
    """The text with full-width digits, "，" "．" "－" "＋" made ASCII, so "１，２００．５０" reads as
    "1,200.50"; every other character (names, "（境）") is left as printed."""
    return text.translate(_FIGURE_CHARS)


def split_label(text: str) -> tuple[str | None, str]:
    """(code, name) of a row label such as "201 06 01 行政运行" or "2010601行政运行" or "合计".

    The name keeps its printed wording with all whitespace removed; the code is None when the
    label starts with no 3/5/7-digit code. A code printed in full-width digits is read as ASCII.
    """
    stripped = text.strip()
    match = _LEADING_CODE.match(ascii_figures(stripped))
    if not match:
        return None, re.sub(r"\s+", "", stripped)
    code = "".join(g for g in (match.group("a"), match.group("b"), match.group("c")) if g)
    return code, re.sub(r"\s+", "", stripped[match.end():])


def level_of(code: str | None) -> str | None:
    """"class" (类, 3 digits), "section" (款, 5) or "item" (项, 7); None for no code."""
    return None if code is None else LEVELS.get(len(code))


def starts_with_enumerator(name: str) -> bool:
    """True for labels such as "一、财政拨款" or "1.一般公共预算" (rows of two-sided tables)."""
    return bool(_ENUM.match(name))

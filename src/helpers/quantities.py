"""Read numbers and their units from normalised text as exact decimals.

Numbers keep their stated precision (`Decimal("1.80")` stays 1.80); thousands separators
are accepted only in well-formed three-digit groups, so "1,234.56" is one number while a
list such as "1,2,3" is not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

NUMBER_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?"
NUMBER = re.compile(rf"(?<![\d.])(?:{NUMBER_PATTERN})")

MONEY_UNITS = ("亿元", "万元", "千元", "元")
# Longest first: the first alternative that matches wins.
_BASE_UNITS = (
    "元/平方米",
    "元/吨",
    "元/度",
    "元/月",
    "元/人",
    "元/年",
    "元/次",
    "元/天",
    "个工作日",
    "个月",
    "台（套）",
    "台(套)",
    "平方米",
    "人次",
    "件次",
    "户次",
    "批次",
    "台次",
    "车次",
    "架次",
    "班次",
    "场次",
    "课时",
    "学时",
    "万元",
    "亿元",
    "千元",
    "元",
    "%",
    "‰",
    "㎡",
    "m²",
    "m2",
    "公里",
    "千米",
    "小时",
    "分钟",
    "件",
    "个",
    "项",
    "人",
    "名",
    "台",
    "套",
    "次",
    "户",
    "家",
    "辆",
    "所",
    "批",
    "条",
    "枚",
    "面",
    "张",
    "册",
    "场",
    "期",
    "篇",
    "份",
    "天",
    "吨",
    "度",
    "亩",
    "处",
    "座",
    "间",
    "本",
    "起",
    "宗",
    "笔",
    "单",
    "类",
    "箱",
    "盒",
    "袋",
    "包",
    "瓶",
    "册",
    "所",
    "块",
    "棵",
    "株",
    "个月",
    "年",
    "月",
    "日",
    "周",
)
_SCALED = ("人次", "人", "件", "户", "元", "册", "吨", "亩", "家", "次")
UNIT_PATTERN = (
    "(?:"
    + "|".join(re.escape("万" + u) for u in _SCALED if u != "元")
    + "|"
    + "|".join(re.escape(u) for u in _BASE_UNITS)
    + "|万(?![\u4e00-\u9fff])|万)"
)
QUANTITY = re.compile(rf"(?<![\d.])(?P<num>{NUMBER_PATTERN})(?:\s?(?P<unit>{UNIT_PATTERN}))?")
_DATE = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
)
_MONTH_DAY = re.compile(r"(?<![\d.年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# List enumerators such as "1." "2、" "（3）" at the start of a paragraph or clause.
_ENUMERATOR = re.compile(r"(?:^|(?<=[\n。；;：:]))\s*[（(]?\d{1,2}[）).．、](?!\d)")


def parse_decimal(text: str) -> Decimal:
    """Exact decimal of a number as written ("1,234.50" -> Decimal("1234.50"))."""
    return Decimal(text.replace(",", ""))


def decimals_of(value: Decimal) -> int:
    """Number of stated decimal places."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_unit(value: Decimal) -> Decimal:
    """Half of the last stated digit: the rounding uncertainty of a stated figure."""
    return Decimal(5).scaleb(-decimals_of(value) - 1)


def canonical_unit(unit: str | None) -> str | None:
    """Fold spelling variants of the same unit."""
    if unit is None:
        return None
    return {"平方米": "㎡", "m²": "㎡", "m2": "㎡", "台(套)": "台（套）", "万": "万"}.get(unit, unit)


def to_wan_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    """Convert a money amount to 万元 exactly; None for a non-money unit."""
    factors = {
        "万元": Decimal(1),
        "万": Decimal(1),
        "亿元": Decimal(10000),
        "元": Decimal("0.0001"),
        "千元": Decimal("0.1"),
    }
    factor = factors.get(unit or "")
    return None if factor is None else value * factor


@dataclass(frozen=True)
class Quantity:
    """A number found in text, with its unit (None when none follows) and its offsets."""

    value: Decimal
    unit: str | None
    start: int
    end: int
    kind: str
    text: str


def _kind(unit: str | None) -> str:
    if unit is None:
        return "number"
    if unit in MONEY_UNITS or unit == "万":
        return "amount"
    if unit in ("%", "‰"):
        return "percent"
    if unit.startswith("元/"):
        return "rate"
    if unit in ("㎡", "平方米", "m²", "m2", "亩"):
        return "area"
    if unit in ("小时", "分钟", "天", "个工作日", "个月", "年", "月", "日", "周"):
        return "duration"
    return "count"


class _Spans:
    """Spans (start, end) answering "does any span hold this offset?" by bisection: O(log n) per
    question instead of a scan of every span (quadratic on long texts full of numbers)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end among spans starting up to here
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.reach[i] > offset


def iter_dates(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, iso) for dates and years: "2020 年 5 月 1 日" -> "2020-05-01"."""
    taken: list[tuple[int, int]] = []
    for match in _DATE.finditer(text):
        y, m, d = match.group("y"), match.group("m"), match.group("d")
        iso = y if m is None else f"{y}-{int(m):02d}" if d is None else f"{y}-{int(m):02d}-{int(d):02d}"
        taken.append(match.span())
        yield match.start(), match.end(), iso
    blocked = _Spans(taken)
    for match in _MONTH_DAY.finditer(text):
        if match.start() in blocked:
            continue
        yield match.start(), match.end(), f"--{int(match.group('m')):02d}-{int(match.group('d')):02d}"


def iter_quantities(text: str, *, skip_enumerators: bool = True) -> Iterator[Quantity]:
    """Yield every number that is not part of a date or a list enumerator, with its unit."""
    blocked: list[tuple[int, int]] = [(s, e) for s, e, _ in iter_dates(text)]
    if skip_enumerators:
        blocked += [m.span() for m in _ENUMERATOR.finditer(text)]
    spans = _Spans(blocked)
    for match in QUANTITY.finditer(text):
        start = match.start("num")
        if start in spans:
            continue
        unit = canonical_unit(match.group("unit"))
        yield Quantity(
            value=parse_decimal(match.group("num")),
            unit=unit,
            start=start,
            end=match.end(),
            kind=_kind(unit),
            text=match.group(0),
        )

"""The 三公 items (三公经费 three_public): one list of standard names, keys and label patterns.

Source: the template's 财政拨款“三公”经费支出决算表 (公开07表; Shanghai 2024 final-accounts template):
因公出国（境）费, 公务用车购置及运行维护费 with its 购置费 and 运行维护费, 公务接待费. Each item has a short
`key` (abroad, vehicle, vehicle_purchase, vehicle_operation, reception), its fact key `three_public_<key>`
(extract/specs.py) and the pattern that recognises a printed row or column label, with or without the
公务用车 lead ("购置费", "公务用车运行维护费", "其中：公务用车购置费"). The table reader, the table facts,
the table rules and the completeness rule all read this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ThreePublicItem:
    """One 三公 item: short key, standard name (the template's wording) and the label pattern."""

    key: str
    name: str
    pattern: re.Pattern[str]

    @property
    def fact(self) -> str:
        """The canonical fact key of extract/specs.py ("three_public_abroad" …)."""
        return f"three_public_{self.key}"


# In display order; the combined vehicle item comes before its two parts (its label contains both words).
ITEMS: tuple[ThreePublicItem, ...] = (
    ThreePublicItem("abroad", "因公出国（境）费", re.compile(r"因公出国")),
    ThreePublicItem("vehicle", "公务用车购置及运行维护费", re.compile(r"购置及运行")),
    ThreePublicItem(
        "vehicle_purchase", "公务用车购置费", re.compile(r"(?:^|公务用车)购置费?$|公务用车购置费")
    ),
    ThreePublicItem(
        "vehicle_operation",
        "公务用车运行维护费",
        re.compile(r"(?:^|公务用车)运行(?:维护)?费?$|公务用车运行(?:维护)?费"),
    ),
    ThreePublicItem("reception", "公务接待费", re.compile(r"公务接待")),
)
BY_KEY = {item.key: item for item in ITEMS}
# The four items the template requires one by one (an amount or a none-statement each): a combined
# 购置及运行维护费 does not disclose 购置费 (2025 普陀区部门决算公开情况检查表, item F).
REQUIRED = tuple(item for item in ITEMS if item.key != "vehicle")
# Items some provinces print beside the 三公 items (陕西 柞水 2020: 会议费, 培训费; 云南 表九: 机关运行经费).
OTHER_ITEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"会议费"), "会议费"),
    (re.compile(r"培训费"), "培训费"),
    (re.compile(r"机关运行经费"), "机关运行经费"),
)
TOTAL = "合计"  # the 三公 total
GRAND_TOTAL = "总计"  # a total that adds the other items


def item_of(label: str) -> ThreePublicItem | None:
    """The 三公 item a printed label names ("公务用车购置及运行维护费" → vehicle), or None."""
    return next((item for item in ITEMS if item.pattern.search(label)), None)


def standard_name(label: str) -> str | None:
    """The standard name of a 三公 item or of an item printed beside them (会议费 …), or None."""
    item = item_of(label)
    if item is not None:
        return item.name
    return next((name for pattern, name in OTHER_ITEMS if pattern.search(label)), None)

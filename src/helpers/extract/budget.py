"""Budget-only narrative wording (部门预算/单位预算), read only when a document is read as a budget.

A budget's narrative names its figures with 预算 in the label: "收入、支出预算总计 13649.07 万元",
"本年支出预算合计 24,169.74 万元", "一般公共预算机关运行经费预算支出 2391.92 万元", "“三公”经费预算
6.00 万元". In a final-accounts text the same words name the budget a 决算数 is measured against, so
these patterns never run on final accounts. Each pattern is the wording of the real budgets of
tests/fixtures/real-pdfs (Jiangsu 2017/2019 template) or of case K02 (a synthetic 河道管理所 budget).

Every value is the 预算数 the sentence states, with its line and quote; a change clause after it
("与上年相比增加 844.15 万元，增长 6.59%") is the change against the prior year's budget.
"""

from __future__ import annotations

import re
from functools import cache

from ..document import Document
from ..quantities import parse_decimal
from .facts import MONEY, NUM, _make_mention, parse_tail
from .model import Mention
from .specs import SPEC_BY_KEY

# A bare label starts a clause: after punctuation, a year ("2024年，"), or "本部门/本单位".
_START = r"(?:(?<=^)|(?<=[\n，,。；;：:、）)])|(?<=本部门)|(?<=本单位)|(?<=年)|(?<=年度))\s*"

# key → label patterns (a number with its unit follows, "为/是" allowed between)
BUDGET_LABELS: tuple[tuple[str, str], ...] = (
    ("total", r"收入、?支出预算总计|收、?支预算总计"),
    ("total", _START + r"收入预算总计"),
    ("income_total", r"本年收入预算合计|" + _START + r"收入预算(?!总计|合计)"),
    ("expenditure_total", r"本年支出预算合计|" + _START + r"支出预算(?!总计|合计)"),
    ("general_budget_expenditure", r"一般公共预算财政拨款支出预算"),
    ("general_budget_basic", r"一般公共预算财政拨款基本支出预算"),
    ("admin_operating_cost", r"机关运行经费(?:支出)?预算(?:支出)?"),
    ("three_public_total", r"[“\"]?三公[”\"]?经费(?:财政拨款)?预算(?:支出)?(?:为|是)?(?=\s*\d)"),
    # the 三公 items with "预算(支出)" between label and amount ("公务用车购置预算支出0万元")
    ("three_public_abroad", r"因公出国[（(]境[）)]费预算(?:支出)?"),
    ("three_public_vehicle", r"公务用?车购置及运行(?:维护)?费预算(?:支出)?"),
    ("three_public_vehicle_purchase", r"(?<!及)公务用车购置(?:费)?预算(?:支出)?"),
    ("three_public_vehicle_operation", r"公务用车运行(?:维护)?费预算(?:支出)?"),
    ("three_public_reception", r"公务接待费预算(?:支出)?"),
)


@cache
def _regexes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (key, re.compile(rf"(?P<label>{label})(?:为|是)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"))
        for key, label in BUDGET_LABELS
    )


def budget_mentions(document: Document) -> list[Mention]:
    """Every budget-worded statement of a canonical figure, in document order."""
    text = document.text
    mentions: list[Mention] = []
    taken: set[int] = set()
    for key, regex in _regexes():
        spec = SPEC_BY_KEY[key]
        for m in regex.finditer(text):
            if m.start("num") in taken:
                continue
            taken.add(m.start("num"))
            tail = parse_tail(text, m.end(), key=key, label=m.group("label"))
            mentions.append(
                _make_mention(
                    document, spec, m.start(), m.end(), m.start("num"),
                    parse_decimal(m.group("num")), m.group("unit"), tail,
                )
            )
    return sorted(mentions, key=lambda mention: mention.start)

"""Recognise public-table titles: national nine (公开01–09表), Sichuan fourteen, budget tables.

A title is a line of its own (whitespace removed) made of an optional department/year prefix, the
table name and an optional suffix (（经济科目）, 公开01表 …). Names follow the Shanghai 2024 final-accounts
template (tests/fixtures/real-pdfs), the Sichuan 14-table set (docs/template notes §3) and the budget
tables of the Jiangsu and Shanghai budget PDFs. Budget tables map to the final-accounts id of the same
content with kind "budget"; budget-only tables keep a descriptive id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_Q = "[“\"‘'「『]?"
_QC = "[”\"’'」』]?"
_SG = f"{_Q}三公{_QC}"
_PAREN = r"(?:[（(][^（）()]{1,12}[）)])?"
_KIND = "(?:决算|预算)"

# (id, name pattern) — most specific first; each pattern is the table name without prefix/suffix.
_SPECS: tuple[tuple[str, str], ...] = (
    ("gov_fund_three_public", rf"政府性基金预算财政拨款{_SG}经费支出{_KIND}表"),
    (
        "three_public",
        rf"(?:一般公共预算)?(?:财政拨款)?{_SG}经费(?:、会议费、培训费|和机关运行经费)?"
        rf"(?:财政拨款)?(?:支出)?{_KIND}(?:情况)?表",
    ),
    ("general_budget_expenditure_detail", rf"一般公共预算财政拨款支出{_KIND}明细表"),
    ("appropriation_expenditure_detail", rf"财政拨款支出{_KIND}明细表"),
    ("general_budget_project", rf"一般公共预算财政拨款项目支出{_KIND}表"),
    ("general_budget_basic", rf"一般公共预算(?:财政拨款)?基本支出(?:部门预算)?(?:经济分类)?{_KIND}表"),
    (
        "general_budget_expenditure_economic",
        rf"一般公共预算(?:财政拨款)?支出(?:经济分类)?{_KIND}表[（(]经济(?:科目|分类)[）)]",
    ),
    ("general_budget_expenditure", rf"一般公共预算(?:财政拨款)?支出(?:功能分类)?{_KIND}表"),
    ("admin_operating_cost", rf"(?:一般公共预算)?机关运行经费(?:支出)?{_KIND}表"),
    (
        "gov_fund",
        rf"(?:政府性基金预算财政拨款(?:收入)?支出{_KIND}表"
        rf"|(?:财政拨款)?政府性基金(?:预算)?支出(?:功能分类)?{_KIND}表)",
    ),
    ("state_capital_income", rf"国有资本经营预算财政拨款收入{_KIND}表"),
    (
        "state_capital",
        rf"(?:国有资本经营预算财政拨款(?:收入)?支出{_KIND}表"
        rf"|国有资本经营预算支出(?:功能分类)?{_KIND}表)",
    ),
    ("appropriation_basic", rf"财政拨款基本支出{_KIND}表"),
    ("appropriation_summary", rf"财政拨款收(?:入)?支(?:出)?(?:{_KIND})?总表"),
    ("appropriation_expenditure", rf"财政拨款支出{_KIND}表"),
    ("procurement", rf"政府采购(?:支出)?{_KIND}表"),
    ("project_expenditure", rf"项目支出{_KIND}表"),
    ("income_expenditure_summary", rf"(?:财务)?收(?:入)?支(?:出)?(?:{_KIND})?总表"),
    ("income", rf"收入(?:{_KIND}(?:总)?表|总表)"),
    ("expenditure", rf"支出(?:{_KIND}(?:总)?表|总表)"),
)
_AT_END = tuple((tid, re.compile(f"(?:{pattern}{_PAREN})$")) for tid, pattern in _SPECS)

_NUMBER = (
    r"(?:公开\d{1,2}表|公开表[一二三四五六七八九十]+|附表\d{1,2}|附表[一二三四五六七八九十]+"
    r"|表\d{1,2}|表[一二三四五六七八九十]+)"
)
NUMBER_RE = re.compile(_NUMBER)
_NUMBERS_AROUND = re.compile(rf"^{_NUMBER}[:：]?|{_NUMBER}$")
_SENTENCE = re.compile(r"[，,。；;：:、！？]|详见|见附")
UNIT_RE = re.compile(r"单位[：:]\s*(?P<unit>万元|元)")
_SPACE = re.compile(r"\s+")
# Contents entries ("二、收入决算表……5") and section headings are not titles.
_TOC = re.compile(r"^[一二三四五六七八九十]+[、.．]|[…·.]{3,}|\d+$")


@dataclass(frozen=True)
class TitleMatch:
    """A recognised title: standard id, the title as printed (no spaces) and 决算/预算 kind."""

    id: str
    title: str
    kind: str | None  # "final" | "budget" | None when the title says neither


def squeeze(text: str) -> str:
    """Text with every whitespace removed (PDF titles are often letter-spaced)."""
    return _SPACE.sub("", text)


def match_title(line: str) -> TitleMatch | None:
    """The table a title line names, or None. `line` is one printed line (spaces allowed)."""
    text = squeeze(line)
    if not 4 <= len(text) <= 80 or "表" not in text:
        return None
    if text.endswith(("说明", "。")) or "《" in text or _TOC.search(text):
        return None
    name = _NUMBERS_AROUND.sub("", text)
    for table_id, pattern in _AT_END:
        match = pattern.search(name)
        if match and _prefix_ok(name[: match.start()]):
            candidate = match.group(0)
            kind = "final" if "决算" in candidate else "budget" if "预算" in candidate else None
            return TitleMatch(table_id, _strip_number(text), kind)
    return None


def _prefix_ok(prefix: str) -> bool:
    """Free text before a table name: a department and year ("上海市XX局2024年度部门"), at most
    40 characters, no sentence punctuation."""
    return len(prefix) <= 40 and not _SENTENCE.search(prefix)


def _strip_number(text: str) -> str:
    return NUMBER_RE.sub("", text).strip("：: ") or text


def find_number(text: str) -> str | None:
    """The printed table number ("公开01表", "表1", "附表5" …) in `text`, or None."""
    match = NUMBER_RE.search(squeeze(text))
    return match.group(0) if match else None


def find_unit(text: str) -> str | None:
    """The money unit stated as 单位：万元 / 单位：元 in `text`, or None."""
    match = UNIT_RE.search(text.replace(" ", ""))
    return match.group("unit") if match else None

"""The national template: its standard sections and public tables, and how to recognise them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document

_N = "一二三四五六七八九十"


@dataclass(frozen=True)
class TemplateSection:
    """A section every disclosure should contain (or state as empty)."""

    key: str
    title: str
    heading: str  # regex over heading titles
    facts: tuple[str, ...] = ()  # a stated fact also shows the content is there


SECTIONS: tuple[TemplateSection, ...] = (
    # Zhejiang and others title them 部门基本情况 / 部门职责
    TemplateSection(
        "overview", "部门概况", r"概况|部门基本情况|单位基本情况|^第[一二]部分\s*(?:部门|单位)?基本情况"
    ),
    TemplateSection("functions", "主要职能", r"职能|职责"),
    TemplateSection("organisation", "机构设置／决算单位构成", r"机构设置|单位构成|机构组成"),
    TemplateSection("overall", "收入支出决算总体情况", r"(?<!拨款)收入支出决算总体情况", ("total",)),
    TemplateSection("income", "收入决算情况", rf"^[{_N}]+\s*[、.．]\s*收入决算情况", ("income_total",)),
    TemplateSection(
        "expenditure", "支出决算情况", rf"^[{_N}]+\s*[、.．]\s*支出决算情况", ("expenditure_total",)
    ),
    TemplateSection(
        "appropriation",
        "财政拨款收入支出决算总体情况",
        r"财政拨款收入支出决算总体情况",
        ("appropriation_total",),
    ),
    TemplateSection(
        "general_budget",
        "一般公共预算财政拨款支出决算情况",
        r"一般公共预算财政拨款支出决算情况",
        ("general_budget_expenditure",),
    ),
    TemplateSection(
        "general_budget_basic",
        "一般公共预算财政拨款基本支出决算情况",
        r"一般公共预算财政拨款基本支出决算情况",
        ("general_budget_basic",),
    ),
    TemplateSection("three_public", "“三公”经费财政拨款支出决算情况", r"三公", ("three_public_total",)),
    TemplateSection("gov_fund", "政府性基金预算支出决算情况", r"政府性基金", ("gov_fund_expenditure",)),
    TemplateSection(
        "state_capital", "国有资本经营预算支出决算情况", r"国有资本经营", ("state_capital_expenditure",)
    ),
    TemplateSection("admin_operating_cost", "机关运行经费", r"机关运行经费", ("admin_operating_cost",)),
    TemplateSection("procurement", "政府采购支出情况", r"政府采购", ("procurement_total",)),
    TemplateSection("assets", "国有资产占有使用情况", r"国有资产", ("vehicles",)),
    TemplateSection("performance", "预算绩效管理情况", r"绩效"),
    TemplateSection("glossary", "名词解释", r"名词解释"),
)

PUBLIC_TABLES: tuple[tuple[str, str, str], ...] = (
    ("T01", "收入支出决算总表", r"(?<!拨款)收入支出决算总表"),
    ("T02", "收入决算表", r"(?<!拨款)收入决算表"),
    ("T03", "支出决算表", r"(?<![拨款基本])支出决算表"),
    ("T04", "财政拨款收入支出决算总表", r"财政拨款收入支出决算总表"),
    ("T05", "一般公共预算财政拨款支出决算表", r"一般公共预算财政拨款支出决算(?:明细)?表"),
    ("T06", "一般公共预算财政拨款基本支出决算表", r"一般公共预算财政拨款基本支出决算(?:明细)?表"),
    ("T07", "财政拨款“三公”经费支出决算表", r"三公.{0,3}经费.{0,6}支出决算表"),
    ("T08", "政府性基金预算财政拨款收入支出决算表", r"政府性基金预算财政拨款(?:收入)?支出决算表"),
    ("T09", "国有资本经营预算财政拨款支出决算表", r"国有资本经营预算财政拨款(?:收入)?支出决算表"),
)

def section_names(keys: list[str]) -> list[str]:
    """The template's Chinese names of section and public-table keys ("overview" → 部门概况,
    "T01" → 收入支出决算总表); an unknown key is kept as it is."""
    names = {s.key: s.title for s in SECTIONS} | {key: title for key, title, _ in PUBLIC_TABLES}
    names |= {key: title for key, title, _ in BUDGET_TABLES}
    return [names.get(key, key) for key in keys]


# Phrases that only a final-accounts disclosure contains.
DISCLOSURE_MARKERS: tuple[str, ...] = (
    r"决算",
    r"收、?支总计|收入支出决算总体情况|收入、支出决算总计",
    r"本年收入合计|收入决算",
    r"本年支出合计|支出决算",
    r"基本支出",
    r"项目支出",
    r"三公",
    r"财政拨款",
    r"机关运行经费",
)


def section_coverage(document: Document, stated_keys: set[str]) -> dict[str, bool]:
    """For each template section: is it present (heading found, or its figure stated)?"""
    titles = [h.title for h in document.headings]
    coverage = {}
    for section in SECTIONS:
        by_heading = any(re.search(section.heading, t) for t in titles)
        coverage[section.key] = by_heading or any(k in stated_keys for k in section.facts)
    return coverage


def tables_present(document: Document) -> dict[str, bool]:
    """For each of the nine public tables: is it in the text (as a table or an empty-table note)?"""
    text = "".join(document.source.normalized_lines)
    return {code: re.search(pattern, text) is not None for code, _, pattern in PUBLIC_TABLES}


# The title of a budget (部门预算/单位预算) rather than of final accounts (决算).
_BUDGET_TITLE = re.compile(
    r"(?:部门|单位)(?:\s*[（(]单位[）)])?预算|预算(?:公开|编制说明|情况说明)|收支预算总表"
)
_TITLE_LINES = 8
_TITLE_WIDTH = 40  # a title line is short and has no sentence punctuation


def document_kind(document: Document) -> str:
    """"final_accounts" (决算), "budget" (部门预算/单位预算) or "unknown", from the title lines and
    the part headings; a text that never says 决算 but keeps saying 预算 is a budget."""
    lines = [line.strip() for line in document.source.normalized_lines if line.strip()][:_TITLE_LINES]
    lines = [line for line in lines if len(line) <= _TITLE_WIDTH and not re.search("[。，,；;]", line)]
    lines += [h.title for h in document.headings if h.level <= 2]
    title = "\n".join(lines)
    if "决算" in title:
        return "final_accounts"
    if _BUDGET_TITLE.search(title):
        return "budget"
    text = document.text
    if "决算" not in text and len(re.findall("预算", text)) >= 3:
        return "budget"
    return "final_accounts" if "决算" in text else "unknown"


# A title naming the year and 决算: "2020年度<name>部门决算", "<name>2021年度单位决算".
_TITLED = re.compile(r"(?:19|20)\d{2}\s*年度?[^。，,；;\n]{0,40}?(?:部门|单位)?决算")


def titled_as_final_accounts(document: Document) -> bool:
    """True when a title line or part heading names a year's 决算 (an excerpt may hold only a
    few of the template's sections but still says what it is)."""
    lines = [line.strip() for line in document.source.normalized_lines if line.strip()][:_TITLE_LINES]
    lines += [h.title for h in document.headings if h.level == 0]
    return any(_TITLED.search(line) for line in lines)


# Where a key phrase does not count: a fenced code block, a command line, an inline code span, a line
# of mostly Latin letters or with English words (a README or a note about the template quoting
# its terms).
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_COMMAND = re.compile(r"^\s*(?:\$|>>>|PS>)\s|\.venv/bin/|(?:^|\s)--[a-z][a-z-]+")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# English words ("Rows", "the", "tables"); a disclosure line may hold an acronym (PPP, GDP) or one word.
_ENGLISH_WORD = re.compile(r"[A-Za-z]?[a-z]{2,}")
_NUMBERED = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)
_SENTENCE = re.compile(r"[。；;，,：:]")


def template_context_lines(text: str) -> list[str]:
    """The lines of `text` where a disclosure's key phrases stand in their template context: a heading
    or title (numbered, or short without sentence punctuation) or a line that states a figure, in
    Chinese prose or a table row; never code (fenced blocks, command lines, inline code spans) and
    never a line of mostly Latin letters or with English words. Source: the template's headings and
    figure sentences (../shared/docs/juesuan-template-notes.md §2); a README quoting them is no disclosure."""
    out = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _COMMAND.search(line):
            continue
        line = _INLINE_CODE.sub(" ", line)
        if len(_CJK.findall(line)) < len(_LATIN.findall(line)) or len(_ENGLISH_WORD.findall(line)) >= 2:
            continue
        stripped = line.strip()
        if not stripped:
            continue
        heading = bool(_NUMBERED.match(stripped)) or (len(stripped) <= 40 and not _SENTENCE.search(stripped))
        if heading or re.search(r"\d", stripped):
            out.append(stripped)
    return out


def disclosure_score(text: str) -> int:
    """How many distinct final-accounts markers a text contains in their template context
    (`template_context_lines`)."""
    context = "\n".join(template_context_lines(text))
    return sum(1 for marker in DISCLOSURE_MARKERS if re.search(marker, context))


# ---- Budgets (部门预算 / 单位预算) -------------------------------------------------------------

FINAL_ACCOUNTS, BUDGET = "final_accounts", "budget"
KINDS = (FINAL_ACCOUNTS, BUDGET)
KIND_LABELS = {FINAL_ACCOUNTS: "部门决算", BUDGET: "部门预算"}

# Phrases of a budget disclosure (the budget counterpart of DISCLOSURE_MARKERS): the budget
# tables' titles and the narrative's budget wording, as the eight real budgets of
# tests/fixtures/real-pdfs (Jiangsu 2017/2019, Shanghai 2023/2025) and the K02 case print them.
BUDGET_MARKERS: tuple[str, ...] = (
    r"(?:部门|单位)(?:\s*[（(]单位[）)])?预算|预算公开",
    r"收支预算总表|收入支出预算总表",
    r"收入预算|收入总预算",
    r"支出预算",
    r"基本支出",
    r"项目支出",
    r"三公",
    r"财政拨款",
    r"预算数|预算安排|年度预算",
)
MIN_BUDGET_MARKERS = 4

# The public tables of a budget (the set the Ministry of Finance's 部门预算公开 requires), each
# with a pattern over the text: 收支总表, 收入表, 支出表, 财政拨款收支总表, 一般公共预算支出表,
# 一般公共预算基本支出表, 三公 table, 政府性基金 table (国有资本经营 where the province publishes it).
BUDGET_TABLES: tuple[tuple[str, str, str], ...] = (
    ("B01", "收支预算总表", r"(?<!拨款)收支预算总表|收入支出预算总表|(?<!拨款)财务收支预算总表"),
    ("B02", "收入预算表", r"(?<!拨款)收入(?:总)?预算(?:总)?表"),
    ("B03", "支出预算表", r"(?<![拨款基本])支出(?:总)?预算(?:总)?表|(?<![拨款基本])支出预算总表"),
    ("B04", "财政拨款收支预算总表", r"财政拨款收支预算总表|财政拨款收入支出预算总表"),
    ("B05", "一般公共预算支出预算表", r"一般公共预算(?:财政拨款)?支出(?:功能分类)?预算表"),
    ("B06", "一般公共预算基本支出预算表", r"一般公共预算(?:财政拨款)?基本支出.{0,12}预算表"),
    ("B07", "“三公”经费预算表", r"三公.{0,16}预算表"),
    ("B08", "政府性基金预算支出预算表", r"政府性基金.{0,16}预算表"),
)


def budget_score(text: str) -> int:
    """How many distinct budget markers a text contains (BUDGET_MARKERS) in their template context
    (`template_context_lines`, as for disclosure_score: a README quoting them is no budget)."""
    context = "\n".join(template_context_lines(text))
    return sum(1 for marker in BUDGET_MARKERS if re.search(marker, context))


def budget_tables_present(document: Document) -> dict[str, bool]:
    """For each table of the budget set: is its title in the text?"""
    text = "".join(document.source.normalized_lines)
    return {code: re.search(pattern, text) is not None for code, _, pattern in BUDGET_TABLES}


def budget_label(document: Document) -> str:
    """部门预算 or 单位预算, as the title says (部门预算 when it does not say)."""
    lines = [line.strip() for line in document.source.normalized_lines if line.strip()][:_TITLE_LINES]
    return "单位预算" if any("单位预算" in line for line in lines) else "部门预算"

"""Completeness and form: standard sections present or stated empty, no template leftovers,
every percentage with its % sign, the 三公 items each disclosed."""

from __future__ import annotations

import re

from ..tables.three_public import REQUIRED
from ..template import BUDGET_TABLES, PUBLIC_TABLES, SECTIONS
from .context import AuditContext
from .findings import Evidence, Finding

_PLACEHOLDERS = re.compile(
    r"X{2,}|×{2,}|某某|增加（减少）|增长（下降）|增加\(减少\)|增长\(下降\)|"
    r"[（(]或[^（）()]{1,15}[）)]|[（(]增加[/／]减少[）)]|[（(]具体[^（）()]{0,10}[）)]|"
    # a direction word with its template alternative left in: "下降（增长）20.00%"
    r"(?:增加|减少|增长|下降|上升|降低)[（(](?:增加|减少|增长|下降|上升|降低)[）)]"
)
_PERCENT_WITHOUT_SIGN = re.compile(
    r"(?:占|完成(?:年初)?预算(?:的)?|增长|下降)\s*(\d+(?:\.\d+)?)(?![\d.%‰])(?!\s*[%‰万元个项人件次])"
)


def sections(ctx: AuditContext) -> list[Finding]:
    """Final accounts: each template section and the nine public tables; a budget: its table set."""
    if getattr(ctx.extraction, "kind", "final_accounts") == "budget":
        return _budget_tables(ctx)
    findings = []
    missing = set(ctx.extraction.sections_missing)
    titles = {s.key: s.title for s in SECTIONS}
    for key in [s.key for s in SECTIONS if s.key in missing]:
        findings.append(
            Finding(
                rule="completeness.section",
                severity="warning",
                title="Each standard section of the template is present or stated as empty",
                message=f"未找到模板规定的“{titles[key]}”部分，也没有“本年度无此项”的说明。",
            )
        )
    tables = [(code, name) for code, name, _ in PUBLIC_TABLES if code in missing]
    if tables:
        listed = "、".join(f"{code} {name}" for code, name in tables)
        findings.append(
            Finding(
                rule="completeness.tables",
                severity="warning",
                title="The nine public tables are included (empty ones with a note)",
                message=f"文本中未见以下公开表（或其空表说明）：{listed}。",
            )
        )
    return findings


def _budget_tables(ctx: AuditContext) -> list[Finding]:
    """A budget's public tables (template.BUDGET_TABLES) that its text never names."""
    missing = set(ctx.extraction.sections_missing)
    tables = [(code, name) for code, name, _ in BUDGET_TABLES if code in missing]
    if not tables:
        return []
    listed = "、".join(name for _, name in tables)
    return [
        Finding(
            rule="completeness.budget_tables",
            severity="warning",
            title="The budget's public tables are included",
            message=f"文本中未见以下预算公开表：{listed}。",
        )
    ]


_CLAUSE_END = "，,；;。"
_QUOTE_BEFORE, _QUOTE_AFTER = 30, 20


def _clause_window(text: str, left: int, right: int, start: int, end: int) -> tuple[int, int]:
    """Bounds of a quote around text[start:end] inside its sentence [left, right): the whole clause
    when it is short, else about 30 characters before and 20 after, never starting or ending inside
    a number (a quote "024 年度" would read as another figure)."""
    lo = max(left, start - _QUOTE_BEFORE)
    for i in range(start - 1, lo - 1, -1):
        if text[i] in _CLAUSE_END:
            lo = i + 1
            break
    else:
        while lo > left and (text[lo - 1].isdigit() or (text[lo].isdigit() and text[lo - 1] in ".,")):
            lo -= 1
    hi = min(right, end + _QUOTE_AFTER)
    for i in range(end, hi):
        if text[i] in _CLAUSE_END:
            hi = i + 1
            break
    else:
        while hi < right and (text[hi].isdigit() or (text[hi] in ".%" and text[hi - 1].isdigit())):
            hi += 1
    return lo, hi


def placeholders(ctx: AuditContext) -> list[Finding]:
    findings = []
    for m in _PLACEHOLDERS.finditer(ctx.document.text):
        left, right = ctx.document.source.sentence_bounds(m.start(), m.end())
        start, end = _clause_window(ctx.document.text, left, right, m.start(), m.end())
        span = ctx.document.source.span(start, end)
        findings.append(
            Finding(
                rule="completeness.placeholder",
                severity="warning",
                title="No template placeholder text is left in",
                message=f"文中保留了模板占位或备选表述“{m.group(0)}”，应按实际情况改写。",
                evidence=[Evidence(ctx.document.source.line_at(m.start()), span.quote)],
            )
        )
    return findings


def percent_signs(ctx: AuditContext) -> list[Finding]:
    findings = []
    for m in _PERCENT_WITHOUT_SIGN.finditer(ctx.document.text):
        span = ctx.document.source.span(m.start(), m.end())
        findings.append(
            Finding(
                rule="completeness.percent_sign",
                severity="warning",
                title="Every percentage carries its % sign",
                message=f"“{span.quote}”中的比率 {m.group(1)} 缺少百分号“%”。",
                evidence=[Evidence(span.line, span.quote)],
            )
        )
    return findings


THREE_PUBLIC_ITEMS = tuple((item.fact, item.name) for item in REQUIRED)


def three_public_items(ctx: AuditContext) -> list[Finding]:
    """Each 三公 item needs an amount or an explicit 未发生/无 statement."""
    if ctx.fact("three_public_total") is None and ctx.fact("three_public_vehicle") is None:
        return []
    total = ctx.fact("three_public_total")
    if total is not None and total.value == 0 and total.direction == "none":
        return []  # a blanket "无“三公”经费支出" states every item as 0
    combined = ctx.fact("three_public_vehicle")
    findings = []
    for key, label in THREE_PUBLIC_ITEMS:
        if ctx.fact(key) is not None:
            continue
        if key.startswith("three_public_vehicle_") and combined is not None and combined.value == 0:
            continue  # a combined 0 means both parts are 0
        evidence = [ctx.evidence(combined)] if combined is not None and "vehicle" in key else []
        findings.append(
            Finding(
                rule="completeness.three_public_item",
                severity="warning",
                title="Each “three public” item is disclosed with an amount or an explicit none",
                message=(
                    f"“三公”经费中的{label}未单独列示金额，也没有“未发生”的说明"
                    + ("（合并列示的“购置及运行维护费”不能代替购置费的披露）。" if "vehicle" in key else "。")
                ),
                evidence=evidence,
            )
        )
    return findings


_REASON = re.compile(r"原因|由于|因为|主要是")


def change_reasons(ctx: AuditContext) -> list[Finding]:
    """Every stated change needs its 主要原因."""
    findings = []
    text = ctx.document.text
    for fact in ctx.extraction.facts:
        if fact.change is None or fact.change == 0 or fact.key.startswith("three_public"):
            continue
        # The reason follows in the same paragraph or opens the next one.
        _, end = ctx.document.source.paragraph_bounds(fact.end)
        _, next_end = ctx.document.source.paragraph_bounds(min(end + 1, len(text) - 1))
        window = text[fact.end : min(next_end, fact.end + 400)]
        if not _REASON.search(window):
            findings.append(
                Finding(
                    rule="completeness.change_reason",
                    severity="warning",
                    title="Every change against the prior year states its main reason",
                    message=f"{fact.label}较上年变动 {fact.change}，但未说明主要原因。",
                    evidence=[ctx.evidence(fact)],
                )
            )
    return findings

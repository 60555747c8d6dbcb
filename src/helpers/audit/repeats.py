"""A figure stated in several places must agree everywhere.

Covers restated canonical figures, project budgets in tables and narrative, functional amounts in
narrative and tables, 科目 codes named differently, and passages an attachment repeats from
elsewhere (aligned with numbers masked, then compared number by number, dates included).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..codes import canonical_name, code_table
from ..extract.functional import NameStatement
from ..extract.specs import SPEC_BY_KEY
from ..quantities import half_unit, parse_decimal
from .context import AuditContext
from .findings import Evidence, Finding
from .scope import scope_of_row
from .tolerance import classify, fmt, money_figure


def restated_figures(ctx: AuditContext) -> list[Finding]:
    findings = []
    for fact in ctx.extraction.facts:
        reference = ctx.figure_of(fact)
        fact_sentence = _sentence_of(ctx, fact.line, fact.quote)
        for mention in ctx.mentions(fact.key):
            if mention.value is None or (mention.line == fact.line and mention.quote == fact.quote):
                continue
            if ctx.document.source.sentence_bounds(mention.start, mention.end) == fact_sentence:
                continue  # a breakdown in the same sentence (其中：行政编制…), not a restatement
            other = ctx.figure_of(mention)
            severity = classify(other.value, reference.value, other.half + reference.half)
            if severity is None:
                continue
            label = SPEC_BY_KEY[fact.key].label
            findings.append(
                Finding(
                    rule="repeat.figure",
                    severity=severity,
                    title="A figure restated elsewhere carries the same value"
                    + (" (rounding)" if severity == "info" else ""),
                    message=(
                        f"{label}在第 {fact.line} 行为 {fmt(reference.value)}，在第 {mention.line} 行"
                        f"（{_part_name(mention.part)}）为 {fmt(other.value)}，"
                        f"相差 {fmt(other.value - reference.value)}。"
                    ),
                    stated=other.value,
                    expected=reference.value,
                    difference=other.value - reference.value,
                    unit="万元" if SPEC_BY_KEY[fact.key].kind == "money" else fact.unit,
                    evidence=[ctx.evidence(fact), ctx.evidence(mention)],
                )
            )
    return findings


def _sentence_of(ctx: AuditContext, line: int, quote: str) -> tuple[int, int] | None:
    for mention in ctx.extraction.mentions:
        if mention.line == line and mention.quote == quote:
            return ctx.document.source.sentence_bounds(mention.start, mention.end)
    return None


def _part_name(part: str) -> str:
    return {
        "explanation": "情况说明",
        "attachments": "附件",
        "glossary": "名词解释",
        "tables": "决算表",
        "overview": "部门概况",
        "restatement": "复述",
    }.get(part, "正文")


def project_figures(ctx: AuditContext) -> list[Finding]:
    findings = []
    for project in ctx.extraction.projects:
        pairs = (
            ("预算数", project.budget, project.narrative_budget),
            ("执行数", project.executed, project.narrative_executed),
        )
        for what, table_value, narrative_value in pairs:
            if table_value is None or narrative_value is None or project.narrative_line is None:
                continue
            a = money_figure(table_value, project.unit, Evidence(project.line, project.quote))
            b = money_figure(narrative_value, "万元", Evidence(project.narrative_line, ""))
            severity = classify(a.value, b.value, a.half + b.half)
            if severity is None:
                continue
            findings.append(
                Finding(
                    rule="repeat.project",
                    severity=severity,
                    title="Project amounts agree between the performance table and the narrative",
                    message=(
                        f"“{project.name}”项目{what}在绩效目标表中为 {fmt(table_value)}万元，"
                        f"在情况说明中为 {fmt(narrative_value)}万元。"
                    ),
                    stated=a.value,
                    expected=b.value,
                    difference=a.value - b.value,
                    unit="万元",
                    evidence=[
                        Evidence(project.line, project.quote),
                        Evidence(project.narrative_line, _line_text(ctx, project.narrative_line)),
                    ],
                )
            )
    return findings


def _line_text(ctx: AuditContext, line: int) -> str:
    return ctx.document.source.original_lines[line - 1].strip()


def functional_figures(ctx: AuditContext) -> list[Finding]:
    """Each 科目 code carries one amount per fund scope (a 政府性基金 row is not the 一般公共预算 one)."""
    by_code: dict[tuple[str, str], list] = defaultdict(list)
    for row in ctx.extraction.functional:
        if row.code:
            by_code[(row.code, scope_of_row(ctx.document, row))].append(row)
    findings = []
    for (code, _), rows in by_code.items():
        first = rows[0]
        a = money_figure(first.amount, first.unit, Evidence(first.line, first.quote))
        for other in rows[1:]:
            b = money_figure(other.amount, other.unit, Evidence(other.line, other.quote))
            severity = classify(b.value, a.value, a.half + b.half)
            if severity is None:
                continue
            findings.append(
                Finding(
                    rule="repeat.functional",
                    severity=severity,
                    title="A functional line carries the same amount in narrative and tables",
                    message=(
                        f"科目 {code} {first.name} 在第 {first.line} 行为 {fmt(first.amount)}，"
                        f"在第 {other.line} 行为 {fmt(other.amount)}。"
                    ),
                    stated=b.value,
                    expected=a.value,
                    difference=b.value - a.value,
                    unit="万元",
                    evidence=[a.evidence, b.evidence],
                )
            )
    return findings


def code_names(ctx: AuditContext) -> list[Finding]:
    statements: list[NameStatement] = getattr(ctx.extraction, "name_statements", [])
    by_code: dict[str, list[NameStatement]] = defaultdict(list)
    for statement in statements:
        by_code[statement.code].append(statement)
    findings = []
    table = code_table()
    for code, group in sorted(by_code.items()):
        names: dict[str, NameStatement] = {}
        for statement in group:
            names.setdefault(canonical_name(statement.stated_name), statement)
        if len(names) < 2:
            continue
        official = table.get(code)
        listed = "、".join(f"“{s.stated_name}”（第 {s.line} 行）" for s in names.values())
        current = f"现行名称为“{official.name}”。" if official else ""
        findings.append(
            Finding(
                rule="repeat.code_name",
                severity="warning",
                title="The same classification code carries the same name throughout",
                message=f"科目编码 {code} 在文中的名称不一致：{listed}。{current}",
                evidence=[Evidence(s.line, s.quote) for s in names.values()],
            )
        )
    return findings


# -- repeated passages -------------------------------------------------------------------------
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")  # 1,018.01 is one number
# Numbers that label rather than state (图 1, 附件 2, 第 3 行) stay literal text.
_LABEL_BEFORE = re.compile(r"(?:图|表|附件|附表|第|其|（|\()\s*$")
_PROSE = re.compile(r"[，。；、：,;]")  # a passage is prose: it has clause punctuation
_MIN_WORDS = 16  # non-number characters a repeated passage must share
_DISTINCTIVE_WORDS = 24  # from this length any differing number is reported
_SEED = 10


@dataclass(frozen=True)
class _Masked:
    text: str  # numbers replaced by "#", spaces dropped
    origin: list[int]  # logical offset of each masked character
    numbers: dict[int, tuple[str, int, int]]  # masked position of "#" -> (number, start, end)


def _mask(text: str) -> _Masked:
    chars: list[str] = []
    origin: list[int] = []
    numbers: dict[int, tuple[str, int, int]] = {}
    pos = 0
    for m in _NUMBER.finditer(text):
        if _LABEL_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue
        for k in range(pos, m.start()):
            if not text[k].isspace():
                chars.append(text[k])
                origin.append(k)
        numbers[len(chars)] = (m.group(0).replace(",", ""), m.start(), m.end())
        chars.append("#")
        origin.append(m.start())
        pos = m.end()
    for k in range(pos, len(text)):
        if not text[k].isspace():
            chars.append(text[k])
            origin.append(k)
    return _Masked("".join(chars), origin, numbers)


def repeated_passages(ctx: AuditContext) -> list[Finding]:
    """Passages repeated in another section whose numbers or dates differ."""
    document = ctx.document
    masked = _mask(document.text)
    text = masked.text
    index: dict[str, list[int]] = defaultdict(list)
    for i in range(len(text) - _SEED):
        seed = text[i : i + _SEED]
        if "#" in seed and "\n" not in seed:
            index[seed].append(i)
    covered: set[tuple[int, int]] = set()
    starts: dict[tuple[int, int], tuple[int, int, int]] = {}  # a pair walked over -> its passage
    seen: set[tuple[int, int]] = set()
    findings: list[Finding] = []
    groups: list[tuple[set[int], Finding]] = []
    for positions in index.values():
        if len(positions) < 2 or len(positions) > 6:
            continue
        for a_i, a in enumerate(positions):
            for b in positions[a_i + 1 :]:
                if (a, b) in covered:
                    continue
                start_a, start_b, length = _extend(text, a, b, starts)
                if (start_a, start_b) in seen:
                    continue  # the same passage reached from another of its seeds
                seen.add((start_a, start_b))
                for k in range(length):
                    covered.add((start_a + k, start_b + k))
                compared = _compare_passage(ctx, masked, start_a, start_b, length)
                if compared is None:
                    continue
                finding, offsets = compared
                # The same wrong figure seen against several copies: one finding, all evidence.
                group = next((g for g in groups if g[0] & offsets), None)
                if group is None:
                    groups.append((offsets, finding))
                    findings.append(finding)
                else:
                    group[0].update(offsets)
                    known = {(e.line, e.quote) for e in group[1].evidence}
                    group[1].evidence += [e for e in finding.evidence if (e.line, e.quote) not in known]
    for _, finding in groups:
        finding.message = _passage_message(finding)
    return findings


def _extend(
    text: str, a: int, b: int, starts: dict[tuple[int, int], tuple[int, int, int]] | None = None
) -> tuple[int, int, int]:
    """The longest shared passage through the pair (a, b): (start in a, start in b, length).

    `starts` remembers, for every pair walked over, the passage it belongs to: a later seed of
    the same passage stops there instead of walking back again, which keeps the rule linear in
    the text's length (repeated copies of a long text used to take quadratic time)."""
    a0, b0 = a, b
    known = None
    while a > 0 and b > a + 1 and text[a - 1] == text[b - 1] and text[a - 1] != "\n":
        if starts is not None and (a - 1, b - 1) in starts:
            known = starts[(a - 1, b - 1)]
            break
        a, b = a - 1, b - 1
    result = known if known is not None else (a, b, _forward(text, a, b))
    if starts is not None:
        for x in range(a, a0 + 1):
            starts[(x, x + b0 - a0)] = result
    return result


def _forward(text: str, a: int, b: int) -> int:
    length = 0
    while (
        b + length < len(text)
        and a + length < b
        and text[a + length] == text[b + length]
        and text[a + length] != "\n"
    ):
        length += 1
    return length


def _compare_passage(ctx: AuditContext, masked: _Masked, a: int, b: int, length: int):
    block = masked.text[a : a + length]
    if len(block.replace("#", "")) < _MIN_WORDS or block.count("#") < 2:
        return None
    if not _PROSE.search(block):
        return None  # rows of a table printed as text ("行政运行 # # #"): the same 科目 in two tables
    document = ctx.document
    offset_a, offset_b = masked.origin[a], masked.origin[b]
    if document.section_path(offset_a) == document.section_path(offset_b):
        return None  # a template phrase repeated for several items of one section
    pairs = [(masked.numbers[a + k], masked.numbers[b + k]) for k in _anchored(masked.text, a, b, length)]

    # Parallel template sentences ("收入支出总计增加 #" / "财政拨款收入支出总计增加 #") state two figures:
    # numbers read as attributes of two different canonical figures are not one passage's numbers.
    pairs = [(x, y) for x, y in pairs if not _different_figures(ctx, x[1], y[1])]
    differing = [(x, y) for x, y in pairs if parse_decimal(x[0]) != parse_decimal(y[0])]
    agreeing = len(pairs) - len(differing)
    if not differing or agreeing == 0:
        return None  # identical, or the same wording about different figures
    if len(block.replace("#", "")) < _DISTINCTIVE_WORDS and len(differing) > agreeing:
        return None  # a short shared phrase filled with different figures
    span_a = document.source.span(offset_a, masked.origin[a + length - 1] + 1)
    span_b = document.source.span(offset_b, masked.origin[b + length - 1] + 1)
    changes = "；".join(f"{x[0]} ↔ {y[0]}" for x, y in differing)
    # Differences a rounding can explain (12.3 ↔ 12.34) are info; any other difference is an error.
    severity = "info"
    for x, y in differing:
        left, right = parse_decimal(x[0]), parse_decimal(y[0])
        exact = _is_date_part(document.text, x[2]) or _is_date_part(document.text, y[2])
        tolerance = 0 if exact else half_unit(left) + half_unit(right)
        if classify(left, right, tolerance) == "error":
            severity = "error"
    finding = Finding(
        rule="repeat.passage",
        severity=severity,
        title="A repeated passage repeats its numbers and dates unchanged",
        message=f"{len(differing)} 处数字或日期不一致（{changes}）",
        # Two copies disagree: neither is "stated" nor "expected" (a date is no amount either).
        evidence=[Evidence(span_a.line, span_a.quote), Evidence(span_b.line, span_b.quote)],
    )
    offsets = {x[1] for x, _ in differing} | {y[1] for _, y in differing}
    return finding, offsets


def _figure_at(ctx: AuditContext, offset: int) -> str | None:
    """Key of the innermost mention whose statement covers the logical offset, if any."""
    covering = [m for m in ctx.extraction.mentions if m.start <= offset < m.end]
    return min(covering, key=lambda m: m.end - m.start).key if covering else None


def _different_figures(ctx: AuditContext, a: int, b: int) -> bool:
    key_a, key_b = _figure_at(ctx, a), _figure_at(ctx, b)
    return key_a is not None and key_b is not None and key_a != key_b


_CLAUSE_END = "，,。；;：:\n"
_SENTENCE_END = "。；;\n"
_ANCHOR_WORDS = 6


def _anchored(text: str, a: int, b: int, length: int) -> list[int]:
    """Positions of numbers the passage itself labels.

    A block that starts mid-clause in both copies may begin with numbers whose subject lies
    before it ("本年收入合计 | # 万元，其中…" against "财政拨款收入 | # 万元，其中…"); the numbers of that
    first clause count only when enough shared words precede its first number inside the block. The
    rest of that sentence shares the outside subject ("… | # 万元，减少 # %。"): its numbers are skipped too.
    """
    block = text[a : a + length]
    starts_clean = any(p == 0 or text[p - 1] in _CLAUSE_END for p in (a, b))
    first_end = next((k for k, char in enumerate(block) if char in _CLAUSE_END), length)
    first_number = block.find("#", 0, first_end)
    words_before = len(block[:first_number]) if first_number >= 0 else 0
    skip_first = not starts_clean and words_before < _ANCHOR_WORDS
    if skip_first:
        first_end = next((k for k, char in enumerate(block) if char in _SENTENCE_END), length)
    return [k for k, char in enumerate(block) if char == "#" and not (skip_first and k < first_end)]


def _is_date_part(text: str, end: int) -> bool:
    """A number followed by 年/月/日 is part of a date: dates are never rounded."""
    return text[end : end + 2].lstrip()[:1] in ("年", "月", "日")


def _passage_message(finding: Finding) -> str:
    lines = "、".join(f"第 {line} 行" for line in finding.lines)
    return f"{lines}的重复段落中，{finding.message}；各处原文引用如下，无第三方来源可判定哪一处正确。"

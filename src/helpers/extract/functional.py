"""功能分类 lines: class shares (结构情况), 类/款/项 details (具体情况) and table rows.

Names are resolved to 政府收支分类科目 codes through the packaged code table. Every place
that names a 类/款/项 path (including the glossary) is also recorded as a `NameStatement`,
so the audit can check that one code carries one name throughout the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..codes import LEVEL_BY_LENGTH, Code, code_table
from ..document import Document
from ..quantities import NUMBER_PATTERN, parse_decimal
from .facts import MONEY, parse_tail
from .model import FunctionalRow

NUM = NUMBER_PATTERN
_MARKER = re.compile(r"[（(](类|款|项)[）)]")
_LEVEL_OF_MARKER = {"类": "class", "款": "section", "项": "item"}
_CLAUSE_START = re.compile(r"[，,；;:：。\n]|^")
_ENUMERATOR = re.compile(r"^\s*(?:[（(]?\d{1,2}[）).．、]|[一二三四五六七八九十]+[、.])\s*")
# "（年初预算为 B 万元，）（全年预算为 B2 万元，）支出决算为 N 万元": with two budgets the later one counts.
_DETAIL_VALUE = re.compile(
    rf"\s*[:：。，,]?\s*(?:(?:年初|全年|调整后?)?预算(?:数)?(?:为|是)?\s*(?P<budget>{NUM})\s?{MONEY}[，,]\s*)?"
    rf"(?:(?:全年|调整后?|年中|变动后?)预算(?:数)?(?:为|是)?\s*(?P<budget2>{NUM})\s?{MONEY}[，,]\s*)?"
    rf"(?:实际)?(?:支出)?决算(?:数)?(?:为|是)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
)
# The amount right after the path: "…（项）41.25 万元", "…（项）：支出 12.00 万元".
_DIRECT_VALUE = re.compile(
    rf"\s*[:：]?\s*(?:支出|决算|数|为|是|合计|共)*\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
)
_BUDGET_ONLY = re.compile(rf"(?:年初|全年|调整后?)?预算(?:数)?(?:为|是)?\s*(?P<budget>{NUM})\s?{MONEY}")
# How far after its path an item's amount may be stated (past a "主要用于：…" purpose sentence).
_DETAIL_WINDOW = 300
_CLASS_AMOUNT = re.compile(rf"(?P<num>{NUM})\s?(?P<unit>{MONEY})")
_NAME_TRAILER = re.compile(r"(?:[（(]类[）)])?(?:支出)?(?:决算)?(?:数)?(?:为|是|共|合计)?\s*$")
_TABLE_ROW = re.compile(
    rf"^\s*(?P<c1>\d{{3}})(?:\s*(?P<c2>\d{{2}}))?(?:\s*(?P<c3>\d{{2}}))?\s+"
    rf"(?P<name>[^\d\s][^\d]*?)\s+(?P<nums>(?:-?(?:{NUM})\s*)+)$"
)
_TABLE_TITLE = re.compile(r"(?P<title>[\u4e00-\u9fff“”\"]*?决算(?:明细)?表)")


@dataclass(frozen=True)
class NameStatement:
    """A 科目 named somewhere in the text, resolved to its code."""

    code: str
    level: str
    stated_name: str
    line: int
    quote: str
    part: str


def _strip_to_name(text: str) -> str:
    text = _NAME_TRAILER.sub("", text)
    return _ENUMERATOR.sub("", text).strip()


def structure_rows(document: Document) -> list[FunctionalRow]:
    """Class amounts and shares from the 结构情况 subsection."""
    table = code_table()
    text = document.text
    rows: list[FunctionalRow] = []
    seen: set[str] = set()
    for heading in document.headings:
        if "结构" not in heading.title or "一般公共预算" not in document.section_path(heading.start):
            continue
        end = next(
            (h.start for h in document.headings if h.start > heading.start and h.level <= heading.level),
            len(text),
        )
        for m in _CLASS_AMOUNT.finditer(text, heading.start, end):
            before = text[heading.start : m.start()]
            clause = re.split(r"[，,；;:：。\n]", before)[-1]
            name = _strip_to_name(clause)
            code = table.resolve(name) if name else None
            if code is None or code.code in seen:
                continue
            seen.add(code.code)
            tail = parse_tail(text, m.end(), allow_next_sentence=False)
            span = document.source.span(m.start() - len(clause), max(m.end(), tail.end))
            rows.append(
                FunctionalRow(
                    code=code.code,
                    level="class",
                    name=name,
                    amount=parse_decimal(m.group("num")),
                    unit=m.group("unit"),
                    share_pct=tail.share_pct,
                    completion_pct=tail.completion_pct,
                    budget=tail.budget,
                    source="narrative",
                    line=document.source.line_at(m.start()),
                    quote=span.quote,
                )
            )
    return rows


def _resolve_path(names: list[tuple[str, str]]) -> list[Code | None]:
    """Resolve [(level, name), ...] from 类 down, each under the previous code.

    A 款 named by a wrong or outdated name ("住房保障支出（款）住房公积金（项）") does not lose its
    项: the 项 is then looked up among all items of the 类 and kept when one alone matches.
    """
    table = code_table()
    resolved: list[Code | None] = []
    parent: str | None = None
    for level, name in names:
        code = table.resolve(name, parent) if (parent is not None or not resolved) else None
        if code is None and level == "item" and resolved and resolved[0] is not None:
            code = _resolve_below(name, resolved[0].code)
        resolved.append(code)
        parent = code.code if code is not None else None
    return resolved


def _resolve_below(name: str, ancestor: str) -> Code | None:
    """The one item under `ancestor` (any 款) called `name`, else None."""
    table = code_table()
    items = [item for section in table.children(ancestor) for item in table.children(section.code)]
    exact = [c for c in items if c.matches(name)]
    if len(exact) == 1:
        return exact[0]
    return None


_CLAUSE = re.compile(r"[^。；;\n]+")
_NAME_START = re.compile(r"[，,:：]")


def path_statements(document: Document) -> tuple[list[FunctionalRow], list[NameStatement]]:
    """Rows from "X（类）Y（款）Z（项）：支出决算为 N 万元" and every named 科目 path."""
    text = document.text
    rows: list[FunctionalRow] = []
    names: list[NameStatement] = []
    for clause in _CLAUSE.finditer(text):
        markers = list(_MARKER.finditer(text, clause.start(), clause.end()))
        if not markers or markers[0].group(1) != "类":
            continue
        # The class name starts after the last separator before the first marker.
        head = text[clause.start() : markers[0].start()]
        cursor = clause.start() + max((m.end() for m in _NAME_START.finditer(head)), default=0)
        path: list[tuple[str, str, int]] = []
        for marker in markers:
            level = _LEVEL_OF_MARKER[marker.group(1)]
            if path and level == "class":
                break
            raw = text[cursor : marker.start()]
            lead = _ENUMERATOR.match(raw)
            offset = cursor + (lead.end() if lead else 0)
            path.append((level, text[offset : marker.start()].strip(), offset))
            cursor = marker.end()
        codes = _resolve_path([(lv, nm) for lv, nm, _ in path])
        part = document.part_kind(clause.start())
        for (level, name, offset), code in zip(path, codes, strict=True):
            if code is not None:
                span = document.source.span(offset, offset + len(name) + 3)
                names.append(NameStatement(code.code, level, name, span.line, span.quote, part))
        if len(path) < 2 or codes[0] is None:
            continue
        row = _detail_row(document, path, codes[-1], cursor)
        if row is not None:
            rows.append(row)
    return rows, names


def _detail_row(
    document: Document, path: list[tuple[str, str, int]], code: Code | None, cursor: int
) -> FunctionalRow | None:
    """The amount of a 类/款/项 path ending at `cursor`: right after it ("（项）41.25 万元"), or in
    the statement that follows in the same paragraph, past a purpose sentence ("（项）。主要用于：
    ……。年初预算为 B 万元，支出决算为 N 万元"). When both are stated and differ, the later one is
    kept as `restated_amount` for the audit. A 项 whose name resolves to no code keeps code None."""
    text = document.text
    _, paragraph_end = document.source.paragraph_bounds(cursor)
    if not text[cursor:paragraph_end].strip(" 。.：:，,") and paragraph_end < len(text):
        # the path is a paragraph of its own: its amount opens the next one
        _, paragraph_end = document.source.paragraph_bounds(paragraph_end + 1)
    window_end = min(paragraph_end, cursor + _DETAIL_WINDOW)
    next_path = _MARKER.search(text, cursor, window_end)
    if next_path is not None:
        window_end = next_path.start()
    direct = _DIRECT_VALUE.match(text, cursor, window_end)
    detail = _DETAIL_VALUE.search(text, direct.end() if direct else cursor, window_end)
    if direct is None and detail is None:
        return None
    value = direct or detail
    assert value is not None
    tail = parse_tail(text, (detail or value).end(), allow_next_sentence=False)
    budget: Decimal | None = None
    if detail is not None and (detail.group("budget2") or detail.group("budget")):
        budget = parse_decimal(detail.group("budget2") or detail.group("budget"))
    elif direct is not None and (only := _BUDGET_ONLY.search(text, direct.end(), window_end)):
        budget = parse_decimal(only.group("budget"))
    budget = budget if budget is not None else tail.budget
    amount = parse_decimal(value.group("num"))
    restated = parse_decimal(detail.group("num")) if direct is not None and detail is not None else None
    restated = restated if restated is not None and restated != amount else None
    restated_line = document.source.line_at(detail.start("num")) if restated is not None and detail else None
    span = document.source.span(path[0][2], max(value.end(), (detail or value).end(), tail.end))
    last_level = path[-1][0]
    return FunctionalRow(
        code=code.code if code else None,
        level=code.level if code else last_level,
        name=path[-1][1],
        amount=amount,
        unit=value.group("unit"),
        share_pct=tail.share_pct,
        completion_pct=tail.completion_pct,
        budget=budget,
        stated_path=" / ".join(name for _, name, _ in path),
        source="narrative",
        line=document.source.line_at(value.start("num")),
        quote=span.quote,
        restated_amount=restated,
        restated_line=restated_line,
    )


def table_rows(document: Document) -> tuple[list[FunctionalRow], list[NameStatement]]:
    """Rows of flattened tables: "2010301 行政运行 56.78 50.00 6.78" (first amount = 合计)."""
    table = code_table()
    rows: list[FunctionalRow] = []
    names: list[NameStatement] = []
    title = ""
    for number, line in enumerate(document.source.normalized_lines, start=1):
        found_title = _TABLE_TITLE.search(line)
        if found_title and not _TABLE_ROW.match(line):
            title = found_title.group("title")
            continue
        m = _TABLE_ROW.match(line)
        if not m or not title:
            continue
        code_text = m.group("c1") + (m.group("c2") or "") + (m.group("c3") or "")
        if len(code_text) not in LEVEL_BY_LENGTH:
            continue
        code = table.get(code_text)
        name = m.group("name").strip()
        original = document.source.original_lines[number - 1].strip()
        if code is not None:
            names.append(NameStatement(code.code, code.level, name, number, original, "tables"))
        amounts = m.group("nums").split()
        rows.append(
            FunctionalRow(
                code=code_text,
                level=LEVEL_BY_LENGTH[len(code_text)],
                name=name,
                amount=parse_decimal(amounts[0]),
                unit=_table_unit(document, number),
                source=f"table:{title}",
                line=number,
                quote=original,
            )
        )
    return rows, names


def _table_unit(document: Document, line_number: int) -> str:
    lines = document.source.normalized_lines
    for line in reversed(lines[max(0, line_number - 40) : line_number]):
        unit = re.search(r"单位[:：]\s*(万元|元|千元|亿元)", line)
        if unit:
            return unit.group(1)
    return "万元"


def extract_functional(document: Document) -> tuple[list[FunctionalRow], list[NameStatement]]:
    """All functional rows (narrative first, then tables) and all named 科目 paths."""
    detail, detail_names = path_statements(document)
    tables, table_names = table_rows(document)
    rows = structure_rows(document) + detail + tables
    return rows, detail_names + table_names

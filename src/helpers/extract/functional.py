"""功能分类 lines: class shares (结构情况), 类/款/项 details (具体情况) and table rows.

Names are resolved to 政府收支分类科目 codes through the packaged code table. Every place
that names a 类/款/项 path (including the glossary) is also recorded as a `NameStatement`,
so the audit can check that one code carries one name throughout the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_DETAIL_VALUE = re.compile(
    rf"\s*[:：。，,]?\s*(?:(?:年初|全年|调整后?)?预算(?:数)?(?:为|是)?\s*(?P<budget>{NUM})\s?{MONEY}[，,]\s*)?"
    rf"(?:实际)?(?:支出)?决算(?:数)?(?:为|是)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
)
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
    """Resolve [(level, name), ...] from 类 down, each under the previous code."""
    table = code_table()
    resolved: list[Code | None] = []
    parent: str | None = None
    for _, name in names:
        code = table.resolve(name, parent) if (parent is not None or not resolved) else None
        resolved.append(code)
        parent = code.code if code else None
        if code is None:
            parent = None
    return resolved


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
        # The amount follows the path, sometimes after a full stop: "…（项）。年初预算为 …".
        value = _DETAIL_VALUE.match(text, cursor)
        if len(path) < 2 or not value or value.start("num") - cursor > 40 or codes[-1] is None:
            continue
        code = codes[-1]
        tail = parse_tail(text, value.end(), allow_next_sentence=False)
        span = document.source.span(path[0][2], max(value.end(), tail.end))
        rows.append(
            FunctionalRow(
                code=code.code,
                level=code.level,
                name=path[-1][1],
                amount=parse_decimal(value.group("num")),
                unit=value.group("unit"),
                share_pct=tail.share_pct,
                completion_pct=tail.completion_pct,
                budget=parse_decimal(value.group("budget")) if value.group("budget") else tail.budget,
                stated_path=" / ".join(name for _, name, _ in path),
                source="narrative",
                line=document.source.line_at(value.start("num")),
                quote=span.quote,
            )
        )
    return rows, names


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

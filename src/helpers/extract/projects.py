"""Project performance tables (项目支出绩效目标完成情况表) and the narrative that sums them up.

Each table arrives flattened: one cell per line, long cells wrapped over several lines, and
markers such as 项目完成指标 split as "项目完成指" / "标". The reader rebuilds the indicator rows
(一级/二级/三级指标, 预期值, 实际值) as far as the flattened text allows and keeps each row's
raw text so nothing is lost when a cell boundary cannot be recovered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from ..document import Document
from ..layout import display_width
from ..quantities import NUMBER_PATTERN, parse_decimal
from .model import Indicator, Project

NUM = NUMBER_PATTERN
_TABLE_TITLE = re.compile(r"项目支出绩效(?:目标完成情况|自评)表")
_BLOCK_END = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|附件\s*\d|\d+\s*[.．、]\s*部门绩效评价结果)")
_NAME = re.compile(r"项目名称[:：]?\s*(?P<name>\S.*?)\s*$")
_BUDGET = re.compile(rf"(?:全年)?预算数[:：]?\s*(?P<num>{NUM})\s*(?P<unit>万元|万|元)?")
_EXECUTED = re.compile(rf"执行数[:：]?\s*(?P<num>{NUM})\s*(?P<unit>万元|万|元)?")
_HEADER_UNIT = re.compile(r"[（(](万元|元)[）)]")
_NARRATIVE = re.compile(
    rf"[“\"](?P<name>[^”\"]{{2,60}})[”\"]项目[^“”\"]{{0,40}}?(?:全年)?预算(?:数)?(?:为)?\s*(?P<budget>{NUM})\s?(?P<unit>万元|元)"
    rf"[，,]\s*(?:实际)?执行(?:数)?(?:为)?\s*(?P<executed>{NUM})\s?(?:万元|元)"
    rf"(?:[，,]\s*完成(?:年初)?预算(?:的)?\s*(?P<completion>{NUM})\s*%)?"
)
LEVEL1 = ("项目完成指标", "项目效果指标", "产出指标", "效益指标", "满意度指标", "成本指标", "项目效果")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)
_MARKERS = tuple(sorted(set(LEVEL1 + LEVEL2), key=len, reverse=True))
_ROW_LINE = re.compile(
    r"^(?P<name>[^\s\d，,。；;:：]{2,20})\s+(?P<a>[^\s，,]{1,16})\s+(?P<b>[^\s，,]{1,16})$"
)


@dataclass
class _Row:
    level1: str | None
    level2: str | None
    name_parts: list[str] = field(default_factory=list)
    cells: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, text, blank before)
    line: int = 0
    name_from_marker_line: bool = False
    first_on_name_line: bool = False

    def is_empty(self) -> bool:
        return not self.name_parts and not self.cells


def _merge_split_markers(lines: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """Join "项目完成指" + "标" (and similar) back into one marker line."""
    merged: list[tuple[int, str, bool]] = []
    for number, text, blank in lines:
        if merged:
            prev_number, prev_text, prev_blank = merged[-1]
            joined = prev_text + text
            if any(
                prev_text.endswith(m[: len(m) - len(text)]) and joined.endswith(m) and len(text) < len(m)
                for m in _MARKERS
            ) and any(m.startswith(prev_text.split()[-1]) for m in _MARKERS):
                merged[-1] = (prev_number, joined, prev_blank)
                continue
        merged.append((number, text, blank))
    return merged


def _strip_markers(text: str) -> tuple[list[str], str]:
    found: list[str] = []
    rest = text.strip()
    while True:
        marker = next((m for m in _MARKERS if rest.startswith(m)), None)
        if marker is None:
            return found, rest
        found.append(marker)
        rest = rest[len(marker) :].strip()


def _split_cells(
    cells: list[tuple[int, str, bool]], *, first_on_name_line: bool
) -> tuple[str | None, str | None]:
    """Split the value lines of a row into 预期值 and 实际值.

    Cues: the two cells often repeat each other (similar text), an empty line often falls
    between them, lines of one cell share the column width, a cell tends to end a sentence,
    and a value written on the indicator's own line is a whole cell.
    """
    if not cells:
        return None, None
    if len(cells) == 1:
        parts = cells[0][1].split()
        if len(parts) >= 2:
            half = len(parts) // 2
            return " ".join(parts[:half]), " ".join(parts[half:])
        return cells[0][1], None
    best, best_score = 1, -1.0
    for k in range(1, len(cells)):
        left = "".join(c[1] for c in cells[:k])
        right = "".join(c[1] for c in cells[k:])
        similarity = SequenceMatcher(None, left, right, autojunk=False).ratio()
        blank_bonus = 0.3 if cells[k][2] else 0.0
        widths_left = [display_width(c[1]) for c in cells[:k]]
        widths_right = [display_width(c[1]) for c in cells[k:]]
        spread = (max(widths_left) - min(widths_left) + max(widths_right) - min(widths_right)) / (
            2 * max(widths_left + widths_right)
        )
        column_gap = abs(max(widths_left) - max(widths_right)) / max(widths_left + widths_right)
        same_line_bonus = 0.5 if first_on_name_line and k == 1 else 0.0
        sentence_bonus = 0.25 if left.endswith(("。", ".", "）", ")")) else 0.0
        score = (
            similarity
            + blank_bonus
            + 0.2 * (1 - spread)
            + 0.3 * column_gap
            + same_line_bonus
            + sentence_bonus
        )
        if score > best_score:
            best, best_score = k, score
    return ("".join(c[1] for c in cells[:best]), "".join(c[1] for c in cells[best:]))


def _is_name_line(text: str, row: _Row) -> bool:
    """A line continues the 三级指标 name: no values yet, no digits, spaces or clause
    punctuation, and not longer than the name line before it (a wrapped cell narrows)."""
    if row.cells or row.name_from_marker_line or len(row.name_parts) >= 3:
        return False
    if re.search(r"[\d\s，,。；;:：]", text) or display_width(text) > 22:
        return False
    return not row.name_parts or display_width(text) <= display_width(row.name_parts[-1])


def _opens_group(marker: str, level1: str | None, level2: str | None, current: _Row | None) -> bool:
    """A marker names a level-1 group when it can only be one, or when it can be either
    (满意度指标) and no row is open under a different group."""
    if marker not in LEVEL1:
        return False
    if marker not in LEVEL2:
        return True
    return level2 is None and level1 != marker and current is None


def _indicator_rows(lines: list[tuple[int, str, bool]]) -> list[Indicator]:
    start = next((i for i, (_, t, _) in enumerate(lines) if "一级指标" in t), None)
    if start is None:
        return []
    body = _merge_split_markers(lines[start + 1 :])
    rows: list[_Row] = []
    level1: str | None = None
    level2: str | None = None
    current: _Row | None = None
    for number, text, blank in body:
        markers, rest = _strip_markers(text)
        if not markers and current is None:
            continue  # header cells before the first marker
        if markers:
            for marker in markers:
                if current is not None and current.is_empty() and rows and rows[-1] is current:
                    # The previous marker stood alone: it named the level-1 group.
                    rows.pop()
                    level1, level2, current = current.level2, None, None
                if _opens_group(marker, level1, level2, current):
                    level1, level2 = marker, None
                else:
                    level2 = marker
                    current = _Row(level1=level1, level2=level2, line=number)
                    rows.append(current)
            if current is None or level2 is None:
                continue
            if rest:
                tokens = rest.split()
                current.name_parts.append(tokens[0])
                current.name_from_marker_line = True
                if len(tokens) > 1:
                    current.cells.append((number, " ".join(tokens[1:]), False))
                    current.first_on_name_line = True
            continue
        if current is None:
            continue
        stripped = text.strip()
        row_line = _ROW_LINE.match(stripped)
        if row_line and (current.cells or not current.name_parts):
            if current.cells:
                current = _Row(level1=level1, level2=level2, line=number)
                rows.append(current)
            current.name_parts = [row_line.group("name")]
            current.name_from_marker_line = True
            current.cells.append((number, f"{row_line.group('a')} {row_line.group('b')}", False))
            current.first_on_name_line = True
            continue
        if _is_name_line(stripped, current):
            current.name_parts.append(stripped)
            continue
        current.cells.append((number, stripped, blank))
    indicators = []
    for row in rows:
        if row.is_empty():
            continue
        expected, actual = _split_cells(row.cells, first_on_name_line=row.first_on_name_line)
        raw = " ".join(row.name_parts + [c[1] for c in row.cells])
        indicators.append(
            Indicator(
                level1=row.level1,
                level2=row.level2,
                name="".join(row.name_parts),
                expected=expected,
                actual=actual,
                line=row.line,
                text=raw,
            )
        )
    return indicators


def _amount(match: re.Match[str] | None, default_unit: str | None) -> tuple[Decimal | None, str | None]:
    if match is None:
        return None, None
    unit = match.group("unit") or default_unit
    return parse_decimal(match.group("num")), "万元" if unit == "万" else unit


def table_projects(document: Document) -> list[Project]:
    """Projects read from the performance tables."""
    lines = document.source.normalized_lines
    starts = [i for i, line in enumerate(lines) if _TABLE_TITLE.search(line)]
    projects = []
    for position, begin in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        block: list[tuple[int, str, bool]] = []
        blank = False
        for i in range(begin + 1, end):
            if _BLOCK_END.match(lines[i]):
                break
            if not lines[i].strip():
                blank = True
                continue
            block.append((i + 1, lines[i].strip(), blank))
            blank = False
        text = "\n".join(t for _, t, _ in block)
        name = next((m.group("name") for _, t, _ in block if (m := _NAME.search(t))), None)
        if name is None:
            continue
        header_unit = _HEADER_UNIT.search(text.replace("\n", ""))
        default_unit = header_unit.group(1) if header_unit else None
        budget, unit = _amount(_BUDGET.search(text), default_unit)
        executed, _ = _amount(_EXECUTED.search(text), default_unit)
        budget_line = next((n for n, t, _ in block if _BUDGET.search(t)), begin + 1)
        projects.append(
            Project(
                name=name.strip(),
                budget=budget,
                executed=executed,
                unit=unit,
                line=budget_line,
                quote=document.source.original_lines[budget_line - 1].strip(),
                indicators=_indicator_rows(block),
            )
        )
    return projects


def narrative_projects(document: Document) -> list[Project]:
    """Projects summed up in the narrative: “X”项目 … 预算数 N 万元，执行数 M 万元."""
    found = []
    for m in _NARRATIVE.finditer(document.text):
        span = document.source.span(m.start(), m.end())
        found.append(
            Project(
                name=m.group("name"),
                budget=parse_decimal(m.group("budget")),
                executed=parse_decimal(m.group("executed")),
                unit=m.group("unit"),
                completion_pct=parse_decimal(m.group("completion")) if m.group("completion") else None,
                line=document.source.line_at(m.start("budget")),
                quote=span.quote,
            )
        )
    return found


def _same_project(a: str, b: str) -> bool:
    a, b = re.sub(r"\s|项目$", "", a), re.sub(r"\s|项目$", "", b)
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def extract_projects(document: Document) -> list[Project]:
    """Table projects completed with their narrative summary; narrative-only projects appended."""
    projects = table_projects(document)
    for summary in narrative_projects(document):
        match = next((p for p in projects if _same_project(p.name, summary.name)), None)
        if match is None:
            summary.narrative_line, summary.narrative_budget = summary.line, summary.budget
            summary.narrative_executed = summary.executed
            projects.append(summary)
            continue
        match.narrative_line = summary.line
        match.narrative_budget, match.narrative_executed = summary.budget, summary.executed
        match.completion_pct = match.completion_pct or summary.completion_pct
    return projects

"""Public tables flattened into a text input (`read_text_tables`), read as far as the layout allows.

Two layouts are met (pdftotext / pdfminer output of a table): one row per line ("208 社会保障和就业支出
100.00 100.00 0.00") and one cell per line, where a column of labels is followed by the column of
its figures. Row lines map their figures onto the printed header when there is one, else onto the
template's columns of that table in order (Shanghai 2024 template); a row whose figure count does not
fit is left out and reported, never guessed. Cell-per-line blocks are zipped when labels and figures
pair up; when blank cells make the figures fewer, the 收入支出决算总表 identities (总计 = 本年收入合计 +
使用非财政拨款结余 + 年初结转和结余, and the expenditure side alike) choose the only consistent
reading, preferring the carry-over rows when the identity cannot tell; otherwise nothing is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from ..normalize import normalize_text
from .codes import level_of, split_label
from .columns import known_heading, standard_column
from .model import PublicTable, TableCell
from .normalise import normalise_table
from .titles import find_unit, match_title, squeeze

# The template's value columns of each table, in printed order (Shanghai 2024 final-accounts template).
TEMPLATE_COLUMNS: dict[str, list[str]] = {
    "income": [
        "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
        "其他收入",
    ],
    "expenditure": ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    "general_budget_expenditure": ["合计", "基本支出", "项目支出"],
    "general_budget_basic": ["决算数"],
    "gov_fund": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"],
    "state_capital": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"],
}
_INCOME_ROWS = ("收入", "使用非财政拨款结余", "年初结转和结余")
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_LINE = re.compile(rf"^{_NUMBER}$")
_ROW = re.compile(rf"^(?P<label>.*?[^\d\s,.\-])?\s*(?P<values>(?:{_NUMBER}\s*)+)$")
_END = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
# Rows that are blank in most disclosures: the identity cannot place a figure, the carry-over row
# next to them takes it.
_RARELY_FILLED = ("使用非财政拨款结余", "结余分配")


@dataclass
class _Line:
    number: int  # 1-based line of the input
    text: str  # normalised, stripped


@dataclass
class _Region:
    title_line: _Line
    id: str
    title: str
    kind: str
    lines: list[_Line] = field(default_factory=list)


def _regions(lines: list[str]) -> list[_Region]:
    regions: list[_Region] = []
    current: _Region | None = None
    for index, raw in enumerate(lines):
        text = normalize_text(raw).strip()
        if not text:
            continue
        match = match_title(text)
        if match is not None:
            current = _Region(_Line(index + 1, text), match.id, match.title, match.kind or "final")
            regions.append(current)
            continue
        if current is None:
            continue
        if _END.match(text) or "。" in text:
            current = None
            continue
        current.lines.append(_Line(index + 1, text))
    return regions


def read_text_tables(document, unread: list[tuple[int, str, str]] | None = None) -> list[PublicTable]:
    """Public tables flattened into the lines of a text `Document` (cells carry `line`, no page).

    Figures whose place the layout does not determine are left out and, when `unread` is given,
    listed there as (1-based line, the line's text, the table's title).
    """
    tables = []
    for region in _regions(document.source.original_lines):
        gaps: list[_Line] = []
        table = _read_region(region, gaps)
        if unread is not None:
            unread.extend((line.number, line.text, region.title) for line in gaps)
        if table is not None and table.cells:
            tables.append(normalise_table(table))
    return tables


def _read_region(region: _Region, gaps: list[_Line]) -> PublicTable | None:
    unit = None
    header: list[str] = []
    rows: list[tuple[_Line, str, list[str]]] = []
    singles: list[_Line] = []
    for line in region.lines:
        if "单位" in line.text and find_unit(line.text):
            unit = find_unit(line.text)
            continue
        tokens = line.text.split()
        if len(tokens) > 1 and all(known_heading(t) for t in tokens) and not rows:
            header = [standard_column([t], region.kind) for t in tokens]
            continue
        match = _ROW.match(line.text)
        if match and match.group("label") and len(match.group("values").split()) >= 1 and " " in line.text:
            rows.append((line, match.group("label").strip(), match.group("values").split()))
        else:
            singles.append(line)
    table = PublicTable(id=region.id, title=region.title, number=None, kind=region.kind, pages=[], unit=unit,
                        columns=[])
    if len(rows) >= len(singles):
        _rows_per_line(table, region, rows, header, gaps)
    else:
        _cells_per_line(table, singles, gaps)
    return table


def _rows_per_line(table: PublicTable, region: _Region, rows, header: list[str], gaps: list[_Line]) -> None:
    columns = header or TEMPLATE_COLUMNS.get(region.id, [])
    widths = {len(values) for _, _, values in rows}
    if len(widths) != 1 or not columns or max(widths) > len(columns):
        gaps.extend(line for line, _, _ in rows)  # counts differ row to row: blanks cannot be placed
        return
    columns = columns[: widths.pop()]
    table.columns = list(columns)
    for index, (line, label, values) in enumerate(rows):
        code, name = split_label(label)
        for column, raw in zip(columns, values, strict=True):
            table.cells.append(_cell(index, code, name, None, column, raw, line.number))


def _cell(row: int, code, name: str, side, column: str, raw: str, line: int) -> TableCell:
    return TableCell(row=row, code=code, level=level_of(code), name=name, side=side, column=column,
                     column_label=column, value=Decimal(raw.replace(",", "")), raw=raw, page=0, bbox=None,
                     line=line)


def _cells_per_line(table: PublicTable, lines: list[_Line], gaps: list[_Line]) -> None:
    """Labels and figures on lines of their own (two-sided 收入支出决算总表 as pdfminer gives it)."""
    column = "决算数" if table.kind == "final" else "预算数"
    table.columns = [column]
    lines = _join_codes(lines)
    pairs: list[tuple[_Line, _Line | None]] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if _NUMBER_LINE.match(line.text.replace(" ", "")):
            k += 1  # a figure with no label before it: handled with its block below
            continue
        labels = []
        while k < len(lines) and not _NUMBER_LINE.match(lines[k].text.replace(" ", "")):
            labels.append(lines[k])
            k += 1
        numbers = []
        while k < len(lines) and _NUMBER_LINE.match(lines[k].text.replace(" ", "")):
            numbers.append(lines[k])
            k += 1
        if len(labels) == len(numbers):
            pairs.extend(zip(labels, numbers, strict=True))
        else:
            known = {squeeze(lab.text): Decimal(num.text.replace(",", "")) for lab, num in pairs if num}
            chosen = _place(labels, numbers, known)
            if chosen is None:
                gaps.extend(numbers)
            pairs.extend(chosen or [])
    row = 0
    sides_seen: dict[str, int] = {}
    for label, number in pairs:
        if number is None:
            continue
        code, name = split_label(label.text)
        side = _side(name, sides_seen) if code is None else None
        table.cells.append(_cell(row, code, name, side, column, number.text.replace(" ", ""), number.number))
        row += 1


_CODE_LINE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def _join_codes(lines: list[_Line]) -> list[_Line]:
    """One cell per line with the 科目编码 as a cell of its own ("301" / "工资福利支出" / "120.05"): the code
    joins its label. A bare 3/5/7-digit line is a code only between a figure (or the block's start) and
    a label that a figure follows; anywhere else it is a figure."""
    def is_number(k: int) -> bool:
        return 0 <= k < len(lines) and bool(_NUMBER_LINE.match(lines[k].text.replace(" ", "")))

    out: list[_Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        if (
            _CODE_LINE.match(line.text)
            and (k == 0 or is_number(k - 1))
            and k + 2 < len(lines)
            and not is_number(k + 1)
            and is_number(k + 2)
        ):
            out.append(_Line(lines[k + 1].number, f"{line.text} {lines[k + 1].text}"))
            k += 2
            continue
        out.append(line)
        k += 1
    return out


def _side(name: str, seen: dict[str, int]) -> str:
    if name == "总计":
        seen["总计"] = seen.get("总计", 0) + 1
        return "income" if seen["总计"] == 1 else "expenditure"
    return "income" if any(word in name for word in _INCOME_ROWS) and "支出" not in name else "expenditure"


def _place(labels: list[_Line], numbers: list[_Line], known: dict[str, Decimal]):
    """The one reading of a label block with fewer figures than labels that satisfies the summary
    identities (each 总计 = its side's 本年…合计 + the rows between), or None."""
    if not numbers or len(numbers) > len(labels) or len(labels) > 10:
        return None
    values = [Decimal(n.text.replace(",", "")) for n in numbers]
    names = [squeeze(label.text) for label in labels]
    groups = []
    start = 0
    for i, name in enumerate(names):
        if name == "总计":
            groups.append((start, i))
            start = i + 1
    bases = [known.get("本年收入合计"), known.get("本年支出合计")]
    if not groups or len(groups) > 2 or any(b is None for b in bases[: len(groups)]):
        return None
    best: list[tuple[int, tuple[int, ...]]] = []
    for chosen in combinations(range(len(labels)), len(values)):
        assigned = dict(zip(chosen, values, strict=True))
        ok = True
        for g, (first, last) in enumerate(groups):
            if last not in assigned:
                ok = False
                break
            parts = sum((assigned[i] for i in range(first, last) if i in assigned), Decimal(0))
            if bases[g] + parts != assigned[last]:
                ok = False
                break
        if ok:
            rare = sum(1 for i in chosen if names[i].startswith(_RARELY_FILLED))
            best.append((rare, chosen))
    if not best:
        return None
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None  # two readings fit equally well: leave the block unread
    chosen = best[0][1]
    by_index = dict(zip(chosen, numbers, strict=True))
    return [(label, by_index.get(i)) for i, label in enumerate(labels)]


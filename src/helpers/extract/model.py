"""Typed results of extraction. Decimals stay exact; absent figures are None and left out of JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any


def _clean(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


class Record:
    """Mixin: a JSON-ready dict without the fields that are not stated."""

    _private: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in self._private}  # type: ignore[arg-type]
        return _clean({k: v for k, v in data.items() if v is not None and v != {} and v != []})


@dataclass(frozen=True)
class Source:
    """Where a figure was read: 1-based line and the exact original text."""

    line: int
    quote: str


@dataclass
class Mention(Record):
    """One statement of a canonical figure somewhere in the text."""

    key: str
    label: str
    value: Decimal | None
    unit: str | None
    line: int
    quote: str
    section: str
    part: str
    change: Decimal | None = None
    growth_pct: Decimal | None = None
    share_pct: Decimal | None = None
    completion_pct: Decimal | None = None
    budget: Decimal | None = None
    direction: str | None = None
    share_of: str | None = None
    percent_sign_missing: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    value_start: int = -1  # offset of the number itself (two keys may share a statement, not a number)
    page: int | None = None  # 1-based page of `line` when the source is a PDF
    _private = ("start", "end", "value_start")

    @property
    def is_value(self) -> bool:
        return self.value is not None


@dataclass
class Fact(Record):
    """The canonical figure for a key, with attributes gathered from its mentions."""

    key: str
    label: str
    value: Decimal
    unit: str | None
    change: Decimal | None = None
    growth_pct: Decimal | None = None
    share_pct: Decimal | None = None
    completion_pct: Decimal | None = None
    budget: Decimal | None = None
    direction: str | None = None
    line: int = 0
    quote: str = ""
    section: str = ""
    attribute_sources: dict[str, Source] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    source: str | None = None  # None: the narrative; "table:<title>" when read from a public table
    table: dict[str, Any] | None = None  # a table fact's cell: table id, row, column, page or line
    page: int | None = None  # 1-based page of `line` when the source is a PDF
    _private = ("start", "end")

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data.pop("attribute_sources", None)
        if self.attribute_sources:
            data["attribute_sources"] = {k: asdict(v) for k, v in self.attribute_sources.items()}
        # The row ends with where it was read.
        for name in ("page", "line", "quote"):
            if name in data:
                data[name] = data.pop(name)
        return data


@dataclass
class FunctionalRow(Record):
    """One 功能分类 line (类/款/项) with its 政府收支分类科目 code."""

    code: str | None
    level: str
    name: str
    amount: Decimal
    unit: str
    share_pct: Decimal | None = None
    completion_pct: Decimal | None = None
    budget: Decimal | None = None
    stated_path: str | None = None
    source: str = "narrative"
    line: int = 0
    quote: str = ""
    restated_amount: Decimal | None = None  # a different amount for the same line in the same paragraph
    restated_line: int | None = None
    basic: Decimal | None = None  # 基本支出 and 项目支出 of the row, from the 一般公共预算财政拨款支出决算表
    project: Decimal | None = None
    page: int | None = None  # page of a table row read from a PDF


@dataclass
class Indicator(Record):
    """One row of a 项目支出绩效目标完成情况表."""

    level1: str | None
    level2: str | None
    name: str
    expected: str | None
    actual: str | None
    line: int
    text: str
    page: int | None = None  # 1-based page of `line` when the source is a PDF


@dataclass
class Project(Record):
    """A project with its budget, executed amount and performance indicators."""

    name: str
    budget: Decimal | None
    executed: Decimal | None
    unit: str | None
    completion_pct: Decimal | None = None
    line: int = 0
    quote: str = ""
    narrative_line: int | None = None
    narrative_budget: Decimal | None = None
    narrative_executed: Decimal | None = None
    indicators: list[Indicator] = field(default_factory=list)
    page: int | None = None  # 1-based page of `line` when the source is a PDF

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["indicators"] = [i.to_dict() for i in self.indicators]
        return data


@dataclass
class NumberRow(Record):
    """A number anywhere in the document, with its unit and the sentence around it."""

    value: Decimal | str
    unit: str | None
    kind: str
    text: str
    line: int
    context: str
    section: str
    page: int | None = None  # 1-based page of `line` when the source is a PDF


@dataclass
class Extraction:
    """Everything read from one disclosure."""

    department: str | None
    fiscal_year: int | None
    unit: str | None
    facts: list[Fact]
    functional: list[FunctionalRow]
    projects: list[Project]
    numbers: list[NumberRow]
    mentions: list[Mention] = field(default_factory=list)
    sections_found: list[str] = field(default_factory=list)
    sections_missing: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    source_name: str = ""
    unreadable: list[Any] = field(default_factory=list)  # extract.unreadable.Unreadable rows
    tables: list[Any] = field(default_factory=list)  # helpers.tables.PublicTable
    table_facts: list[Any] = field(default_factory=list)  # helpers.tables.facts.TableFact, every one
    kind: str = "final_accounts"  # or "budget" (部门预算/单位预算): its figures are 预算数, not 决算数

    def fact(self, key: str) -> Fact | None:
        """The fact for `key`, or None when the text does not state it."""
        return next((f for f in self.facts if f.key == key), None)

    def value(self, key: str) -> Decimal | None:
        fact = self.fact(key)
        return None if fact is None else fact.value

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of `juesuan extract --format json`."""
        return {
            "department": self.department,
            "fiscal_year": self.fiscal_year,
            "unit": self.unit,
            "facts": [f.to_dict() for f in self.facts],
            "functional": [r.to_dict() for r in self.functional],
            "projects": [p.to_dict() for p in self.projects],
            "numbers": [n.to_dict() for n in self.numbers],
            "unreadable": [u.to_dict() for u in self.unreadable],
            "tables": [t.to_dict() for t in self.tables],
            "table_facts": [
                _clean({"key": f.key, "value": f.value, **f.provenance()}) for f in self.table_facts
            ],
            "kind": self.kind,  # "final_accounts" | "budget" (figures are 预算数)
        }

"""What every rule needs: the document, its extraction, and figures with their evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document
from ..extract.model import Extraction, Fact, Mention
from ..extract.specs import SPEC_BY_KEY
from ..tables.model import PublicTable
from .findings import Evidence
from .tolerance import Figure, money_figure, plain_figure

# The department describing itself: "…是一级预算行政单位", "…属于参照公务员法管理的事业单位".
_ADMIN_UNIT = re.compile(
    r"(?:是|为|属于?|系)[^，。；,;\n]{0,12}?(?:行政单位|行政机关|参照公务员法管理|参公(?:事业)?单位)"
)


_CONSOLIDATED = re.compile(
    r"(?:纳入|包括|含)[^。；\n]{0,40}?(?:单位|学校|机构)[^。；，,\n]{0,6}?共?\s*(?P<count>\d+)\s*(?:个|家|所)"
)


# A unit of the department typed 事业单位 (not 参公, not the 行政事业单位 of a 科目 name).
_PUBLIC_INSTITUTION = re.compile(r"(?<!行政)(?<!参公)(?<!管理的)(?<!管理)事业单位")
# A sentence counting the 事业单位 the department includes, whatever its heading (a PDF can join the
# heading "部门机构设置" to its paragraph): "本部门中，行政单位 1 家，参公单位1家，事业单位 4 家"
# (sh_putuo_wanli_street_2023_dept_budget.pdf p. 3).
_COUNTED_INSTITUTIONS = re.compile(
    r"(?:本部门|本单位)[^。；\n]{0,40}?(?<!行政)(?<!参公)(?<!管理的)事业单位\s*[1-9]\d*\s*(?:家|个)"
)
_ORGANISATION = re.compile(r"机构设置|单位构成|决算单位|部门构成|概况|基本情况")
_NOT_INCLUDED = re.compile(r"不包括|不包含|不含|未纳入|不纳入|单独(?:公开|编制)")


@dataclass
class AuditContext:
    document: Document
    extraction: Extraction
    tables: list[PublicTable] = field(default_factory=list)  # the public tables read from the disclosure

    def fact(self, key: str) -> Fact | None:
        return self.extraction.fact(key)

    def evidence(self, item: Fact | Mention) -> Evidence:
        """A narrative figure's line and quote; a figure read from a public table: its cell (table,
        row, code, column, page and the cell text)."""
        cell = getattr(item, "table", None)
        if isinstance(cell, dict) and cell.get("table_title"):
            return Evidence(
                cell.get("line"), item.quote or str(cell.get("raw", "")), page=cell.get("page"),
                table=cell.get("table_title"), row=cell.get("name"), code=cell.get("code"),
                column=cell.get("column"),
            )
        return Evidence(item.line, item.quote)

    def figure(self, key: str) -> Figure | None:
        """The fact of `key` as a comparable figure (money in 万元), or None if not stated."""
        fact = self.fact(key)
        if fact is None:
            return None
        return self.figure_of(fact)

    def figure_of(self, item: Fact | Mention) -> Figure:
        spec = SPEC_BY_KEY.get(item.key)
        label = spec.label if spec else item.key
        assert item.value is not None
        if spec is not None and spec.kind == "count":
            return plain_figure(item.value, self.evidence(item), label)
        return money_figure(item.value, item.unit or self.extraction.unit, self.evidence(item), label)

    def mentions(self, key: str) -> list[Mention]:
        return [m for m in self.extraction.mentions if m.key == key]

    def consolidates_units(self) -> bool:
        """True when the disclosure consolidates several accounting units (e.g. its schools)."""
        return any(int(m.group("count")) >= 2 for m in _CONSOLIDATED.finditer(self.document.text))

    def includes_public_institutions(self) -> bool:
        """True when the organisation section lists a 事业单位 whose accounts this disclosure includes
        (a sentence or a numbered unit table; a section saying the unit's data are not included, or
        published separately, does not count)."""
        document = self.document
        for m in _COUNTED_INSTITUTIONS.finditer(document.text):  # "本部门中，…事业单位 4 家"
            if document.part_kind(m.start()) != "glossary":
                return True
        for m in _PUBLIC_INSTITUTION.finditer(document.text):
            if document.part_kind(m.start()) == "glossary":
                continue
            headings = document.enclosing_headings(m.start())
            if not headings or not _ORGANISATION.search(headings[-1].title):
                continue
            following = [h.start for h in document.headings if h.start > headings[-1].start]
            section = document.text[headings[-1].start : following[0] if following else len(document.text)]
            if not _NOT_INCLUDED.search(section):
                return True
        return False

    def is_administrative_unit(self) -> bool:
        """行政单位 or 参公 unit: 机关运行经费 should equal its 日常公用经费."""
        return any(
            self.document.part_kind(m.start()) != "glossary" for m in _ADMIN_UNIT.finditer(self.document.text)
        )

"""What every rule needs: the document, its extraction, and figures with their evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..extract.model import Extraction, Fact, Mention
from ..extract.specs import SPEC_BY_KEY
from .findings import Evidence
from .tolerance import Figure, money_figure, plain_figure

# The department describing itself: "…是一级预算行政单位", "…属于参照公务员法管理的事业单位".
_ADMIN_UNIT = re.compile(
    r"(?:是|为|属于?|系)[^，。；,;\n]{0,12}?(?:行政单位|行政机关|参照公务员法管理|参公(?:事业)?单位)"
)


_CONSOLIDATED = re.compile(
    r"(?:纳入|包括|含)[^。；\n]{0,40}?(?:单位|学校|机构)[^。；，,\n]{0,6}?共?\s*(?P<count>\d+)\s*(?:个|家|所)"
)


@dataclass
class AuditContext:
    document: Document
    extraction: Extraction

    def fact(self, key: str) -> Fact | None:
        return self.extraction.fact(key)

    def evidence(self, item: Fact | Mention) -> Evidence:
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

    def is_administrative_unit(self) -> bool:
        """行政单位 or 参公 unit: 机关运行经费 should equal its 日常公用经费."""
        return any(
            self.document.part_kind(m.start()) != "glossary" for m in _ADMIN_UNIT.finditer(self.document.text)
        )

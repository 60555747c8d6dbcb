"""The 政府收支分类科目 table of functional codes (类 3 digits, 款 5 digits, 项 7 digits).

Names change over the years (210 医疗卫生与计划生育支出 became 卫生健康支出); the table keeps
the current name and former names as aliases, so a name stated in any year resolves to its code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVEL_BY_LENGTH = {3: "class", 5: "section", 7: "item"}
_MARKERS = re.compile(r"[（(](?:类|款|项)[）)]")
_SPACES = re.compile(r"\s+")
# A list enumerator printed before a name: "（一）一般公共服务（类）" (js_npc_2019 budget p. 12).
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])"
)


def canonical_name(name: str) -> str:
    """Comparable form of a 科目 name: no list enumerator, spaces or level markers, full-width
    brackets, and no trailing 支出 (disclosures add or drop it freely)."""
    name = _SPACES.sub("", _MARKERS.sub("", _ENUMERATOR.sub("", name))).replace("(", "（").replace(")", "）")
    return name.removesuffix("支出") if len(name) > 2 else name


@dataclass(frozen=True)
class Code:
    """One row of the classification."""

    code: str
    level: str
    name: str
    aliases: tuple[str, ...]

    @property
    def parent(self) -> str | None:
        return {5: self.code[:3], 7: self.code[:5]}.get(len(self.code))

    def matches(self, name: str) -> bool:
        wanted = canonical_name(name)
        return wanted in {canonical_name(n) for n in (self.name, *self.aliases)}


class CodeTable:
    """Look-ups over the classification: by code, and by name under a parent."""

    def __init__(self, codes: list[Code]):
        self._by_code = {c.code: c for c in codes}
        self._children: dict[str | None, list[Code]] = {}
        for code in codes:
            self._children.setdefault(code.parent, []).append(code)

    def get(self, code: str) -> Code | None:
        return self._by_code.get(code)

    def children(self, parent: str | None) -> list[Code]:
        """Codes directly under `parent` (None: the classes)."""
        return self._children.get(parent, [])

    def resolve(self, name: str, parent: str | None = None) -> Code | None:
        """The code named `name` under `parent`; a unique containment match as a fallback."""
        candidates = self.children(parent)
        exact = [c for c in candidates if c.matches(name)]
        if exact:
            return exact[0]
        wanted = canonical_name(name)
        if len(wanted) < 2:
            return None
        loose = [
            c
            for c in candidates
            if any(
                wanted in canonical_name(n) or canonical_name(n) in wanted
                for n in (c.name, *c.aliases)
                if len(canonical_name(n)) >= 2
            )
        ]
        return loose[0] if len(loose) == 1 else None


@cache
def code_table() -> CodeTable:
    """The packaged classification table."""
    text = resources.files("helpers").joinpath("data/functional_codes.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    codes = [
        Code(
            code=r["code"],
            level=r["level"],
            name=r["name"],
            aliases=tuple(a for a in (r.get("aliases") or "").split("|") if a),
        )
        for r in rows
    ]
    return CodeTable(codes)

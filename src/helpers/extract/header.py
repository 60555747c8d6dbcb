"""Department name, fiscal year and money unit of a disclosure."""

from __future__ import annotations

import re
from collections import Counter

from ..document import Document
from ..errors import InputError
from .model import Extraction, Mention
from .specs import MONEY_UNITS

ORG = (
    r"[\u4e00-\u9fff（）()]{2,40}?"
    r"(?:局|委员会|委|办公室|办事处|办|中心|院|所|站|队|馆|厅|部|会|室|处|校|学|园|社|台|团|司|署|府|庭|团委|总工会|联合会)"
)
_DEPARTMENT_PATTERNS = (
    re.compile(
        rf"(?:预算单位|预算主管部门|单位名称|部门名称|部门（单位）名称)[:：]?\s*(?P<name>{ORG})(?![\u4e00-\u9fff])"
    ),
    re.compile(
        rf"(?m)^\s*(?P<name>{ORG})\s*(?:(?:19|20)\d{{2}})\s*年度?\s*(?:部门|单位)?(?:整体支出绩效评价报告|决算)"
    ),
    re.compile(
        rf"(?m)^\s*(?:(?:19|20)\d{{2}})\s*年度?\s*(?P<name>{ORG})\s*(?:部门|单位)?(?:整体支出绩效评价报告|决算)"
    ),
    re.compile(rf"(?P<name>{ORG})(?:是|为|系)(?:一级|二级|三级)?预算(?:行政|事业)?单位"),
    re.compile(rf"(?:(?:19|20)\d{{2}}\s*年[，,]?\s*)(?P<name>{ORG})(?:机关运行经费|政府采购支出|共有车辆)"),
)
# A year named in a comparison ("较2022年度决算数", "比上年", "与2019年相比") is not the fiscal year.
_NOT_COMPARED = r"(?<![较比与同于和上至])(?<![较比与同于和上至]\s)"
_TITLE_PATTERNS = _DEPARTMENT_PATTERNS[1:3]  # "<name>2020年度部门决算", "2020年度<name>部门决算"
_YEAR_PATTERNS = (
    re.compile(
        _NOT_COMPARED
        + r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?决算(?!数)(?:情况说明|公开|报告)?"
    ),
    re.compile(_NOT_COMPARED + r"(?P<year>(?:19|20)\d{2})\s*年度(?!决算数)"),
)
# The title: "2020年度<name>部门决算", "<name>2020年度单位决算", "第二部分 2020年度部门决算情况说明".
_TITLE_YEAR = re.compile(
    _NOT_COMPARED
    + r"(?P<year>(?:19|20)\d{2})\s*年度?[\u4e00-\u9fff（）()“”\"‘’\s]{0,40}?(?:部门|单位)?决算(?!数)"
)
_TITLE_LINES = 12
_UNIT_DECLARATION = re.compile(r"(?:单位|金额单位)[:：]\s*(?P<unit>万元|元|千元|亿元)")
_NOT_A_NAME = ("本部门", "本单位", "我局", "我单位", "部门", "单位", "纳入", "包括", "其中")
# A sentence about the scope of the accounts names units, not the department ("纳入…编制范围").
_SCOPE_WORDS = re.compile(r"纳入|编制范围|包括|所属")


_COVER_NAME = re.compile(rf"^\s*(?P<name>{ORG})\s*$")
_COVER_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年度?\s*(?:部门|单位)?决算")
_COVER_LINES = 15
_COVER_WEIGHT = 5


_COVER_PLACE = re.compile(
    r"^\s*(?P<place>[\u4e00-\u9fff]{2,20}(?:省|市|区|县|州|盟|旗|镇|乡|街道|自治区))\s*$"
)


# A budget's title: "<name>2025年部门预算", "2019年度<name>部门预算公开", "<name>2025年单位预算".
_BUDGET_TITLE_PATTERNS = (
    re.compile(rf"(?m)^\s*部门[:：]\s*(?P<name>{ORG})(?![\u4e00-\u9fff])"),  # a budget table's head
    re.compile(rf"(?m)^\s*(?P<name>{ORG})\s*(?:(?:19|20)\d{{2}})\s*年度?\s*(?:部门|单位)?预算"),
    re.compile(rf"(?m)^\s*(?:(?:19|20)\d{{2}})\s*年度?\s*(?P<name>{ORG})\s*(?:部门|单位)?预算"),
)
_BUDGET_TITLE_YEAR = re.compile(
    _NOT_COMPARED
    + r"(?P<year>(?:19|20)\d{2})\s*年度?[\u4e00-\u9fff（）()“”\"‘’\s]{0,40}?"
    + r"(?:部门|单位)?(?:财务)?(?:收支)?预算(?!数)"
)
_BUDGET_COVER_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年度?\s*(?:部门|单位)?预算")


def _cover_names(document: Document, kind: str = "final_accounts") -> list[str]:
    """A name standing alone on the cover, right above "YYYY 年度部门决算" (a budget's: "YYYY
    年度部门预算"); a name wrapped over two cover lines ("某市某区" / "某某局") is joined."""
    cover_year = _BUDGET_COVER_YEAR if kind == "budget" else _COVER_YEAR
    lines = [line for line in document.source.normalized_lines if line.strip()][:_COVER_LINES]
    names = []
    for i, line in enumerate(lines):
        m = _COVER_NAME.match(line)
        if m and any(cover_year.match(nxt) for nxt in lines[i + 1 : i + 3]):
            name = m.group("name").strip()
            place = _COVER_PLACE.match(lines[i - 1]) if i > 0 else None
            if place and not _COVER_NAME.match(lines[i - 1]):
                name = place.group("place") + name
            names.append(name)
    return names


def find_department(document: Document, kind: str = "final_accounts") -> str | None:
    """The department's name as the text writes it most fully (a budget's title says 预算)."""
    candidates: list[str] = [n for n in _cover_names(document, kind) for _ in range(_COVER_WEIGHT)]
    # The title lines as printed too: a title the layout joined to a line above it still counts.
    title = "\n".join(t.strip() for t in document.source.normalized_lines[:_TITLE_LINES] if t.strip())
    titles = _BUDGET_TITLE_PATTERNS if kind == "budget" else _TITLE_PATTERNS
    searches = [(p, document.text) for p in _DEPARTMENT_PATTERNS] + [(p, title) for p in titles]
    for pattern, text in searches:
        for m in pattern.finditer(text):
            name = m.group("name").strip()
            name = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|[，,、。])+", "", name)
            if name and not name.startswith(_NOT_A_NAME) and len(name) >= 4 and not _SCOPE_WORDS.search(name):
                candidates.append(name)
    if not candidates:
        return None
    # A name scores for every candidate it ends with (某市某区某局 ⊇ 某区某局).
    scores = Counter({c: sum(1 for other in candidates if c.endswith(other)) for c in set(candidates)})
    return max(scores, key=lambda c: (scores[c], len(c)))


def _title_years(document: Document, kind: str = "final_accounts") -> list[int]:
    """Years of the title lines and of the part headings ("2020年度…部门决算"; a budget's
    "2025年部门预算")."""
    pattern = _BUDGET_TITLE_YEAR if kind == "budget" else _TITLE_YEAR
    lines = [line for line in document.source.normalized_lines if line.strip()][:_TITLE_LINES]
    lines += [h.title for h in document.headings if h.level == 0]
    return [int(m.group("year")) for line in lines for m in pattern.finditer(line)]


def find_fiscal_year(document: Document, kind: str = "final_accounts") -> int | None:
    """The fiscal year the disclosure reports on: from the title and part headings, else the
    most frequent "YYYY年度(部门)决算" that is not a comparison ("较2022年度决算数"). A budget's
    year is its title's ("2025年部门预算"), else the same fallbacks."""
    titled = _title_years(document, kind)
    if titled:
        counts = Counter(titled)
        return max(counts, key=lambda y: (counts[y], -titled.index(y)))
    for pattern in _YEAR_PATTERNS:
        years = [int(m.group("year")) for m in pattern.finditer(document.text)]
        if years:
            return Counter(years).most_common(1)[0][0]
    return None


def find_money_unit(document: Document, mentions: list[Mention]) -> str | None:
    """The declared table unit, else the unit most figures are stated in."""
    declared = [m.group("unit") for m in _UNIT_DECLARATION.finditer(document.text)]
    if declared:
        return Counter(declared).most_common(1)[0][0]
    units = [m.unit for m in mentions if m.unit in MONEY_UNITS and m.unit != "万"]
    return Counter(units).most_common(1)[0][0] if units else None


def reconcile_identity(
    extraction: Extraction, *, fiscal_year: int, department: str | None, source: str
) -> None:
    """Make a catalog entry's extraction carry the catalog's identity, or refuse it.

    The catalog path and its sidecar (already checked to agree) are the reference: a text whose
    own fiscal year differs raises InputError (one line) rather than mixing two years; a year the
    text does not state is taken from the catalog; the sidecar's department name is the one reports use.
    """
    if extraction.fiscal_year is not None and extraction.fiscal_year != fiscal_year:
        raise InputError(
            f"{source}: the text reports fiscal year {extraction.fiscal_year}, but its catalog path and "
            f"sidecar say {fiscal_year}; move the file or correct the sidecar"
        )
    extraction.fiscal_year = fiscal_year
    if department:
        extraction.department = department


def identity_warnings(extraction: Extraction, source: str) -> list[str]:
    """One line for each part of the identity the text leaves undetermined."""
    warnings = []
    if extraction.fiscal_year is None:
        warnings.append(
            f"{source}: the fiscal year could not be determined (no 'YYYY年度…决算' title or heading)"
        )
    if not extraction.department:
        warnings.append(
            f"{source}: the department could not be determined (no name on the cover or in the title)"
        )
    return warnings

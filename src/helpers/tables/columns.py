"""Header cells → column roles (code, name, row number, value) and standard column names.

Standard names are the template's own column headings (Shanghai 2024 final-accounts template;
budget tables' 预算数/收入预算/支出预算 headings fold onto the same names). A multi-row header is read
as a path from the top cell to the leaf ("本年支出/基本支出"); the standard name is the most specific
known heading on the path, qualified by its parent where the template repeats a leaf
(年初结转和结余 → 合计 under 本年支出 …).
"""

from __future__ import annotations

import re

from .titles import squeeze

# Leaf headings that are row labels, not figures.
_CODE = re.compile(r"(?:科目)?(?:编码|代码)$|^(?:类|款|项)$|^科目编码")
_NAME = re.compile(r"(?:科目名称|项目名称|^项目$|^项目\(|名称$|^收入$|^支出$|^科目$)")
_ROW_NUMBER = re.compile(r"^(?:行次|栏次)$")

# Known value headings → standard name. Order matters: the first that matches a path element wins.
_STANDARD: tuple[tuple[str, str], ...] = (
    (r"本年收入合计", "本年收入合计"),
    (r"本年支出合计", "本年支出合计"),
    (r"^财政拨款收入$|^财政拨款$", "财政拨款收入"),
    (r"上级补助收入", "上级补助收入"),
    (r"^事业收入$", "事业收入"),
    (r"经营收入", "经营收入"),
    (r"附属单位上缴收入", "附属单位上缴收入"),
    (r"^其他收入$", "其他收入"),
    (r"^基本支出$", "基本支出"),
    (r"^项目支出$", "项目支出"),
    (r"上缴上级支出", "上缴上级支出"),
    (r"^经营支出$", "经营支出"),
    (r"对附属单位补助支出", "对附属单位补助支出"),
    (r"^一般公共预算(?:资金|支出|财政拨款)?$", "一般公共预算"),
    (r"^政府性基金(?:预算)?(?:资金|支出|财政拨款)?$", "政府性基金"),
    (r"^国有资本经营(?:预算)?(?:资金|支出|财政拨款)?$", "国有资本经营"),
    (r"^人员经费", "人员经费"),
    (r"^(?:日常)?公用经费", "公用经费"),
    (r"年初(?:财政拨款)?结转和?结余", "年初结转和结余"),
    (r"年末(?:财政拨款)?结转和?结余", "年末结转和结余"),
    (r"^(?:全年|年初)?预算数$", "预算数"),
    (r"^决算数$", "决算数"),
    (r"^本年收入$", "本年收入"),
    (r"^本年支出$", "本年支出"),
    (r"^(?:合计|小计|总计)$", "合计"),
    (r"^金额$", "金额"),
)
_STANDARD_RE = tuple((re.compile(p), name) for p, name in _STANDARD)


def role_of(path: list[str]) -> str:
    """"code", "name", "row_number" or "value" for a header path (top → leaf)."""
    leaf = squeeze(path[-1]) if path else ""
    if _ROW_NUMBER.match(leaf):
        return "row_number"
    if _CODE.search(leaf):
        return "code"
    if _NAME.search(leaf):
        return "name"
    if leaf in ("收入", "支出") or (not leaf and any(squeeze(p) in ("项目", "收入", "支出") for p in path)):
        return "name"
    return "value"


def standard_column(path: list[str], kind: str) -> str:
    """The standard column name of a value column, e.g. ["本年支出", "基本支出"] → "基本支出".

    A leaf 合计 under 本年收入/本年支出 (收入预算/支出预算 in budgets) is 本年收入合计/本年支出合计; a
    bare 金额 is 决算数 or 预算数 by the table's kind. Unknown headings keep their printed leaf text.
    """
    parts = [squeeze(p) for p in path if squeeze(p)]
    default = "决算数" if kind == "final" else "预算数"
    if not parts:
        return default
    for depth in range(len(parts) - 1, -1, -1):
        name = _known(parts[depth])
        if name is None:
            continue
        if name in ("合计", "金额"):
            parent = _known_parent(parts[:depth])
            if parent in ("本年收入", "本年支出"):
                return f"{parent}合计"
            if name == "金额":
                return parent or default
        return name
    return parts[-1]


def known_heading(text: str) -> bool:
    """True when `text` is one of the template's column headings."""
    return _known(squeeze(text)) is not None


def _known(part: str) -> str | None:
    for pattern, name in _STANDARD_RE:
        if pattern.search(part):
            return name
    return None


def _known_parent(parts: list[str]) -> str | None:
    for part in reversed(parts):
        if part in ("收入预算", "本年收入"):
            return "本年收入"
        if part in ("支出预算", "本年支出"):
            return "本年支出"
        name = _known(part)
        if name and name not in ("合计", "金额"):
            return name
    return None


def label_of(path: list[str]) -> str:
    """The printed header, multi-row headers joined with "/" (whitespace removed)."""
    out: list[str] = []
    for part in path:
        text = squeeze(part)
        if text and (not out or out[-1] != text):
            out.append(text)
    return "/".join(out)

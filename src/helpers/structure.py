"""Structural ratios of one disclosure, each recomputed exactly and set beside its stated value.

All arithmetic is in `Decimal`; results are rounded half-up to two decimals for display only.
A ratio whose denominator is zero or not stated is reported as undefined, never computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .extract.model import Extraction, Project
from .quantities import iter_quantities, to_wan_yuan

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class Ratio:
    """One structural ratio."""

    group: str
    name: str
    numerator: Decimal | None
    numerator_label: str
    denominator: Decimal | None
    denominator_label: str
    unit: str  # "%", "万元/人", "元/㎡" ...
    value: Decimal | None  # None: undefined
    stated: Decimal | None = None
    lines: tuple[int, ...] = ()
    note: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.value is None or self.stated is None:
            return None
        return self.stated - self.value


def _round(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ratio(
    group: str,
    name: str,
    num: Decimal | None,
    num_label: str,
    den: Decimal | None,
    den_label: str,
    *,
    unit: str = "%",
    scale: Decimal = HUNDRED,
    stated: Decimal | None = None,
    lines: tuple[int, ...] = (),
    note: str = "",
) -> Ratio:
    if num is None or den is None or den == 0:
        why = "分母为 0，比率无定义" if den == 0 else "文中未列示所需数据"
        return Ratio(group, name, num, num_label, den, den_label, unit, None, stated, lines, note or why)
    return Ratio(
        group, name, num, num_label, den, den_label, unit, _round(num / den * scale), stated, lines, note
    )


def _money(extraction: Extraction, key: str) -> Decimal | None:
    fact = extraction.fact(key)
    if fact is None:
        return None
    return to_wan_yuan(fact.value, fact.unit or extraction.unit) or fact.value


def _line(extraction: Extraction, *keys: str) -> tuple[int, ...]:
    return tuple(f.line for k in keys if (f := extraction.fact(k)) is not None)


def _share(extraction: Extraction, key: str) -> Decimal | None:
    fact = extraction.fact(key)
    return None if fact is None else fact.share_pct


def structural_ratios(extraction: Extraction) -> list[Ratio]:
    """The ratios of the 比率 notebook, grouped."""
    e = extraction
    m = lambda key: _money(e, key)  # noqa: E731
    ratios: list[Ratio] = []
    group = "支出结构"
    for key, name in (
        ("expenditure_basic", "基本支出占本年支出"),
        ("expenditure_project", "项目支出占本年支出"),
    ):
        ratios.append(
            _ratio(
                group,
                name,
                m(key),
                e.fact(key).label if e.fact(key) else name,
                m("expenditure_total"),
                "本年支出合计",
                stated=_share(e, key),
                lines=_line(e, key, "expenditure_total"),
            )
        )
    basic_key = "general_budget_basic" if e.fact("general_budget_basic") else "expenditure_basic"
    group = "基本支出构成"
    for key, name in (
        ("personnel_expenditure", "人员经费占基本支出"),
        ("public_expenditure", "公用经费占基本支出"),
    ):
        ratios.append(
            _ratio(group, name, m(key), name[:4], m(basic_key), "基本支出", lines=_line(e, key, basic_key))
        )
    group = "功能分类结构"
    total = m("general_budget_expenditure")
    for row in e.functional:
        if row.level == "class" and row.source == "narrative":
            amount = to_wan_yuan(row.amount, row.unit) or row.amount
            ratios.append(
                _ratio(
                    group,
                    f"{row.code} {row.name}",
                    amount,
                    row.name,
                    total,
                    "一般公共预算财政拨款支出",
                    stated=row.share_pct,
                    lines=(row.line,),
                )
            )
    ratios += (_execution(e) if getattr(e, "kind", "final_accounts") != "budget" else [])
    ratios += _three_public(e)
    ratios += _per_staff(e)
    group = "政府采购"
    ratios.append(
        _ratio(
            group,
            "授予中小企业合同金额占采购总额",
            m("procurement_sme"),
            "中小企业合同金额",
            m("procurement_total"),
            "政府采购支出总额",
            stated=_share(e, "procurement_sme"),
            lines=_line(e, "procurement_sme", "procurement_total"),
        )
    )
    ratios += unit_costs(e.projects)
    return ratios


def _execution(e: Extraction) -> list[Ratio]:
    """Actual ÷ budget for every fact, functional line and project that states either."""
    rows: list[tuple[str, Decimal | None, str, Decimal | None, Decimal | None, tuple[int, ...]]] = []
    for fact in e.facts:
        if fact.budget is not None or fact.completion_pct is not None:
            rows.append(
                (
                    f"{fact.label}完成预算",
                    fact.value,
                    "决算数",
                    fact.budget,
                    fact.completion_pct,
                    (fact.line,),
                )
            )
    for row in e.functional:
        if row.completion_pct is not None or row.budget is not None:
            rows.append(
                (
                    f"{row.code} {row.name}完成预算",
                    row.amount,
                    "决算数",
                    row.budget,
                    row.completion_pct,
                    (row.line,),
                )
            )
    for project in e.projects:
        lines = tuple(x for x in (project.line, project.narrative_line) if x)
        rows.append(
            (
                f"“{project.name}”项目执行率",
                project.executed,
                "执行数",
                project.budget,
                project.completion_pct,
                lines,
            )
        )
    return [
        _ratio("预算执行", name, actual, actual_label, budget, "预算数", stated=stated, lines=lines)
        for name, actual, actual_label, budget, stated, lines in rows
    ]


def _three_public(e: Extraction) -> list[Ratio]:
    group = "“三公”经费"
    ratios = []
    total = _money(e, "three_public_total")
    for key in ("three_public_abroad", "three_public_vehicle", "three_public_reception"):
        fact = e.fact(key)
        if fact is None:
            continue
        ratios.append(
            _ratio(
                group,
                f"{fact.label}占“三公”经费",
                _money(e, key),
                fact.label,
                total,
                "“三公”经费",
                stated=fact.share_pct,
                lines=_line(e, key, "three_public_total"),
            )
        )
    ratios.append(
        _ratio(
            group,
            "“三公”经费占本年支出",
            total,
            "“三公”经费",
            _money(e, "expenditure_total"),
            "本年支出合计",
            lines=_line(e, "three_public_total", "expenditure_total"),
        )
    )
    return ratios


def _per_staff(e: Extraction) -> list[Ratio]:
    group = "人均指标"
    ratios = []
    for staff_key, staff_label in (("staff_authorized", "编制数"), ("staff_actual", "年末实有人数")):
        staff = e.fact(staff_key)
        staff_value = staff.value if staff else None
        for key, label in (("admin_operating_cost", "机关运行经费"), ("expenditure_total", "本年支出合计")):
            ratios.append(
                _ratio(
                    group,
                    f"人均{label}（按{staff_label}）",
                    _money(e, key),
                    label,
                    staff_value,
                    staff_label,
                    unit="万元/人",
                    scale=Decimal(1),
                    lines=_line(e, key, staff_key),
                )
            )
    return ratios


_TOTAL_MARK = re.compile(r"(?:共计|合计|总计|总共|共)\s*$")
_COST_UNITS = ("㎡", "人", "名", "台", "辆", "件", "户", "次", "个")


def unit_costs(projects: list[Project]) -> list[Ratio]:
    """Cost per unit where a project's quantity indicator states what the money bought:
    "场地租赁费 12.00 万元 / 共计 1500 ㎡ = 80.00 元/㎡"."""
    ratios = []
    for project in projects:
        if project.executed is None:
            continue
        quantity = _stated_quantity(project)
        if quantity is None:
            continue
        value, unit, line = quantity
        spent_yuan = (
            to_wan_yuan(project.executed, project.unit or "万元") or project.executed
        ) * TEN_THOUSAND
        ratios.append(
            _ratio(
                "单位成本",
                f"“{project.name}”单位成本",
                spent_yuan,
                "执行数（元）",
                value,
                f"数量（{unit}）",
                unit=f"元/{unit}",
                scale=Decimal(1),
                lines=(project.line, line),
                note="由项目执行数和绩效目标表中的数量计算",
            )
        )
    return ratios


def _stated_quantity(project: Project) -> tuple[Decimal, str, int] | None:
    for indicator in project.indicators:
        if indicator.level2 != "数量指标" or not indicator.expected:
            continue
        quantities = list(iter_quantities(indicator.expected))
        found = [q for q in quantities if q.unit in _COST_UNITS]
        totals = [q for q in found if _TOTAL_MARK.search(indicator.expected[: q.start])]
        # A lone quantity counts only when the cell is not itself a breakdown of money.
        plain = len(found) == 1 and not any(q.kind in ("amount", "rate") for q in quantities)
        chosen = totals[-1] if totals else (found[0] if plain else None)
        if chosen is not None and chosen.value > 0:
            return chosen.value, chosen.unit or "", indicator.line
    return None

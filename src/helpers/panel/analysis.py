"""Cross-department analysis of the panel: a selection, its metrics, rankings, findings and trends.

Everything is read from the panel database (read-only). Metrics are exact: money in 万元 from
the `headline` table, ratios quantized to 0.01 (ROUND_HALF_UP). A metric whose inputs a disclosure
does not state is None with the reason "未列示", a ratio over zero is None with "无定义" — never 0.
Prior-year checks rebuild each year's facts from the panel and call `compare.compare_years` and
`compare.stated_changes_against_prior` (the logic of 03_compare, not a copy).
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..audit.findings import Finding
from ..catalog import validate_department_id, validate_fiscal_year
from ..compare import PUBLISHED, YearComparison, compare_years, stated_changes_against_prior
from ..errors import ParameterError
from ..extract.model import Extraction, Fact, Source
from ..extract.specs import SPEC_BY_KEY
from .query import connect_read_only

CENT = Decimal("0.01")
MISSING, UNDEFINED = "未列示", "无定义（分母为0）"


@dataclass(frozen=True)
class Metric:
    """numerator (÷ denominator) × factor, from the `headline` table's columns."""

    key: str
    label: str
    unit: str
    numerator: str
    denominator: str | None = None
    factor: Decimal = Decimal(1)

    def of(self, row: dict[str, Any]) -> tuple[Decimal | None, str | None]:
        """(value, reason it is absent)."""
        top = row.get(self.numerator)
        if top is None:
            return None, MISSING
        if self.denominator is None:
            return plain(top), None
        bottom = row.get(self.denominator)
        if bottom is None:
            return None, MISSING
        if bottom == 0:
            return None, UNDEFINED
        return (top * self.factor / bottom).quantize(CENT, rounding=ROUND_HALF_UP), None

    @property
    def inputs(self) -> str:
        """The basis in words (the template's labels of the facts used)."""
        if self.key == "budget_completion":
            return "文中表述的一般公共预算财政拨款支出完成预算的比例；未表述时为决算数 ÷ 年初预算数 × 100"
        top = SPEC_BY_KEY[self.numerator].label
        if self.denominator is None:
            return f"原文所列{top}（折算为万元）"
        text = f"{top} ÷ {SPEC_BY_KEY[self.denominator].label}"
        return text + (f" × {self.factor}" if self.factor != 1 else "")


METRICS: tuple[Metric, ...] = (
    Metric("expenditure_total", "本年支出合计", "万元", "expenditure_total"),
    Metric(
        "basic_share", "基本支出占本年支出比重", "%", "expenditure_basic", "expenditure_total", Decimal(100)
    ),
    Metric(
        "project_share",
        "项目支出占本年支出比重",
        "%",
        "expenditure_project",
        "expenditure_total",
        Decimal(100),
    ),
    Metric(
        "general_budget_income_share",
        "一般公共预算财政拨款收入占本年收入比重",
        "%",
        "income_general_budget",
        "income_total",
        Decimal(100),
    ),
    Metric("expenditure_per_staff", "人均支出", "万元/人", "expenditure_total", "staff_actual"),
    Metric("three_public_total", "“三公”经费", "万元", "three_public_total"),
    Metric(
        "three_public_per_staff",
        "人均“三公”经费",
        "元/人",
        "three_public_total",
        "staff_actual",
        Decimal(10000),
    ),
    Metric("admin_operating_cost", "机关运行经费", "万元", "admin_operating_cost"),
    Metric(
        "admin_operating_cost_per_staff",
        "人均机关运行经费",
        "元/人",
        "admin_operating_cost",
        "staff_actual",
        Decimal(10000),
    ),
    Metric(
        "procurement_sme_share",
        "政府采购授予中小企业比重",
        "%",
        "procurement_sme",
        "procurement_total",
        Decimal(100),
    ),
    Metric("budget_completion", "一般公共预算财政拨款支出完成预算", "%", "budget_completion"),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


def plain(value: Decimal | None) -> Decimal | None:
    """An exact decimal without the trailing zeros a wide DECIMAL column adds (86.470000 → 86.47)."""
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


# -- selection ----------------------------------------------------------------------------------
def parse_years(value: Any) -> tuple[int, ...] | None:
    """None / "" / "all" → every year; 2021, "2021", "2019-2021", [2020, 2021] → those years."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "all", "全部")):
        return None
    if isinstance(value, list | tuple | set):
        years = [validate_fiscal_year(v) for v in value]
        return tuple(sorted(set(years))) or None
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})\s*[-–—~至]\s*(\d{4})", text)
    if match:
        first, last = validate_fiscal_year(match.group(1)), validate_fiscal_year(match.group(2))
        if first > last:
            raise ParameterError(f"fiscal-year range {text!r} runs backwards")
        return tuple(range(first, last + 1))
    return (validate_fiscal_year(text),)


def parse_departments(value: Any) -> tuple[str, ...] | None:
    """None / "" / [] / "all" → every department; "a,b" or ["a", "b"] → those ids (validated)."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    ids = [str(v).strip() for v in items if str(v).strip()]
    if not ids or ids == ["all"]:
        return None
    return tuple(dict.fromkeys(validate_department_id(i) for i in ids))


@dataclass
class PanelView:
    """The selected department-years of the panel with their headline figures."""

    db: Path
    years: tuple[int, ...]  # selected years present in the panel, ascending
    departments: dict[str, str]  # id -> name, selected and present
    rows: list[dict[str, Any]]  # headline rows of the selected department-years (status ok)
    history: list[dict[str, Any]]  # headline rows of the selected departments, every year up to the last
    failed: list[dict[str, Any]]  # catalog rows that could not be read
    all_years: bool = False
    _facts: dict[tuple[str, int], Extraction | None] | None = field(default=None, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _con: Any = field(default=None, repr=False)

    @property
    def scope(self) -> str:
        if len(self.years) == 1:
            return f"{self.years[0]}年度"
        return f"{self.years[0]}—{self.years[-1]}年度" if self.years else "无年度"

    @property
    def latest(self) -> list[dict[str, Any]]:
        """Each department's latest selected department-year (what rankings compare)."""
        return self.memo("latest", self._latest)

    def _latest(self) -> list[dict[str, Any]]:
        by_department: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            if row["fiscal_year"] >= by_department.get(row["department_id"], {}).get("fiscal_year", 0):
                by_department[row["department_id"]] = row
        return sorted(by_department.values(), key=lambda r: r["department_id"])

    def query(self, sql: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts, on one read-only connection kept for the view's life (a snapshot)."""
        if self._con is None:
            self._con = connect_read_only(self.db)
        cursor = self._con.execute(sql, parameters or {})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def memo(self, name: str, compute):
        """A result computed once per view (the notebook asks for some several times)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


_HEADLINE = """
SELECT h.*, c.status, g.completion_pct AS stated_completion, g.budget AS general_budget_budget,
       g.value AS general_budget_value
FROM headline AS h
JOIN catalog AS c ON c.department_id = h.department_id AND c.fiscal_year = h.fiscal_year
     AND c.kind IS DISTINCT FROM 'budget'
LEFT JOIN facts AS g ON g.department_id = h.department_id AND g.fiscal_year = h.fiscal_year
     AND g.key = 'general_budget_expenditure'
WHERE c.status = 'ok'
ORDER BY h.department_id, h.fiscal_year
"""


def _with_completion(row: dict[str, Any]) -> dict[str, Any]:
    """budget_completion: the stated 完成预算%, else 决算 ÷ 预算 when both are stated."""
    stated, budget, value = (
        row.pop("stated_completion"),
        row.pop("general_budget_budget"),
        row.pop("general_budget_value"),
    )
    if stated is not None:
        row["budget_completion"] = plain(stated)
    elif budget not in (None, 0) and value is not None:
        row["budget_completion"] = (value * 100 / budget).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        row["budget_completion"] = None
    return row


def open_panel(db: Path, fiscal_year: Any = None, departments: Any = None) -> PanelView:
    """The selection of the notebook parameters; unknown years or departments are a ParameterError."""
    wanted_years, wanted_departments = parse_years(fiscal_year), parse_departments(departments)
    probe = PanelView(db, (), {}, [], [], [])
    catalog = probe.query(
        "SELECT department_id, department, fiscal_year, status, error FROM catalog "
        "WHERE kind IS DISTINCT FROM 'budget'"  # the panel compares final accounts
    )
    if not catalog:
        raise ParameterError(f"the panel {db} holds no department-year (run `juesuan panel`)")
    known_years = {r["fiscal_year"] for r in catalog}
    known_departments = {r["department_id"]: r["department"] for r in catalog}
    if wanted_departments:
        unknown = [d for d in wanted_departments if d not in known_departments]
        if unknown:
            raise ParameterError(f"department(s) not in the panel: {', '.join(unknown)}")
    years = tuple(sorted(known_years)) if wanted_years is None else wanted_years
    if wanted_years is not None and not set(wanted_years) & known_years:
        raise ParameterError(f"no department-year of {', '.join(map(str, wanted_years))} in the panel")
    chosen = set(wanted_departments or known_departments)
    in_range = [r for r in catalog if r["department_id"] in chosen and r["fiscal_year"] in years]
    every = [_with_completion(r) for r in probe.query(_HEADLINE) if r["department_id"] in chosen]
    last = max(r["fiscal_year"] for r in in_range) if in_range else max(years)
    view = PanelView(
        db=db,
        years=tuple(sorted({r["fiscal_year"] for r in in_range})),
        departments={d: known_departments[d] for d in sorted({r["department_id"] for r in in_range})},
        rows=[r for r in every if r["fiscal_year"] in years],
        history=[r for r in every if r["fiscal_year"] <= last],
        failed=[r for r in in_range if r["status"] != "ok"],
        all_years=wanted_years is None,
        _con=probe._con,  # the same snapshot
    )
    return view


# -- rankings and distributions -----------------------------------------------------------------
@dataclass(frozen=True)
class Ranked:
    rank: int | None
    department_id: str
    department: str
    fiscal_year: int
    value: Decimal | None
    absent: str | None


def ranking(view: PanelView, metric: Metric) -> list[Ranked]:
    """Each department's latest selected year, highest first; departments without the figure last."""
    return view.memo(f"ranking:{metric.key}", lambda: _ranking(view, metric))


def _ranking(view: PanelView, metric: Metric) -> list[Ranked]:
    valued, absent = [], []
    for row in view.latest:
        value, reason = metric.of(row)
        entry = (row, value, reason)
        (valued if value is not None else absent).append(entry)
    valued.sort(key=lambda e: (-e[1], e[0]["department_id"]))
    out, rank = [], 0
    for i, (r, v, _) in enumerate(valued, start=1):
        rank = rank if out and out[-1].value == v else i  # equal values share a rank (1, 1, 3 …)
        out.append(Ranked(rank, r["department_id"], r["department"], r["fiscal_year"], v, None))
    out += [
        Ranked(None, r["department_id"], r["department"], r["fiscal_year"], None, why) for r, _, why in absent
    ]
    return out


@dataclass(frozen=True)
class Distribution:
    metric: Metric
    stated: int
    absent: int
    minimum: Decimal | None
    median: Decimal | None
    maximum: Decimal | None
    mean: Decimal | None


def distribution(view: PanelView, metric: Metric) -> Distribution:
    values = [r.value for r in ranking(view, metric) if r.value is not None]
    absent = len(view.latest) - len(values)
    if not values:
        return Distribution(metric, 0, absent, None, None, None, None)
    q = lambda v: v.quantize(CENT, rounding=ROUND_HALF_UP)  # noqa: E731
    return Distribution(
        metric,
        len(values),
        absent,
        min(values),
        q(Decimal(statistics.median(values))),
        max(values),
        q(sum(values, Decimal(0)) / len(values)),
    )


# -- findings -----------------------------------------------------------------------------------
def _filter_sql(view: PanelView, alias: str = "c") -> tuple[str, dict[str, Any]]:
    return (
        f"list_contains($years, {alias}.fiscal_year) AND list_contains($departments, {alias}.department_id)",
        {"years": list(view.years), "departments": list(view.departments)},
    )


def findings_league(view: PanelView) -> list[dict[str, Any]]:
    """Per department over the selected years: errors, warnings, infos of the audit, and the
    stated changes that disagree with the prior year's published figures; most errors first."""
    return view.memo("league", lambda: _league(view))


def _league(view: PanelView) -> list[dict[str, Any]]:
    where, params = _filter_sql(view)
    rows = view.query(
        "SELECT c.department_id, c.department, count(DISTINCT c.fiscal_year) AS years, "
        "count(f.rule) FILTER (WHERE f.severity = 'error') AS error, "
        "count(f.rule) FILTER (WHERE f.severity = 'warning') AS warning, "
        "count(f.rule) FILTER (WHERE f.severity = 'info') AS info "
        "FROM catalog AS c LEFT JOIN findings AS f "
        "ON f.department_id = c.department_id AND f.fiscal_year = c.fiscal_year "
        f"WHERE c.status = 'ok' AND c.kind IS DISTINCT FROM 'budget' AND {where} "
        "GROUP BY c.department_id, c.department",
        params,
    )
    prior = defaultdict(int)
    for (department_id, _), findings in prior_year_findings(view).items():
        prior[department_id] += sum(1 for f in findings if f.severity == "error")
    for row in rows:
        row["prior_year_errors"] = prior.get(row["department_id"], 0)
        row["total"] = row["error"] + row["warning"] + row["info"]
    rows.sort(key=lambda r: (-(r["error"] + r["prior_year_errors"]), -r["warning"], r["department_id"]))
    return rows


def common_rules(view: PanelView) -> list[dict[str, Any]]:
    """Audit rules by how many department-years they flag (errors and warnings)."""
    where, params = _filter_sql(view, "f")
    return view.query(
        "SELECT f.rule, any_value(f.title) AS title, f.severity, count(*) AS findings, "
        "count(DISTINCT f.department_id || '/' || f.fiscal_year) AS department_years "
        f"FROM findings AS f WHERE f.severity IN ('error', 'warning') AND {where} "
        "GROUP BY f.rule, f.severity ORDER BY department_years DESC, findings DESC, f.rule",
        params,
    )


# -- prior years (03_compare logic on the panel's facts) -----------------------------------------
def _decimal(value: Any) -> Decimal | None:
    return None if value is None else plain(value) if isinstance(value, Decimal) else Decimal(str(value))


def _load_facts(view: PanelView) -> dict[tuple[str, int], Extraction | None]:
    """Every held department-year's facts of the selected departments, in one query."""
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in view.query(
        "SELECT f.* FROM facts AS f JOIN catalog AS c USING (department_id, fiscal_year) "
        "WHERE c.status = 'ok' AND c.kind IS DISTINCT FROM 'budget' "
        "AND list_contains($departments, f.department_id) "
        "ORDER BY f.department_id, f.fiscal_year, f.seq",
        {"departments": list(view.departments)},
    ):
        grouped[(r["department_id"], r["fiscal_year"])].append(r)
    return {key: _as_extraction(view, key, rows) for key, rows in grouped.items()}


def _extraction(view: PanelView, department_id: str, fiscal_year: int) -> Extraction | None:
    """That department-year's facts from the panel as an `Extraction` (facts only), or None."""
    if view._facts is None:
        view._facts = _load_facts(view)
    return view._facts.get((department_id, fiscal_year))


def _as_extraction(view: PanelView, key: tuple[str, int], rows: list[dict[str, Any]]) -> Extraction:
    """One department-year's facts rows as an `Extraction` holding those facts only."""
    department_id, fiscal_year = key
    facts = []
    for r in rows:
        sources = json.loads(r["attribute_sources"]) if r.get("attribute_sources") else {}
        facts.append(
            Fact(
                key=r["key"],
                label=r["label"],
                value=Decimal(r["value_stated"]) if r.get("value_stated") else _decimal(r["value"]),
                unit=r["unit"],
                change=_decimal(r["change"]),
                growth_pct=_decimal(r["growth_pct"]),
                share_pct=_decimal(r["share_pct"]),
                completion_pct=_decimal(r["completion_pct"]),
                budget=_decimal(r["budget"]),
                direction=r["direction"],
                line=r["line"] or 0,
                quote=r["quote"] or "",
                section=r["section"] or "",
                attribute_sources={k: Source(v["line"], v["quote"]) for k, v in sources.items()},
            )
        )
    return Extraction(
        department=view.departments.get(department_id),
        fiscal_year=fiscal_year,
        unit=None,
        facts=facts,
        functional=[],
        projects=[],
        numbers=[],
    )


def _pairs(view: PanelView) -> list[tuple[str, int]]:
    held = {(r["department_id"], r["fiscal_year"]) for r in view.history}
    return [
        (r["department_id"], r["fiscal_year"])
        for r in view.rows
        if (r["department_id"], r["fiscal_year"] - 1) in held
    ]


def prior_year_comparisons(view: PanelView) -> dict[tuple[str, int], list[YearComparison]]:
    """For each selected department-year whose prior year the panel holds: `compare_years` rows."""
    return view.memo("comparisons", lambda: _comparisons(view))


def _comparisons(view: PanelView) -> dict[tuple[str, int], list[YearComparison]]:
    out = {}
    for department_id, year in _pairs(view):
        current, prior = _extraction(view, department_id, year), _extraction(view, department_id, year - 1)
        if current is not None and prior is not None:
            out[(department_id, year)] = compare_years(current, prior)
    return out


def prior_year_findings(view: PanelView) -> dict[tuple[str, int], list[Finding]]:
    """Stated changes and growth rates checked against the prior year's published figures."""
    return view.memo("prior_findings", lambda: _prior_findings(view))


def _prior_findings(view: PanelView) -> dict[tuple[str, int], list[Finding]]:
    out = {}
    for department_id, year in _pairs(view):
        current, prior = _extraction(view, department_id, year), _extraction(view, department_id, year - 1)
        if current is not None and prior is not None:
            out[(department_id, year)] = stated_changes_against_prior(current, prior, year - 1)
    return out


def published_growth(view: PanelView, key: str) -> list[dict[str, Any]]:
    """Growth of one fact against the published prior year (or derived from the stated change)."""
    held = prior_year_comparisons(view)
    rows = []
    for row in view.latest:
        pair = (row["department_id"], row["fiscal_year"])
        match = next((c for c in held.get(pair, []) if c.key == key), None)
        if match is None:
            current = _extraction(view, *pair)
            fact = current.fact(key) if current else None
            match = next((c for c in compare_years(current, None) if c.key == key), None) if fact else None
        rows.append(
            {
                "department_id": pair[0],
                "department": row["department"],
                "fiscal_year": pair[1],
                "comparison": match,
            }
        )
    return rows


def is_published(comparison: YearComparison | None) -> bool:
    return comparison is not None and comparison.prior_source == PUBLISHED


# -- trends and structure -----------------------------------------------------------------------
def trend(
    view: PanelView, metric: Metric
) -> tuple[list[int], list[tuple[str, str, dict[int, Decimal | None]]]]:
    """(years, [(department_id, name, {year: value or None})]) for departments with two or more years."""
    series: dict[str, dict[int, Decimal | None]] = defaultdict(dict)
    names = {}
    for row in view.history:
        series[row["department_id"]][row["fiscal_year"]] = metric.of(row)[0]
        names[row["department_id"]] = row["department"]
    years = sorted({r["fiscal_year"] for r in view.history})
    several = [(d, names[d], values) for d, values in sorted(series.items()) if len(values) >= 2]
    return years, several


def functional_structure(
    view: PanelView,
) -> tuple[list[tuple[str, str]], list[tuple[str, str, int, dict[str, Decimal]]]]:
    """Class (类) shares of each department's latest selected year, in % of the sum of its classes.

    Returns (classes [(code, name)], rows [(department_id, name, year, {code: share})]); a class a
    disclosure does not list is absent from its dict (shown as missing, not 0).
    """
    where, params = _filter_sql(view, "f")
    rows = view.query(
        "SELECT f.department_id, f.fiscal_year, f.code, any_value(f.name) AS name, sum(f.amount) AS amount "
        f"FROM functional AS f WHERE f.level = 'class' AND f.code IS NOT NULL AND {where} "
        "GROUP BY f.department_id, f.fiscal_year, f.code",
        params,
    )
    latest = {(r["department_id"], r["fiscal_year"]) for r in view.latest}
    amounts: dict[tuple[str, int], dict[str, Decimal]] = defaultdict(dict)
    names: dict[str, str] = {}
    for r in rows:
        if (r["department_id"], r["fiscal_year"]) in latest and r["amount"] is not None:
            amounts[(r["department_id"], r["fiscal_year"])][r["code"]] = r["amount"]
            names.setdefault(r["code"], r["name"])
    out = []
    for row in view.latest:
        pair = (row["department_id"], row["fiscal_year"])
        parts = amounts.get(pair, {})
        whole = sum(parts.values(), Decimal(0))
        shares = (
            {c: (a * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP) for c, a in parts.items()}
            if whole
            else {}
        )
        out.append((row["department_id"], row["department"], row["fiscal_year"], shares))
    return sorted(names.items()), out

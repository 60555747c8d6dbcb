"""What the 06_panel notebook calls: the selection, tables, findings and charts, narrated in Chinese.

Tables are `helpers.notebook.Table`s (exact text cells; `.frame` is the DataFrame). A figure a
disclosure does not state is written "未列示", a ratio over zero "无定义（分母为0）", a year the
catalog does not hold "—": nothing missing is ever shown as 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..audit.titles import rule_title, severity_label
from ..compare import PUBLISHED, SOURCE_LABELS
from ..load import catalog_paths
from ..notebook import ShownChart, Table, findings_html, make_table, markdown, text
from ..paths import ProjectPaths
from . import analysis
from .analysis import METRIC_BY_KEY, METRICS, PanelView

NOT_HELD = "—"


@dataclass
class PanelContext:
    """The notebook's selection of the panel and how much of each list it shows."""

    paths: ProjectPaths
    view: PanelView
    top: int

    @property
    def scope(self) -> str:
        return self.view.scope

    @property
    def folder_name(self) -> str:
        """reports/panel/<folder_name>/: "all", a year, or "first-last"."""
        if self.view.all_years:
            return "all"
        years = self.view.years
        return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"

    @property
    def title(self) -> str:
        return f"部门决算面板分析（{'全部年度，' if self.view.all_years else ''}{self.scope}）"


def open_panel(
    fiscal_year: Any = None,
    departments: Any = None,
    *,
    top: int = 30,
    raw_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    reports_dir: str | Path | None = None,
) -> PanelContext:
    """The department-years named by the notebook parameters (the panel is built first if absent)."""
    from ..errors import ParameterError
    from .refresh import refresh_panel

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ParameterError(f"top must be a positive whole number, not {top!r}")
    paths = catalog_paths(raw_dir, processed_dir, reports_dir)
    if not paths.panel_db.is_file():
        refresh_panel(paths)
    return PanelContext(paths, analysis.open_panel(paths.panel_db, fiscal_year, departments), top)


def _shown(ctx: PanelContext, path: Path) -> str:
    """A path relative to the project root (``../`` when outside it): reports hold no machine paths."""
    import os

    return Path(os.path.relpath(path, ctx.paths.root)).as_posix()


def overview(ctx: PanelContext):
    view = ctx.view
    several = len({r["department_id"] for r in view.history}) and len(analysis.trend(view, METRICS[0])[1])
    lines = [
        f"本报告覆盖 **{len(view.departments)}** 个部门的 **{len(view.rows)}** 份部门决算"
        f"（{ctx.scope}），其中 {several} 个部门收录了两个及以上年度。",
        f"数据取自面板数据库 `{_shown(ctx, view.db)}`：各部门决算经 juesuan 提取、审计后的标准指标、"
        "功能分类、项目和审计发现；金额统一折算为万元（精确小数，不经浮点）。",
        "部门之间的排名取各部门所选年度中最近一年的数字；原文未列示的数字标为“未列示”，"
        "分母为0的比率标为“无定义”，均不按0计。",
    ]
    if view.failed:
        lines.append(f"另有 **{len(view.failed)}** 份决算无法读取，未纳入分析（见下表）。")
    return markdown("\n\n".join(lines))


def failed_table(ctx: PanelContext) -> Table:
    rows = [
        {"department": r["department"], "year": r["fiscal_year"], "error": r["error"]}
        for r in ctx.view.failed
    ]
    return make_table(rows, {"department": "部门", "year": "年度", "error": "无法读取的原因"})


# -- rankings and distributions -----------------------------------------------------------------
def metrics_summary(ctx: PanelContext) -> Table:
    rows = []
    for metric in METRICS:
        d = analysis.distribution(ctx.view, metric)
        rows.append(
            {
                "label": metric.label,
                "unit": metric.unit,
                "stated": d.stated,
                "absent": d.absent,
                "min": d.minimum,
                "median": d.median,
                "mean": d.mean,
                "max": d.maximum,
            }
        )
    return make_table(
        rows,
        {
            "label": "指标",
            "unit": "单位",
            "stated": "有数部门",
            "absent": "未列示或无定义",
            "min": "最小值",
            "median": "中位数",
            "mean": "平均数",
            "max": "最大值",
        },
    )


def ranking_table(ctx: PanelContext, metric_key: str) -> Table:
    """Rank, department, year and value; the first `top` ranked, then those without the figure."""
    metric = METRIC_BY_KEY[metric_key]
    entries = analysis.ranking(ctx.view, metric)
    valued = [e for e in entries if e.value is not None][: ctx.top]
    absent = [e for e in entries if e.value is None][: ctx.top]
    rows = [
        {
            "rank": e.rank,
            "department": e.department,
            "year": e.fiscal_year,
            "value": e.value,
            "note": e.absent,
        }
        for e in valued + absent
    ]
    return make_table(
        rows,
        {
            "rank": "名次",
            "department": "部门",
            "year": "年度",
            "value": f"{metric.label}（{metric.unit}）",
            "note": "说明",
        },
        blank={"value": "—", "rank": "—"},
    )


def ranking_note(ctx: PanelContext, metric_key: str):
    metric = METRIC_BY_KEY[metric_key]
    entries = analysis.ranking(ctx.view, metric)
    valued = [e for e in entries if e.value is not None]
    absent = [e for e in entries if e.value is None]
    parts = [f"{metric.label}：{len(valued)} 个部门有数"]
    if valued:
        parts.append(f"最高为{valued[0].department}（{text(valued[0].value)} {metric.unit}）")
        parts.append(f"最低为{valued[-1].department}（{text(valued[-1].value)} {metric.unit}）")
    if absent:
        parts.append(f"{len(absent)} 个部门未列示所需数字或分母为0")
    if len(valued) > ctx.top or len(absent) > ctx.top:
        parts.append(f"表中各列前 {ctx.top} 个")
    return markdown("，".join(parts) + "。计算口径：" + metric.inputs + "。")


# -- findings -----------------------------------------------------------------------------------
def findings_league_table(ctx: PanelContext) -> Table:
    rows = analysis.findings_league(ctx.view)[: ctx.top]
    return make_table(
        rows,
        {
            "department": "部门",
            "years": "年度数",
            "error": "错误",
            "warning": "警告",
            "info": "提示",
            "prior_year_errors": "与上年公开数不符",
        },
    )


def findings_summary(ctx: PanelContext):
    league = analysis.findings_league(ctx.view)
    errors = sum(r["error"] for r in league)
    flagged = sum(1 for r in league if r["error"])
    prior = sum(r["prior_year_errors"] for r in league)
    text_ = (
        f"所选范围内审计共发现错误 {errors} 条，涉及 {flagged} 个部门（共 {len(league)} 个部门）；"
        f"另有 {prior} 处本年表述的变动额或增长率与上年公开数不符。下表按错误数从多到少排列"
        + (f"，列出前 {ctx.top} 个部门。" if len(league) > ctx.top else "。")
    )
    return markdown(text_)


def common_rules_table(ctx: PanelContext) -> Table:
    rows = [
        dict(r, severity=severity_label(r["severity"]), title=rule_title(r["rule"], r["title"]))
        for r in analysis.common_rules(ctx.view)[: ctx.top]
    ]
    return make_table(
        rows,
        {
            "rule": "规则",
            "title": "说明",
            "severity": "级别",
            "department_years": "涉及部门年度数",
            "findings": "发现条数",
        },
    )


# -- prior years --------------------------------------------------------------------------------
def prior_year_summary(ctx: PanelContext):
    comparisons = analysis.prior_year_comparisons(ctx.view)
    if not comparisons:
        return markdown(
            "面板中没有所选部门的上一年度决算，无法用上年公开数核对本年表述的变动；"
            "下表的上年数由本年文中表述的变动额或增长率推算。"
        )
    return markdown(
        f"{len(comparisons)} 份决算的上一年度决算也在面板中：上年数取自上年公开数（而不是由本年表述推算），"
        "并逐项核对本年文中表述的变动额和增长率（与“与上年比较”笔记本同一套规则）。"
    )


def prior_year_table(ctx: PanelContext) -> Table:
    comparisons = analysis.prior_year_comparisons(ctx.view)
    findings = analysis.prior_year_findings(ctx.view)
    rows = []
    for (department_id, year), compared in sorted(comparisons.items()):
        counts = Counter(f.severity for f in findings.get((department_id, year), []))
        checked = [c for c in compared if c.prior_source == PUBLISHED and c.stated_change is not None]
        rows.append(
            {
                "department": ctx.view.departments.get(department_id, department_id),
                "year": year,
                "published": sum(1 for c in compared if c.prior_source == PUBLISHED),
                "checked": len(checked),
                "error": counts.get("error", 0),
                "info": counts.get("info", 0),
            }
        )
    rows.sort(key=lambda r: (-r["error"], r["department"], r["year"]))
    return make_table(
        rows[: ctx.top],
        {
            "department": "部门",
            "year": "年度",
            "published": "取上年公开数的指标",
            "checked": "核对的文中变动额",
            "error": "不符",
            "info": "舍入差异",
        },
    )


def prior_year_findings(ctx: PanelContext):
    found = [f for _, items in sorted(analysis.prior_year_findings(ctx.view).items()) for f in items]
    found.sort(key=lambda f: {"error": 0, "warning": 1, "info": 2}[f.severity])
    return findings_html(found, limit=ctx.top)


def growth_table(ctx: PanelContext, key: str = "admin_operating_cost") -> Table:
    """One fact's change against the prior year, fastest growth first (published prior preferred)."""
    rows = []
    for item in analysis.published_growth(ctx.view, key):
        c = item["comparison"]
        rows.append(
            {
                "department": item["department"],
                "year": item["fiscal_year"],
                "current": c.current if c else None,
                "prior": c.prior if c else None,
                "change": c.change if c else None,
                "growth": c.growth_pct if c else None,
                "stated": c.stated_growth_pct if c else None,
                "source": SOURCE_LABELS.get(c.prior_source or "", "无上年数据") if c else "本年未列示",
                "_sort": c.growth_pct if c and c.growth_pct is not None else None,
            }
        )
    rows.sort(key=lambda r: (r["_sort"] is None, -(r["_sort"] or 0), r["department"]))
    label = next((m.label for m in METRICS if m.key == key), key)
    return make_table(
        rows[: ctx.top],
        {
            "department": "部门",
            "year": "年度",
            "current": f"本年{label}",
            "prior": "上年",
            "change": "变动额",
            "growth": "增长率%",
            "stated": "文中增长率%",
            "source": "上年数来源",
        },
        blank={"current": analysis.MISSING, "prior": "—", "change": "—", "growth": "—", "stated": "—"},
    )


# -- trends -------------------------------------------------------------------------------------
def trend_table(ctx: PanelContext, metric_key: str = "expenditure_total") -> Table:
    metric = METRIC_BY_KEY[metric_key]
    years, series = analysis.trend(ctx.view, metric)
    rows = []
    for _, name, values in series[: ctx.top]:
        row: dict[str, Any] = {"department": name, **{str(y): values.get(y) for y in years}}
        row["not_held"] = "、".join(str(y) for y in years if y not in values) or None
        row["not_stated"] = "、".join(str(y) for y in years if y in values and values[y] is None) or None
        rows.append(row)
    columns = {"department": "部门", **{str(y): f"{y}年" for y in years}}
    columns.update({"not_held": "未收录年度", "not_stated": "未列示年度"})
    return make_table(rows, columns, blank={str(y): NOT_HELD for y in years})


def trend_note(ctx: PanelContext, metric_key: str = "expenditure_total"):
    metric = METRIC_BY_KEY[metric_key]
    _, series = analysis.trend(ctx.view, metric)
    if not series:
        return markdown("所选部门在面板中都只有一个年度，暂无趋势可比。")
    return markdown(
        f"{len(series)} 个部门在面板中有两个及以上年度，下表为各年{metric.label}（{metric.unit}）；"
        f"“{NOT_HELD}”表示没有数字：该年度决算未收录或原文未列示（分列在最后两栏），不按0计。"
    )


# -- charts -------------------------------------------------------------------------------------
def panel_charts(
    ctx: PanelContext, ranking_metric: str = "three_public_per_staff", trend_metric: str = "expenditure_total"
) -> list[ShownChart]:
    """图1 ranked bar, 图2 small-multiples trend, 图3 heat map of functional structure (PNG and SVG
    saved under reports/panel/<scope>/charts/)."""
    from ..charts import save_chart
    from .charts import ranked_bar_chart, structure_heatmap, trend_grid

    view = ctx.view
    metric = METRIC_BY_KEY[ranking_metric]
    built = [
        (
            "图1",
            f"{metric.label}排名",
            "panel_ranking",
            ranked_bar_chart(
                analysis.ranking(view, metric), metric, scope=ctx.scope, top=min(ctx.top, 25), number="图1"
            ),
        )
    ]
    years, series = analysis.trend(view, METRIC_BY_KEY[trend_metric])
    if series:
        built.append(
            (
                "图2",
                "分部门年度趋势",
                "panel_trends",
                trend_grid(years, series, METRIC_BY_KEY[trend_metric], number="图2"),
            )
        )
    classes, structure = analysis.functional_structure(view)
    if classes:
        ranked = {e.department_id: i for i, e in enumerate(analysis.ranking(view, METRICS[0]))}
        structure.sort(key=lambda r: ranked.get(r[0], len(ranked)))
        built.append(
            (
                "图3",
                "功能分类支出结构热力图",
                "panel_structure",
                structure_heatmap(classes, structure, limit=min(ctx.top, 40), number="图3"),
            )
        )
    folder = ctx.paths.panel_report_dir(ctx.folder_name) / "charts"
    shown = []
    for number, title, stem, figure in built:
        files = tuple(save_chart(figure, folder, stem))
        png = next(f for f in files if f.suffix == ".png").read_bytes()
        shown.append(ShownChart(number, title, "", png, files))
    return shown


def charts_note(ctx: PanelContext, charts: list[ShownChart]):
    folder = ctx.paths.panel_report_dir(ctx.folder_name) / "charts"
    numbers = {c.number for c in charts}
    note = f"共 {len(charts)} 张图，PNG 与 SVG 保存在 `{_shown(ctx, folder)}/`。"
    if "图2" not in numbers:
        note += "所选部门都只有一个年度，未绘制趋势图。"
    if "图3" not in numbers:
        note += "所选决算均未列示功能分类（类）金额，未绘制结构热力图。"
    return markdown(note)

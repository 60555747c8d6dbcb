"""The panel's three charts: a ranked bar chart, small multiples of trends, a heat map of structure.

Figures are Agg `Figure`s (no pyplot state), in the style of `helpers.charts` (seaborn whitegrid,
colour-blind palette, the shipped CJK font). A department without the figure is drawn as missing:
a labelled empty row in the ranking, a gap in its trend line, a grey "—" cell in the heat map —
never a zero bar.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import matplotlib as mpl
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..charts import PNG_DPI, format_amount, wrap_label
from ..fonts import cjk_rc_params, use_cjk_font
from .analysis import Metric, Ranked

WIDTH_IN = 8.0
MISSING_COLOR = "0.88"
NOTE_SIZE = 8.0


@contextmanager
def _style() -> Iterator[None]:
    use_cjk_font()
    rc: dict[str, Any] = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook", font_scale=0.8)}
    rc.update(cjk_rc_params())
    rc.update({"axes.spines.top": False, "axes.spines.right": False})
    with mpl.rc_context(rc):
        yield


def _figure(height: float) -> Figure:
    fig = Figure(figsize=(WIDTH_IN, height), dpi=PNG_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finish(fig: Figure, title: str, note: str, number: str = "") -> Figure:
    """The chart's one title ("图1 …", drawn on the image; the report prints no caption) and its note."""
    fig.suptitle(f"{number} {title}".strip(), fontsize=13)
    if note:
        fig.supxlabel(wrap_label(note, 120), fontsize=NOTE_SIZE, color="0.35", ha="left", x=0.01)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    return fig


def _name(text: str, columns: int = 24) -> str:
    return wrap_label(text, columns)


def ranked_bar_chart(
    entries: list[Ranked], metric: Metric, *, scope: str, top: int = 20, number: str = ""
) -> Figure:
    """Horizontal bars, highest first (at most `top`), then the departments without the figure."""
    valued = [e for e in entries if e.value is not None][:top]
    absent = [e for e in entries if e.value is None][: max(0, top - len(valued)) or 5]
    shown = valued + absent
    years = {e.fiscal_year for e in shown}
    with _style():
        fig = _figure(max(2.6, 0.32 * len(shown) + 1.6))
        ax = fig.add_subplot()
        labels = [
            _name(e.department, 30) + (f"\n（{e.fiscal_year}）" if len(years) > 1 else "")
            for e in reversed(shown)
        ]
        values = [float(e.value) if e.value is not None else 0.0 for e in reversed(shown)]
        colors = [
            sns.color_palette("colorblind")[0] if e.value is not None else MISSING_COLOR
            for e in reversed(shown)
        ]
        positions = range(len(shown))
        ax.barh(
            positions,
            [v if e.value is not None else 0 for v, e in zip(values, reversed(shown), strict=True)],
            color=colors,
            height=0.65,
        )
        ax.set_yticks(list(positions), labels)
        ax.set_xlabel(metric.unit)
        ax.ticklabel_format(axis="x", style="plain", useOffset=False)
        span = max(values) if valued else 1.0
        for y, entry in zip(positions, reversed(shown), strict=True):
            if entry.value is None:
                ax.text(0, y, f" {entry.absent}", va="center", ha="left", fontsize=8.5, color="0.3")
            else:
                ax.text(
                    float(entry.value) + span * 0.01, y, format_amount(entry.value), va="center", fontsize=8.5
                )
        ax.set_xlim(0, span * 1.15 if span > 0 else 1)
        more = len([e for e in entries if e.value is not None]) - len(valued)
        missing = len([e for e in entries if e.value is None])
        note = f"资料来源：各部门{scope}决算公开（juesuan 面板）。按{metric.label}从高到低排列"
        note += f"，另有 {more} 个部门未显示" if more > 0 else ""
        note += f"；{missing} 个部门原文未列示所需数字或分母为0，灰色标注，不按0计。" if missing else "。"
        return _finish(fig, f"{metric.label}排名（{metric.unit}）", note, number)


def trend_grid(
    years: list[int],
    series: list[tuple[str, str, dict[int, Decimal | None]]],
    metric: Metric,
    *,
    limit: int = 12,
    number: str = "",
) -> Figure:
    """One small line chart per department (at most `limit`), shared years; missing years are gaps."""
    shown = series[:limit]
    columns = min(4, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    with _style():
        fig = _figure(1.9 * rows + 1.2)
        axes = fig.subplots(rows, columns, squeeze=False, sharex=True)
        color = sns.color_palette("colorblind")[0]
        for index, ax in enumerate(axes.flat):
            if index >= len(shown):
                ax.set_visible(False)
                continue
            _, name, values = shown[index]
            ys = [float(values[y]) if values.get(y) is not None else math.nan for y in years]
            ax.plot(years, ys, marker="o", color=color, linewidth=1.6, markersize=4)
            for year in years:
                if values.get(year) is None:
                    ax.axvline(year, color=MISSING_COLOR, linewidth=6, zorder=0)
            ax.set_title(_name(name, 84 // columns), fontsize=8.5)
            ax.set_xticks(years, [str(y) for y in years], fontsize=7, rotation=45 if len(years) > 4 else 0)
            ax.tick_params(axis="y", labelsize=7)
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        note = (
            f"{metric.label}（{metric.unit}）。灰色竖条表示该年度未收录或原文未列示，折线在此断开，不按0计。"
            + (
                f"共 {len(series)} 个部门有多个年度，显示前 {len(shown)} 个。"
                if len(series) > len(shown)
                else ""
            )
        )
        return _finish(fig, f"{metric.label}的年度变化（分部门）", note, number)


def structure_heatmap(
    classes: list[tuple[str, str]],
    rows: list[tuple[str, str, int, dict[str, Decimal]]],
    *,
    limit: int = 30,
    number: str = "",
) -> Figure:
    """Departments × functional classes (类), % of each department's class total; missing cells grey."""
    import numpy as np

    shown = rows[:limit]
    with _style():
        fig = _figure(max(3.0, 0.34 * len(shown) + 2.4))
        ax = fig.add_subplot()
        matrix = np.array(
            [[float(shares[c]) if c in shares else np.nan for c, _ in classes] for *_, shares in shown]
        ).reshape(len(shown), len(classes))
        cmap = mpl.colormaps["YlGnBu"].with_extremes(bad=MISSING_COLOR)
        image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, vmin=0, vmax=100, aspect="auto")
        ax.set_xticks(
            range(len(classes)),
            [f"{code} {name}" for code, name in classes],
            fontsize=7,
            rotation=45,
            ha="right",
            rotation_mode="anchor",
        )
        ax.set_yticks(range(len(shown)), [_name(name, 30) for _, name, _, _ in shown], fontsize=7.5)
        ax.grid(False)
        for i, (*_, shares) in enumerate(shown):
            for j, (code, _) in enumerate(classes):
                share = shares.get(code)
                text = "—" if share is None else format_amount(share)
                dark = share is not None and share > 60
                ax.text(j, i, text, ha="center", va="center", fontsize=6.5, color="white" if dark else "0.2")
        fig.colorbar(image, ax=ax, label="占该部门各类支出合计的比重（%）", shrink=0.8)
        note = (
            "按功能分类（类）计算：各类金额 ÷ 该部门该年度所列各类金额之和。"
            "灰色“—”表示原文未列示该类，不按0计。"
            + (f"共 {len(rows)} 个部门，显示前 {len(shown)} 个。" if len(rows) > len(shown) else "")
        )
        return _finish(fig, "功能分类支出结构（分部门）", note, number)

"""Charts of a disclosure: primitives and the report's named figures (图1…图6, 附图1…附图3).

Figures are `matplotlib.figure.Figure` objects with an Agg canvas; nothing goes through pyplot's
figure manager, so notebooks never show a chart twice and `plt.show` is never needed. The style
is seaborn's "whitegrid" with its colour-blind-safe "colorblind" palette, applied through
`rc_context` (the caller's global style is left alone apart from `use_cjk_font`).

Every amount written on a bar is the extracted `Decimal` printed as stated ("123.45", "6.7"), never
a float. Shares are the stated percentages where the text gives them, otherwise amount ÷ total
rounded to two decimals (the note says so). Every chart ends with a source note that cites the
line numbers of the figures it draws.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers import disputes
from helpers.audit.findings import Finding
from helpers.extract.model import Extraction, Fact, FunctionalRow
from helpers.extract.specs import EXPENDITURE_PART_KEYS, INCOME_SOURCE_KEYS, SPEC_BY_KEY
from helpers.fonts import cjk_rc_params, use_cjk_font
from helpers.store import record_output

__all__ = [
    "BudgetItem",
    "Part",
    "PriorValue",
    "ReportChart",
    "YearItem",
    "budget_execution_chart",
    "build_report_charts",
    "format_amount",
    "format_pct",
    "priors_from_changes",
    "save_chart",
    "save_report_charts",
    "source_note",
    "structure_chart",
    "wrap_label",
    "year_comparison_chart",
]

WIDTH_IN = 8.0
HEIGHT_IN = 4.5
PNG_DPI = 150
PALETTE = "colorblind"
NOTE_FONTSIZE = 8.0
NOTE_COLUMNS = 132  # display columns (a CJK character counts 2) of one note line at 8 pt on 8 in
LABEL_COLUMNS = 26  # category labels wrap at 13 CJK characters
SUBTITLE_COLUMNS = 96  # a subtitle (with ⚠ marks it grows) wraps at 48 CJK characters
DERIVED_HATCH = "///"
DISPUTE_COLOR = "#b42318"  # a disputed figure's label and subtitle (dark red, legible on white)
CENT = Decimal("0.01")
# Bar labels sit on a white box so grid lines never run through the digits.
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.6}


# ---------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class PriorValue:
    """A prior-year figure and where it comes from.

    `derived` is True when the value is not published but computed (e.g. current − stated change);
    `source` says how or where, e.g. "由文中变动额推算" or "2019年度决算第230行".
    """

    value: Decimal
    derived: bool
    source: str


@dataclass(frozen=True)
class ReportChart:
    """One named chart of the report. `caption` is the full title drawn on the figure."""

    number: str  # "图1" … "附图3"
    title: str  # without the number, e.g. "收、支决算总计变动情况"
    figure: Figure
    stem: str  # file name without suffix, e.g. "fig1_total_change"
    note: str = ""  # the source note printed under the chart
    findings: tuple[Finding, ...] = ()  # audit findings that dispute a figure the chart shows
    lines: tuple[int, ...] = ()  # source lines of the figures drawn

    @property
    def caption(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class YearItem:
    """One item of a year-over-year comparison."""

    label: str
    current: Decimal
    prior: PriorValue | None = None
    mark: str | None = None  # written after the current amount when the audit disputes it


@dataclass(frozen=True)
class Part:
    """One bar of a structure chart: an amount, optionally its stated share and a colour group."""

    label: str
    amount: Decimal
    share_pct: Decimal | None = None  # as stated; computed from the total when None
    group: str | None = None  # parts of one group share a colour and a legend entry
    mark: str | None = None  # written after the label when the audit disputes the amount or share


@dataclass(frozen=True)
class BudgetItem:
    """One project of a budget-versus-executed chart (None: the text does not state it)."""

    label: str
    budget: Decimal | None
    executed: Decimal | None
    completion_pct: Decimal | None = None  # as stated; computed when None and both amounts exist
    mark: str | None = None  # written after the executed amount when the audit disputes it


# ---------------------------------------------------------------------------------- formatting


def format_amount(value: Decimal) -> str:
    """The amount exactly as stated: Decimal("123.45") → "123.45", Decimal("6.7") → "6.7"."""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0", "-0.00") else text


def format_pct(value: Decimal) -> str:
    """A percentage as stated, with the sign: Decimal("94.5") → "94.5%"."""
    return f"{format_amount(value)}%"


def _computed_pct(part: Decimal, whole: Decimal) -> Decimal:
    """part ÷ whole × 100 to two decimals without trailing zeros (20.50 → 20.5, 100.00 → 100)."""
    pct = (part / whole * 100).quantize(CENT)
    return pct.to_integral() if pct == pct.to_integral() else pct.normalize()


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_NO_LINE_START = set("，。、；：？！）》」』”’%,.;:)")


def wrap_label(text: str, columns: int = LABEL_COLUMNS) -> str:
    """Break a (Chinese) label into lines of at most `columns` display columns.

    CJK text has no spaces, so lines break between any two characters, but never before closing
    punctuation; ASCII runs (codes, numbers) are kept whole.
    """
    tokens: list[str] = []
    for ch in text:
        if tokens and ch.isascii() and not ch.isspace() and tokens[-1][-1:].isascii() and tokens[-1] != " ":
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and _columns(line + token) > columns and token not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _line_list(lines: Iterable[int]) -> str:
    numbers = sorted({n for n in lines if n and n > 0})
    return "、".join(str(n) for n in numbers)


def source_note(department: str, fiscal_year: int, lines: Iterable[int], remarks: Iterable[str] = ()) -> str:
    """The note under a chart: 资料来源：<单位><年>年度部门决算，第230、245行；<remark>；<remark>.

    Line numbers are deduplicated and sorted; empty remarks are dropped.
    """
    cited = _line_list(lines)
    head = f"资料来源：{department}{fiscal_year}年度部门决算"
    if cited:
        head += f"，第{cited}行"
    return "；".join([head, *(r for r in remarks if r)])


# ------------------------------------------------------------------------------- figure frame


def _style() -> dict[str, Any]:
    rc: dict[str, Any] = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook", font_scale=0.85)}
    rc.update(cjk_rc_params())
    rc.update({"axes.spines.top": False, "axes.spines.right": False, "patch.force_edgecolor": False})
    return rc


@contextmanager
def _chart_style() -> Iterator[None]:
    use_cjk_font()
    with mpl.rc_context(_style()):
        yield


def _new_figure(height: float = HEIGHT_IN) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_IN, height), dpi=PNG_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    return fig, ax


def _finish(fig: Figure, ax: Axes, *, caption: str, subtitle: str | None, note: str) -> Figure:
    """Title, subtitle and the wrapped source note at the bottom; solve the layout once, then freeze it.

    The layout pass runs inside the style context, so the tick labels are created with the CJK
    font and the figure renders correctly even if the caller's rcParams change before saving.
    """
    fig.suptitle(caption, fontsize=14)
    if subtitle:
        color = DISPUTE_COLOR if disputes.WARNING_SIGN in subtitle else "0.3"
        ax.set_title(wrap_label(subtitle, SUBTITLE_COLUMNS), fontsize=9.5, color=color, loc="center")
    note_lines = wrap_label(note, NOTE_COLUMNS).split("\n") if note else []
    line_in = NOTE_FONTSIZE * 1.45 / 72
    reserved = (len(note_lines) * line_in + 0.12) / fig.get_figheight()
    if note_lines:
        fig.text(
            0.012,
            0.04 / fig.get_figheight(),
            "\n".join(note_lines),
            ha="left",
            va="bottom",
            fontsize=NOTE_FONTSIZE,
            color="0.35",
            linespacing=1.3,
        )
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0.0, reserved, 1.0, 1.0 - reserved), h_pad=0.06, w_pad=0.06)
    fig.draw_without_rendering()
    _center_title_on_axes(fig, ax)
    # Freeze the computed layout: saving then draws once per format instead of re-solving it.
    fig.set_layout_engine("none")
    return fig


def _center_title_on_axes(fig: Figure, ax: Axes) -> None:
    """Centre the figure title over the plot (where the subtitle is), staying inside the figure."""
    title = fig._suptitle  # the Text made by fig.suptitle
    if title is None:
        return
    renderer = fig.canvas.get_renderer()
    width = title.get_window_extent(renderer).width / fig.bbox.width
    box = ax.get_position()
    center = (box.x0 + box.x1) / 2
    margin = 0.01 + width / 2
    title.set_x(min(max(center, margin), 1 - margin))


def _palette(n: int) -> list[tuple[float, float, float]]:
    return [tuple(c) for c in sns.color_palette(PALETTE, n_colors=max(n, 1))]


def _lighter(color: tuple[float, float, float], amount: float = 0.55) -> tuple[float, float, float]:
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _side_legend(ax: Axes, handles: Sequence[Patch]) -> None:
    """Legend right of the plot: part of the axes' tight box, so constrained layout makes room."""
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        frameon=False,
        fontsize=9,
        handleheight=1.4,
        labelspacing=0.9,
    )


def _flag(texts: Iterable[Any]) -> None:
    """Bar labels carrying a ⚠ mark (a figure the audit disputes) are drawn in the warning colour."""
    for text in texts:
        if disputes.WARNING_SIGN in text.get_text():
            text.set_color(DISPUTE_COLOR)


def _plain_numbers(ax: Axes, axis: str) -> None:
    ax.ticklabel_format(axis=axis, style="plain", useOffset=False)


# ---------------------------------------------------------------------------------- primitives


def year_comparison_chart(
    items: Sequence[YearItem],
    *,
    caption: str,
    prior_year: int,
    current_year: int,
    unit: str = "万元",
    note: str = "",
    subtitle: str | None = None,
    item_axis_label: str = "项目",
) -> Figure:
    """Bars of each item in the prior and the current year, the amount written on every bar.

    A prior value with `derived=True` is drawn lighter and hatched, and the legend says it was
    derived. Items without a prior value show the current year alone. With a single item the
    x axis shows the years and the axis label names the item.
    """
    if not items:
        raise ValueError("year_comparison_chart needs at least one item")
    colors = _palette(2)
    prior_color, current_color = colors[0], colors[1]
    any_prior = any(i.prior is not None for i in items)
    single = len(items) == 1
    with _chart_style():
        fig, ax = _new_figure()
        width = 0.36 if any_prior else 0.5
        values: list[float] = []
        for index, item in enumerate(items):
            has_prior = item.prior is not None
            if single:
                x_prior, x_current = 0.0, (1.0 if has_prior else 0.0)
                bar_width = 0.5
            else:
                x_prior = index - width / 2
                x_current = index + width / 2 if has_prior else index
                bar_width = width
            if item.prior is not None:
                derived = item.prior.derived
                bars = ax.bar(
                    [x_prior],
                    [float(item.prior.value)],
                    width=bar_width,
                    color=_lighter(prior_color) if derived else prior_color,
                    edgecolor=prior_color,
                    linewidth=1.0,
                    hatch=DERIVED_HATCH if derived else None,
                )
                ax.bar_label(
                    bars, labels=[format_amount(item.prior.value)], padding=3, fontsize=10, bbox=LABEL_BOX
                )
                values.append(float(item.prior.value))
            bars = ax.bar(
                [x_current], [float(item.current)], width=bar_width, color=current_color, linewidth=0
            )
            current_label = format_amount(item.current) + (f"\n{item.mark}" if item.mark else "")
            _flag(ax.bar_label(bars, labels=[current_label], padding=3, fontsize=10, bbox=LABEL_BOX))
            values.append(float(item.current))
        top = max([*values, 0.0])
        bottom = min([*values, 0.0])
        span = (top - bottom) or 1.0
        ax.set_ylim(bottom - (0.12 * span if bottom < 0 else 0), top + 0.16 * span)
        _plain_numbers(ax, "y")
        ax.set_ylabel(f"金额（{unit}）")
        if single:
            item = items[0]
            years = (
                [f"{prior_year}年", f"{current_year}年"] if item.prior is not None else [f"{current_year}年"]
            )
            ax.set_xticks(range(len(years)), years)
            ax.set_xlim(-0.8, len(years) - 0.2)
            ax.set_xlabel(item.label)
        else:
            ax.set_xticks(range(len(items)), [wrap_label(i.label, 16) for i in items])
            ax.set_xlabel(item_axis_label)
        ax.grid(axis="x", visible=False)
        handles = _year_legend(items, prior_year, current_year, prior_color, current_color)
        if handles and (not single or any(i.prior is not None and i.prior.derived for i in items)):
            _side_legend(ax, handles)
        return _finish(fig, ax, caption=caption, subtitle=subtitle, note=note)


def _year_legend(
    items: Sequence[YearItem], prior_year: int, current_year: int, prior_color: Any, current_color: Any
) -> list[Patch]:
    priors = [i.prior for i in items if i.prior is not None]
    handles: list[Patch] = []
    if any(not p.derived for p in priors):
        handles.append(Patch(facecolor=prior_color, label=f"{prior_year}年"))
    if any(p.derived for p in priors):
        handles.append(
            Patch(
                facecolor=_lighter(prior_color),
                edgecolor=prior_color,
                hatch=DERIVED_HATCH,
                label=f"{prior_year}年\n（推算值，非公开数）",
            )
        )
    handles.append(Patch(facecolor=current_color, label=f"{current_year}年"))
    return handles


def structure_chart(
    parts: Sequence[Part],
    *,
    caption: str,
    total: Decimal | None,
    unit: str = "万元",
    note: str = "",
    subtitle: str | None = None,
    category_label: str = "项目",
    show_share: bool = True,
    group_labels: Mapping[str, str] | None = None,
) -> Figure:
    """Horizontal bars of the parts of a total, labelled "amount（share%）" (a single part works).

    Shares are the stated ones where given, otherwise amount ÷ `total` (or ÷ the sum of the parts
    when `total` is None or zero). With groups, bars are coloured by group and a legend maps each
    group to `group_labels[group]`; otherwise every part gets its own colour.
    """
    if not parts:
        raise ValueError("structure_chart needs at least one part")
    whole = total if total else sum((p.amount for p in parts), Decimal(0))
    labels = [wrap_label(p.label) for p in parts]
    groups = list(dict.fromkeys(p.group for p in parts if p.group is not None))
    if groups:
        by_group = dict(zip(groups, _palette(len(groups)), strict=True))
        colors = [by_group.get(p.group, (0.6, 0.6, 0.6)) if p.group else (0.6, 0.6, 0.6) for p in parts]
    else:
        colors = (_palette(10) * (len(parts) // 10 + 1))[: len(parts)]
    text_lines = sum(label.count("\n") + 1 for label in labels)
    height = max(HEIGHT_IN if len(parts) > 2 else 3.6, 1.7 + 0.28 * text_lines + 0.08 * len(parts))
    with _chart_style():
        fig, ax = _new_figure(height)
        positions = list(range(len(parts)))
        bars = ax.barh(positions, [float(p.amount) for p in parts], height=0.62, color=colors, linewidth=0)
        bar_texts = []
        for part in parts:
            text = format_amount(part.amount)
            if show_share:
                share = part.share_pct
                if share is None and whole:
                    share = _computed_pct(part.amount, whole)
                if share is not None:
                    text += f"（{format_pct(share)}）"
            if part.mark:
                text += f" {part.mark}"
            bar_texts.append(text)
        _flag(ax.bar_label(bars, labels=bar_texts, padding=4, fontsize=9.5, bbox=LABEL_BOX))
        top = max(float(p.amount) for p in parts) or 1.0
        longest = max(_columns(t) for t in bar_texts)
        ax.set_xlim(0, top * (1.06 + 0.012 * longest))
        pad = max(0.0, (3 - len(parts)) * 0.45)  # keep one or two bars from filling the plot
        ax.set_ylim(len(parts) - 0.4 + pad, -0.6 - pad)
        ax.set_yticks(positions, labels)
        _plain_numbers(ax, "x")
        ax.set_xlabel(f"金额（{unit}）")
        ax.set_ylabel(category_label)
        ax.grid(axis="y", visible=False)
        if groups:
            handles = [Patch(facecolor=by_group[g], label=(group_labels or {}).get(g, g)) for g in groups]
            _side_legend(ax, handles)
        return _finish(fig, ax, caption=caption, subtitle=subtitle, note=note)


def budget_execution_chart(
    items: Sequence[BudgetItem],
    *,
    caption: str,
    unit: str = "万元",
    note: str = "",
    subtitle: str | None = None,
    category_label: str = "项目",
) -> Figure:
    """Grouped horizontal bars, one group per project: budget and executed amount.

    The executed bar carries the completion rate (stated, else executed ÷ budget). An amount the
    text does not state is written as "未列明" instead of a bar.
    """
    if not items:
        raise ValueError("budget_execution_chart needs at least one item")
    budget_color, executed_color = _palette(2)
    labels = [wrap_label(i.label, 24) for i in items]
    text_lines = sum(max(label.count("\n") + 1, 2) for label in labels)
    height = max(HEIGHT_IN, 1.9 + 0.3 * text_lines + 0.12 * len(items))
    step = 0.38
    with _chart_style():
        fig, ax = _new_figure(height)
        amounts: list[float] = []
        longest = 0
        for index, item in enumerate(items):
            for offset, value, color, kind in (
                (-step / 2, item.budget, budget_color, "budget"),
                (step / 2, item.executed, executed_color, "executed"),
            ):
                y = index + offset
                if value is None:
                    ax.text(0, y, " 未列明", va="center", ha="left", fontsize=9, color="0.4")
                    continue
                text = format_amount(value)
                if kind == "executed":
                    pct = item.completion_pct
                    if pct is None and item.budget:
                        pct = _computed_pct(value, item.budget)
                    if pct is not None:
                        text += f"（完成{format_pct(pct)}）"
                    if item.mark:
                        text += f" {item.mark}"
                bars = ax.barh([y], [float(value)], height=step * 0.92, color=color, linewidth=0)
                _flag(ax.bar_label(bars, labels=[text], padding=3, fontsize=9, bbox=LABEL_BOX))
                amounts.append(float(value))
                longest = max(longest, _columns(text))
        top = max([*amounts, 0.0]) or 1.0
        ax.set_xlim(0, top * (1.06 + 0.012 * longest))
        ax.set_ylim(len(items) - 0.45, -0.55)
        ax.set_yticks(range(len(items)), labels)
        _plain_numbers(ax, "x")
        ax.set_xlabel(f"金额（{unit}）")
        ax.set_ylabel(category_label)
        ax.grid(axis="y", visible=False)
        handles = [
            Patch(facecolor=budget_color, label="预算数"),
            Patch(facecolor=executed_color, label="执行数\n（完成率）"),
        ]
        _side_legend(ax, handles)
        return _finish(fig, ax, caption=caption, subtitle=subtitle, note=note)


# -------------------------------------------------------------------------------------- saving


def _write_atomically(fig: Figure, target: Path, fmt: str, metadata: dict[str, Any]) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        with temp.open("xb") as handle:
            fig.savefig(handle, format=fmt, dpi=PNG_DPI, metadata=metadata)
        os.replace(temp, target)
        record_output(target)  # this chart belongs to the report being built (runner stamps)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def save_chart(fig: Figure, folder: Path, stem: str) -> list[Path]:
    """Write `<stem>.png` (150 dpi) and `<stem>.svg` into `folder`, then close the figure.

    Each file is written to a temporary file in the same folder and moved into place with
    os.replace, so a reader never sees a half-written chart. Metadata carry no date (and the PNG
    no software version), and the SVG ids use a fixed salt: the same chart gives the same bytes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
    try:
        with mpl.rc_context(cjk_rc_params()):
            _write_atomically(fig, png, "png", {"Software": None})
            _write_atomically(fig, svg, "svg", {"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    return [png, svg]


def save_report_charts(charts: Iterable[ReportChart], folder: Path) -> list[Path]:
    """Save every chart (see `save_chart`); returns the written paths in order."""
    written: list[Path] = []
    for chart in charts:
        written += save_chart(chart.figure, folder, chart.stem)
    return written


# -------------------------------------------------------------------------------- named charts


def priors_from_changes(extraction: Extraction) -> dict[str, PriorValue]:
    """Prior-year values derived from the stated changes: current − signed change, for every fact
    that states a change (the extraction signs changes by their direction word)."""
    priors: dict[str, PriorValue] = {}
    for fact in extraction.facts:
        if fact.change is None or fact.direction == "none":
            continue
        line = fact.attribute_sources.get("change")
        where = f"（第{line.line}行）" if line is not None and line.line != fact.line else ""
        priors[fact.key] = PriorValue(
            value=fact.value - fact.change,
            derived=True,
            source=f"由文中变动额推算{where}",
        )
    return priors


@dataclass(frozen=True)
class _Context:
    extraction: Extraction
    prior: Mapping[str, PriorValue]
    department: str
    fiscal_year: int
    baseline_year: int
    findings: Sequence[Finding] = ()

    def dispute(self, rules: Sequence[str], stated: Decimal | None, lines: Iterable[int]) -> Finding | None:
        return disputes.find_dispute(self.findings, rules=rules, stated=stated, lines=lines)

    def unit(self, *facts: Fact | None) -> str:
        for fact in facts:
            if fact is not None and fact.unit:
                return fact.unit
        return self.extraction.unit or "万元"

    def note(self, lines: Iterable[int], remarks: Iterable[str] = ()) -> str:
        return source_note(self.department, self.fiscal_year, lines, remarks)


def _fact_lines(fact: Fact, *attributes: str) -> list[int]:
    lines = [fact.line]
    for name in attributes:
        source = fact.attribute_sources.get(name)
        if source is not None:
            lines.append(source.line)
    return lines


def _prior_remark(prior: PriorValue, year: int) -> str:
    how = prior.source.strip()
    if prior.derived:
        return f"{year}年数值{how}" if how.startswith("由") else f"{year}年数值为推算值（{how}）"
    return f"{year}年数值取自{how}"


def _change_words(base: str, change: Decimal, growth: Decimal | None, unit: str) -> str:
    if change == 0:
        return f"{base}持平"
    word = "增加" if change > 0 else "减少"
    text = f"{base}{word}{format_amount(abs(change))}{unit}"
    if growth is not None:
        text += f"，{'增长' if change > 0 else '下降'}{format_pct(abs(growth))}"
    return text


def _stated_change_words(
    fact: Fact, unit: str, change_mark: str | None = None, growth_mark: str | None = None
) -> str:
    """The change as the text states it (its own direction words, not re-derived), each figure
    followed by its mark when the audit disputes it."""
    parts = []
    if fact.change is not None:
        words = (
            "持平"
            if fact.change == 0
            else f"{'增加' if fact.change > 0 else '减少'}{format_amount(abs(fact.change))}{unit}"
        )
        parts.append(words + (f" {change_mark}" if change_mark else ""))
    if fact.growth_pct is not None:
        words = f"{'下降' if fact.growth_pct < 0 else '增长'}{format_pct(abs(fact.growth_pct))}"
        parts.append(words + (f" {growth_mark}" if growth_mark else ""))
    return "，".join(parts)


def _change_subtitle(
    fact: Fact, prior: PriorValue | None, ctx: _Context, unit: str, found: list[tuple[Finding, str]]
) -> str | None:
    """The subtitle of a year chart, consistent with its bars.

    With a published prior the subtitle is the change between the two bars; a stated change the
    audit disputes follows it, marked ⚠ with the recomputed value. With a derived prior (the bars
    come from the stated change) the stated change is shown, a disputed growth rate or direction
    marked. Disputes found are appended to `found` (finding, what it disputes).
    """
    base = f"较{ctx.baseline_year}年"
    lines = _fact_lines(fact, "change", "growth_pct")
    change_dispute = ctx.dispute(disputes.CHANGE_RULES, fact.change, lines)
    growth_dispute = ctx.dispute(disputes.GROWTH_RULES, fact.growth_pct, lines)
    if growth_dispute is not None and growth_dispute is change_dispute:
        change_dispute = None  # one finding (a direction conflict) about both figures
    change_mark = disputes.mark(change_dispute, fact.change, unit=unit) if change_dispute else None
    growth_mark = disputes.mark(growth_dispute, fact.growth_pct, percent=True) if growth_dispute else None
    if change_dispute is not None:
        found.append((change_dispute, f"文中变动额{format_amount(fact.change or Decimal(0))}{unit}"))
    if growth_dispute is not None:
        what = "文中增减表述" if growth_dispute.rule == "change.direction" else "文中增长率"
        figure = format_pct(fact.growth_pct or Decimal(0))
        stated = (
            f"（{_stated_change_words(fact, unit)}）" if growth_dispute.rule == "change.direction" else figure
        )
        found.append((growth_dispute, f"{what}{stated}"))
    if prior is not None and not prior.derived:
        change = fact.value - prior.value
        growth = _computed_pct(change, prior.value) if prior.value else None
        if change_mark or growth_mark:
            stated = _stated_change_words(fact, unit, change_mark, growth_mark)
            return _change_words(base, change, growth, unit) + f"（按两年公开数计算）；文中表述为{stated}"
        if fact.change is not None:  # stated, and the audit finds it agrees with the published bars
            return _change_words(base, fact.change, fact.growth_pct or growth, unit) + "（与上年公开数相符）"
        return _change_words(base, change, growth, unit) + "（按两年公开数计算）"
    change, growth, computed = fact.change, fact.growth_pct, False
    if change is None and prior is not None:
        change, computed = fact.value - prior.value, True
        growth = _computed_pct(change, prior.value) if prior.value else None
    if change is None:
        return None
    if growth_dispute is not None and growth_dispute.rule == "change.direction":
        return f"{base}文中表述为{_stated_change_words(fact, unit, change_mark, growth_mark)}"
    if computed:
        return _change_words(base, change, growth, unit) + "（按两年数值计算）"
    text = _change_words(base, change, growth, unit)
    for figure_mark in (change_mark, growth_mark):
        if figure_mark:
            text += f" {figure_mark}"
    return text


def _disputed_amount(ctx: _Context, label: str, value: Decimal, line: int, found: list) -> str | None:
    """The mark of an amount whose copies disagree (or whose identity fails); None when undisputed."""
    finding = ctx.dispute(disputes.AMOUNT_RULES, value, [line])
    if finding is None:
        return None
    found.append((finding, f"{label}{format_amount(value)}"))
    return disputes.mark(finding, value)


def _remarks(found: list[tuple[Finding, str]]) -> list[str]:
    return [disputes.remark(f, what) for f, what in _unique(found)]


def _unique(found: list[tuple[Finding, str]]) -> list[tuple[Finding, str]]:
    seen: list[Finding] = []
    out = []
    for finding, what in found:
        if not any(finding is f for f in seen):
            seen.append(finding)
            out.append((finding, what))
    return out


def _found(found: list[tuple[Finding, str]]) -> tuple[Finding, ...]:
    return tuple(f for f, _ in _unique(found))


def _year_chart(ctx: _Context, key: str, number: str, title: str, stem: str) -> ReportChart | None:
    fact = ctx.extraction.fact(key)
    if fact is None:
        return None
    prior = ctx.prior.get(key)
    unit = ctx.unit(fact)
    if prior is None:
        remarks = [f"文中未给出{ctx.baseline_year}年可比数值，仅绘{ctx.fiscal_year}年"]
    else:
        remarks = [_prior_remark(prior, ctx.baseline_year)]
    label = SPEC_BY_KEY[key].label if key in SPEC_BY_KEY else fact.label
    found: list[tuple[Finding, str]] = []
    subtitle = _change_subtitle(fact, prior, ctx, unit, found)
    current_mark = _disputed_amount(ctx, label, fact.value, fact.line, found)
    lines = _fact_lines(fact, "change", "growth_pct")
    note = ctx.note(lines, remarks + _remarks(found))
    figure = year_comparison_chart(
        [YearItem(label, fact.value, prior, current_mark)],
        caption=f"{number} {title}",
        prior_year=ctx.baseline_year,
        current_year=ctx.fiscal_year,
        unit=unit,
        note=note,
        subtitle=subtitle,
    )
    return ReportChart(number, title, figure, stem, note, _found(found), tuple(lines))


def _share_remark(parts: Sequence[Part], total: Decimal | None, total_label: str) -> str:
    if all(p.share_pct is not None for p in parts):
        return ""
    if total:
        return f"占比：文中未列明者按金额÷{total_label}计算"
    return "占比：按各项之和计算"


def _fact_structure_chart(
    ctx: _Context,
    keys: Sequence[str],
    total_key: str,
    number: str,
    title: str,
    stem: str,
    category_label: str,
) -> ReportChart | None:
    facts = [f for f in (ctx.extraction.fact(k) for k in keys) if f is not None]
    shown = [f for f in facts if f.value != 0]
    if not shown:
        return None
    total = ctx.extraction.fact(total_key)
    total_label = SPEC_BY_KEY[total_key].label
    found: list[tuple[Finding, str]] = []
    parts = [
        Part(
            SPEC_BY_KEY[f.key].label,
            f.value,
            f.share_pct,
            mark=_part_mark(
                ctx, SPEC_BY_KEY[f.key].label, f.value, f.share_pct, _fact_lines(f, "share_pct"), found
            ),
        )
        for f in shown
    ]
    unit = ctx.unit(total, *shown)
    zeros = [SPEC_BY_KEY[f.key].label for f in facts if f.value == 0]
    remarks = [_share_remark(parts, total.value if total else None, total_label)]
    if zeros:
        remarks.append(f"文中列为0、未绘：{'、'.join(zeros)}")
    lines = [f.line for f in facts]
    return _total_structure_chart(
        ctx, parts, total, total_label, unit, lines, remarks, number, title, stem, category_label, found
    )


def _part_mark(
    ctx: _Context,
    label: str,
    amount: Decimal,
    share: Decimal | None,
    lines: list[int],
    found: list[tuple[Finding, str]],
) -> str | None:
    """Marks for a bar: its stated share disputed (⚠ 重算 x%), its amount's copies disagreeing."""
    marks = []
    finding = ctx.dispute(disputes.SHARE_RULES, share, lines)
    if finding is not None and share is not None:
        marks.append(disputes.mark(finding, share, percent=True))
        found.append((finding, f"{label}占比{format_pct(share)}"))
    amount_mark = _disputed_amount(ctx, label, amount, lines[0], found)
    if amount_mark:
        marks.append(amount_mark)
    return " ".join(marks) or None


def _total_structure_chart(
    ctx: _Context,
    parts: list[Part],
    total: Fact | None,
    total_label: str,
    unit: str,
    lines: list[int],
    remarks: list[str],
    number: str,
    title: str,
    stem: str,
    category_label: str,
    found: list[tuple[Finding, str]],
) -> ReportChart:
    """A structure chart of parts of a stated total, with its subtitle and source note.

    A stated total the audit disputes (an identity that fails, copies that disagree) is marked
    ⚠ in the subtitle; every dispute is cited in the note.
    """
    subtitle = f"{total_label}{format_amount(total.value)}{unit}" if total else None
    if total is not None:
        finding = ctx.dispute(disputes.TOTAL_RULES + disputes.AMOUNT_RULES, total.value, [total.line])
        if finding is not None:
            subtitle = f"{subtitle} {disputes.mark(finding, total.value)}"
            found.append((finding, f"{total_label}{format_amount(total.value)}{unit}"))
    cited = lines + ([total.line] if total else [])
    note = ctx.note(cited, remarks + _remarks(found))
    figure = structure_chart(
        parts,
        caption=f"{number} {title}",
        total=total.value if total else None,
        unit=unit,
        note=note,
        subtitle=subtitle,
        category_label=category_label,
    )
    return ReportChart(number, title, figure, stem, note, _found(found), tuple(cited))


def _codes(rows: list[FunctionalRow]) -> set[str]:
    return {r.code for r in rows if r.code}


def _functional_rows(extraction: Extraction, level: str) -> list[FunctionalRow]:
    """Rows of one level from the narrative, or from the tables when the table lists more codes
    (the 一般公共预算财政拨款支出决算表 gives the full 项 list); one row per code."""
    narrative = [r for r in extraction.functional if r.level == level and r.source == "narrative"]
    tables = [r for r in extraction.functional if r.level == level and r.source != "narrative"]
    rows = tables if len(_codes(tables)) > len(_codes(narrative)) else narrative or tables
    unique: dict[str, FunctionalRow] = {}
    for row in rows:
        unique.setdefault(row.code or f"{row.name}@{row.line}", row)
    return list(unique.values())


def _class_chart(ctx: _Context) -> ReportChart | None:
    number, title = "图6", "一般公共预算财政拨款支出决算结构"
    rows = [r for r in _functional_rows(ctx.extraction, "class") if r.amount != 0]
    if not rows:
        return None
    total = ctx.extraction.fact("general_budget_expenditure")
    found: list[tuple[Finding, str]] = []
    parts = []
    for r in rows:
        label = f"{r.name}（{r.code}）" if r.code else r.name
        parts.append(
            Part(
                label,
                r.amount,
                r.share_pct,
                mark=_part_mark(ctx, label, r.amount, r.share_pct, [r.line], found),
            )
        )
    unit = rows[0].unit or ctx.unit(total)
    remarks = [_share_remark(parts, total.value if total else None, "一般公共预算财政拨款支出")]
    if rows[0].source != "narrative":
        remarks.append("数据取自一般公共预算财政拨款支出决算表")
    return _total_structure_chart(
        ctx,
        parts,
        total,
        "一般公共预算财政拨款支出",
        unit,
        [r.line for r in rows],
        remarks,
        number,
        title,
        "fig6_general_budget_structure",
        "功能分类（类）",
        found,
    )


def _item_chart(ctx: _Context) -> ReportChart | None:
    number, title = "附图1", "功能分类支出明细"
    rows = sorted(_functional_rows(ctx.extraction, "item"), key=lambda r: r.code or "")
    if not rows:
        return None
    classes = {r.code: r.name for r in ctx.extraction.functional if r.level == "class" and r.code}
    for row in ctx.extraction.functional:  # class names from the narrative win over table names
        if row.level == "class" and row.code and row.source == "narrative":
            classes[row.code] = row.name
    parts: list[Part] = []
    group_labels: dict[str, str] = {}
    for row in rows:
        group = (row.code or "")[:3] or None
        if group is not None:
            name = classes.get(group) or (row.stated_path or "").split(" / ")[0]
            group_labels[group] = f"{group} {name}".strip()
        parts.append(Part(f"{row.code} {row.name}" if row.code else row.name, row.amount, None, group))
    unit = rows[0].unit or ctx.unit()
    remarks = ["按功能分类科目（项）列示，颜色区分所属类"]
    if rows[0].source != "narrative":
        remarks.append("数据取自一般公共预算财政拨款支出决算表")
    found: list[tuple[Finding, str]] = []
    parts = [
        replace(part, mark=_disputed_amount(ctx, part.label, part.amount, row.line, found))
        for part, row in zip(parts, rows, strict=True)
    ]
    note = ctx.note([r.line for r in rows], remarks + _remarks(found))
    figure = structure_chart(
        parts,
        caption=f"{number} {title}",
        total=None,
        unit=unit,
        note=note,
        category_label="功能分类科目（项）",
        show_share=False,
        group_labels=group_labels,
    )
    return ReportChart(
        number, title, figure, "appendix1_functional_items", note, _found(found), tuple(r.line for r in rows)
    )


def _basic_chart(ctx: _Context) -> ReportChart | None:
    total_key = "general_budget_basic" if ctx.extraction.fact("general_budget_basic") else "expenditure_basic"
    return _fact_structure_chart(
        ctx,
        ("personnel_expenditure", "public_expenditure"),
        total_key,
        "附图2",
        "基本支出构成",
        "appendix2_basic_expenditure",
        "经济分类",
    )


def _project_chart(ctx: _Context) -> ReportChart | None:
    number, title = "附图3", "项目预算与执行"
    projects = [p for p in ctx.extraction.projects if p.budget is not None or p.executed is not None]
    if not projects:
        return None
    found: list[tuple[Finding, str]] = []
    items = []
    for p in projects:
        lines = [p.line, p.narrative_line or 0]
        marks = []
        completion = ctx.dispute(disputes.COMPLETION_RULES, p.completion_pct, lines)
        if completion is not None and p.completion_pct is not None:
            marks.append(disputes.mark(completion, p.completion_pct, percent=True))
            found.append((completion, f"“{p.name}”完成率{format_pct(p.completion_pct)}"))
        if p.executed is not None:
            marks.append(_disputed_amount(ctx, f"“{p.name}”执行数", p.executed, p.line, found) or "")
        items.append(
            BudgetItem(
                p.name, p.budget, p.executed, p.completion_pct, " ".join(m for m in marks if m) or None
            )
        )
    unit = next((p.unit for p in projects if p.unit), None) or ctx.unit()
    remarks = ["预算数、执行数取自项目支出绩效目标完成情况表"]
    if any(p.completion_pct is None for p in projects if p.budget and p.executed is not None):
        remarks.append("完成率文中未列明者按执行数÷预算数计算")
    note = ctx.note([p.line for p in projects], remarks + _remarks(found))
    figure = budget_execution_chart(items, caption=f"{number} {title}", unit=unit, note=note)
    return ReportChart(
        number, title, figure, "appendix3_projects", note, _found(found), tuple(p.line for p in projects)
    )


def build_report_charts(
    extraction: Extraction,
    prior: Mapping[str, PriorValue],
    *,
    department: str,
    fiscal_year: int,
    baseline_year: int,
    only: Collection[str] | None = None,
    findings: Sequence[Finding] = (),
) -> list[ReportChart]:
    """The report's charts in order: 图1…图6, then 附图1…附图3 (`only`: just these numbers).

    `prior` maps fact keys ("total", "appropriation_total", "general_budget_expenditure") to the
    prior-year value (see `priors_from_changes`). A chart whose figures the extraction does not
    state is left out; a comparison without a prior value shows the current year alone.
    `findings` (the audit's): a stated figure they dispute is marked ⚠ with the recomputed value
    and the finding is cited in the chart's note and listed in `ReportChart.findings`.
    """
    ctx = _Context(extraction, prior, department, fiscal_year, baseline_year, tuple(findings))
    builders: list[tuple[str, Callable[[], ReportChart | None]]] = [
        ("图1", lambda: _year_chart(ctx, "total", "图1", "收、支决算总计变动情况", "fig1_total_change")),
        (
            "图2",
            lambda: _fact_structure_chart(
                ctx,
                INCOME_SOURCE_KEYS,
                "income_total",
                "图2",
                "收入决算结构",
                "fig2_income_structure",
                "收入来源",
            ),
        ),
        (
            "图3",
            lambda: _fact_structure_chart(
                ctx,
                EXPENDITURE_PART_KEYS,
                "expenditure_total",
                "图3",
                "支出决算结构",
                "fig3_expenditure_structure",
                "支出类型",
            ),
        ),
        (
            "图4",
            lambda: _year_chart(
                ctx,
                "appropriation_total",
                "图4",
                "财政拨款收、支决算总计变动情况",
                "fig4_appropriation_change",
            ),
        ),
        (
            "图5",
            lambda: _year_chart(
                ctx,
                "general_budget_expenditure",
                "图5",
                "一般公共预算财政拨款支出决算变动情况",
                "fig5_general_budget_change",
            ),
        ),
        ("图6", lambda: _class_chart(ctx)),
        ("附图1", lambda: _item_chart(ctx)),
        ("附图2", lambda: _basic_chart(ctx)),
        ("附图3", lambda: _project_chart(ctx)),
    ]
    charts = [build() for number, build in builders if only is None or number in only]
    return [chart for chart in charts if chart is not None]

"""Report charts: titles, exact Decimal labels, source notes, files, and no missing glyphs."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from PIL import Image

from helpers.charts import (
    BudgetItem,
    Part,
    PriorValue,
    ReportChart,
    YearItem,
    budget_execution_chart,
    build_report_charts,
    format_amount,
    priors_from_changes,
    save_chart,
    save_report_charts,
    structure_chart,
    year_comparison_chart,
)
from helpers.extract import extract_path
from helpers.extract.model import Extraction, Fact, FunctionalRow, Project

SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "510303-xzspj" / "2020.txt"
SEED_DEPARTMENT = "自贡市贡井区行政审批局"

SEED_CAPTIONS = [
    "图1 收、支决算总计变动情况",
    "图2 收入决算结构",
    "图3 支出决算结构",
    "图4 财政拨款收、支决算总计变动情况",
    "图5 一般公共预算财政拨款支出决算变动情况",
    "图6 一般公共预算财政拨款支出决算结构",
    "附图1 功能分类支出明细",
    "附图2 基本支出构成",
    "附图3 项目预算与执行",
]


def glyph_warnings(records: list[warnings.WarningMessage]) -> list[str]:
    """matplotlib's "Glyph NNNN (...) missing from font(s) ..." warnings among `records`."""
    messages = [str(r.message) for r in records]
    return [m for m in messages if "missing from" in m or "Glyph" in m]


def texts(figure: Figure) -> list[str]:
    """Every text drawn on the figure: titles, bar labels, tick labels, legend, source note."""
    return [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def bar_labels(figure: Figure) -> list[str]:
    """The texts inside the axes (bar labels) in drawing order."""
    return [t.get_text() for ax in figure.axes for t in ax.texts]


def by_number(charts: list[ReportChart]) -> dict[str, ReportChart]:
    return {c.number: c for c in charts}


@dataclass
class Rendered:
    charts: list[ReportChart]
    paths: list[Path]
    glyph_warnings: list[str]
    folder: Path
    drawn: dict[str, list[str]]  # number → every text on the figure
    labels: dict[str, list[str]]  # number → bar labels


@pytest.fixture(scope="module")
def seed() -> Extraction:
    _, extraction = extract_path(SEED)
    return extraction


@pytest.fixture(scope="module")
def seed_rendered(seed: Extraction, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Build and save every chart of the seed once, recording every warning on the way."""
    folder = tmp_path_factory.mktemp("charts")
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        charts = build_report_charts(
            seed,
            priors_from_changes(seed),
            department=SEED_DEPARTMENT,
            fiscal_year=2020,
            baseline_year=2019,
        )
        drawn = {c.number: texts(c.figure) for c in charts}
        labels = {c.number: bar_labels(c.figure) for c in charts}
        paths = save_report_charts(charts, folder)
    return Rendered(charts, paths, glyph_warnings(records), folder, drawn, labels)


@pytest.fixture
def synthetic_extraction() -> Extraction:
    """A SYNTHETIC hand-built extraction (invented numbers): shares not stated, a zero part,
    functional figures only from a table, a project without an executed amount."""

    def fact(key: str, value: str, line: int, **kw: object) -> Fact:
        return Fact(key=key, label=key, value=Decimal(value), unit="万元", line=line, **kw)  # type: ignore[arg-type]

    return Extraction(
        department="合成测试局（SYNTHETIC）",
        fiscal_year=2021,
        unit="万元",
        facts=[
            fact(
                "total",
                "1000.50",
                11,
                change=Decimal("-100.25"),
                growth_pct=Decimal("-9.11"),
                direction="减少",
            ),
            fact("income_total", "900.00", 20),
            fact("income_general_budget", "900.00", 21),
            fact("income_other", "0", 22),
            fact("expenditure_total", "950.10", 30),
            fact("expenditure_basic", "600.10", 31),
            fact("expenditure_project", "350", 32),
            fact("general_budget_expenditure", "950.10", 40),
        ],
        functional=[
            FunctionalRow(
                "205",
                "class",
                "教育支出",
                Decimal("800.10"),
                "万元",
                source="table:财政拨款支出决算表",
                line=50,
            ),
            FunctionalRow(
                "208", "class", "社会保障和就业支出", Decimal("150.00"), "万元", source="table:x", line=51
            ),
            FunctionalRow(
                "2050201", "item", "学前教育", Decimal("800.10"), "万元", source="table:x", line=52
            ),
        ],
        projects=[
            Project("合成项目甲", Decimal("120.00"), Decimal("96.30"), "万元", line=60),
            Project("合成项目乙（未列执行数）", Decimal("30.5"), None, "万元", line=61),
        ],
        numbers=[],
    )


# ------------------------------------------------------------------------------------- seed


def test_every_named_chart_of_the_seed_is_produced_with_the_exact_titles(seed_rendered: Rendered) -> None:
    assert [c.caption for c in seed_rendered.charts] == SEED_CAPTIONS
    assert [c.stem for c in seed_rendered.charts] == [
        "fig1_total_change",
        "fig2_income_structure",
        "fig3_expenditure_structure",
        "fig4_appropriation_change",
        "fig5_general_budget_change",
        "fig6_general_budget_structure",
        "appendix1_functional_items",
        "appendix2_basic_expenditure",
        "appendix3_projects",
    ]
    for chart in seed_rendered.charts:
        assert chart.caption in seed_rendered.drawn[chart.number]  # drawn on the figure itself


def test_drawing_and_saving_every_chart_emits_no_missing_glyph_warning(seed_rendered: Rendered) -> None:
    assert seed_rendered.glyph_warnings == []


def test_bar_labels_are_the_exact_decimal_strings(seed_rendered: Rendered) -> None:
    labels = seed_rendered.labels
    assert labels["图1"] == ["233.57", "289.04"]  # 2019 derived as 289.04 − 55.47
    assert labels["图2"] == ["256.1（100%）"]  # a single part at 100 %
    assert labels["图3"] == ["143.39（49.61%）", "145.65（50.39%）"]
    assert labels["图4"] == ["233.57", "289.04"]
    assert labels["图5"] == ["233.57", "289.04"]
    assert labels["图6"] == ["273.13（94.5%）", "6.92（2.39%）", "3.8（1.31%）", "5.19（1.8%）"]
    assert labels["附图1"] == ["137.32", "135.81", "6.92", "3.8", "5.19"]
    assert labels["附图2"] == ["114.02（79.52%）", "29.38（20.49%）"]  # shares computed of 143.39
    assert labels["附图3"][:2] == ["31.63", "31.63（完成100%）"]
    every = [label for bars in labels.values() for label in bars]
    assert all(re.fullmatch(r"-?\d+(\.\d+)?(（(完成)?-?\d+(\.\d+)?%）)?", label) for label in every), every
    assert not any(re.search(r"\d{5,}\d*(?<!0)$|0000|9999", label.split("（")[0]) for label in every)


def test_tick_and_legend_texts_name_items_and_mark_the_derived_year(seed_rendered: Rendered) -> None:
    drawn = seed_rendered.drawn
    assert "2019年" in drawn["图1"] and "2020年" in drawn["图1"]
    assert any("推算" in t for t in drawn["图1"])  # legend text of the hatched bar
    assert "金额（万元）" in drawn["图1"] and "金额（万元）" in drawn["附图1"]
    assert "一般公共服务（201）" in drawn["图6"]
    assert any(t.startswith("2010301 行政运行") for t in drawn["附图1"])
    assert "201 一般公共服务" in drawn["附图1"]  # colour legend by class


def test_source_notes_cite_the_lines_and_the_derivation(seed_rendered: Rendered) -> None:
    charts = by_number(seed_rendered.charts)
    assert charts["图1"].note == (
        "资料来源：自贡市贡井区行政审批局2020年度部门决算，第230行；2019年数值由文中变动额推算"
    )
    assert "第243、245行" in charts["图2"].note
    assert "第274、291、293、295行" in charts["图6"].note
    assert "第306、314、318、324、328行" in charts["附图1"].note
    assert "第524、621、725、844、938行" in charts["附图3"].note
    for chart in seed_rendered.charts:  # the note is drawn (wrapped) at the bottom of the figure
        assert any(t.replace("\n", "") == chart.note for t in seed_rendered.drawn[chart.number]), chart.number


def test_png_and_svg_files_are_written_and_the_png_opens(seed_rendered: Rendered) -> None:
    assert len(seed_rendered.paths) == 2 * len(SEED_CAPTIONS)
    for chart in seed_rendered.charts:
        png = seed_rendered.folder / f"{chart.stem}.png"
        svg = seed_rendered.folder / f"{chart.stem}.svg"
        assert png in seed_rendered.paths and svg in seed_rendered.paths
        with Image.open(png) as image:
            image.verify()
        with Image.open(png) as image:
            assert image.format == "PNG"
            assert image.size[0] == 1200 and image.size[1] >= 500  # 8 in at 150 dpi
        head = svg.read_text(encoding="utf-8")
        assert head.lstrip().startswith("<?xml") and "<svg" in head
        assert "<dc:date>" not in head and "<text" not in head  # no date; glyphs drawn as paths
    assert not [p for p in seed_rendered.folder.iterdir() if p.name.startswith(".")]  # no temp files left


def only_total(extraction: Extraction) -> Extraction:
    """The seed reduced to its 收、支总计 fact, so that only 图1 is drawn (keeps the tests fast)."""
    facts = [f for f in extraction.facts if f.key == "total"]
    return replace(extraction, facts=facts, functional=[], projects=[])


def test_prior_chart_without_prior_value_draws_the_current_year_alone(seed: Extraction) -> None:
    (chart,) = build_report_charts(
        only_total(seed), {}, department=SEED_DEPARTMENT, fiscal_year=2020, baseline_year=2019
    )
    assert chart.number == "图1"
    assert bar_labels(chart.figure) == ["289.04"]
    assert "文中未给出2019年可比数值，仅绘2020年" in chart.note
    assert "第230行" in chart.note


def test_published_prior_is_drawn_solid_and_cited(seed: Extraction) -> None:
    prior = {"total": PriorValue(Decimal("233.57"), False, "2019年度决算第230行")}
    (chart,) = build_report_charts(
        only_total(seed), prior, department=SEED_DEPARTMENT, fiscal_year=2020, baseline_year=2019
    )
    assert "2019年数值取自2019年度决算第230行" in chart.note
    hatches = [p.get_hatch() for p in chart.figure.axes[0].patches]
    assert hatches == [None, None]


# -------------------------------------------------------------------------------- synthetic


def test_synthetic_extraction_charts_and_skips(synthetic_extraction: Extraction) -> None:
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        charts = build_report_charts(
            synthetic_extraction,
            priors_from_changes(synthetic_extraction),
            department="合成测试局",
            fiscal_year=2021,
            baseline_year=2020,
        )
    assert glyph_warnings(records) == []
    assert [c.caption for c in charts] == [
        "图1 收、支决算总计变动情况",
        "图2 收入决算结构",
        "图3 支出决算结构",
        "图5 一般公共预算财政拨款支出决算变动情况",  # no appropriation_total: 图4 skipped
        "图6 一般公共预算财政拨款支出决算结构",
        "附图1 功能分类支出明细",
        "附图3 项目预算与执行",  # no personnel/public figures: 附图2 skipped
    ]
    found = by_number(charts)
    assert bar_labels(found["图1"].figure) == ["1100.75", "1000.50"]  # 1000.50 + 100.25
    assert "较2020年减少100.25万元，下降9.11%" in texts(found["图1"].figure)
    assert bar_labels(found["图2"].figure) == ["900.00（100%）"]
    assert "文中列为0、未绘：其他收入" in found["图2"].note
    assert bar_labels(found["图3"].figure) == ["600.10（63.16%）", "350（36.84%）"]
    assert "按金额÷本年支出合计计算" in found["图3"].note
    assert bar_labels(found["图5"].figure) == ["950.10"]  # no stated change: current year alone
    assert bar_labels(found["图6"].figure) == ["800.10（84.21%）", "150.00（15.79%）"]
    assert "数据取自一般公共预算财政拨款支出决算表" in found["图6"].note
    assert "第40、50、51行" in found["图6"].note
    assert bar_labels(found["附图3"].figure) == ["120.00", "96.30（完成80.25%）", "30.5", " 未列明"]


def test_synthetic_without_figures_gives_no_charts(synthetic_extraction: Extraction) -> None:
    empty = Extraction(
        "合成测试局（SYNTHETIC）", 2021, "万元", facts=[], functional=[], projects=[], numbers=[]
    )
    assert build_report_charts(empty, {}, department="合成", fiscal_year=2021, baseline_year=2020) == []


# ------------------------------------------------------------------------------- primitives


def test_primitives_accept_decimals_and_save_deterministically(tmp_path: Path) -> None:
    def year_chart() -> Figure:
        return year_comparison_chart(
            [
                YearItem("合成甲", Decimal("10.10"), PriorValue(Decimal("8"), True, "由变动额推算")),
                YearItem("合成乙", Decimal("0.3")),
            ],
            caption="合成 同比",
            prior_year=2020,
            current_year=2021,
            note="资料来源：合成（SYNTHETIC）",
        )

    first, second = year_chart(), year_chart()
    assert bar_labels(first) == ["8", "10.10", "0.3"]
    assert first.axes[0].patches[0].get_hatch() == "///"  # the derived prior is hatched
    a = save_chart(first, tmp_path / "a", "chart")
    b = save_chart(second, tmp_path / "b", "chart")
    assert [p.name for p in a] == ["chart.png", "chart.svg"]
    for left, right in zip(a, b, strict=True):
        assert left.read_bytes() == right.read_bytes()
    png = a[0].read_bytes()
    assert b"tIME" not in png and b"Software" not in png


def test_structure_and_budget_primitives_label_exact_values() -> None:
    single = structure_chart([Part("唯一部分", Decimal("5.5"))], caption="合成 结构", total=Decimal("5.5"))
    assert bar_labels(single) == ["5.5（100%）"]
    budget = budget_execution_chart([BudgetItem("合成项目", None, Decimal("1.25"))], caption="合成 预算")
    assert bar_labels(budget) == [" 未列明", "1.25"]


def test_format_amount_keeps_the_stated_decimals() -> None:
    assert format_amount(Decimal("289.04")) == "289.04"
    assert format_amount(Decimal("3.8")) == "3.8"
    assert format_amount(Decimal("486.30")) == "486.30"
    assert format_amount(Decimal("289.04") - Decimal("55.47")) == "233.57"
    assert format_amount(Decimal("1E+2")) == "100"


def test_functional_item_chart_uses_the_full_item_list_of_the_table():
    """SYNTHETIC rows: the narrative names one 项, the 一般公共预算财政拨款支出决算表 lists three."""
    from helpers.charts import _functional_rows
    from helpers.extract.model import Extraction, FunctionalRow

    def row(code, source):
        return FunctionalRow(code=code, level="item", name=f"合成{code}", amount=Decimal("1.00"), unit="万元",
                             source=source)

    table = "table:一般公共预算财政拨款支出决算表"
    extraction = Extraction(None, 2024, "万元", [], [row("2010101", "narrative"), row("2010101", table),
                            row("2010102", table), row("2010199", table)], [], [])
    assert [r.code for r in _functional_rows(extraction, "item")] == ["2010101", "2010102", "2010199"]
    extraction.functional = extraction.functional[:2]
    assert [r.source for r in _functional_rows(extraction, "item")] == ["narrative"]


# ------------------------------------------------------------- charts agree with the audit


def _audited(name: str):
    """A SYNTHETIC fixture (tests/fixtures/synthetic, planted mistakes listed in its README):
    its extraction and audit findings."""
    from helpers.audit import audit

    from .conftest import SYNTHETIC_DIR, extracted

    document, extraction = extracted(SYNTHETIC_DIR / name)
    return extraction, audit(document, extraction)


def _report(extraction: Extraction, findings, prior=None, fiscal_year=2021, **kw) -> dict[str, ReportChart]:
    charts = build_report_charts(
        extraction,
        priors_from_changes(extraction) if prior is None else prior,
        department="合成测试局",
        fiscal_year=fiscal_year,
        baseline_year=fiscal_year - 1,
        findings=findings,
        **kw,
    )
    return by_number(charts)


def test_a_disputed_share_on_a_bar_is_marked_with_the_recomputed_value() -> None:
    # planted (b): 社会保障和就业 2189.97 / 27398.12 = 7.99 %, the text says 8.99 %
    extraction, findings = _audited("sc_county_edu_2021.txt")
    chart = _report(extraction, findings)["图6"]
    assert "2189.97（8.99%） ⚠ 重算7.99%" in bar_labels(chart.figure)
    assert "⚠ 社会保障和就业（208）占比8.99%与审计发现不符" in chart.note and "share.recompute" in chart.note
    assert [f.rule for f in chart.findings] == ["share.recompute", "repeat.figure"]
    undisputed = [label for label in bar_labels(chart.figure) if "8.99%" not in label]
    assert undisputed and not any("⚠" in label for label in undisputed)


def test_a_restated_total_whose_copies_disagree_is_marked_on_bar_and_subtitle() -> None:
    # planted (c): 附件1 restates 一般公共预算财政拨款支出 as 27389.12 (section 五: 27398.12)
    extraction, findings = _audited("sc_county_edu_2021.txt")
    charts = _report(extraction, findings)
    assert "27398.12\n⚠ 另一处为27389.12" in bar_labels(charts["图5"].figure)
    assert charts["图6"].figure.axes[0].get_title().endswith("27398.12万元 ⚠ 另一处为27389.12")
    assert "repeat.figure，第184、606行" in charts["图5"].note


def test_a_contradictory_direction_word_is_marked_not_silently_corrected() -> None:
    # planted (x): 财政拨款收、支总计 "减少 619.85 万元，增长 6.02%"
    extraction, findings = _audited("sh_district_health_2022.gbk.txt")
    chart = _report(extraction, findings, fiscal_year=2022)["图4"]
    subtitle = chart.figure.axes[0].get_title()
    assert "减少619.85万元，增长6.02% ⚠ 增减表述矛盾" in subtitle and "下降6.02%" not in subtitle
    assert "change.direction" in chart.note


def test_with_a_published_prior_year_the_subtitle_agrees_with_the_bars(seed: Extraction) -> None:
    # A published prior year equal to this year (the seed filed again as its own prior): the
    # bars are equal, so the subtitle says 持平 and marks the stated +55.47 with its recomputation.
    from helpers.compare import stated_changes_against_prior

    findings = stated_changes_against_prior(seed, seed, 2019)
    prior = {
        k: PriorValue(seed.fact(k).value, False, f"2019年度决算第{seed.fact(k).line}行") for k in ("total",)
    }
    chart = _report(only_total(seed), findings, prior, fiscal_year=2020)["图1"]
    assert bar_labels(chart.figure) == ["289.04", "289.04"]
    subtitle = chart.figure.axes[0].get_title().replace("\n", "")
    assert subtitle.startswith("较2019年持平（按两年公开数计算）")
    assert "增加55.47万元 ⚠ 重算0.00万元" in subtitle and "增长23.75% ⚠ 重算0.00%" in subtitle
    assert "change.against_prior_year" in chart.note


def test_a_stated_change_agreeing_with_the_published_prior_is_shown_as_stated() -> None:
    from helpers.compare import PUBLISHED, compare_years, stated_changes_against_prior

    from .conftest import SYNTHETIC_DIR, extracted

    extraction, findings = _audited("sc_county_edu_2021.txt")
    _, prior_year = extracted(SYNTHETIC_DIR / "sc_county_edu_2020.txt")
    findings += stated_changes_against_prior(extraction, prior_year, 2020)
    prior = {
        r.key: PriorValue(r.prior, False, "2020年度决算")
        for r in compare_years(extraction, prior_year)
        if r.prior_source == PUBLISHED
    }
    chart = _report(extraction, findings, prior, only={"图1"})["图1"]
    assert bar_labels(chart.figure) == ["27634.18", "29960.49"]
    assert chart.figure.axes[0].get_title() == "较2020年增加2326.31万元，增长8.42%（与上年公开数相符）"
    assert chart.findings == ()


def test_undisputed_figures_carry_no_mark(seed: Extraction) -> None:
    from helpers.audit import audit
    from helpers.document import Document

    findings = audit(Document.from_path(SEED), seed)  # the seed's only chart-related finding is info
    for chart in _report(seed, findings, fiscal_year=2020).values():
        assert not any("⚠" in t for t in texts(chart.figure)), chart.number
        assert chart.findings == ()

"""What 06_panel shows, on the SYNTHETIC fixture catalog (two years of an invented county bureau, one
year of an invented district commission whose text states no staff count)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from helpers.errors import ParameterError
from helpers.panel import analysis
from helpers.panel import report as pn

from . import synthetic_catalog
from .conftest import run_juesuan
from .synthetic_catalog import EDU_ID, HEALTH_ID

built_catalog, catalog = synthetic_catalog.built_catalog, synthetic_catalog.catalog  # fixtures
shared_catalog = synthetic_catalog.shared_catalog

EDU, HEALTH = "四川省青岚县教育和体育局", "上海市云浦区卫生健康委员会"


def context(paths, fiscal_year=None, departments=None, top=30):
    return pn.open_panel(
        fiscal_year, departments, top=top, raw_dir=paths.raw, processed_dir=paths.processed, reports_dir=paths.reports
    )


@pytest.mark.parametrize(
    ("value", "years"),
    [(None, None), ("", None), ("all", None), (2021, (2021,)), ("2021", (2021,)),
     ("2019-2021", (2019, 2020, 2021)), ("2019—2021", (2019, 2020, 2021)), ([2021, 2020], (2020, 2021))],
)
def test_fiscal_year_parameter_takes_a_year_a_range_or_all(value, years):
    assert analysis.parse_years(value) == years


@pytest.mark.parametrize("value", ["20x1", "2021-2019", "../2021", 1899])
def test_malformed_fiscal_year_parameter_is_refused(value):
    with pytest.raises(ParameterError):
        analysis.parse_years(value)


def test_unknown_department_is_refused_in_one_line(shared_catalog):
    with pytest.raises(ParameterError, match="990999-nope"):
        context(shared_catalog, departments=["990999-nope"])


def test_a_missing_figure_is_ranked_last_as_missing_never_zero(shared_catalog):
    ctx = context(shared_catalog)
    table = pn.ranking_table(ctx, "three_public_per_staff").frame
    last = table.iloc[-1]
    assert last["部门"] == HEALTH and last["说明"] == analysis.MISSING
    assert last["人均“三公”经费（元/人）"] is pd_na()
    page = pn.ranking_table(ctx, "three_public_per_staff")._repr_html_()
    assert "未列示" in page and f"{HEALTH}</td><td class=\"num\">2022</td><td class=\"num\">—</td>" in page


def pd_na():
    import pandas as pd

    return pd.NA


def test_per_staff_cost_is_exact(shared_catalog):
    ctx = context(shared_catalog, fiscal_year=2021)
    entry = analysis.ranking(ctx.view, analysis.METRIC_BY_KEY["three_public_per_staff"])[0]
    # 33.26 万元 × 10000 ÷ 3092 人 = 107.5679… → 107.57 元/人 (synthetic 2021 text)
    assert (entry.department_id, entry.value) == (EDU_ID, Decimal("107.57"))


def test_distribution_counts_the_departments_without_the_figure(shared_catalog):
    ctx = context(shared_catalog)
    d = analysis.distribution(ctx.view, analysis.METRIC_BY_KEY["expenditure_per_staff"])
    assert (d.stated, d.absent) == (1, 1)  # the latest years: bureau 2021 (staff stated), commission 2022 (not)


def test_rankings_take_each_departments_latest_selected_year(shared_catalog):
    ctx = context(shared_catalog, fiscal_year="2020-2022")
    assert {(r["department_id"], r["fiscal_year"]) for r in ctx.view.latest} == {(EDU_ID, 2021), (HEALTH_ID, 2022)}
    assert {(r["department_id"], r["fiscal_year"]) for r in context(shared_catalog, 2020).view.latest} == {
        (EDU_ID, 2020)
    }


def test_prior_year_figures_are_the_published_ones_and_stated_changes_are_checked(shared_catalog):
    ctx = context(shared_catalog, fiscal_year=2021)
    comparison = next(c for c in analysis.prior_year_comparisons(ctx.view)[(EDU_ID, 2021)] if c.key == "admin_operating_cost")
    assert analysis.is_published(comparison) and comparison.prior == Decimal("81.35")
    findings = analysis.prior_year_findings(ctx.view)[(EDU_ID, 2021)]
    # planted error (d) of the synthetic 2021 text: "增加 7.12 万元" against the published 81.35 (actual 5.12)
    planted = [f for f in findings if f.rule == "change.against_prior_year" and f.stated == Decimal("7.12")]
    assert planted and planted[0].severity == "error" and planted[0].expected == Decimal("5.12")


def test_findings_league_counts_prior_year_disagreements(shared_catalog):
    league = {r["department_id"]: r for r in analysis.findings_league(context(shared_catalog).view)}
    assert league[EDU_ID]["prior_year_errors"] >= 1 and league[HEALTH_ID]["prior_year_errors"] == 0
    assert league[EDU_ID]["years"] == 2


def test_trend_leaves_a_year_without_a_disclosure_missing(shared_catalog):
    years, series = analysis.trend(context(shared_catalog).view, analysis.METRIC_BY_KEY["expenditure_total"])
    assert years == [2020, 2021, 2022]
    assert [(d, sorted(v)) for d, _, v in series] == [(EDU_ID, [2020, 2021])]  # one department has two years
    table = pn.trend_table(context(shared_catalog)).frame
    assert table.iloc[0]["2022年"] is pd_na() and table.iloc[0]["未收录年度"] == "2022"


def test_functional_structure_leaves_unlisted_classes_missing(shared_catalog):
    classes, rows = analysis.functional_structure(context(shared_catalog).view)
    shares = {d: s for d, _, _, s in rows}
    codes = {c for c, _ in classes}
    assert "205" in codes and "205" in shares[EDU_ID] and "205" not in shares[HEALTH_ID]
    assert sum(shares[EDU_ID].values()) == pytest.approx(100, abs=0.05)


def test_charts_are_saved_as_png_and_svg(shared_catalog, tmp_path):
    ctx = pn.open_panel(raw_dir=shared_catalog.raw, processed_dir=shared_catalog.processed, reports_dir=tmp_path)
    charts = pn.panel_charts(ctx)
    assert [c.number for c in charts] == ["图1", "图2", "图3"]
    assert all(c.png.startswith(b"\x89PNG") for c in charts)
    assert sorted(p.name for p in (tmp_path / "panel" / "all" / "charts").iterdir()) == [
        "panel_ranking.png", "panel_ranking.svg", "panel_structure.png", "panel_structure.svg",
        "panel_trends.png", "panel_trends.svg",
    ]


def test_panel_chart_titles_carry_their_figure_number_on_the_image(shared_catalog, tmp_path):
    from helpers.panel import charts as pc

    ctx = pn.open_panel(raw_dir=shared_catalog.raw, processed_dir=shared_catalog.processed, reports_dir=tmp_path)
    metric = analysis.METRICS[0]
    figure = pc.ranked_bar_chart(analysis.ranking(ctx.view, metric), metric, scope=ctx.scope, number="图1")
    assert figure._suptitle.get_text() == f"图1 {metric.label}排名（{metric.unit}）"


def test_06_panel_through_juesuan_run_shows_missing_as_missing(catalog):
    env = {"JUESUAN_RAW_DIR": str(catalog.raw), "JUESUAN_PROCESSED_DIR": str(catalog.processed),
           "JUESUAN_REPORTS_DIR": str(catalog.reports)}
    result = run_juesuan("run", "--notebook", "06", "--year", "2022", env=env)
    assert result.returncode == 0, result.stderr
    for scope in ("2022", "all"):
        executed = json.loads((catalog.reports / "panel" / scope / "06_panel.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
        assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"], scope
        page = (catalog.reports / "panel" / scope / "06_panel.html").read_text(encoding="utf-8")
        assert HEALTH in page and "未列示" in page
    again = run_juesuan("run", "--notebook", "06", "--year", "2022", env=env)
    assert again.returncode == 0 and again.stderr.count("06_panel: up-to-date") == 2


def test_common_rules_are_described_in_chinese(shared_catalog):
    table = pn.common_rules_table(context(shared_catalog))
    titles = list(table.frame["说明"]) if "说明" in table.frame.columns else list(table.frame["title"])
    assert titles, "the synthetic catalog has findings"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(t)) for t in titles), titles

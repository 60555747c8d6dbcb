"""`juesuan run` end to end on the seed: every notebook through the runner, then the report checks."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from helpers.html_report import beijing_time, external_references

from .conftest import ROOT, isolated_env, run_juesuan

HEADINGS = {
    "01_clean": ["清洗：从原文到结构化数据", "模板覆盖情况", "审计发现", "标准指标", "写出的结构化数据表"],
    "02_ratios": ["比率：结构比率与人均指标", "支出结构与基本支出构成", "功能分类结构", "预算执行", "人均指标"],
    "03_compare": ["与上年比较", "逐项比较", "变动图", "与上年有关的审计发现"],
    "04_figures": ["图表：依据原文数字绘制的图", "收支总体与结构", "财政拨款与一般公共预算", "附图", "与图表有关的审计发现"],
    "05_projects": ["项目绩效", "预算与执行", "绩效指标", "与项目有关的审计发现"],
}
REPORT_DIR = "2020/510303-xzspj"
PANEL_HEADINGS = ["面板：多部门、多年度比较", "主要指标的分布", "部门排名", "审计发现排行", "与上年公开数核对",
                  "年度趋势", "功能分类支出结构"]
PANEL_SCOPES = ("2020", "all")  # one panel report per fiscal year built, one across all years


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full build of the seed into a temporary folder."""
    tmp = tmp_path_factory.mktemp("run")
    env = isolated_env(tmp)
    result = run_juesuan("run", "--department", "510303-xzspj", "--year", "2020", env=env)
    return tmp, env, result


def visible_text(page: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded, styles and data left out)."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def pages(tmp):
    return {name: (tmp / "reports" / REPORT_DIR / f"{name}.html").read_text(encoding="utf-8") for name in HEADINGS}


def test_executed_notebooks_hold_no_absolute_machine_paths(built):
    tmp, _, _ = built
    executed = sorted((tmp / "reports").rglob("*.ipynb"))
    assert len(executed) == len(HEADINGS) + len(PANEL_SCOPES)
    for path in executed:
        text = path.read_text(encoding="utf-8")
        for machine_path in {str(ROOT), str(tmp), str(ROOT.parent), "/root/", "/home/"}:
            assert not re.search(r"(?<![.\w])" + re.escape(machine_path), text), (path.name, machine_path)
        notebook = json.loads(text)
        parameters = notebook["metadata"]["papermill"]["parameters"]
        assert parameters["raw_dir"] == "data/raw"
        assert not parameters["reports_dir"].startswith("/")


def test_run_succeeds_and_logs_each_report(built):
    _, _, result = built
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("510303-xzspj 2020") >= 5
    assert "Traceback" not in result.stderr


def test_every_html_has_its_chinese_headings(built):
    tmp, _, _ = built
    for name, page in pages(tmp).items():
        for heading in HEADINGS[name]:
            assert heading in page, f"{name}: missing heading {heading}"


def test_numbered_figures_are_embedded_images_and_a_single_year_draws_no_change_chart(built):
    tmp, _, _ = built
    page = pages(tmp)["04_figures"]
    for number in ("图2", "图3", "图6", "附图1", "附图2", "附图3"):
        figure = re.search(
            rf'<figure[^>]*data-figure="{number}"[^>]*>\s*<img[^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{{1000,}}"',
            page)
        assert figure, f"{number} is not an embedded image"
    for number in ("图1", "图4", "图5"):  # the seed's department has one year: no year-over-year chart
        assert f'data-figure="{number}"' not in page
    assert "要有两个年度的决算公开数才能画出变化" in page
    charts = tmp / "reports" / REPORT_DIR / "charts"
    assert len(list(charts.glob("*.png"))) == len(list(charts.glob("*.svg"))) == 6


def test_no_error_outputs(built):
    tmp, _, _ = built
    for name in HEADINGS:
        notebook = json.loads((tmp / "reports" / REPORT_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            assert not [o for o in cell.get("outputs", []) if o.get("output_type") == "error"], name


def test_injected_parameters_cell_is_dropped_and_shown_as_a_table(built):
    tmp, _, _ = built
    for name, page in pages(tmp).items():
        executed = json.loads((tmp / "reports" / REPORT_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
        injected = [c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert injected, "papermill injected the parameters"
        assert "# Parameters" not in page and "运行参数" in page
        assert "510303-xzspj" in page


def test_no_code_cells_in_the_default_render(built):
    tmp, _, _ = built
    for name, page in pages(tmp).items():
        text = visible_text(page)
        assert "nb.open_context" not in text and "from helpers import notebook" not in text, name
        assert 'class="highlight' not in page, name  # no highlighted code block at all


def test_reports_are_offline(built):
    tmp, _, _ = built
    for page in [*pages(tmp).values(), (tmp / "reports" / "index.html").read_text(encoding="utf-8")]:
        assert external_references(page) == []
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)


def test_provenance_footer(built):
    tmp, _, _ = built
    page = pages(tmp)["01_clean"]
    footer = page[page.index("来源与可追溯信息"):]
    assert "59e0791b24c13b3d0f417e3875cd83e5644a078781743ba846c0284dabb63c05" in footer
    assert "papermill" in footer and "pandas" in footer


def test_manifest_and_index(built):
    tmp, _, _ = built
    manifest = json.loads((tmp / "reports" / "manifest.json").read_text(encoding="utf-8"))
    records = [r for r in manifest["reports"] if r.get("scope") != "panel"]
    assert {r["notebook"] for r in records} == set(HEADINGS)
    assert all(r["status"] == "ok" and r["findings"]["error"] >= 1 for r in records)
    panel = [r for r in manifest["reports"] if r.get("scope") == "panel"]
    assert sorted(r["html"] for r in panel) == [f"panel/{s}/06_panel.html" for s in PANEL_SCOPES]
    assert all(r["status"] == "ok" for r in panel)
    index = (tmp / "reports" / "index.html").read_text(encoding="utf-8")
    for name in HEADINGS:
        assert f"{REPORT_DIR}/{name}.html" in index
    for scope in PANEL_SCOPES:
        assert f"panel/{scope}/06_panel.html" in index
    assert "成功" in index


def test_panel_reports_run_without_error_output(built):
    tmp, _, _ = built
    for scope in PANEL_SCOPES:
        page = (tmp / "reports" / "panel" / scope / "06_panel.html").read_text(encoding="utf-8")
        for heading in PANEL_HEADINGS:
            assert heading in page, f"{scope}: missing heading {heading}"
        assert re.search(r'data-figure="图1"[^>]*>\s*<img[^>]*src="data:image/png;base64,', page)
        notebook = json.loads((tmp / "reports" / "panel" / scope / "06_panel.ipynb").read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            outputs = cell.get("outputs", [])
            assert not [o for o in outputs if o.get("output_type") == "error"], scope
            assert not [o for o in outputs if o.get("name") == "stderr"], (scope, outputs)


def test_run_refreshes_the_panel(built):
    import duckdb

    tmp, _, _ = built
    con = duckdb.connect(str(tmp / "processed" / "juesuan.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT department_id, fiscal_year, status FROM catalog").fetchall() == [
            ("510303-xzspj", 2020, "ok")
        ]
        assert con.execute("SELECT count(*) FROM facts").fetchone()[0] > 0
    finally:
        con.close()


def test_processed_tables_written_once(built):
    tmp, _, _ = built
    folder = tmp / "processed" / "510303-xzspj" / "2020"
    assert (folder / "checks.parquet").is_file() and (folder / "disclosure.snapshot.json").is_file()


def test_nothing_changed_means_up_to_date(built):
    tmp, env, _ = built
    before = json.loads((tmp / "reports" / "manifest.json").read_text(encoding="utf-8"))
    result = run_juesuan("run", "--department", "510303-xzspj", env=env)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp / "reports" / "manifest.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in manifest["reports"]} == {"up-to-date"}
    index = (tmp / "reports" / "index.html").read_text(encoding="utf-8")
    assert "最新" in index
    # The no-op keeps each report's build duration and time, and the index's generation time is
    # the newest build, not the no-op.
    def builds(records):
        return {(r["notebook"], r["fiscal_year"]): (r["duration_s"], r.get("built_at")) for r in records}

    built, kept = builds(before["reports"]), builds(manifest["reports"])
    assert kept == built and all(duration > 0 for duration, _ in kept.values())
    newest = max(built_at for _, built_at in built.values() if built_at)
    assert f"<b>生成时间</b>{beijing_time(newest)}" in index
    assert "(built in " in result.stderr


def test_rerun_overwrites_cleanly(built):
    tmp, env, _ = built
    folder = tmp / "reports" / REPORT_DIR
    before = sorted(p.name for p in folder.iterdir())
    result = run_juesuan("run", "--department", "510303-xzspj", "--force", env=env)
    assert result.returncode == 0, result.stderr
    after = sorted(p.name for p in folder.iterdir())
    assert after == before
    leftovers = [p for p in (tmp / "reports").rglob("*") if ".running." in p.name or p.name.endswith(".part")]
    assert leftovers == []
    assert all(r["status"] == "ok" for r in json.loads((tmp / "reports" / "manifest.json").read_text())["reports"])


def test_with_code_keeps_code(tmp_path):
    env = isolated_env(tmp_path)
    result = run_juesuan("run", "--notebook", "02_ratios", "--with-code", env=env)
    assert result.returncode == 0, result.stderr
    text = visible_text((tmp_path / "reports" / REPORT_DIR / "02_ratios.html").read_text(encoding="utf-8"))
    assert "nb.ratios_table(ctx" in text and "nb.open_context(department" in text
    assert "# Parameters" not in text  # the injected cell stays out even with code


def test_failing_notebook_is_reported_and_siblings_continue(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / "02_ratios.ipynb", notebooks)
    shutil.copy(ROOT / "tests" / "fixtures" / "notebooks" / "98_fails.ipynb", notebooks)
    env = isolated_env(tmp_path, JUESUAN_NOTEBOOKS_DIR=str(notebooks))
    result = run_juesuan("run", env=env)
    assert result.returncode == 1, result.stderr
    assert "98_fails: failed" in result.stderr and "02_ratios: ok" in result.stderr
    text = visible_text((tmp_path / "reports" / REPORT_DIR / "98_fails.html").read_text(encoding="utf-8"))
    assert 'raise RuntimeError("deliberate failure for the runner test")' in text  # the failing cell
    assert "RuntimeError" in text and "Traceback" in text  # and its traceback
    assert 'print("before the failure")' not in text  # other code stays hidden
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "失败" in index
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8"))
    statuses = {r["notebook"]: r["status"] for r in manifest["reports"]}
    assert statuses == {"02_ratios": "ok", "98_fails": "failed"}
    again = run_juesuan("run", "--dry-run", env=env)
    assert "98_fails: rebuild" in again.stdout  # a failed report is never up to date


@pytest.mark.parametrize(("args", "message"), [
    (["--department", "999999-nope"], "unknown department"),
    (["--year", "1999"], "no disclosures for fiscal year"),
    (["--department", "../etc"], "malformed department id"),
    (["--department", "a/b"], "malformed department id"),
    (["--year", "20x0"], "malformed fiscal year"),
    (["--year", "1899"], "out of range"),
    (["--year", "3000"], "out of range"),
    (["--year", "2019"], "years held: 2020"),
    (["--department", "999999-nope"], "departments held: 510303-xzspj"),
    (["--notebook", "77_nope"], "unknown notebook"),
])
def test_bad_parameters_fail_before_anything_runs(tmp_path, args, message):
    result = run_juesuan("run", *args, env=isolated_env(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()


# -- interruption ---------------------------------------------------------------------------------
def _edit_all(notebooks, marker: str) -> None:
    """Change every notebook (a new markdown cell), so every report's cache key changes."""
    for path in notebooks.glob("*.ipynb"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [marker]})
        path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1), encoding="utf-8")


def test_kill_9_never_leaves_a_report_marked_up_to_date_when_it_is_not(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from helpers.runner.build import split_up_to_date
    from helpers.runner.run import RunOptions, plan_units

    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    env = isolated_env(tmp_path, JUESUAN_NOTEBOOKS_DIR=str(notebooks))
    assert run_juesuan("run", "--jobs", "1", env=env).returncode == 0
    _edit_all(notebooks, "修订标记 REVISION-2")

    process = subprocess.Popen([sys.executable, "-m", "helpers.cli", "run", "--jobs", "1"], cwd=ROOT,
                               env={**os.environ, **env}, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stamps = tmp_path / "reports" / REPORT_DIR / ".stamps"
    started = time.time()
    deadline = started + 180
    while time.time() < deadline and process.poll() is None:
        fresh = [p for p in stamps.glob("*.json") if p.stat().st_mtime > started]
        if fresh:  # one report of the new run is complete: kill everything mid-run
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    # Every report the stamps call up to date really is: new key, outputs present and new.
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from helpers.paths import project_paths

        paths = project_paths(ROOT)
        units = plan_units(paths, RunOptions(jobs=1))
        fresh, rest = split_up_to_date(units[0])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    for record in fresh:
        page = (tmp_path / "reports" / record["html"]).read_text(encoding="utf-8")
        assert "REVISION-2" in page, f"{record['notebook']} is marked up to date with old output"
    assert rest is not None, "the kill came after the run finished; nothing was interrupted"
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8"))
    pending = {job.name for job in rest.notebooks}
    for record in manifest["reports"]:
        if record["notebook"] in pending:
            assert record["status"] not in ("ok", "up-to-date"), record  # listed as being rebuilt

    # The next run rebuilds exactly what was not finished.
    result = run_juesuan("run", "--jobs", "1", env=env)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8"))
    statuses = {r["notebook"]: r["status"] for r in manifest["reports"] if r.get("scope") != "panel"}
    assert {n for n, s in statuses.items() if s == "ok"} == pending
    for name in HEADINGS:
        assert "REVISION-2" in (tmp_path / "reports" / REPORT_DIR / f"{name}.html").read_text(encoding="utf-8")


# -- Dask -------------------------------------------------------------------------------------------
_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}"), "<time>"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?"), "<time>"),
    (re.compile(r"\d+(\.\d+)? ?(s|秒)\b"), "<duration>"),
    (re.compile(r'(<td class="num[^"]*">)\d+\.\d+(</td>)'), r"\1<duration>\2"),  # the index's 耗时 column
]


def _mask(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _snapshot_outputs(reports):
    """Everything a run produced, with run times and durations masked."""
    files = {}
    for path in sorted(reports.rglob("*")):
        if not path.is_file() or ".stamps" in path.parts:
            continue
        name = str(path.relative_to(reports))
        if path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            files[name] = [(c["cell_type"], c["source"], c.get("outputs"), c.get("execution_count"))
                           for c in notebook["cells"]]
        elif path.name == "manifest.json":
            records = json.loads(path.read_text(encoding="utf-8"))["reports"]
            files[name] = [{k: v for k, v in r.items() if k not in ("duration_s", "built_at")} for r in records]
        elif path.suffix in (".html", ".svg"):
            files[name] = _mask(path.read_text(encoding="utf-8"))
        else:
            files[name] = path.read_bytes()
    return files


def test_dask_cluster_gives_the_same_manifest_index_and_outputs(tmp_path):
    distributed = pytest.importorskip("distributed")

    env = isolated_env(tmp_path)
    local = run_juesuan("run", "--force", env=env)
    assert local.returncode == 0, local.stderr
    expected = _snapshot_outputs(tmp_path / "reports")
    panel = _panel_contents(tmp_path / "processed" / "juesuan.duckdb")
    shutil.rmtree(tmp_path / "reports")
    (tmp_path / "processed" / "juesuan.duckdb").unlink()  # the Dask run builds the panel anew
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = run_juesuan("run", "--force", "--scheduler", cluster.scheduler_address, env=env)
    assert remote.returncode == 0, remote.stderr
    assert cluster.scheduler_address in (tmp_path / "reports" / "manifest.json").read_text(encoding="utf-8")
    actual = _snapshot_outputs(tmp_path / "reports")
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs between the local and the Dask run"
    assert _panel_contents(tmp_path / "processed" / "juesuan.duckdb") == panel


def _panel_contents(db):
    """Every table of the panel, rows in key order."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()


# -- incremental runs -------------------------------------------------------------------------------
def test_only_the_notebooks_left_to_build_are_spread_over_every_worker():
    from helpers.runner.build import NotebookJob, Unit
    from helpers.runner.run import spread

    jobs = tuple(NotebookJob(f"0{i}_x", f"0{i}_x.ipynb", "x") for i in range(1, 6))
    unit = Unit("r", "r/raw", "r/p", "r/reports", "510303-xzspj", 2020, 2019, jobs)
    parts = spread([unit], 2, {"01_x": 10.0, "02_x": 1.0, "03_x": 1.0, "04_x": 5.0, "05_x": 1.0})
    assert len(parts) == 2 and sorted(j.name for p in parts for j in p.notebooks) == [j.name for j in jobs]
    assert spread([unit, unit], 2, {}) == [unit, unit]  # already one unit per worker


def test_adding_a_prior_year_changes_the_key_of_only_the_notebooks_that_read_it():
    from helpers.paths import project_paths
    from helpers.runner.build import NotebookJob, Unit, _key
    from helpers.runner.selection import discover_notebooks

    specs = {s.name: s for s in discover_notebooks(ROOT / "notebooks")}
    assert not specs["02_ratios"].uses_prior_year and not specs["05_projects"].uses_prior_year
    assert specs["03_compare"].uses_prior_year and specs["01_clean"].uses_prior_year
    paths = project_paths(ROOT)
    unit = Unit(str(ROOT), "raw", "p", "reports", "510303-xzspj", 2020, 2019, ())
    this_year = [{"path": "data/raw/510303-xzspj/2020.txt", "sha256": "a" * 64, "fiscal_year": 2020}]
    with_prior = [*this_year, {"path": "data/raw/510303-xzspj/2019.txt", "sha256": "b" * 64, "fiscal_year": 2019}]
    for name, spec in specs.items():
        if spec.is_panel:
            continue
        job = NotebookJob(name, str(spec.path), spec.title, spec.uses_prior_year)
        changed = _key(paths, unit, job, this_year) != _key(paths, unit, job, with_prior)
        assert changed == spec.uses_prior_year, name

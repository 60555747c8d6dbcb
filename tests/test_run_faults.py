"""`juesuan run` under faults: bad catalog members, a second run, a killed parent, a full or
read-only disk, an unreachable scheduler. Catalogs are SYNTHETIC copies of the seed in tmp_path."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT, SEED_PATH, run_juesuan

SIDECAR = json.loads(SEED_PATH.with_suffix(".json").read_text(encoding="utf-8"))


def _entry(raw: Path, department_id: str, year: int, data: bytes, **overrides) -> None:
    """One SYNTHETIC catalog entry with a correct sidecar (unless `overrides` break it)."""
    folder = raw / department_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{year}.txt").write_bytes(data)
    sidecar = dict(SIDECAR, department_id=department_id, fiscal_year=year, synthetic=True,
                   sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    sidecar.update(overrides)
    (folder / f"{year}.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")


def _env(tmp: Path, raw: Path | None = None) -> dict[str, str]:
    return {
        "JUESUAN_RAW_DIR": str(raw or ROOT / "data" / "raw"),
        "JUESUAN_REPORTS_DIR": str(tmp / "reports"),
        "JUESUAN_PROCESSED_DIR": str(tmp / "processed"),
    }


def _manifest(tmp: Path) -> dict:
    return json.loads((tmp / "reports" / "manifest.json").read_text(encoding="utf-8"))


class _Statuses(HTMLParser):
    """The status badges of the index page."""

    def __init__(self):
        super().__init__()
        self.badges, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "span" and "badge" in (dict(attrs).get("class") or "")

    def handle_data(self, data):
        if self._in and data.strip():
            self.badges.append(data.strip())
        self._in = False


def _index_badges(tmp: Path) -> list[str]:
    parser = _Statuses()
    parser.feed((tmp / "reports" / "index.html").read_text(encoding="utf-8"))
    return parser.badges


# -- a batch survives a bad member -----------------------------------------------------------------
def test_batch_records_bad_members_and_builds_the_others(tmp_path):
    raw = tmp_path / "raw"
    seed = SEED_PATH.read_bytes()
    _entry(raw, "510303-xzspj", 2020, seed)
    _entry(raw, "100000-notadisclosure", 2021, "合成测试 SYNTHETIC：这是一份会议通知，不是决算。\n".encode() * 20)
    _entry(raw, "100001-tampered", 2021, seed, sha256="0" * 64)
    _entry(raw, "100002-sizestring", 2021, seed, size=str(len(seed)))
    stale = tmp_path / "reports" / "2020" / "510303-xzspj" / "02_ratios.html.part"
    stale.parent.mkdir(parents=True)
    stale.write_text("left by a killed run", encoding="utf-8")

    result = run_juesuan("run", "--notebook", "02", "--jobs", "2", env=_env(tmp_path, raw))

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    records = {r["department_id"]: r for r in _manifest(tmp_path)["reports"]}
    assert records["510303-xzspj"]["status"] == "ok"
    for bad, words in [
        ("100000-notadisclosure", ""),
        ("100001-tampered", "sha256"),
        ("100002-sizestring", "'size' must be an integer, not a string"),
    ]:
        assert records[bad]["status"] == "failed", bad
        assert words in records[bad]["error"] and "\n" not in records[bad]["error"], records[bad]["error"]
    badges = _index_badges(tmp_path)
    assert "构建中" not in badges and badges.count("失败") >= 3
    assert not stale.exists(), "the stale .part of a killed run was not cleaned"


def test_unreachable_scheduler_fails_in_one_line_and_leaves_no_running_index(tmp_path):
    result = run_juesuan("run", "--notebook", "02", "--scheduler", "tcp://127.0.0.1:9", env=_env(tmp_path))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("juesuan: error: cannot reach the Dask scheduler") and "Traceback" not in result.stderr
    index = tmp_path / "reports" / "index.html"
    assert not index.exists() or "构建中" not in _index_badges(tmp_path)


# -- one run at a time -----------------------------------------------------------------------------
def test_second_run_on_the_same_tree_refuses_with_the_holders_pid(tmp_path):
    from helpers.runner.lock import run_lock

    with run_lock(tmp_path / "reports"):
        result = run_juesuan("run", "--notebook", "02", env=_env(tmp_path))
    assert result.returncode == 1
    assert "another juesuan run" in result.stderr and f"pid {os.getpid()}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_stale_run_lock_of_a_dead_run_is_taken_over(tmp_path):
    from helpers.runner.lock import LOCK_NAME, run_lock

    child = subprocess.Popen(["true"])
    child.wait()
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / LOCK_NAME).write_text(json.dumps({"pid": child.pid, "host": "x", "started": "t"}))
    with run_lock(reports) as path:
        assert json.loads(path.read_text())["pid"] == os.getpid()


def test_lock_holder_killed_by_sigkill_frees_the_lock(tmp_path):
    from helpers.runner.lock import run_lock

    reports = tmp_path / "reports"
    code = ("import sys, time; sys.path.insert(0, {!r})\n"
            "from helpers.runner.lock import run_lock\n"
            "with run_lock(__import__('pathlib').Path({!r})):\n"
            "    print('held', flush=True); time.sleep(60)\n").format(str(ROOT / "src"), str(reports))
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    with run_lock(reports, wait=5):
        pass


# -- processes ---------------------------------------------------------------------------------------
def _sleeping_notebooks(folder: Path) -> Path:
    """Two SYNTHETIC notebooks that run for minutes (so only a parent-death check can stop them)."""
    import nbformat

    folder.mkdir()
    for name in ("96_sleep_a", "97_sleep_b"):
        notebook = nbformat.v4.new_notebook()
        parameters = nbformat.v4.new_code_cell('department = "510303-xzspj"\nfiscal_year = 2020')
        parameters.metadata["tags"] = ["parameters"]
        notebook.cells = [
            nbformat.v4.new_markdown_cell(f"# 合成测试 SYNTHETIC {name}"),
            parameters,
            nbformat.v4.new_code_cell("import time\nfor _ in range(600):\n    time.sleep(0.5)"),
        ]
        nbformat.write(notebook, str(folder / f"{name}.ipynb"))
    return folder


def test_killing_the_run_leaves_no_child_process(tmp_path):
    psutil = pytest.importorskip("psutil")
    env = {**os.environ, **_env(tmp_path), "JUESUAN_NOTEBOOKS_DIR": str(_sleeping_notebooks(tmp_path / "nb"))}
    parent = subprocess.Popen(
        [sys.executable, "-m", "helpers.cli", "run", "--jobs", "2", "--force"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    process = psutil.Process(parent.pid)
    deadline = time.time() + 120
    family: list = []
    while time.time() < deadline:
        family = process.children(recursive=True)
        kernels = [p for p in family if "ipykernel" in " ".join(_cmdline(p))]
        if len(kernels) >= 2:
            break
        time.sleep(0.2)
    assert len(kernels) >= 2, "the run never started two kernels"
    family = process.children(recursive=True)
    os.kill(parent.pid, signal.SIGKILL)  # the parent only, as an OOM killer or scheduler would
    parent.wait()
    deadline = time.time() + 20
    survivors = family
    while time.time() < deadline:
        survivors = [p for p in family if _alive(p)]
        if not survivors:
            break
        time.sleep(0.2)
    for orphan in survivors:  # do not leave them running if the test fails
        orphan.kill()
    assert survivors == [], f"{len(survivors)} child process(es) outlived the run"


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except Exception:
        return []


def _alive(process) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- a full or read-only disk ----------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB tmpfs mounted at tmp_path/reports (root only; skipped where mounting is not allowed)."""
    target = tmp_path / "reports"
    target.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(target)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def _fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 20, 4096, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    return filler


def test_full_disk_keeps_the_previous_report_and_names_the_cause(tmp_path, small_disk):
    env = _env(tmp_path)
    first = run_juesuan("run", "--notebook", "02", env=env)
    assert first.returncode == 0, first.stderr
    report = small_disk / "2020" / "510303-xzspj" / "02_ratios.html"
    before, index_before = report.read_bytes(), (small_disk / "index.html").read_bytes()
    _fill(small_disk)
    second = run_juesuan("run", "--notebook", "02", "--force", env=env)
    assert second.returncode == 1, second.stderr
    lines = [line for line in second.stderr.splitlines() if line.strip()]
    assert "No space left on device" in lines[-1] and "Traceback" not in second.stderr
    assert report.read_bytes() == before
    assert (small_disk / "index.html").read_bytes() == index_before
    assert "构建中" not in _index_badges(tmp_path)


def test_read_only_disk_keeps_the_previous_report_and_names_the_cause(tmp_path, small_disk):
    env = _env(tmp_path)
    assert run_juesuan("run", "--notebook", "02", env=env).returncode == 0
    report = small_disk / "2020" / "510303-xzspj" / "02_ratios.html"
    before = report.read_bytes()
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    if remounted.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
    second = run_juesuan("run", "--notebook", "02", "--force", env=env)
    assert second.returncode == 1, second.stderr
    assert "Read-only file system" in second.stderr and "Traceback" not in second.stderr
    assert report.read_bytes() == before
    assert "构建中" not in _index_badges(tmp_path)


def test_index_falls_back_when_the_final_write_fails(tmp_path, monkeypatch):
    """The disk fills up after the reports were built: the index written at the start ('running')
    is replaced by the fallback staged beside it, whose unfinished reports are failed."""
    import errno

    from helpers.paths import project_paths
    from helpers.runner import run as run_module

    for name, value in _env(tmp_path).items():
        monkeypatch.setenv(name, value)
    writes = {"index": 0}
    real = run_module.write_bytes_atomic

    def failing(target, data):
        if target.name == "index.html":
            writes["index"] += 1
            if writes["index"] >= 2:  # the running index goes through, the final one does not
                raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(target, data)

    monkeypatch.setattr(run_module, "write_bytes_atomic", failing)
    options = run_module.RunOptions(notebooks=["02"], jobs=1)
    code = run_module.run(options, project_paths(ROOT))
    assert code == 0  # the report itself was built
    assert writes["index"] == 2
    badges = _index_badges(tmp_path)
    assert "构建中" not in badges and "失败" in badges
    assert not list((tmp_path / "reports").glob(".*fallback*"))


# -- outdated reports and chart ownership ---------------------------------------------------------
def test_reports_of_a_changed_input_show_as_outdated_after_a_partial_run(tmp_path):
    raw = tmp_path / "raw"
    seed = SEED_PATH.read_bytes()
    _entry(raw, "510303-xzspj", 2020, seed)
    env = _env(tmp_path, raw)
    assert run_juesuan("run", "--notebook", "01", "--notebook", "02", env=env).returncode == 0
    changed = seed.replace("合计".encode(), "共计".encode(), 1)  # a SYNTHETIC revision of the text
    assert changed != seed
    _entry(raw, "510303-xzspj", 2020, changed)
    partial = run_juesuan("run", "--notebook", "01", env=env)
    assert partial.returncode == 0, partial.stderr
    statuses = {r["notebook"]: r for r in _manifest(tmp_path)["reports"]}
    assert statuses["01_clean"]["status"] == "ok"
    assert statuses["02_ratios"]["status"] == "outdated"
    assert "rebuild" in statuses["02_ratios"]["error"]
    badges = _index_badges(tmp_path)
    assert "过期" in badges


def test_every_chart_belongs_to_exactly_one_stamp(tmp_path):
    env = _env(tmp_path)
    result = run_juesuan("run", "--jobs", "2", "--notebook", "01", "--notebook", "04", "--notebook", "05", env=env)
    assert result.returncode == 0, result.stderr
    report_dir = tmp_path / "reports" / "2020" / "510303-xzspj"
    charts = sorted(str(p.relative_to(report_dir)) for p in (report_dir / "charts").iterdir())
    assert charts, "no chart was written"
    owners: dict[str, list[str]] = {}
    for stamp in (report_dir / ".stamps").glob("*.json"):
        for name in json.loads(stamp.read_text(encoding="utf-8"))["outputs"]:
            owners.setdefault(name, []).append(stamp.stem)
    for chart in charts:
        assert owners.get(chart) == ["04_figures"], f"{chart} is claimed by {owners.get(chart)}"
    assert not list((report_dir / ".stamps").glob(".*outputs"))  # the output logs are cleaned up


def test_adding_a_prior_year_does_not_outdate_notebooks_that_never_read_it(tmp_path):
    """SYNTHETIC: the seed filed as 2020 and, after a partial run, again as its own 2019. 03_compare
    reads the prior year and shows 过期; 02_ratios declares it never reads it and stays built."""
    raw = tmp_path / "raw"
    seed = SEED_PATH.read_bytes()
    _entry(raw, "510303-xzspj", 2020, seed)
    env = _env(tmp_path, raw)
    assert run_juesuan("run", "--notebook", "02", "--notebook", "03", env=env).returncode == 0
    prior = seed.replace(b"2020", b"2019")  # the same text as a 2019 disclosure
    _entry(raw, "510303-xzspj", 2019, prior)
    partial = run_juesuan("run", "--notebook", "01", "--year", "2019", env=env)
    assert partial.returncode == 0, partial.stderr
    statuses = {(r["notebook"], r["fiscal_year"]): r for r in _manifest(tmp_path)["reports"]}
    assert statuses[("03_compare", 2020)]["status"] == "outdated"
    assert statuses[("02_ratios", 2020)]["status"] in ("ok", "up-to-date")


# -- a cell that times out ---------------------------------------------------------------------------
def _text_of(page: str) -> str:
    """The visible text of an HTML page (code is highlighted token by token)."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self._skip = [], False

        def handle_starttag(self, tag, attrs):
            self._skip = tag in ("style", "script")

        def handle_endtag(self, tag):
            self._skip = False

        def handle_data(self, data):
            if not self._skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return "".join(parser.parts)


def _slow_notebook(folder: Path) -> Path:
    """A SYNTHETIC notebook whose last cell sleeps SYNTHETIC_SLEEP seconds (0 unless set)."""
    import nbformat

    folder.mkdir()
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('department = "510303-xzspj"\nfiscal_year = 2020')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 合成测试 SYNTHETIC 98_slow"),
        parameters,
        nbformat.v4.new_code_cell('print("合成：第一步完成")'),
        nbformat.v4.new_code_cell('import os, time\ntime.sleep(float(os.environ.get("SYNTHETIC_SLEEP", "0")))'),
    ]
    notebook.metadata["kernelspec"] = {"name": "juesuan", "display_name": "Python (juesuan)", "language": "python"}
    nbformat.write(notebook, str(folder / "98_slow.ipynb"))
    return folder


def test_a_timed_out_cell_is_named_the_good_report_kept_and_the_log_one_line(tmp_path):
    env = {**_env(tmp_path), "JUESUAN_NOTEBOOKS_DIR": str(_slow_notebook(tmp_path / "nb"))}
    first = run_juesuan("run", "--jobs", "1", env=env)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "reports" / "2020" / "510303-xzspj"
    good = (folder / "98_slow.html").read_bytes()
    second = run_juesuan("run", "--jobs", "1", "--force", "--timeout", "2", env={**env, "SYNTHETIC_SLEEP": "60"})
    assert second.returncode == 1, second.stderr
    report_lines = [line for line in second.stderr.splitlines() if "98_slow" in line]
    assert len(report_lines) == 1, second.stderr
    assert "failed" in report_lines[0] and "单元格超时（2 秒）：第 3 个代码单元格（import os, time）" in report_lines[0]
    assert "Timeout waiting" not in second.stderr and "Traceback" not in second.stderr
    assert (folder / "98_slow.html").read_bytes() == good  # the previous good report is kept
    page = _text_of((folder / "98_slow.failed.html").read_text(encoding="utf-8"))
    assert "出错的代码单元格（第 3 个代码单元格" in page and "CellTimeoutError: 单元格超时（2 秒）" in page
    assert 'time.sleep(float(os.environ.get("SYNTHETIC_SLEEP", "0")))' in page  # its real source
    assert "未能执行" not in page and "RunnerError" not in page
    assert "合成：第一步完成" in page  # the cells run before it are shown
    (record,) = [r for r in _manifest(tmp_path)["reports"] if r["notebook"] == "98_slow"]
    assert (record["status"], record["html"]) == ("failed", "2020/510303-xzspj/98_slow.failed.html")
    third = run_juesuan("run", "--jobs", "1", "--force", env=env)
    assert third.returncode == 0, third.stderr
    assert not (folder / "98_slow.failed.html").exists()  # an outdated failure page goes

"""`juesuan add` under faults and hostile use: concurrent adds, kill -9, a full or read-only disk,
a --year the text contradicts, the same bytes as a second department-year. Documents are SYNTHETIC
(tests/fixtures/synthetic)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from helpers.catalog import list_raw
from helpers.catalog_add import ADDED, FAILED, UNCHANGED, AddOptions, add_files
from helpers.paths import ProjectPaths

from .conftest import ROOT, SYNTHETIC_DIR, isolated_env

TEXT = SYNTHETIC_DIR / "sc_county_edu_2021.txt"  # reports fiscal year 2021
PRIOR = SYNTHETIC_DIR / "sc_county_edu_2020.txt"
DEPT = "510999-qljty"


def _paths(tmp_path) -> ProjectPaths:
    return ProjectPaths(root=tmp_path, raw=tmp_path / "raw", processed=tmp_path / "processed", reports=tmp_path / "reports")


def _add_process(tmp_path, *args: str, prelude: str = "") -> subprocess.Popen:
    """`juesuan add` in its own process; `prelude` runs first (to inject a fault)."""
    code = f"{prelude}\nimport sys\nfrom helpers.cli import main\nsys.exit(main(sys.argv[1:]))"
    env = {**os.environ, **isolated_env(tmp_path, JUESUAN_RAW_DIR=str(tmp_path / "raw"))}
    return subprocess.Popen([sys.executable, "-c", code, "add", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_concurrent_adds_of_one_department_year_give_one_added_and_keep_the_sidecar(tmp_path):
    procs = [_add_process(tmp_path, str(TEXT), "--department-id", DEPT) for _ in range(5)]
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [code for code, _, _ in outcomes] == [0] * 5, [err for _, _, err in outcomes]
    firsts = sorted(out.split(":")[0] for _, out, _ in outcomes)
    assert firsts == ["added"] + ["unchanged"] * 4
    (entry,) = list_raw(_paths(tmp_path))
    entry.verify()  # the raw file has its sidecar, and they agree
    assert sorted(p.name for p in (tmp_path / "raw" / DEPT).iterdir()) == ["2021.json", "2021.txt"]


def test_kill_9_between_sidecar_and_file_leaves_an_orphan_sidecar_that_the_next_add_recovers(tmp_path):
    """The worst moment: the sidecar is linked in, the process dies before the raw file is."""
    prelude = (
        "import os, signal\n"
        "import helpers.catalog_add as add\n"
        "_real = add.os.link\n"
        "def _link(src, dst):\n"
        "    if str(dst).endswith('.txt'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return _real(src, dst)\n"
        "add.os.link = _link\n"
    )
    killed = _add_process(tmp_path, str(TEXT), "--department-id", DEPT, prelude=prelude)
    assert killed.wait(timeout=300) == -signal.SIGKILL
    folder = tmp_path / "raw" / DEPT
    assert not (folder / "2021.txt").exists()  # never a raw file without its sidecar
    assert not list_raw(_paths(tmp_path))
    (result,) = add_files(_paths(tmp_path), [TEXT], AddOptions(department_id=DEPT))
    assert result.status == ADDED
    (entry,) = list_raw(_paths(tmp_path))
    entry.verify()
    assert sorted(p.name for p in folder.iterdir()) == ["2021.json", "2021.txt"]  # no .part left


def test_temporary_files_of_a_killed_add_are_removed_by_the_next_add(tmp_path):
    folder = tmp_path / "raw" / DEPT
    folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = folder / f".2020.txt.{int(dead.stdout)}.abc123.part"
    live = folder / f".2019.txt.{os.getpid()}.def456.part"
    stale.write_bytes(b"half")
    live.write_bytes(b"being written")
    (result,) = add_files(_paths(tmp_path), [TEXT], AddOptions(department_id=DEPT))
    assert result.status == ADDED
    assert not stale.exists() and live.exists()


def test_a_year_the_text_contradicts_is_refused_and_nothing_is_written(tmp_path):
    (result,) = add_files(_paths(tmp_path), [TEXT], AddOptions(department_id=DEPT, fiscal_year=2022))
    assert result.status == FAILED
    assert "reports fiscal year 2021, not --year 2022" in result.message and "\n" not in result.message
    assert not (tmp_path / "raw" / DEPT).exists()


def test_the_same_bytes_are_not_added_as_a_second_department_year(tmp_path):
    paths = _paths(tmp_path)
    add_files(paths, [TEXT], AddOptions(department_id=DEPT))
    (again,) = add_files(paths, [TEXT], AddOptions(department_id="510999-other"))
    assert again.status == FAILED and f"already in the catalog as {DEPT} 2021" in again.message
    assert not (paths.raw / "510999-other").exists()
    (same,) = add_files(paths, [TEXT], AddOptions(department_id=DEPT))
    assert same.status == UNCHANGED


@pytest.fixture
def tiny_raw(tmp_path):
    """A 1 MB tmpfs as the raw folder (root only; skipped where mounting is not allowed)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(raw)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield raw
    finally:
        subprocess.run(["umount", "-l", str(raw)], capture_output=True)


def _fill(folder) -> None:
    fd = os.open(folder / "filler.bin", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 4096, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)


def test_a_full_disk_fails_each_file_in_one_line_and_leaves_nothing(tmp_path, tiny_raw):
    _fill(tiny_raw)
    results = add_files(_paths(tmp_path), [TEXT, PRIOR], AddOptions(department_id=DEPT))
    assert [r.status for r in results] == [FAILED, FAILED]  # the batch went on past the first
    assert all("No space left on device" in r.message and "\n" not in r.message for r in results)
    assert sorted(p.name for p in tiny_raw.iterdir()) == ["filler.bin"]


def test_a_read_only_raw_folder_fails_in_one_line_with_exit_1(tmp_path, tiny_raw):
    remount = subprocess.run(["mount", "-o", "remount,ro", str(tiny_raw)], capture_output=True, text=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
    proc = _add_process(tmp_path, str(TEXT), "--department-id", DEPT)
    code, (out, err) = proc.wait(timeout=300), proc.communicate()
    assert code == 1, err
    assert "Read-only file system" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not any(tiny_raw.iterdir()) and out == ""

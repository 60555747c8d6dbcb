"""The panel under faults and hostile queries: a full or read-only disk keeps the previous panel
and says why in one line; `juesuan sql` is bounded in memory. SYNTHETIC catalog only."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from helpers.panel import PanelError, refresh_panel, run_query
from helpers.paths import ProjectPaths

from . import synthetic_catalog
from .conftest import ROOT

built_catalog = synthetic_catalog.built_catalog  # fixture
shared_catalog = synthetic_catalog.shared_catalog


@pytest.fixture
def small_processed(built_catalog, tmp_path):
    """The built SYNTHETIC catalog with its processed folder on a 16 MB tmpfs (root only; skipped
    where mounting is not allowed)."""
    processed = tmp_path / "processed"
    processed.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: cannot make a small disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(processed)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        shutil.copytree(built_catalog / "processed", processed, dirs_exist_ok=True)
        shutil.copytree(built_catalog / "raw", tmp_path / "raw")
        yield ProjectPaths(root=ROOT, raw=tmp_path / "raw", processed=processed, reports=tmp_path / "reports")
    finally:
        subprocess.run(["umount", "-l", str(processed)], capture_output=True)


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


def test_a_full_disk_keeps_the_previous_panel_and_names_the_cause(small_processed):
    refresh_panel(small_processed)
    before = small_processed.panel_db.read_bytes()
    _fill(small_processed.processed)
    for full in (False, True):
        with pytest.raises(PanelError) as info:
            refresh_panel(small_processed, full=full)
        assert "No space left on device" in str(info.value) and "\n" not in str(info.value)
    assert small_processed.panel_db.read_bytes() == before
    assert not list(small_processed.processed.glob(".juesuan.duckdb.building-*"))


def test_a_read_only_disk_keeps_the_previous_panel_and_names_the_cause(small_processed):
    refresh_panel(small_processed)
    before = small_processed.panel_db.read_bytes()
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_processed.processed)],
                             capture_output=True, text=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
    with pytest.raises(PanelError, match="Read-only file system"):
        refresh_panel(small_processed)
    assert small_processed.panel_db.read_bytes() == before
    assert run_query(small_processed.panel_db, "SELECT count(*) FROM catalog").rows == [(3,)]


def test_a_query_past_the_memory_limit_fails_in_one_line(shared_catalog):
    with pytest.raises(PanelError) as info:
        run_query(shared_catalog.panel_db, "SELECT count(*) FROM (SELECT DISTINCT range FROM range(400000000))")
    assert "Out of Memory" in str(info.value) and "\n" not in str(info.value)
    assert not list(shared_catalog.processed.glob("*.tmp"))

"""Atomic output: a failed write leaves the previous folder intact; raw data is never written."""

from __future__ import annotations

import pytest

from helpers.errors import JuesuanError
from helpers.paths import project_paths
from helpers.store import atomic_directory, write_bytes_atomic

from .conftest import ROOT


def test_failed_write_keeps_previous_folder(tmp_path):
    target = tmp_path / "out"
    with atomic_directory(target) as staging:
        (staging / "facts.csv").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_directory(target) as staging:
        (staging / "facts.csv").write_text("half-written", encoding="utf-8")
        raise RuntimeError("crash in the middle")
    assert (target / "facts.csv").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_successful_write_replaces_folder(tmp_path):
    target = tmp_path / "out"
    for content in ("one", "two"):
        with atomic_directory(target) as staging:
            (staging / "facts.csv").write_text(content, encoding="utf-8")
    assert (target / "facts.csv").read_text(encoding="utf-8") == "two"


def test_nothing_is_written_under_raw():
    raw = project_paths(ROOT).raw
    with pytest.raises(JuesuanError, match="raw"):
        write_bytes_atomic(raw / "510303-xzspj" / "x.txt", b"no")
    with pytest.raises(JuesuanError, match="raw"), atomic_directory(raw / "new"):
        pass


def test_stale_temporary_files_of_dead_writers_are_cleaned(tmp_path):
    import os
    import subprocess

    from helpers.store import clean_stale

    child = subprocess.Popen(["true"])
    child.wait()
    dead = child.pid  # reaped: no live process holds it
    folder = tmp_path / "reports" / "2020" / "x"
    folder.mkdir(parents=True)
    stale = [
        folder / f".01_clean.html.{dead}.abc123.part",
        folder / "01_clean.html.part",
        folder / f".02_ratios.{dead}.running.ipynb",
    ]
    for path in stale:
        path.write_text("half", encoding="utf-8")
    (tmp_path / "reports" / f".2020.staging-{dead}-xyz").mkdir()
    (tmp_path / "reports" / ".2019.staging-legacy").mkdir()
    live = folder / f".03_compare.html.{os.getpid()}.def456.part"
    live.write_text("being written", encoding="utf-8")
    kept = folder / "01_clean.html"
    kept.write_text("report", encoding="utf-8")
    removed = clean_stale(tmp_path / "reports")
    assert len(removed) == 5
    assert all(not p.exists() for p in stale)
    assert not list((tmp_path / "reports").glob(".*staging*"))
    assert live.exists() and kept.exists()


def test_a_lock_file_is_never_created_under_raw(tmp_path):
    from helpers.store import folder_lock

    raw = project_paths(ROOT).raw
    with pytest.raises(JuesuanError), folder_lock(raw / "510303-xzspj" / "out"):
        pass
    assert not list(raw.rglob("*.lock"))


def test_a_figure_too_long_for_parquet_is_a_one_line_error_not_a_crash():
    """Found by make fuzz: a 400-digit number made pyarrow raise ArrowInvalid (an internal error)."""
    from decimal import Decimal

    from helpers.store import _decimal_type

    assert str(_decimal_type([Decimal("1.80")], "facts", "value")) == "decimal128(28, 2)"
    assert str(_decimal_type([Decimal("1" * 35)], "facts", "value")) == "decimal128(38, 0)"
    with pytest.raises(JuesuanError, match="400 digits"):
        _decimal_type([Decimal("9" * 400)], "numbers", "value")


def test_processed_csv_text_cells_never_start_a_spreadsheet_formula():
    """SYNTHETIC project row: its name is a formula, its figures negative; the CSV keeps the figures."""
    import csv
    import io
    from decimal import Decimal

    from helpers.store import csv_text

    row = {"name": "=HYPERLINK(\"http://e\",\"x\")", "budget": Decimal("-12.50"), "quote": "@SUM(1)", "line": 3}
    written = next(csv.DictReader(io.StringIO(csv_text([row], "projects"))))
    assert written["name"] == "'=HYPERLINK(\"http://e\",\"x\")"
    assert written["quote"] == "'@SUM(1)"
    assert (written["budget"], written["line"]) == ("-12.50", "3")

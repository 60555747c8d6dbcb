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

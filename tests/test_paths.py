from __future__ import annotations

from helpers.paths import project_paths, project_root

from .conftest import ROOT


def test_root_and_overrides(monkeypatch, tmp_path):
    assert project_root() == ROOT
    monkeypatch.setenv("JUESUAN_REPORTS_DIR", str(tmp_path))
    paths = project_paths(ROOT)
    assert paths.reports == tmp_path
    assert paths.raw == ROOT / "data" / "raw"
    assert paths.report_dir("510303-xzspj", 2020) == tmp_path / "2020" / "510303-xzspj"

"""Incremental builds: one test per part of the cache key, and stamps checked against outputs."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from helpers.catalog import sha256_of
from helpers.paths import ProjectPaths
from helpers.runner import cache
from helpers.runner.build import _inputs, _key, split_up_to_date
from helpers.runner.cache import Stamp, is_up_to_date, sha256_file, write_stamp
from helpers.runner.run import RunOptions, plan_units

from .conftest import ROOT, SEED_PATH


@pytest.fixture
def project(tmp_path) -> ProjectPaths:
    """A throw-away copy of the project's inputs (raw seed, notebooks, lock file)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "raw" / "510303-xzspj").mkdir(parents=True)
    for name in ("2020.txt", "2020.json"):
        shutil.copy(SEED_PATH.parent / name, tmp_path / "raw" / "510303-xzspj" / name)
    shutil.copy(ROOT / "constraints.txt", tmp_path / "constraints.txt")
    cache.lock_digest.cache_clear()
    return ProjectPaths(root=tmp_path, raw=tmp_path / "raw", processed=tmp_path / "processed",
                        reports=tmp_path / "reports", notebooks=tmp_path / "notebooks")


def keys(paths: ProjectPaths, **unit_changes) -> dict[str, str]:
    (unit,) = plan_units(paths, RunOptions(jobs=1, years=["2020"]))
    unit = replace(unit, **unit_changes)
    inputs = _inputs(paths, unit)
    return {job.name: _key(paths, unit, job, inputs) for job in unit.notebooks}


def test_key_is_stable(project):
    assert keys(project) == keys(project)


def test_raw_input_is_part_of_the_key(project):
    before = keys(project)
    text = project.raw / "510303-xzspj" / "2020.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    sidecar = text.with_suffix(".json")
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data.update(sha256=sha256_of(text), size=text.stat().st_size)
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    after = keys(project)
    assert all(after[name] != before[name] for name in before)


def test_prior_year_raw_file_is_part_of_the_key(project):
    before = keys(project)
    # SYNTHETIC: a copy of the seed standing in for the prior year's disclosure.
    prior = project.raw / "510303-xzspj" / "2019.txt"
    prior.write_text("（合成测试文本 SYNTHETIC）\n" + SEED_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    sidecar = json.loads((project.raw / "510303-xzspj" / "2020.json").read_text(encoding="utf-8"))
    sidecar.update(fiscal_year=2019, sha256=sha256_of(prior), size=prior.stat().st_size, synthetic=True)
    prior.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    after = keys(project)
    # Only the notebooks that read the prior year are rebuilt (metadata uses_prior_year: false).
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {"01_clean", "03_compare", "04_figures"}


def test_notebook_content_is_part_of_the_key(project):
    before = keys(project)
    path = project.notebooks / "02_ratios.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][0]["source"] = ["# 比率（修订）\n"]
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    after = keys(project)
    assert after["02_ratios"] != before["02_ratios"]
    assert all(after[name] == before[name] for name in before if name != "02_ratios")


def test_helpers_source_is_part_of_the_key(project, monkeypatch):
    before = keys(project)
    monkeypatch.setattr(cache, "helpers_source_digest", lambda: "changed-helpers")
    assert all(keys(project)[name] != before[name] for name in before)


def test_parameters_are_part_of_the_key(project):
    before = keys(project)
    after = keys(project, baseline_year=2018)
    assert all(after[name] != before[name] for name in before)


def test_locked_dependency_versions_are_part_of_the_key(project):
    before = keys(project)
    lock = project.root / "constraints.txt"
    lock.write_text(lock.read_text(encoding="utf-8").replace("pandas==", "pandas==0.0.0+"), encoding="utf-8")
    cache.lock_digest.cache_clear()
    after = keys(project)
    assert all(after[name] != before[name] for name in before)


def _fake_build(project: ProjectPaths, name: str, key: str, status: str = "ok") -> Path:
    folder = project.report_dir("510303-xzspj", 2020)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for suffix in ("html", "ipynb"):
        path = folder / f"{name}.{suffix}"
        path.write_text(f"{name} {suffix}", encoding="utf-8")
        outputs[path.name] = sha256_file(path)
    write_stamp(folder, name, Stamp(key, outputs, {"notebook": name, "status": status}))
    return folder


def test_matching_stamp_is_a_cache_hit(project):
    key = keys(project)["02_ratios"]
    folder = _fake_build(project, "02_ratios", key)
    assert is_up_to_date(folder, "02_ratios", key) is not None
    assert is_up_to_date(folder, "02_ratios", "another-key") is None


def test_deleting_an_output_forces_a_rebuild(project):
    key = keys(project)["02_ratios"]
    folder = _fake_build(project, "02_ratios", key)
    (folder / "02_ratios.html").unlink()
    assert is_up_to_date(folder, "02_ratios", key) is None


def test_a_changed_output_forces_a_rebuild(project):
    key = keys(project)["02_ratios"]
    folder = _fake_build(project, "02_ratios", key)
    (folder / "02_ratios.ipynb").write_text("edited by hand", encoding="utf-8")
    assert is_up_to_date(folder, "02_ratios", key) is None


def test_a_failed_report_is_never_up_to_date(project):
    key = keys(project)["02_ratios"]
    folder = _fake_build(project, "02_ratios", key, status="failed")
    assert is_up_to_date(folder, "02_ratios", key) is None


def test_split_up_to_date_and_force(project):
    (unit,) = plan_units(project, RunOptions(jobs=1))
    key = keys(project)["02_ratios"]
    _fake_build(project, "02_ratios", key)
    fresh, rest = split_up_to_date(unit)
    assert [r["notebook"] for r in fresh] == ["02_ratios"] and fresh[0]["status"] == "up-to-date"
    assert "02_ratios" not in [job.name for job in rest.notebooks]
    fresh, rest = split_up_to_date(replace(unit, force=True))
    assert fresh == [] and len(rest.notebooks) == 5

"""Loading for analysis: extraction and audit once, shared through the processed folder."""

from __future__ import annotations

import pytest

from helpers import load
from helpers.errors import ParameterError
from helpers.paths import ProjectPaths

from .conftest import ROOT


@pytest.fixture
def paths(tmp_path) -> ProjectPaths:
    return ProjectPaths(root=ROOT, raw=ROOT / "data" / "raw", processed=tmp_path / "processed",
                        reports=tmp_path / "reports")


def test_prepare_writes_once_and_others_load_the_result(paths, monkeypatch):
    load._MEMO.clear()
    first = load.prepare(paths, "510303-xzspj", 2020)
    assert (paths.processed_dir("510303-xzspj", 2020) / "disclosure.snapshot.json").is_file()
    load._MEMO.clear()
    monkeypatch.setattr(load, "_extract", lambda raw: pytest.fail("extracted twice"))
    again = load.load_raw(paths, "510303-xzspj", 2020)
    assert again.extraction.to_dict() == first.extraction.to_dict()
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in first.findings]


def test_unknown_entries_are_parameter_errors(paths):
    with pytest.raises(ParameterError, match="no disclosure"):
        load.load_raw(paths, "510303-xzspj", 2001)
    with pytest.raises(ParameterError, match="malformed"):
        load.load_raw(paths, "../x", 2020)


def test_prior_year_is_none_when_the_catalog_lacks_it(paths):
    assert load.load_prior(paths, "510303-xzspj", 2019) is None


def test_memo_is_bounded():
    """A warm kernel serves many departments: its memo keeps only the most recent few."""
    memo = load._Memo()
    for number in range(10):
        memo[number] = number
    assert list(memo) == [6, 7, 8, 9]
    assert memo[6] == 6 and list(memo)[-1] == 6

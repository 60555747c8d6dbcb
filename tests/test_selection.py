from __future__ import annotations

import pytest

from helpers.errors import ParameterError
from helpers.paths import project_paths
from helpers.runner.selection import discover_notebooks, select_disclosures, select_notebooks

from .conftest import ROOT


def test_notebooks_are_discovered_in_order_with_titles():
    specs = discover_notebooks(ROOT / "notebooks")
    assert [s.name for s in specs][:2] == ["01_clean", "02_ratios"]
    assert specs[0].title == "清洗：从原文到结构化数据"


def test_notebooks_by_name_or_number():
    specs = discover_notebooks(ROOT / "notebooks")
    assert [s.name for s in select_notebooks(specs, ["03", "01_clean"])] == ["03_compare", "01_clean"]
    with pytest.raises(ParameterError, match="unknown notebook"):
        select_notebooks(specs, ["9"])


def test_disclosures_by_filters():
    paths = project_paths(ROOT)
    assert [d.department_id for d in select_disclosures(paths, ["2020"], None)] == ["510303-xzspj"]
    with pytest.raises(ParameterError, match="unknown department"):
        select_disclosures(paths, None, ["100000-unknown"])
    with pytest.raises(ParameterError, match="malformed"):
        select_disclosures(paths, None, ["../../etc"])

"""The committed notebooks: no outputs, exactly one `parameters` cell with the seed as default."""

from __future__ import annotations

import ast
import json

import pytest

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PANEL_NOTEBOOKS = [
    p
    for p in NOTEBOOKS
    if json.loads(p.read_text(encoding="utf-8"))["metadata"].get("juesuan", {}).get("scope") == "panel"
]
DEPARTMENT_NOTEBOOKS = [p for p in NOTEBOOKS if p not in PANEL_NOTEBOOKS]
PARAMETERS = {"department", "fiscal_year", "baseline_year", "raw_dir", "processed_dir", "reports_dir"}
PANEL_PARAMETERS = {"fiscal_year", "departments", "top", "raw_dir", "processed_dir", "reports_dir"}


def test_the_collection_has_six_notebooks():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_clean", "02_ratios", "03_compare", "04_figures", "05_projects", "06_panel"
    ]
    assert [p.stem for p in PANEL_NOTEBOOKS] == ["06_panel"]


def parameters_of(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse("".join(tagged[0]["source"]))
    return {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets}


@pytest.mark.parametrize("path", PANEL_NOTEBOOKS, ids=lambda p: p.stem)
def test_panel_notebook_defaults_to_every_year_and_department(path):
    values = parameters_of(path)
    assert set(values) == PANEL_PARAMETERS
    assert values["fiscal_year"] is None and values["departments"] == [] and values["top"] >= 1
    assert (ROOT / values["raw_dir"] / "510303-xzspj" / "2020.txt").is_file()  # relative to the root


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name


@pytest.mark.parametrize("path", DEPARTMENT_NOTEBOOKS, ids=lambda p: p.stem)
def test_one_parameters_cell_defaulting_to_the_seed(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse("".join(tagged[0]["source"]))
    values = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets}
    serves_budgets = "budget" in notebook["metadata"].get("juesuan", {}).get("kinds", [])
    assert set(values) == PARAMETERS | ({"kind"} if serves_budgets else set())
    assert values.get("kind", "final_accounts") == "final_accounts"  # a budget run passes kind="budget"
    assert values["department"] == "510303-xzspj" and values["fiscal_year"] == 2020
    assert values["baseline_year"] is None  # resolved to fiscal_year - 1
    assert (ROOT / values["raw_dir"] / "510303-xzspj" / "2020.txt").is_file()  # relative to the root


def test_the_audit_and_structure_notebooks_serve_budgets_the_others_final_accounts_only():
    kinds = {p.stem: json.loads(p.read_text(encoding="utf-8"))["metadata"].get("juesuan", {}).get("kinds")
             for p in DEPARTMENT_NOTEBOOKS}
    assert kinds == {
        "01_clean": ["final_accounts", "budget"], "02_ratios": ["final_accounts", "budget"],
        "03_compare": None, "04_figures": None, "05_projects": None,  # default: final accounts only
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_project_kernel_and_chinese_narrative(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "juesuan"
    first = "".join(notebook["cells"][0]["source"])
    assert first.startswith("# ") and any("\u4e00" <= ch <= "\u9fff" for ch in first)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin(path):
    """Logic lives in helpers: code cells are short calls and displays."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            assert len([line for line in source.splitlines() if line.strip()]) <= 8, source
            assert "def " not in source and "class " not in source

"""The pre-commit configuration and its notebook-outputs check (helpers.nbcheck)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from helpers import nbcheck

from .conftest import ROOT

SYNTHETIC_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# 合成测试（SYNTHETIC）"]},
        {
            "cell_type": "code",
            "execution_count": 3,
            "metadata": {},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}],
            "source": ["print(42)"],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_committed_notebooks_pass_the_check():
    assert nbcheck.main([str(p) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]) == 0


def test_a_notebook_with_outputs_fails_in_one_line(tmp_path, capsys):
    path = tmp_path / "synthetic.ipynb"
    path.write_text(json.dumps(SYNTHETIC_NOTEBOOK), encoding="utf-8")
    assert nbcheck.main([str(path)]) == 1
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "cell 2 has outputs" in line and "execution count" in line and "--fix" in line


def test_fix_clears_outputs_and_counts(tmp_path):
    path = tmp_path / "synthetic.ipynb"
    path.write_text(json.dumps(SYNTHETIC_NOTEBOOK), encoding="utf-8")
    assert nbcheck.main(["--fix", str(path)]) == 0
    assert nbcheck.problems(json.loads(path.read_text(encoding="utf-8"))) == []
    assert nbcheck.main([str(path)]) == 0


def test_pre_commit_config_is_valid_and_needs_no_network():
    config = ROOT / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "repo: local" in text and "https://" not in text
    assert {"id: ruff", "id: notebook-outputs", "id: trailing-whitespace"} <= {
        line.strip().removeprefix("- ") for line in text.splitlines()
    }
    pre_commit = shutil.which("pre-commit", path=str(ROOT / ".venv" / "bin"))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed in .venv")
    done = subprocess.run([pre_commit, "validate-config", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_make_hooks_is_a_target():
    done = subprocess.run(["make", "-n", "hooks"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "pre-commit install" in done.stdout


def test_the_check_runs_as_a_module():
    done = subprocess.run(
        [sys.executable, "-m", "helpers.nbcheck", str(ROOT / "notebooks" / "01_clean.ipynb")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout == ""

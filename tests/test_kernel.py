"""Warm kernels: one kernel reused for every notebook must give the same outputs as fresh kernels."""

from __future__ import annotations

import json

from helpers.runner.kernel import KERNEL_NAME, ensure_kernelspec

from .conftest import isolated_env, run_juesuan
from .test_run import REPORT_DIR


def test_project_kernel_is_named_and_runs_this_environment():
    import sys
    from pathlib import Path

    from jupyter_client.kernelspec import KernelSpecManager

    assert ensure_kernelspec() == KERNEL_NAME == "juesuan"
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()


def _cells(folder):
    result = {}
    for path in sorted(folder.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        result[path.stem] = [(c["source"], c.get("outputs"), c.get("execution_count")) for c in notebook["cells"]]
    return result


def test_warm_kernel_outputs_equal_fresh_kernel_outputs(tmp_path):
    env = isolated_env(tmp_path)
    folder = tmp_path / "reports" / REPORT_DIR
    fresh = run_juesuan("run", "--jobs", "1", "--force", "--fresh-kernel", env=env)
    assert fresh.returncode == 0, fresh.stderr
    expected = _cells(folder)
    charts = {p.name: p.read_bytes() for p in (folder / "charts").iterdir()}
    # One warm kernel runs all five notebooks one after the other (jobs=1, one unit).
    warm = run_juesuan("run", "--jobs", "1", "--force", env=env)
    assert warm.returncode == 0, warm.stderr
    actual = _cells(folder)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], f"{name}: warm-kernel outputs differ from a fresh kernel's"
        counts = [count for _, _, count in actual[name] if count is not None]
        assert counts == list(range(1, len(counts) + 1)), "execution counts start at 1 in every notebook"
    assert {p.name: p.read_bytes() for p in (folder / "charts").iterdir()} == charts

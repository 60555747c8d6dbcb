"""What a notebook stopped part-way leaves (runner/failure.py), on SYNTHETIC executed notebooks."""

from __future__ import annotations

import nbformat

from helpers.runner.failure import mark_stopped, mark_timeout, stopped_cell


def _executed(status_of_slow: str = "running"):
    """A SYNTHETIC notebook as papermill leaves it: parameters, injected parameters, a finished cell,
    the cell it was running."""
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("department = 'x'")
    parameters.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell("department = 'y'")
    injected.metadata["tags"] = ["injected-parameters"]
    done = nbformat.v4.new_code_cell("total = 1")
    slow = nbformat.v4.new_code_cell("\nimport time\ntime.sleep(600)")
    notebook.cells = [nbformat.v4.new_markdown_cell("# 合成 SYNTHETIC"), parameters, injected, done, slow]
    for cell, status in zip(notebook.cells, ("completed",) * 4 + (status_of_slow,), strict=True):
        cell.metadata["papermill"] = {"status": status, "start_time": "2026-11-30T10:00:00"}
    notebook.cells.append(nbformat.v4.new_code_cell("never = 'started'"))  # after the stop: not started
    notebook.cells[-1].metadata["papermill"] = {"status": "completed", "start_time": None}
    return notebook


def test_the_running_cell_is_the_one_that_stopped_the_run_counted_without_injected_cells():
    assert stopped_cell(_executed()) == (4, 3)


def test_without_a_running_mark_the_last_started_cell_stopped_the_run():
    # papermill marks a cell "completed" in a finally block even when its execution timed out
    assert stopped_cell(_executed("completed")) == (4, 3)


def test_a_timeout_names_the_cell_and_its_real_source_in_one_line():
    notebook = _executed()
    reason = mark_timeout(notebook, 1.5)
    assert reason == "单元格超时（1.5 秒）：第 3 个代码单元格（import time）"
    (error,) = notebook.cells[4].outputs
    assert (error.output_type, error.ename) == ("error", "CellTimeoutError")
    assert error.evalue.startswith("单元格超时（1.5 秒）")
    assert notebook.cells[4].source == "\nimport time\ntime.sleep(600)"  # the real cell, not a placeholder
    assert notebook.cells[4].metadata.papermill["status"] == "failed"


def test_a_dead_kernel_names_the_cell_with_the_exceptions_first_line():
    class DeadKernelError(RuntimeError):
        pass

    notebook = _executed()
    reason = mark_stopped(notebook, DeadKernelError("Kernel died\nmore detail"))
    assert reason == "DeadKernelError: Kernel died：第 3 个代码单元格（import time）"
    assert notebook.cells[4].outputs[0].evalue == "Kernel died"

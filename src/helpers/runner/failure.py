"""What a notebook that stopped part-way leaves behind: the cells run so far, the cell that stopped it
named with its real source, and a one-line reason for the log, the manifest and the index.

papermill stamps `metadata.papermill.start_time` on each cell it starts: after a timeout or a dead
kernel, the last cell started is the one that stopped the run.
"""

from __future__ import annotations

from typing import Any

RUNNING, FAILED = "running", "failed"
INJECTED = "injected-parameters"  # papermill's tag on the cell it adds


def _papermill(cell: Any) -> dict[str, Any]:
    return cell.get("metadata", {}).get("papermill", {}) or {}


def stopped_cell(notebook: Any) -> tuple[int, int] | None:
    """(index among all cells, 1-based number among the notebook's own code cells: papermill's
    injected-parameters cell not counted) of the cell that stopped the run: the one papermill marks
    running, else the last one it started (papermill marks a cell completed in a `finally`, even
    when its execution raised; cells after it were never started). None when none was started."""
    code_number = 0
    started: tuple[int, int] | None = None
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code" or INJECTED in cell.get("metadata", {}).get("tags", []):
            continue
        code_number += 1
        if _papermill(cell).get("status") == RUNNING:
            return index, code_number
        if _papermill(cell).get("start_time"):
            started = (index, code_number)
    return started


def _seconds(timeout: float | None) -> str:
    return "?" if timeout is None else f"{timeout:g}"


def _first_line(source: str, limit: int = 40) -> str:
    line = next((x.strip() for x in source.splitlines() if x.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _mark(notebook: Any, output: Any) -> tuple[int, int] | None:
    """Append the error output to the running cell and mark it failed; its position, or None."""
    found = stopped_cell(notebook)
    if found is not None:
        cell = notebook.cells[found[0]]
        cell.metadata.papermill["status"] = FAILED
        cell.outputs = [*cell.get("outputs", []), output]
    return found


def _named(notebook: Any, words: str, found: tuple[int, int] | None) -> str:
    if found is None:
        return words
    index, number = found
    return f"{words}：第 {number} 个代码单元格（{_first_line(notebook.cells[index].source)}）"


def mark_timeout(notebook: Any, timeout: float | None) -> str:
    """Put a "单元格超时（N 秒）" error output on the cell that timed out (the executed notebook is
    changed in place) and return the one-line reason naming that cell and its first line."""
    import nbformat

    words = f"单元格超时（{_seconds(timeout)} 秒）"
    output = nbformat.v4.new_output(
        "error",
        ename="CellTimeoutError",
        evalue=f"{words}：本单元格执行超过 {_seconds(timeout)} 秒仍未完成，已中止",
        traceback=[
            f"{words}：本单元格执行超过时限，已中止；其后的单元格未执行。",
            "可用 juesuan run --timeout 秒数 放宽每个单元格的时限。",
        ],
    )
    found = _mark(notebook, output)
    return _named(notebook, words if found else f"{words}：笔记本未能在时限内完成", found)


def mark_stopped(notebook: Any, exc: BaseException) -> str:
    """For any other stop (a dead kernel …): the same, with the exception's first line."""
    import nbformat

    first = next((x for x in str(exc).splitlines() if x.strip()), "")
    words = f"{type(exc).__name__}: {first}".strip().rstrip(":")
    output = nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=first, traceback=[words])
    return _named(notebook, words, _mark(notebook, output))

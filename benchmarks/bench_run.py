"""The naive papermill + nbconvert CLIs vs `juesuan run` (cold, then a no-op rerun) on the seed.

Every round runs (a) the five notebooks through the `papermill` and `jupyter nbconvert --to html`
CLIs one after the other, (b) `juesuan run --force` in a new process with empty report, processed
and font-cache folders, and (c) `juesuan run` again with nothing changed (reusing b's folders).
All output goes to a temporary folder; the repository's data/ and reports/ are only read.

Run: .venv/bin/python benchmarks/bench_run.py [--repeat 3] [--keep]
Prints figures, never asserts (machines here are shared and noisy). The last line is
`ratio run/naive=<x> noop/naive=<y>` (ratios of the medians).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from machine import machine  # benchmarks/machine.py (scripts run with benchmarks/ on sys.path)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
RAW = ROOT / "data" / "raw"
DEPARTMENT, YEAR = "510303-xzspj", 2020
NOTEBOOK_FILE = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")


def tool(name: str) -> str:
    """A CLI of the interpreter's environment (the project venv), else from PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"bench_run: `{name}` not found next to {sys.executable} nor on PATH")
    return found


def timed(cmd: Sequence[str], *, cwd: Path, env: dict[str, str], step: str) -> tuple[float, str]:
    """Run one subprocess; return (wall seconds, stderr). A non-zero exit aborts the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        raise SystemExit(
            f"bench_run: step {step} failed (exit {proc.returncode}) after {elapsed:.1f} s\n"
            f"command: {' '.join(cmd)}\n{tail}"
        )
    return elapsed, proc.stderr


def environment(work: Path) -> dict[str, str]:
    """The process environment pointing every juesuan folder (and the font cache) into ``work``."""
    env = dict(os.environ)
    env.update(
        JUESUAN_RAW_DIR=str(RAW),
        JUESUAN_PROCESSED_DIR=str(work / "processed"),
        JUESUAN_REPORTS_DIR=str(work / "reports"),
        JUESUAN_CACHE_DIR=str(work / "cache"),
    )
    return env


def naive(work: Path, notebooks: list[Path], split: dict[str, list[float]]) -> float:
    """(a) papermill then nbconvert per notebook, sequentially; the summed wall time."""
    out = work / "out"
    out.mkdir(parents=True)
    env = environment(work)
    papermill, jupyter = tool("papermill"), tool("jupyter")
    total = 0.0
    for notebook in notebooks:
        executed = out / notebook.name
        seconds, _ = timed(
            [
                papermill,
                "-k",
                "juesuan",
                "--no-progress-bar",
                str(notebook),
                str(executed),
                "-p",
                "department",
                DEPARTMENT,
                "-p",
                "fiscal_year",
                str(YEAR),
                "-p",
                "raw_dir",
                str(RAW),
                "-p",
                "processed_dir",
                str(out),
                "-p",
                "reports_dir",
                str(out),
            ],
            cwd=NOTEBOOKS,
            env=env,
            step=f"(a) papermill {notebook.name}",
        )
        split.setdefault(f"papermill {notebook.stem}", []).append(seconds)
        total += seconds
        seconds, _ = timed(
            [jupyter, "nbconvert", "--to", "html", str(executed)],
            cwd=NOTEBOOKS,
            env=env,
            step=f"(a) nbconvert {notebook.name}",
        )
        split.setdefault(f"nbconvert {notebook.stem}", []).append(seconds)
        total += seconds
    return total


def juesuan(work: Path, *, force: bool, step: str) -> tuple[float, str]:
    """(b)/(c) one `juesuan run` process on the seed; (wall seconds, its summary log line)."""
    cmd = [tool("juesuan"), "run", "--department", DEPARTMENT, "--year", str(YEAR)]
    seconds, stderr = timed([*cmd, "--force"] if force else cmd, cwd=ROOT, env=environment(work), step=step)
    summary = next((line for line in reversed(stderr.splitlines()) if "done in" in line), "(no summary line)")
    return seconds, summary.strip()


def describe(name: str, values: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(values):7.2f} s  min {min(values):7.2f}  "
        f"max {max(values):7.2f}  (n={len(values)})"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of a/b/c (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    load_start = os.getloadavg()
    notebooks = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if NOTEBOOK_FILE.match(p.name))
    temp = Path(tempfile.mkdtemp(prefix="juesuan-bench-run-"))
    print(
        f"seed {DEPARTMENT}/{YEAR}, {len(notebooks)} notebooks, {args.repeat} round(s), work in {temp}",
        flush=True,
    )
    timings: dict[str, list[float]] = {"naive": [], "run": [], "noop": []}
    split: dict[str, list[float]] = {}
    try:
        for round_no in range(1, args.repeat + 1):
            naive_dir, run_dir = temp / f"naive-{round_no}", temp / f"run-{round_no}"
            timings["naive"].append(naive(naive_dir, notebooks, split))
            htmls = len(list((naive_dir / "out").glob("*.html")))
            seconds, built = juesuan(run_dir, force=True, step="(b) juesuan run --force")
            timings["run"].append(seconds)
            seconds, noop = juesuan(run_dir, force=False, step="(c) juesuan run (no-op)")
            timings["noop"].append(seconds)
            print(
                f"round {round_no}: naive {timings['naive'][-1]:.2f} s ({htmls} html) | "
                f"run {timings['run'][-1]:.2f} s [{built}] | noop {seconds:.2f} s [{noop}]",
                flush=True,
            )
            if not args.keep:  # nothing of this round may be reused by the next one
                shutil.rmtree(naive_dir)
                shutil.rmtree(run_dir)
    finally:
        if args.keep:
            print(f"kept {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)
    print(
        "naive pipeline, per step (median s): "
        + ", ".join(f"{name} {statistics.median(values):.2f}" for name, values in split.items())
    )
    print(describe("(a) naive papermill + nbconvert CLIs", timings["naive"]))
    print(describe("(b) juesuan run --force, cold      ", timings["run"]))
    print(describe("(c) juesuan run, no-op rerun       ", timings["noop"]))
    print(machine(load_start))
    base = statistics.median(timings["naive"])
    print(
        f"ratio run/naive={statistics.median(timings['run']) / base:.3f} "
        f"noop/naive={statistics.median(timings['noop']) / base:.3f}"
    )


if __name__ == "__main__":
    main()

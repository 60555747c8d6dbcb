"""How long `juesuan extract` takes on the seed: a cold process, and warm in-process calls.

Run: make bench-extract   (prints figures; no assertion — machines here are shared and noisy)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "510303-xzspj" / "2020.txt"
RUNS = 5


def cold_process() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "helpers.cli", "extract", str(SEED), "--format", "json"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def warm_calls() -> list[float]:
    from helpers.audit import audit
    from helpers.extract import extract_path

    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        document, extraction = extract_path(SEED)
        audit(document, extraction)
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    cold = [cold_process() for _ in range(RUNS)]
    warm = warm_calls()
    print(f"seed: {SEED.relative_to(ROOT)} ({SEED.stat().st_size} bytes)")
    print(
        f"cold `juesuan extract --format json` process: median {statistics.median(cold):.3f} s "
        f"(min {min(cold):.3f}, max {max(cold):.3f}, n={RUNS})"
    )
    print(
        f"warm extract + audit in-process: median {statistics.median(warm):.3f} s "
        f"(first {warm[0]:.3f}, n={RUNS})"
    )


if __name__ == "__main__":
    main()

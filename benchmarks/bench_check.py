"""How long `juesuan check` takes on a 30-page PDF, and where the time goes (text, tables, audit).

Run: make bench-check   (prints figures; no assertion — machines here are shared and noisy)
Budget (issue 8/9): `juesuan check` on a 30-page PDF within 2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "tests" / "fixtures" / "real-pdfs" / "js_npc_2017_budget.pdf"  # 31 pages, narrative + 12 tables
RUNS = 3


def cold_process() -> tuple[float, int, str]:
    """Wall time, exit status and the last stderr line of one `juesuan check` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "check", str(PDF), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return time.perf_counter() - start, done.returncode, last


def in_process() -> tuple[list[float], list[float], int, int]:
    from helpers.audit import audit_tables
    from helpers.tables import read_pdf_tables

    reads, audits = [], []
    tables, findings = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        tables = read_pdf_tables(PDF)
        middle = time.perf_counter()
        findings = audit_tables(tables)
        reads.append(middle - start)
        audits.append(time.perf_counter() - middle)
    return reads, audits, len(tables), len(findings)


def main() -> None:
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(PDF)))
    print(f"pdf: {PDF.relative_to(ROOT)} ({pages} pages, {PDF.stat().st_size} bytes)")
    cold = [cold_process() for _ in range(RUNS)]
    times = [c[0] for c in cold]
    print(
        f"cold `juesuan check --format json` process: median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}, n={RUNS}); exit {cold[0][1]} {cold[0][2]}"
    )
    reads, audits, n_tables, n_findings = in_process()
    print(
        f"in-process read_pdf_tables: median {statistics.median(reads):.3f} s ({n_tables} tables); "
        f"audit_tables: median {statistics.median(audits) * 1000:.1f} ms ({n_findings} findings), n={RUNS}"
    )


if __name__ == "__main__":
    main()

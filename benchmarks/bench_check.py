"""How long `juesuan check` takes on a 30-page PDF, and where the time goes (text, tables, audit).

Run: make bench-check   (prints figures; no assertion — machines here are shared and noisy)
Budget (issue 8/9): `juesuan check` on a 30-page PDF within 2 s.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "tests" / "fixtures" / "real-pdfs" / "js_npc_2017_budget.pdf"  # 31 pages, narrative + 12 tables
# 23 pages: the final-accounts layout that plain `juesuan check` accepts (the budgets are refused)
TEMPLATE = ROOT / "tests" / "fixtures" / "real-pdfs" / "shanghai_2024_final_accounts_TEMPLATE_blank.pdf"
RUNS = 3


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold_process(*args: str) -> tuple[float, int, float]:
    """Wall time, exit status and CPU seconds (user + system) of one `juesuan check ARGS` process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "check", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start, done.returncode, _children_cpu() - cpu


def in_process() -> tuple[list[float], list[float], list[float], int, int]:
    from helpers.audit import audit_tables
    from helpers.tables import read_pdf_tables

    reads, audits, cpu = [], [], []
    tables, findings = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        tables = read_pdf_tables(PDF)
        middle = time.perf_counter()
        cpu.append(time.process_time() - start_cpu)
        findings = audit_tables(tables)
        reads.append(middle - start)
        audits.append(time.perf_counter() - middle)
    return reads, audits, cpu, len(tables), len(findings)


def main() -> None:
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(PDF)))
    print(f"pdf: {PDF.relative_to(ROOT)} ({pages} pages, {PDF.stat().st_size} bytes)")
    for label, args in (
        ("check (budget: refused after the text layer)", (str(PDF),)),
        ("check --tables-only", ("--tables-only", str(PDF))),
        (f"check on {TEMPLATE.name} (final accounts, 23 pages, text + tables + audit)", (str(TEMPLATE),)),
    ):
        cold = [cold_process(*args) for _ in range(RUNS)]
        times = [c[0] for c in cold]
        print(
            f"cold `juesuan {label}`: median {statistics.median(times):.3f} s "
            f"(min {min(times):.3f}, max {max(times):.3f}, n={RUNS}); "
            f"CPU median {statistics.median(c[2] for c in cold):.3f} s; exit {cold[0][1]}"
        )
    reads, audits, cpu, n_tables, n_findings = in_process()
    print(
        f"in-process read_pdf_tables: median {statistics.median(reads):.3f} s wall, "
        f"{statistics.median(cpu):.3f} s CPU ({n_tables} tables); "
        f"audit_tables: median {statistics.median(audits) * 1000:.1f} ms ({n_findings} findings), n={RUNS}"
    )


if __name__ == "__main__":
    main()

"""The issue-8 speed target, measured: a 30-page disclosure read (text and tables), extracted and
audited in ≤ 2 s of one core, end to end in one cold process.

Two inputs, each through fresh `juesuan` processes (CPU = user + system seconds of the child, so the
other work on a shared machine does not count; wall time is printed beside it):
- the 35-page real Wanli budget (tests/fixtures/real-pdfs) through `juesuan check --tables-only`
  (a budget: plain `check` refuses it, so its narrative is not extracted);
- a SYNTHETIC final-accounts PDF of 30+ pages typeset at run time (the narrative of
  tests/fixtures/synthetic/sc_county_edu_2021.txt, then the nine public tables of
  tests/synthetic_pdf.nine_table_pages) through `juesuan extract` and `juesuan check`, which read
  the text layer and the tables, extract and (check) audit.
Then where the time goes, in-process (CPU seconds, after one warm-up). The load average is printed
at the start and the end: run it on a machine as idle as you can get.

Run: make bench-check   (prints figures; no assertion)
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WANLI = ROOT / "tests" / "fixtures" / "real-pdfs" / "sh_putuo_wanli_street_2023_dept_budget.pdf"
NARRATIVE = ROOT / "tests" / "fixtures" / "synthetic" / "sc_county_edu_2021.txt"
RUNS = 5
TARGET_PAGES, TARGET_CPU = 30, 2.0


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold(*args: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit status) of one fresh `juesuan ARGS` process."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "helpers.cli", *args], capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, _children_cpu() - cpu, done.returncode


def report(label: str, pages: int, args: tuple[str, ...]) -> float:
    runs = [cold(*args) for _ in range(RUNS)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    print(
        f"cold `juesuan {' '.join(a if not a.startswith('/') else Path(a).name for a in args)}` ({label}): "
        f"median {cpu:.3f} s CPU (min {min(r[1] for r in runs):.3f}, max {max(r[1] for r in runs):.3f}), "
        f"{wall:.3f} s wall, {pages / cpu:.1f} pages per CPU second, "
        f"{cpu * TARGET_PAGES / pages:.2f} s CPU per {TARGET_PAGES} pages; exit {runs[0][2]} (n={RUNS})"
    )
    return cpu


def breakdown(path: Path) -> None:
    """CPU seconds of each step of `juesuan check`, in this process (median of RUNS, after a warm-up)."""
    from helpers.audit import audit
    from helpers.extract import extract_document
    from helpers.extract.from_tables import attach_tables
    from helpers.pdf import open_pdf
    from helpers.pdf.document import document_from_pdf
    from helpers.tables import read_pdf_tables

    steps: dict[str, list[float]] = {"text layer": [], "tables": [], "extract": [], "audit": []}
    for k in range(RUNS + 1):
        marks = [time.process_time()]
        source = open_pdf(path)
        document = document_from_pdf(path, source)
        marks.append(time.process_time())
        tables = read_pdf_tables(path, source)
        marks.append(time.process_time())
        extraction = extract_document(document)
        attach_tables(extraction, tables)
        marks.append(time.process_time())
        audit(document, extraction)
        marks.append(time.process_time())
        if k:  # the first round warms imports and caches
            for name, a, b in zip(steps, marks, marks[1:], strict=False):
                steps[name].append(b - a)
    medians = {name: statistics.median(times) for name, times in steps.items()}
    print(
        "in-process CPU (median): "
        + ", ".join(f"{name} {value:.3f} s" for name, value in medians.items())
        + f"; total {sum(medians.values()):.3f} s ({len(tables)} tables, "
        f"{sum(len(t.cells) for t in tables)} cells, {len(extraction.facts)} facts)"
    )


def main() -> None:
    import pypdfium2

    sys.path.insert(0, str(ROOT))
    from tests.synthetic_pdf import nine_table_final_accounts_pdf

    print(f"load average at start: {load()} ({os.cpu_count()} CPUs)")
    pages = len(pypdfium2.PdfDocument(str(WANLI)))
    print(f"\nreal budget: {WANLI.relative_to(ROOT)} ({pages} pages, {WANLI.stat().st_size} bytes)")
    args = ("check", "--tables-only", str(WANLI), "--format", "json")
    report("text layer + tables + table audit", pages, args)

    with tempfile.TemporaryDirectory() as tmp:
        synthetic = nine_table_final_accounts_pdf(
            Path(tmp) / "synthetic-final-accounts.pdf", NARRATIVE.read_text(encoding="utf-8").splitlines()
        )
        pages = len(pypdfium2.PdfDocument(str(synthetic)))
        print(
            f"\nSYNTHETIC final-accounts PDF: {pages} pages ({NARRATIVE.name} narrative, 24 lines a page, "
            f"then the nine public tables), {synthetic.stat().st_size} bytes"
        )
        report("text + tables + extraction", pages, ("extract", str(synthetic), "--format", "json"))
        args = ("check", str(synthetic), "--format", "json")
        cpu = report("text + tables + extraction + audit", pages, args)
        breakdown(synthetic)
    verdict = "met" if pages >= TARGET_PAGES and cpu <= TARGET_CPU else "NOT met"
    print(
        f"\ntarget: a {TARGET_PAGES}-page disclosure read, extracted and audited in <= {TARGET_CPU:.0f} s "
        f"of one core; measured: one cold `juesuan check` process, {cpu:.2f} s CPU for {pages} pages: "
        f"{verdict}"
    )
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

"""How long `juesuan extract` takes on the seed: a cold process, and warm in-process calls; then
the same on PDFs: `juesuan extract` and `juesuan tables` on the largest real PDF (most pages), and
text + tables + extraction + audit of a 30+-page SYNTHETIC final-accounts PDF with the nine public
tables, typeset at run time (the real PDFs are budgets, which extraction refuses), in seconds, CPU
seconds and pages/second. The load average is printed at the start and the end.

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


REAL_PDFS = ROOT / "tests" / "fixtures" / "real-pdfs"
SYNTHETIC_TEXT = ROOT / "tests" / "fixtures" / "synthetic" / "sc_county_edu_2021.txt"


def _cold(*args: str) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "helpers.cli", *args], capture_output=True, cwd=ROOT)
    return time.perf_counter() - start, done.returncode


def _median_cold(*args: str) -> tuple[float, int]:
    runs = [_cold(*args) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def _timed(function, *args):
    """(result, median wall seconds, median CPU seconds of this process) over RUNS calls."""
    walls, cpus, result = [], [], None
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def _full_read(path: Path):
    """Everything a PDF gives, as `juesuan check` does it: the text layer read once (pypdfium2),
    the tables (pdfplumber on the table pages), extraction and audit (extraction skipped for a
    document extraction refuses, such as a budget)."""
    from helpers.audit import audit
    from helpers.errors import JuesuanError
    from helpers.extract import extract_document
    from helpers.extract.from_tables import attach_tables
    from helpers.pdf import open_pdf
    from helpers.pdf.document import document_from_pdf
    from helpers.tables import read_pdf_tables

    source = open_pdf(path)
    document = document_from_pdf(path, source)
    tables = read_pdf_tables(path, source)
    try:
        extraction = extract_document(document)
    except JuesuanError:
        return document, tables, None
    attach_tables(extraction, tables)
    audit(document, extraction)
    return document, tables, extraction


def pdf_figures() -> None:
    import tempfile

    from helpers.pdf import open_pdf
    from helpers.tables import read_pdf_tables

    sys.path.insert(0, str(ROOT))
    from tests.synthetic_pdf import nine_table_final_accounts_pdf

    real = max(REAL_PDFS.glob("*.pdf"), key=lambda p: (open_pdf(p).page_count, p.stat().st_size))
    pages = open_pdf(real).page_count
    size = real.stat().st_size
    print(f"\nlargest real PDF: {real.relative_to(ROOT)} ({pages} pages, {size} bytes, a budget)")
    _, text_wall, text_cpu = _timed(open_pdf, real)
    tables, tables_wall, tables_cpu = _timed(read_pdf_tables, real)
    _, full_wall, full_cpu = _timed(_full_read, real)
    cells = sum(len(t.cells) for t in tables)
    print(
        f"text layer (pypdfium2, headers/footers dropped): {text_wall:.3f} s wall, {text_cpu:.3f} s CPU, "
        f"{pages / text_cpu:.0f} pages per CPU second"
    )
    print(
        f"tables (pdfplumber on table pages only): {tables_wall:.3f} s wall, {tables_cpu:.3f} s CPU, "
        f"{pages / tables_cpu:.0f} pages per CPU second; {len(tables)} tables, {cells} cells"
    )
    print(f"text + tables in-process: {full_wall:.3f} s wall, {full_cpu:.3f} s CPU (a budget: no extraction)")
    extract_wall, extract_rc = _median_cold("extract", str(real), "--format", "json")
    tables_cold, tables_rc = _median_cold("tables", str(real), "--format", "json")
    print(f"cold `juesuan extract --format json`: median {extract_wall:.3f} s (exit {extract_rc}: a budget)")
    print(
        f"cold `juesuan tables --format json`: median {tables_cold:.3f} s, {pages / tables_cold:.1f} pages/s "
        f"(exit {tables_rc})"
    )

    with tempfile.TemporaryDirectory() as tmp:
        lines = SYNTHETIC_TEXT.read_text(encoding="utf-8").splitlines()
        synthetic = nine_table_final_accounts_pdf(Path(tmp) / "synthetic.pdf", lines)
        pages = open_pdf(synthetic).page_count
        (_document, tables, extraction), wall, cpu = _timed(_full_read, synthetic)
        print(
            f"\nSYNTHETIC final-accounts PDF: {pages} pages ({SYNTHETIC_TEXT.name} narrative, "
            f"24 lines a page, then the nine public tables)"
        )
        print(
            f"text + tables + extract + audit in-process: {wall:.3f} s wall, {cpu:.3f} s CPU "
            f"({pages / cpu:.0f} pages per CPU second; {len(tables)} tables, {len(extraction.facts)} facts)"
        )
        cold, rc = _median_cold("extract", str(synthetic), "--format", "json")
        print(f"cold `juesuan extract --format json`: median {cold:.3f} s wall, {pages / cold:.1f} pages/s, "
              f"exit {rc}")
        cold, rc = _median_cold("check", str(synthetic), "--format", "json")
        print(f"cold `juesuan check --format json`: median {cold:.3f} s wall (exit {rc}; "
              "CPU: make bench-check)")
    print(
        f"\n{pages}-page final-accounts PDF fully read, extracted and audited, measured in-process: "
        f"{cpu:.2f} s CPU of one core (target <= 2 s for 30 pages; cold-process CPU: make bench-check)"
    )
    print(f"load average at end: {_load()}")


def _load() -> str:
    import os

    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    print(f"load average at start: {_load()}")
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
    pdf_figures()


if __name__ == "__main__":
    main()

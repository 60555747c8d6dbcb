"""How long the public-table reader takes on the largest real PDF (tests/fixtures/real-pdfs).

Cold: a fresh `juesuan tables --format json` process. In-process: the PDF's text layer (pypdfium2,
every page) plus `read_pdf_tables` (pdfplumber only on the pages with a table title or a table
continuing), after one warm-up. Figures in seconds and pages per second.

Run: make bench-extract   (prints figures; no assertion — machines here are shared and noisy)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real-pdfs"
RUNS = 5


def largest_pdf() -> tuple[Path, int]:
    import pypdfium2 as pdfium

    best = None
    for path in sorted(REAL.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        pages = len(pdf)
        pdf.close()
        if best is None or pages > best[1]:
            best = (path, pages)
    assert best is not None, f"no PDF under {REAL}"
    return best


def cold_process(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one `juesuan tables` process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "helpers.cli", "tables", str(path), "--format", "json"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(path: Path) -> tuple[list[float], list[float], int, int]:
    from helpers.pdf.document import document_from_pdf
    from helpers.tables import read_pdf_tables

    document_from_pdf(path)
    tables = read_pdf_tables(path)  # warm-up
    text_times, table_times = [], []
    for _ in range(RUNS):  # CPU time of this process: the shared machine's load does not count
        start = time.process_time()
        document_from_pdf(path)
        text_times.append(time.process_time() - start)
        start = time.process_time()
        tables = read_pdf_tables(path)
        table_times.append(time.process_time() - start)
    grid_pages = len({p for t in tables for p in t.pages})
    return text_times, table_times, len(tables), grid_pages


def main() -> None:
    path, pages = largest_pdf()
    runs = [cold_process(path) for _ in range(RUNS)]
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    text, tables, count, grid_pages = in_process(path)
    both = statistics.median(a + b for a, b in zip(text, tables, strict=True))
    print(f"largest real PDF: {path.relative_to(ROOT)} ({pages} pages, {path.stat().st_size} bytes)")
    print(
        f"cold `juesuan tables --format json` process: median {wall:.3f} s wall, {cpu:.3f} s CPU "
        f"(n={RUNS}) = {pages / cpu:.1f} pages per CPU second"
    )
    print(
        f"in-process CPU, text layer (every page): median {statistics.median(text):.3f} s; "
        f"tables ({count} tables on {grid_pages} pages): median {statistics.median(tables):.3f} s"
    )
    print(f"in-process CPU, text + tables: median {both:.3f} s = {pages / both:.1f} pages/s (n={RUNS})")


if __name__ == "__main__":
    main()

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


def in_process(path: Path) -> dict[str, list[float]]:
    """CPU seconds of this process (the shared machine's load does not count), interleaved runs:
    text = the text layer (open_pdf + document); twice = text, then tables reading their own page
    texts (two pypdfium2 passes, as before issue 8's open-once change); once = text, then tables
    reusing the text layer's page texts (what `process_file` does now)."""
    from helpers.pdf import open_pdf
    from helpers.pdf.document import document_from_pdf
    from helpers.tables import read_pdf_tables

    read_pdf_tables(path, open_pdf(path))  # warm-up
    times: dict[str, list[float]] = {"text": [], "twice": [], "once": []}
    for _ in range(RUNS):
        start = time.process_time()
        document_from_pdf(path, open_pdf(path))
        times["text"].append(time.process_time() - start)
        start = time.process_time()
        document_from_pdf(path, open_pdf(path))
        read_pdf_tables(path)
        times["twice"].append(time.process_time() - start)
        start = time.process_time()
        source = open_pdf(path)
        document_from_pdf(path, source)
        read_pdf_tables(path, source)
        times["once"].append(time.process_time() - start)
    return times


def _load() -> str:
    import os

    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    load_before = _load()
    path, pages = largest_pdf()
    runs = [cold_process(path) for _ in range(RUNS)]
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    from helpers.tables import read_pdf_tables

    tables = read_pdf_tables(path)
    count, grid_pages = len(tables), len({p for t in tables for p in t.pages})
    times = in_process(path)
    text, twice, once = (statistics.median(times[k]) for k in ("text", "twice", "once"))
    print(f"largest real PDF: {path.relative_to(ROOT)} ({pages} pages, {path.stat().st_size} bytes)")
    print(f"load average at start: {load_before}")
    print(
        f"cold `juesuan tables --format json` process: median {wall:.3f} s wall, {cpu:.3f} s CPU "
        f"(n={RUNS}) = {pages / cpu:.1f} pages per CPU second"
    )
    print(f"in-process CPU, text layer (every page): median {text:.3f} s = {text / pages * 1000:.2f} ms/page")
    print(
        f"in-process CPU, text + tables ({count} tables on {grid_pages} pages), pages read twice by "
        f"pypdfium2: median {twice:.3f} s = {twice / pages * 1000:.2f} ms/page"
    )
    print(
        f"in-process CPU, text + tables, pages read once (tables reuse the text layer): median "
        f"{once:.3f} s = {once / pages * 1000:.2f} ms/page = {pages / once:.1f} pages/s (n={RUNS})"
    )
    print(f"load average at end: {_load()}")


if __name__ == "__main__":
    main()

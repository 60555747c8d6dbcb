"""The panel at scale: full and incremental refresh, a typical query and 06_panel over a SYNTHETIC catalog.

For each N (default 100 and 1000) a SYNTHETIC catalog of N department-years (N/5 invented
departments × 5 fiscal years) is written to a temporary folder. Every raw text is the seed with
each money amount scaled by a factor of its own (so sha256s and figures differ), with a sidecar
marked "synthetic": true. Extracting 1,000 texts would take ~25 minutes on two cores, so the
processed folders are generated directly: the seed is extracted and audited once, and each
department-year gets that extraction with every amount scaled by the same factor (exact decimals at
their stated precision), some figures dropped (staff count in ~1 in 8, 三公 in ~1 in 20) so that
missing values occur, and a varying subset of the findings; the tables the panel reads (facts,
functional, projects, checks) and manifest.json are written by the pipeline's own writer
(CSV + Parquet, as `juesuan extract` writes them; mentions/numbers/indicators are left out).

Timed, each in a fresh `juesuan` process whose process tree is sampled for its peak RSS:
  full refresh (`juesuan panel --full`), incremental refresh after one department-year changed
  (its raw file and processed folder rewritten, then `juesuan panel`), a typical query
  (`juesuan sql`, plus the median of 20 in-process runs), and 06_panel over all department-years
  (papermill, all years, all departments).
Targets: full ≤ 10 s, incremental ≤ 1 s, query ≤ 100 ms. Prints figures, never asserts.

Run: .venv/bin/python benchmarks/bench_panel.py [--sizes 100,1000] [--keep] [--skip-notebook]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bench_scale import Sampler  # benchmarks/ is on sys.path when the script runs
from machine import machine

ROOT = Path(__file__).resolve().parents[1]
SEED_ID, SEED_YEAR = "510303-xzspj", 2020
SEED = ROOT / "data" / "raw" / SEED_ID / f"{SEED_YEAR}.txt"
YEARS = (2019, 2020, 2021, 2022, 2023)
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(\s*万元)")
QUERY = (
    "SELECT department, fiscal_year, three_public_total, staff_actual, "
    "round(three_public_total * 10000 / staff_actual, 2) AS per_staff FROM headline "
    "WHERE fiscal_year = 2023 ORDER BY per_staff DESC NULLS LAST LIMIT 20"
)
TARGETS = {"full": 10.0, "incremental": 1.0, "query": 0.1}


# -- the synthetic catalog ----------------------------------------------------------------------
def _scaled(value: Decimal | None, factor: Decimal) -> Decimal | None:
    if value is None:
        return None
    places = Decimal(1).scaleb(value.as_tuple().exponent) if value.as_tuple().exponent < 0 else Decimal(1)
    return (value * factor).quantize(places, rounding=ROUND_HALF_UP)


def scaled_text(text: str, factor: Decimal) -> str:
    """The seed text with every amount stated in 万元 scaled (same number of decimals)."""
    return AMOUNT.sub(lambda m: f"{_scaled(Decimal(m.group(1)), factor)}{m.group(2)}", text)


def _factor(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(40, 4000)) / 100  # 0.40 … 40.00


class Generator:
    """Writes SYNTHETIC department-years: raw text + sidecar, and the processed folder."""

    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT / "src"))
        from helpers.audit import audit
        from helpers.document import Document
        from helpers.extract import extract_document
        from helpers.provenance import helpers_source_digest

        self.text = SEED.read_text(encoding="utf-8")
        document = Document.from_path(SEED)
        self.extraction = extract_document(document)
        self.findings = audit(document, self.extraction)
        self.code_digest = helpers_source_digest()

    def write(self, root: Path, number: int, year: int, rng: random.Random) -> None:
        from dataclasses import replace

        from helpers.audit import checks_rows
        from helpers.frames import extraction_tables
        from helpers.store import json_bytes, write_tables

        department_id = f"990001-synthetic-{number:04d}"
        factor = _factor(rng)
        data = (
            "（合成测试文本，非真实部门决算 SYNTHETIC BENCHMARK TEXT）\n" + scaled_text(self.text, factor)
        ).encode("utf-8")
        folder = root / "raw" / department_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{year}.txt").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        department = f"合成负载测试部门{number:04d}"
        sidecar = {
            "department_id": department_id,
            "department": department,
            "fiscal_year": year,
            "publisher": "juesuan benchmarks/bench_panel.py",
            "origin": f"seed scaled by {factor}",
            "url": None,
            "date_added": dt.date.today().isoformat(),
            "sha256": sha,
            "size": len(data),
            "synthetic": True,
        }
        (folder / f"{year}.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")

        dropped = set()
        if rng.random() < 0.125:
            dropped.add("staff_actual")
        if rng.random() < 0.05:
            dropped.add("three_public_total")
        money = ("万元", "元")
        facts = [
            replace(
                f,
                value=_scaled(f.value, factor),
                change=_scaled(f.change, factor),
                budget=_scaled(f.budget, factor),
            )
            if f.unit in money
            else f
            for f in self.extraction.facts
            if f.key not in dropped
        ]
        functional = [
            replace(r, amount=_scaled(r.amount, factor), budget=_scaled(r.budget, factor))
            for r in self.extraction.functional
        ]
        projects = [
            replace(p, budget=_scaled(p.budget, factor), executed=_scaled(p.executed, factor))
            for p in self.extraction.projects
        ]
        extraction = replace(
            self.extraction,
            department=department,
            fiscal_year=year,
            facts=facts,
            functional=functional,
            projects=projects,
            numbers=[],
            mentions=[],
        )
        every = extraction_tables(extraction)
        tables = {name: every[name] for name in ("facts", "functional", "projects")}
        tables["checks"] = checks_rows([f for f in self.findings if rng.random() < 0.7])
        manifest = {
            "department_id": department_id,
            "department": department,
            "fiscal_year": year,
            "unit": "万元",
            "source": str(folder / f"{year}.txt"),
            "source_sha256": sha,
            "encoding": "utf-8",
            "sections_found": [],
            "sections_missing": [],
            "juesuan_version": "bench",
            "code_digest": self.code_digest,
            "written_at": dt.datetime.now().isoformat(timespec="seconds"),
        }
        processed = root / "processed" / department_id / str(year)
        if processed.exists():
            shutil.rmtree(processed)
        processed.mkdir(parents=True)
        write_tables(processed, tables, {"manifest.json": lambda: json_bytes(manifest)})


def build_catalog(root: Path, size: int, generator: Generator) -> float:
    rng = random.Random(size)
    start = time.perf_counter()
    departments = max(1, size // len(YEARS))
    count = 0
    for number in range(1, departments + 1):
        for year in YEARS:
            if count < size:
                generator.write(root, number, year, rng)
                count += 1
    return time.perf_counter() - start


# -- timing -------------------------------------------------------------------------------------
def timed(cmd: list[str], root: Path) -> tuple[float, int, str]:
    """(wall s, peak RSS bytes of the process tree, stdout+stderr) of one command on the catalog."""
    env = dict(os.environ)
    env.update(
        JUESUAN_RAW_DIR=str(root / "raw"),
        JUESUAN_PROCESSED_DIR=str(root / "processed"),
        JUESUAN_REPORTS_DIR=str(root / "reports"),
    )
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = Sampler(proc.pid)
    sampler.start()
    output, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench_panel: {' '.join(cmd)} failed ({proc.returncode}):\n{output[-2000:]}")
    return elapsed, sampler.peak_rss, output


def refresh_seconds(output: str) -> float:
    match = re.search(r"in (\d+\.\d+) s\s*$", output.strip().splitlines()[-1])
    return float(match.group(1)) if match else float("nan")


# A full refresh in a fresh process with tracemalloc on: the peak of the Python heap, which leaves
# out DuckDB's own (C++) allocations; the process's peak RSS minus this is DuckDB's working set.
_PY_HEAP = """
import sys, tracemalloc
sys.path.insert(0, sys.argv[1])
tracemalloc.start()
from helpers.panel import refresh_panel
from helpers.paths import project_paths
refresh_panel(project_paths(), full=True)
print(tracemalloc.get_traced_memory()[1])
"""


def python_heap_peak(root: Path) -> int:
    """Peak bytes of the Python heap (tracemalloc) during a full refresh of the catalog at `root`."""
    _, _, output = timed([sys.executable, "-c", _PY_HEAP, str(ROOT / "src")], root)
    return int(output.strip().splitlines()[-1])


def in_process_query(db: Path, runs: int = 20) -> float:
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.panel import run_query

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_query(db, QUERY)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(root: Path, size: int, generator: Generator, notebook: bool) -> dict[str, float]:
    juesuan = str(Path(sys.executable).parent / "juesuan")
    made = build_catalog(root, size, generator)
    print(f"N={size}: synthetic catalog written in {made:.1f} s ({root})", flush=True)
    out: dict[str, float] = {}
    wall, rss, output = timed([juesuan, "panel", "--full"], root)
    out["full"], out["full_wall"], out["full_rss"] = refresh_seconds(output), wall, rss
    print(
        f"  full refresh:        {out['full']:.2f} s in the refresh "
        f"({wall:.2f} s wall, peak RSS {rss / 2**20:.0f} MiB)"
        f"  [{output.strip().splitlines()[-1]}]",
        flush=True,
    )
    out["full_py_heap"] = heap = python_heap_peak(root)
    print(
        f"  full refresh, Python heap peak (tracemalloc): {heap / 2**20:.1f} MiB "
        f"(the rest of the RSS is DuckDB and the interpreter)",
        flush=True,
    )
    generator.write(root, 1, YEARS[-1], random.Random(-1))  # one department-year changes
    wall, rss, output = timed([juesuan, "panel"], root)
    out["incremental"], out["incremental_wall"], out["incremental_rss"] = refresh_seconds(output), wall, rss
    print(
        f"  incremental refresh: {out['incremental']:.2f} s in the refresh ({wall:.2f} s wall, peak RSS "
        f"{rss / 2**20:.0f} MiB)  [{output.strip().splitlines()[-1]}]",
        flush=True,
    )
    wall, rss, output = timed([juesuan, "sql", QUERY, "--format", "csv"], root)
    out["query"] = in_process_query(root / "processed" / "juesuan.duckdb")
    out["query_wall"], out["query_rss"] = wall, rss
    print(
        f"  typical query:       {out['query'] * 1000:.1f} ms in process (median of 20; "
        f"juesuan sql {wall:.2f} s wall, peak RSS {rss / 2**20:.0f} MiB, {output.count(chr(10)) - 1} rows)",
        flush=True,
    )
    if notebook:
        executed = root / "06_panel.out.ipynb"
        wall, rss, output = timed(
            [
                sys.executable,
                "-m",
                "papermill",
                str(ROOT / "notebooks" / "06_panel.ipynb"),
                str(executed),
                "-k",
                "juesuan",
                "--cwd",
                str(ROOT / "notebooks"),
                "--no-progress-bar",
                "-p",
                "raw_dir",
                str(root / "raw"),
                "-p",
                "processed_dir",
                str(root / "processed"),
                "-p",
                "reports_dir",
                str(root / "reports"),
            ],
            root,
        )
        out["notebook"], out["notebook_rss"] = wall, rss
        print(
            f"  06_panel, all years: {wall:.1f} s wall (papermill, kernel start included), peak RSS "
            f"{rss / 2**20:.0f} MiB",
            flush=True,
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated catalog sizes N")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--skip-notebook", action="store_true", help="do not time 06_panel")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    load_start = os.getloadavg()
    temp = Path(tempfile.mkdtemp(prefix="juesuan-bench-panel-"))
    print(f"SYNTHETIC catalogs in {temp} (seed scaled per department-year; processed folders generated)")
    generator = Generator()
    results = {}
    try:
        for size in sizes:
            results[size] = bench(temp / f"n{size}", size, generator, not args.skip_notebook)
    finally:
        if not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    print(machine(load_start))
    largest = results[sizes[-1]]
    verdict = [
        f"full {largest['full']:.2f} s (target ≤ {TARGETS['full']:.0f} s)",
        f"incremental {largest['incremental']:.2f} s (≤ {TARGETS['incremental']:.0f} s)",
        f"query {largest['query'] * 1000:.0f} ms (≤ {TARGETS['query'] * 1000:.0f} ms)",
    ]
    if len(sizes) > 1:
        small = results[sizes[0]]
        verdict.append(
            f"peak RSS of the full refresh {small['full_rss'] / 2**20:.0f} MiB at N={sizes[0]} → "
            f"{largest['full_rss'] / 2**20:.0f} MiB at N={sizes[-1]}, of which the Python heap "
            f"{small['full_py_heap'] / 2**20:.1f} → {largest['full_py_heap'] / 2**20:.1f} MiB"
        )
    print(f"N={sizes[-1]}: " + "; ".join(verdict))


if __name__ == "__main__":
    main()

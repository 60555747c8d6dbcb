"""`juesuan run`: select department-years, build their reports in parallel, write the index.

Units of work go to a local process pool (the default, one worker per core) or, with
`--scheduler tcp://HOST:PORT`, to an existing Dask distributed cluster; both call the same
`build_unit`, so the manifest, the index and the outputs are the same either way. Workers return
records; only this process logs, so lines from parallel builds never interleave mid-line.
"""

from __future__ import annotations

import json
import logging
import math
import os
import statistics
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ParameterError
from ..panel.refresh import PanelError
from ..paths import ProjectPaths, project_paths
from ..store import write_text_atomic
from .build import STATUS_FAILED, NotebookJob, Unit, build_unit, split_up_to_date
from .selection import discover_notebooks, select_disclosures, select_notebooks

log = logging.getLogger("juesuan.run")
MANIFEST = "manifest.json"
INDEX = "index.html"


@dataclass
class RunOptions:
    years: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    jobs: int | None = None
    with_code: bool = False
    timeout: float = 600
    force: bool = False
    scheduler: str | None = None
    fresh_kernel: bool = False
    dry_run: bool = False


def plan_units(paths: ProjectPaths, options: RunOptions) -> list[Unit]:
    """Validate the selection (before anything runs) and cut it into units of work."""
    if options.jobs is not None and options.jobs < 1:
        raise ParameterError("--jobs must be at least 1")
    if options.timeout <= 0:
        raise ParameterError("--timeout must be a positive number of seconds")
    notebooks = select_notebooks(discover_notebooks(paths.notebooks), options.notebooks or None)
    if not notebooks:
        raise ParameterError(f"no notebooks under {paths.notebooks}")
    disclosures = select_disclosures(paths, options.years or None, options.departments or None)
    jobs = [NotebookJob(n.name, str(n.path), n.title) for n in notebooks if not n.is_panel]
    if not jobs:  # only panel notebooks selected: they are planned after the panel refresh
        return []
    workers = options.jobs or os.cpu_count() or 1
    # Few department-years: split their notebooks so every worker has something to do.
    chunks = max(1, min(len(jobs), math.ceil(workers / len(disclosures)))) if options.scheduler is None else 1
    groups = _balanced(jobs, chunks, _past_durations(paths.reports))
    units = []
    for raw in disclosures:
        for part in groups:
            if part:
                units.append(
                    Unit(
                        root=str(paths.root),
                        raw_dir=str(paths.raw),
                        processed_dir=str(paths.processed),
                        reports_dir=str(paths.reports),
                        department_id=raw.department_id,
                        fiscal_year=raw.fiscal_year,
                        baseline_year=raw.fiscal_year - 1,
                        notebooks=part,
                        with_code=options.with_code,
                        timeout=options.timeout,
                        force=options.force,
                        fresh_kernel=options.fresh_kernel,
                    )
                )
    return units


def _past_durations(reports: Path) -> dict[str, float]:
    """Median past build time of each notebook (from the last manifest), to balance the work."""
    times: dict[str, list[float]] = {}
    for record in _load_manifest(reports).get("reports", []):
        if record.get("status") == "ok":
            times.setdefault(record["notebook"], []).append(float(record.get("duration_s", 0)))
    return {name: statistics.median(values) for name, values in times.items()}


def _balanced(
    jobs: list[NotebookJob], chunks: int, durations: dict[str, float]
) -> list[tuple[NotebookJob, ...]]:
    """Split the notebooks into `chunks` groups of similar expected time (longest first, greedy);
    each group keeps the collection's order."""
    if chunks == 1:
        return [tuple(jobs)]
    default = statistics.median(durations.values()) if durations else 1.0
    loads = [0.0] * chunks
    groups: list[list[NotebookJob]] = [[] for _ in range(chunks)]
    for job in sorted(jobs, key=lambda j: -durations.get(j.name, default)):
        target = loads.index(min(loads))
        groups[target].append(job)
        loads[target] += durations.get(job.name, default)
    order = {job.name: i for i, job in enumerate(jobs)}
    return [tuple(sorted(group, key=lambda j: order[j.name])) for group in groups]


def _local(units: list[Unit], workers: int, work=build_unit) -> Iterator[list[dict[str, Any]]]:
    if workers == 1 or len(units) == 1:
        for unit in units:
            yield work(unit)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(units))) as pool:
        pending = {pool.submit(work, unit) for unit in units}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()


def _dask(units: list[Unit], address: str, work=build_unit) -> Iterator[list[dict[str, Any]]]:
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="20s")
    except OSError as exc:
        raise ParameterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        futures = client.map(work, units, pure=False)
        for future in as_completed(futures):
            yield future.result()


class Progress:
    """A progress bar on a terminal, plain log lines otherwise."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)

    def update(self, record: dict[str, Any]) -> None:
        self.done += 1
        who = f"{record['department_id']} {record['fiscal_year']}"
        if record.get("scope") == "panel":
            who = f"panel {record['fiscal_year'] or 'all years'}"
        line = (
            f"[{self.done}/{self.total}] {who} "
            f"{record['notebook']}: {record['status']} ({record['duration_s']:.1f} s)"
        )
        if record.get("error"):
            line += f" — {record['error']}"
        if self.bar is not None:
            self.bar.set_postfix_str(f"{record['department_id']} {record['notebook']}", refresh=False)
            self.bar.update(1)
            if record["status"] == STATUS_FAILED:
                self.bar.write(line)
        else:
            log.info(line)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _load_manifest(reports: Path) -> dict[str, Any]:
    try:
        return json.loads((reports / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _key(record: dict[str, Any]) -> tuple[str, int, str]:
    return record["department_id"], int(record["fiscal_year"]), record["notebook"]


def write_manifest_and_index(paths: ProjectPaths, records: list[dict[str, Any]], run: dict[str, Any]) -> None:
    """Merge this run's records into the manifest (other reports stay listed) and write the index."""
    from ..html_report import render_index_html

    previous = {
        _key(r): r
        for r in _load_manifest(paths.reports).get("reports", [])
        if (paths.reports / r.get("html", "")).is_file()
    }
    previous.update({_key(r): r for r in records})
    merged = sorted(
        previous.values(), key=lambda r: (-int(r["fiscal_year"]), r["department_id"], r["notebook"])
    )
    manifest = {"generated_at": run["finished"], "run": run, "reports": merged}
    write_text_atomic(paths.reports / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    from ..panel.query import headline_figures

    headlines = headline_figures(paths.panel_db)
    write_text_atomic(
        paths.reports / INDEX, render_index_html(merged, generated_at=run["finished"], headlines=headlines)
    )


def run(options: RunOptions, paths: ProjectPaths | None = None) -> int:
    """Build the selected reports; exit status 0 when all succeed, 1 when any failed."""
    from ..provenance import now_iso

    paths = paths or project_paths()
    started, clock = now_iso(), time.perf_counter()
    planned = plan_units(paths, options)
    panel_jobs, panel_years = _panel_selection(paths, options, planned)
    records: list[dict[str, Any]] = []
    units: list[Unit] = []
    for unit in planned:
        fresh, rest = split_up_to_date(unit)
        records += fresh
        if rest is not None:
            units.append(rest)
    if options.dry_run:
        for record in records:
            print(f"{record['department_id']} {record['fiscal_year']} {record['notebook']}: up-to-date")
        for unit in units:
            for job in unit.notebooks:
                print(f"{unit.department_id} {unit.fiscal_year} {job.name}: rebuild")
        _dry_run_panel(paths, options, panel_jobs, panel_years)
        return 0
    total = len(records) + sum(len(u.notebooks) for u in units)
    workers = options.jobs or os.cpu_count() or 1
    progress = Progress(total)
    for record in records:
        progress.update(record)
    if units:
        where = options.scheduler or f"{min(workers, len(units))} local worker(s)"
        log.info("building %d report(s), %d up to date, on %s", total - len(records), len(records), where)
        # Until this run finishes, the index says which reports are being rebuilt: an interrupted
        # run (even kill -9) never leaves a stale report listed as current.
        write_manifest_and_index(
            paths, records + _running(units), _run_info(options, started, clock, workers)
        )
        source = _dask(units, options.scheduler) if options.scheduler else _local(units, workers)
        try:
            for batch in source:
                for record in batch:
                    records.append(record)
                    progress.update(record)
        finally:
            progress.close()
    else:
        progress.close()
    panel_ok = True
    try:
        records += _panel_stage(paths, options, panel_jobs, panel_years, records, workers, (started, clock))
    except PanelError as exc:
        log.error("panel not refreshed: %s", exc)
        panel_ok = False
    write_manifest_and_index(paths, records, _run_info(options, started, clock, workers))
    failed = [r for r in records if r["status"] == STATUS_FAILED] + ([] if panel_ok else [{}])
    counts = {s: sum(1 for r in records if r["status"] == s) for s in ("ok", "up-to-date", "failed")}
    log.info(
        "done in %.1f s: %d built, %d up to date, %d failed; index: %s",
        time.perf_counter() - clock,
        counts["ok"],
        counts["up-to-date"],
        counts["failed"],
        paths.reports / INDEX,
    )
    return 1 if failed else 0


def _panel_selection(
    paths: ProjectPaths, options: RunOptions, planned: list[Unit]
) -> tuple[list[NotebookJob], list[int]]:
    """The selected panel notebooks and the fiscal years to give a panel report of their own."""
    notebooks = select_notebooks(discover_notebooks(paths.notebooks), options.notebooks or None)
    jobs = [NotebookJob(n.name, str(n.path), n.title) for n in notebooks if n.is_panel]
    if not jobs:
        return [], []
    years = {u.fiscal_year for u in planned}
    if not years:
        chosen = select_disclosures(paths, options.years or None, options.departments or None)
        years = {d.fiscal_year for d in chosen}
    return jobs, sorted(years)


def _dry_run_panel(
    paths: ProjectPaths, options: RunOptions, jobs: list[NotebookJob], years: list[int]
) -> None:
    from .panel import plan_panel_units, split_panel_up_to_date

    print(f"panel {paths.panel_db}: refresh")
    for unit in plan_panel_units(paths, jobs, years, options):
        fresh, rest = split_panel_up_to_date(unit)
        for record in fresh:
            print(f"panel {unit.scope} {record['notebook']}: up-to-date")
        for job in rest.notebooks if rest else ():
            print(f"panel {unit.scope} {job.name}: rebuild")


def _panel_stage(
    paths: ProjectPaths,
    options: RunOptions,
    jobs: list[NotebookJob],
    years: list[int],
    records: list[dict[str, Any]],
    workers: int,
    started: tuple[str, float],
) -> list[dict[str, Any]]:
    """Refresh the panel from the processed Parquet (here, in the parent, also with --scheduler),
    then build the panel reports: one per selected fiscal year and one across all years."""
    from ..panel import refresh_panel
    from .panel import build_panel_unit, plan_panel_units, split_panel_up_to_date

    summary = refresh_panel(paths)
    log.info("%s", summary.line())
    for department_id, fiscal_year, error in summary.failed:
        log.warning("%s %s left out of the panel: %s", department_id, fiscal_year, error)
    out: list[dict[str, Any]] = []
    pending = []
    for unit in plan_panel_units(paths, jobs, years, options):
        fresh, rest = split_panel_up_to_date(unit)
        out += fresh
        if rest is not None:
            pending.append(rest)
    progress = Progress(len(out) + sum(len(u.notebooks) for u in pending))
    for record in out:
        progress.update(record)
    if pending:
        write_manifest_and_index(
            paths, records + out + _running(pending), _run_info(options, *started, workers)
        )
        if options.scheduler:
            source = _dask(pending, options.scheduler, build_panel_unit)
        else:
            source = _local(pending, workers, build_panel_unit)
        try:
            for batch in source:
                for record in batch:
                    out.append(record)
                    progress.update(record)
        finally:
            progress.close()
    else:
        progress.close()
    return out


def _running(units: list[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "scope": getattr(u, "scope_kind", "department-year"),
            "department_id": u.department_id,
            "department": u.department_id,
            "fiscal_year": u.fiscal_year,
            "notebook": job.name,
            "title": job.title,
            "status": "running",
            "duration_s": 0.0,
            "findings": {"error": 0, "warning": 0, "info": 0},
            "html": "",
            "ipynb": "",
            "error": None,
        }
        for u in units
        for job in u.notebooks
    ]


def _run_info(options: RunOptions, started: str, clock: float, workers: int) -> dict[str, Any]:
    from ..provenance import now_iso

    return {
        "started": started,
        "finished": now_iso(),
        "duration_s": round(time.perf_counter() - clock, 3),
        "scheduler": options.scheduler or "local",
        "jobs": workers,
        "force": options.force,
        "with_code": options.with_code,
        "selection": {
            "years": options.years,
            "departments": options.departments,
            "notebooks": options.notebooks,
        },
    }

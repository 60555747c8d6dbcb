"""`juesuan run`: select department-years, build their reports in parallel, write the index.

Units of work go to a local process pool (the default, one worker per core) or, with
`--scheduler tcp://HOST:PORT`, to an existing Dask distributed cluster; both call the same
`build_unit`, so the manifest, the index and the outputs are the same either way. Workers return
records; only this process logs, so lines from parallel builds never interleave mid-line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import statistics
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..catalog import CatalogProblem
from ..errors import JuesuanError, ParameterError, RunError
from ..panel.refresh import PanelError
from ..paths import ProjectPaths, project_paths
from ..provenance import now_iso
from ..store import clean_stale, one_line, write_bytes_atomic
from .build import (
    STATUS_FAILED,
    NotebookJob,
    Unit,
    build_unit,
    failed_record,
    not_applicable_record,
    split_up_to_date,
)
from .lock import run_lock
from .selection import discover_notebooks, select_notebooks, survey_disclosures

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
    wait: float = 0.0  # seconds to wait for another run's lock


def plan_units(paths: ProjectPaths, options: RunOptions) -> list[Unit]:
    """Validate the selection (before anything runs) and cut it into units of work."""
    return plan(paths, options)[0]


def plan(paths: ProjectPaths, options: RunOptions) -> tuple[list[Unit], list[dict[str, Any]]]:
    """Units of work for the usable catalog entries, and a failed record (one line of reason) for
    each notebook of an entry that cannot be used (bad sidecar, size or sha256).

    Bad parameters raise ParameterError before anything runs."""
    if options.jobs is not None and options.jobs < 1:
        raise ParameterError("--jobs must be at least 1")
    timeout = options.timeout
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise ParameterError("--timeout must be a positive number of seconds")
    notebooks = select_notebooks(discover_notebooks(paths.notebooks), options.notebooks or None)
    if not notebooks:
        raise ParameterError(f"no notebooks under {paths.notebooks}")
    disclosures, problems = survey_disclosures(paths, options.years or None, options.departments or None)
    every_job = [
        (n, NotebookJob(n.name, str(n.path), n.title, n.uses_prior_year)) for n in notebooks if not n.is_panel
    ]
    jobs = [job for _, job in every_job]
    failures = [_problem_record(problem, job) for problem in problems for job in jobs]
    if not jobs or not disclosures:  # only panel notebooks selected: planned after the panel refresh
        return [], failures
    workers = options.jobs or os.cpu_count() or 1
    # Few department-years: split their notebooks so every worker has something to do.
    chunks = max(1, min(len(jobs), math.ceil(workers / len(disclosures)))) if options.scheduler is None else 1
    durations = _past_durations(paths.reports)
    groups_by_kind: dict[str, list[tuple[NotebookJob, ...]]] = {}
    units = []
    for raw in disclosures:
        kind = raw.kind
        served = [job for spec, job in every_job if spec.serves(kind)]
        if kind not in groups_by_kind:
            parts = min(chunks, max(1, len(served)))
            groups_by_kind[kind] = _balanced(served, parts, durations) if served else []
        base = Unit(
            root=str(paths.root),
            raw_dir=str(paths.raw),
            processed_dir=str(paths.processed),
            reports_dir=str(paths.reports),
            department_id=raw.department_id,
            fiscal_year=raw.fiscal_year,
            baseline_year=raw.fiscal_year - 1,
            notebooks=(),
            with_code=options.with_code,
            timeout=options.timeout,
            force=options.force,
            fresh_kernel=options.fresh_kernel,
            kind=kind,
        )
        # A notebook that does not serve this kind (a final-accounts-only one for a budget) is
        # listed as not applicable: neither failed nor missing.
        failures += [not_applicable_record(base, job, raw.department) for spec, job in every_job
                     if not spec.serves(kind)]
        for part in groups_by_kind[kind]:
            if part:
                units.append(replace(base, notebooks=part))
    return units, failures


def _problem_record(problem: CatalogProblem, job: NotebookJob) -> dict[str, Any]:
    return {
        "kind": getattr(problem, "kind", "final_accounts"),
        "department_id": problem.department_id,
        "department": problem.department_id,
        "fiscal_year": problem.fiscal_year,
        "notebook": job.name,
        "title": job.title,
        "status": STATUS_FAILED,
        "duration_s": 0.0,
        "findings": {"error": 0, "warning": 0, "info": 0},
        "html": "",
        "ipynb": "",
        "error": one_line(problem.reason),
    }


def _past_durations(reports: Path) -> dict[str, float]:
    """Median past build time of each notebook (from the last manifest), to balance the work."""
    times: dict[str, list[float]] = {}
    for record in _load_manifest(reports).get("reports", []):
        if record.get("status") == "ok":
            times.setdefault(record["notebook"], []).append(float(record.get("duration_s", 0)))
    return {name: statistics.median(values) for name, values in times.items()}


def spread(units: list[Unit], workers: int, durations: dict[str, float]) -> list[Unit]:
    """Split the units left to build so that every worker has work.

    The plan splits before it knows which reports are up to date; after an edit to one
    disclosure, only its notebooks remain, so they are split again across the idle workers.
    """
    if not units or len(units) >= workers:
        return units
    chunks = math.ceil(workers / len(units))
    out = []
    for unit in units:
        for part in _balanced(list(unit.notebooks), min(chunks, len(unit.notebooks)), durations):
            if part:
                out.append(replace(unit, notebooks=part))
    return out


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


def _watch_parent(parent: int) -> None:
    """Pool-worker initializer: when the run's process dies (even kill -9), this worker stops its
    kernels and exits within a second, so no orphan keeps writing reports."""
    import threading

    from .kernel import kill_warm_kernels

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                kill_warm_kernels()
                os._exit(1)
            time.sleep(0.25)

    threading.Thread(target=watch, name="juesuan-parent-watch", daemon=True).start()


def _local(units: list[Unit], workers: int, work=build_unit) -> Iterator[list[dict[str, Any]]]:
    if workers == 1 or len(units) == 1:
        for unit in units:
            yield _guarded(unit, work)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(units)), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    try:
        pending = {pool.submit(work, unit): unit for unit in units}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                unit = pending.pop(future)
                yield _guarded(unit, lambda _unit, f=future: f.result())
    except BaseException:  # interrupted (Ctrl-C, SIGTERM, generator closed): stop the workers now
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _guarded(unit: Unit, build) -> list[dict[str, Any]]:
    """The unit's records; when building it raised (a worker died, a bug), a failed record per
    notebook with the one-line reason, so the run goes on with the other units."""
    try:
        return build(unit)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        reason = one_line(str(exc) if isinstance(exc, JuesuanError) else f"{type(exc).__name__}: {exc}")
        scope = getattr(unit, "scope_kind", None)
        records = [failed_record(unit, job, reason) for job in unit.notebooks]
        return [dict(r, scope=scope) if scope else r for r in records]


def _connect(address: str):
    """A Dask client for the scheduler; JuesuanError (exit 1) when it cannot be reached."""
    from distributed import Client

    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise RunError(f"cannot reach the Dask scheduler at {address}: {one_line(str(exc))}") from None
    except ValueError as exc:
        raise ParameterError(f"malformed --scheduler {address!r}: {one_line(str(exc))}") from None


def _dask(units: list[Unit], client, work=build_unit) -> Iterator[list[dict[str, Any]]]:
    from distributed import as_completed

    with client:
        futures = client.map(work, units, pure=False)
        unit_of = {future.key: unit for future, unit in zip(futures, units, strict=True)}
        for future in as_completed(futures):
            yield _guarded(unit_of[future.key], lambda _unit, f=future: f.result())


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
        if record.get("kind") == "budget":
            who += " 预算"
        if record.get("scope") == "panel":
            who = f"panel {record['fiscal_year'] or 'all years'}"
        line = (
            f"[{self.done}/{self.total}] {who} "
            f"{record['notebook']}: {record['status']} ({record['duration_s']:.1f} s)"
        )
        if record["status"] == "up-to-date":
            line = line.replace(f"({record['duration_s']:.1f} s)", f"(built in {record['duration_s']:.1f} s)")
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


def _key(record: dict[str, Any]) -> tuple[str, int, str, str]:
    """A report's identity: department, year, document kind (a budget beside final accounts), notebook."""
    kind = record.get("kind") or "final_accounts"
    return record["department_id"], int(record["fiscal_year"]), kind, record["notebook"]


def _manifest_and_index(
    paths: ProjectPaths, records: list[dict[str, Any]], run: dict[str, Any]
) -> tuple[bytes, bytes]:
    from ..html_report import render_index_html

    previous = {
        _key(r): r
        for r in _load_manifest(paths.reports).get("reports", [])
        if r.get("html") and (paths.reports / r["html"]).is_file() and r.get("status") != "running"
    }
    current = {_key(r) for r in records}
    sidecars: dict[tuple[str, int, str], str | None] = {}
    without_prior = _notebooks_without_prior_year(paths)
    for key, record in previous.items():
        built = record.get("status") in ("ok", "up-to-date")
        if key not in current and built and record.get("scope") != "panel":
            reason = _outdated(paths, record, sidecars, record.get("notebook") not in without_prior)
            if reason:
                previous[key] = dict(record, status=STATUS_OUTDATED, error=reason)
    previous.update({_key(r): r for r in records})
    merged = sorted(
        previous.values(),
        key=lambda r: (-int(r["fiscal_year"]), r["department_id"], r.get("kind") or "", r["notebook"]),
    )
    manifest = {"generated_at": run["finished"], "run": run, "reports": merged}
    from ..panel.query import headline_figures

    headlines = headline_figures(paths.panel_db)
    return (
        (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        render_index_html(
            merged, generated_at=newest_build(merged, run["finished"]), headlines=headlines
        ).encode("utf-8"),
    )


STATUS_OUTDATED = "outdated"


def newest_build(records: list[dict[str, Any]], default: str) -> str:
    """When the newest report listed was built (ISO 8601): the index's generation time. A no-op
    run builds nothing, so its index keeps the time of the build before it. `default` when no
    record says when it was built (manifests written before `built_at` existed)."""
    from datetime import UTC, datetime

    def moment(text: str) -> datetime:
        value = datetime.fromisoformat(text)
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    times = []
    for record in records:
        try:
            times.append((moment(str(record["built_at"])), str(record["built_at"])))
        except (KeyError, TypeError, ValueError):
            continue
    return max(times)[1] if times else default


def _notebooks_without_prior_year(paths: ProjectPaths) -> set[str]:
    """Notebooks whose metadata says they never read the prior year (02_ratios, 05_projects …)."""
    from .selection import discover_notebooks

    try:
        return {n.name for n in discover_notebooks(paths.notebooks) if not n.uses_prior_year}
    except (OSError, ValueError):
        return set()


def _outdated(
    paths: ProjectPaths,
    record: dict[str, Any],
    sidecars: dict[tuple[str, int, str], str | None],
    uses_prior_year: bool = True,
) -> str:
    """Why a report this run did not rebuild no longer matches the catalog ("" when it does): an
    input whose sha256 changed or that is gone, or a prior year added since (a partial run, e.g.
    --notebook 01 after the raw text changed, leaves the other notebooks' reports like this)."""
    from ..catalog import find_raw
    from ..errors import JuesuanError

    kind = record.get("kind") or "final_accounts"

    def current_sha(department_id: str, year: int) -> str | None:
        if (department_id, year, kind) not in sidecars:
            try:
                raw = find_raw(paths, department_id, year, kind)
                sidecars[(department_id, year, kind)] = raw.sha256 if raw is not None else None
            except (JuesuanError, OSError):
                sidecars[(department_id, year, kind)] = "unreadable"
        return sidecars[(department_id, year, kind)]

    inputs = record.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        return ""
    department_id, year = str(record["department_id"]), int(record["fiscal_year"])
    held = set()
    for item in inputs:
        if not isinstance(item, dict):
            continue
        input_year = int(item.get("fiscal_year") or year)
        held.add(input_year)
        sha = current_sha(department_id, input_year)
        if sha is None:
            return f"过期：输入 {item.get('path')} 已不在数据目录中 / its input {item.get('path')} is gone"
        if sha != str(item.get("sha256", "")).lower():
            return (
                f"过期：输入 {item.get('path')} 已更新，请重新运行 juesuan run / built from an earlier "
                f"version of {item.get('path')}; rebuild with juesuan run"
            )
    if (
        uses_prior_year
        and kind != "budget"  # a budget's reports never read a prior year
        and year - 1 not in held
        and current_sha(department_id, year - 1) not in (None, "unreadable")
    ):
        return f"过期：上年（{year - 1}）决算已加入数据目录 / the {year - 1} disclosure was added since"
    return ""


def write_manifest_and_index(paths: ProjectPaths, records: list[dict[str, Any]], run: dict[str, Any]) -> None:
    """Merge this run's records into the manifest (other reports stay listed) and write the index."""
    manifest, index = _manifest_and_index(paths, records, run)
    write_bytes_atomic(paths.reports / MANIFEST, manifest)
    write_bytes_atomic(paths.reports / INDEX, index)


def run(options: RunOptions, paths: ProjectPaths | None = None) -> int:
    """Build the selected reports; exit status 0 when all succeed, 1 when any failed (a bad catalog
    entry, a notebook, a write: RunError), 2 for bad parameters (ParameterError, before anything runs).

    One run at a time per reports folder (runner.lock); stale temporary files of killed runs are
    removed first. However the run ends (an error, an unreachable scheduler, a full or read-only
    disk, Ctrl-C), no report stays listed as running: the index written at the start is replaced
    at the end, or, when that write fails, by a fallback staged at the start.
    """
    paths = paths or project_paths()
    started, clock = now_iso(), time.perf_counter()
    planned, failures = plan(paths, options)
    panel_jobs, panel_years = _panel_selection(paths, options, planned)
    if options.dry_run:
        code = _dry_run(planned, failures)
        _dry_run_panel(paths, options, panel_jobs, panel_years)
        return code
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(run_lock(paths.reports, wait=options.wait))
        except OSError as exc:  # a read-only or full disk: nothing was changed
            cause = f"cannot write {exc.filename or paths.reports}: {exc.strerror or exc}"
            raise RunError(one_line(f"{cause}; nothing was built")) from None
        for folder in (paths.reports, paths.processed):
            for removed in clean_stale(folder):
                log.info("removed a stale temporary file of an interrupted run: %s", removed)
        return _build(paths, options, planned, failures, started, clock, (panel_jobs, panel_years))
    raise AssertionError("unreachable")  # ExitStack does not swallow exceptions


def _dry_run(planned: list[Unit], failures: list[dict[str, Any]]) -> int:
    for unit in planned:
        fresh, rest = split_up_to_date(unit)
        for record in fresh:
            print(f"{record['department_id']} {record['fiscal_year']} {record['notebook']}: up-to-date")
        for job in rest.notebooks if rest else ():
            print(f"{unit.department_id} {unit.fiscal_year} {job.name}: rebuild")
    failed = [r for r in failures if r["status"] == STATUS_FAILED]
    for record in failures:
        where = f"{record['department_id']} {record['fiscal_year']} {record['notebook']}"
        if record["status"] == STATUS_FAILED:
            print(f"{where}: failed — {record['error']}")
        else:
            print(f"{where}: 不适用于预算 (not applicable to a budget)")
    return 1 if failed else 0


def _build(
    paths: ProjectPaths,
    options: RunOptions,
    planned: list[Unit],
    failures: list[dict[str, Any]],
    started: str,
    clock: float,
    panel: tuple[list[NotebookJob], list[int]] = ([], []),
) -> int:
    records: list[dict[str, Any]] = []
    units: list[Unit] = []
    for unit in planned:
        fresh, rest = split_up_to_date(unit)
        records += fresh
        if rest is not None:
            units.append(rest)
    total = len(records) + len(failures) + sum(len(u.notebooks) for u in units)
    workers = options.jobs or os.cpu_count() or 1
    if options.scheduler is None:
        units = spread(units, workers, _past_durations(paths.reports))
    progress = Progress(total)
    for record in records + failures:
        progress.update(record)
    records += failures
    client = _connect(options.scheduler) if options.scheduler and (units or panel[0]) else None
    fallback: list[Path] = []
    outcome = "the run ended early"
    panel_failed = False
    try:
        if units or panel[0]:
            # Beside the index goes the one to fall back on if the final write fails: reports of
            # this run not built by then show as failed in it, none as running.
            info = _run_info(options, started, clock, workers)
            unfinished = _running(units, "the run ended before this report was built")
            fallback = _stage_fallback(paths, records + unfinished, info)
        if units:
            where = options.scheduler or f"{min(workers, len(units))} local worker(s)"
            log.info("building %d report(s), %d up to date, on %s", sum(len(u.notebooks) for u in units),
                     len(records) - len(failures), where)
            # Until this run finishes, the index says which reports are being rebuilt: an interrupted
            # run (even kill -9) never leaves a stale report listed as current.
            write_manifest_and_index(paths, records + _running(units), info)
            source = _dask(units, client) if client is not None else _local(units, workers)
            try:
                for batch in source:
                    for record in batch:
                        records.append(record)
                        progress.update(record)
            finally:
                source.close()
        progress.close()
        try:
            records += _panel_stage(paths, options, *panel, records, workers, (started, clock))
        except PanelError as exc:
            log.error("panel not refreshed: %s", exc)
            panel_failed = True
        outcome = ""
    except KeyboardInterrupt:
        outcome = "the run was interrupted"
        raise
    except OSError as exc:
        outcome = one_line(f"cannot write {exc.filename or 'the reports'}: {exc.strerror or exc}")
        raise RunError(f"{outcome} (the previous reports and index are kept)") from None
    finally:
        progress.close()
        if client is not None:
            client.close()
        _finish(paths, options, records, units, started, clock, workers, fallback, outcome)
    failed = [r for r in records if r["status"] == STATUS_FAILED] + ([{}] if panel_failed else [])
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


def _finish(paths, options, records, units, started, clock, workers, fallback, outcome) -> None:
    """Write the final manifest and index: reports not built are failed with the run's outcome.
    When that write fails, the fallback staged at the start takes the index's place (a rename
    needs no free space), so no report stays listed as running."""
    done = {_key(r) for r in records}
    reason = outcome or "the run ended before this report was built"
    final = records + [r for r in _running(units, reason) if _key(r) not in done]
    try:
        write_manifest_and_index(paths, final, _run_info(options, started, clock, workers))
    except OSError as exc:
        log.error("juesuan: cannot write the index: %s", one_line(f"{exc.filename}: {exc.strerror or exc}"))
        for staged in fallback:
            with contextlib.suppress(OSError):
                os.replace(staged, staged.with_name(staged.name.split(".fallback-")[0].lstrip(".")))
        return
    for staged in fallback:
        staged.unlink(missing_ok=True)


def _stage_fallback(paths: ProjectPaths, records: list[dict[str, Any]], info: dict[str, Any]) -> list[Path]:
    """Write the manifest and index to fall back on beside the real ones (hidden names)."""
    manifest, index = _manifest_and_index(paths, records, info)
    staged = []
    for name, data in ((MANIFEST, manifest), (INDEX, index)):
        target = paths.reports / f".{name}.fallback-{os.getpid()}"
        write_bytes_atomic(target, data)
        staged.append(target)
    return staged


def _panel_selection(
    paths: ProjectPaths, options: RunOptions, planned: list[Unit]
) -> tuple[list[NotebookJob], list[int]]:
    """The selected panel notebooks and the fiscal years to give a panel report of their own."""
    notebooks = select_notebooks(discover_notebooks(paths.notebooks), options.notebooks or None)
    jobs = [NotebookJob(n.name, str(n.path), n.title) for n in notebooks if n.is_panel]
    if not jobs:
        return [], []
    # The panel compares final accounts: a budget gives no panel report of its year, and a
    # catalog of budgets alone has no panel at all.
    years = {u.fiscal_year for u in planned if u.kind != "budget"}
    if not years:
        chosen, _ = survey_disclosures(paths, options.years or None, options.departments or None)
        years = {d.fiscal_year for d in chosen if d.kind != "budget"}
    if not years:
        from ..catalog import survey_raw

        entries, problems = survey_raw(paths)
        if not any(e.kind != "budget" for e in entries) and not any(p.kind != "budget" for p in problems):
            return [], []
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
    client=None,
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
            source = _dask(pending, _connect(options.scheduler), build_panel_unit)
        else:
            source = _local(pending, workers, build_panel_unit)
        try:
            for batch in source:
                for record in batch:
                    out.append(record)
                    progress.update(record)
        finally:
            source.close()
            progress.close()
    else:
        progress.close()
    return out


def _running(units: list[Unit], failed_because: str | None = None) -> list[dict[str, Any]]:
    """Records of the reports being built; with `failed_because`, the same reports as failed."""
    return [
        {
            "scope": getattr(u, "scope_kind", "department-year"),
            "kind": getattr(u, "kind", "final_accounts"),
            "department_id": u.department_id,
            "department": u.department_id,
            "fiscal_year": u.fiscal_year,
            "notebook": job.name,
            "title": job.title,
            "status": STATUS_FAILED if failed_because else "running",
            "duration_s": 0.0,
            "findings": {"error": 0, "warning": 0, "info": 0},
            "html": "",
            "ipynb": "",
            "error": failed_because,
        }
        for u in units
        for job in u.notebooks
    ]


def _run_info(options: RunOptions, started: str, clock: float, workers: int) -> dict[str, Any]:
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

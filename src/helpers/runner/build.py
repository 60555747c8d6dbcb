"""Build the reports of one unit of work: some notebooks of one department-year.

This is the function a worker runs, in a local process pool or on a Dask cluster: it takes and
returns plain data, extracts and audits the disclosure once, executes each notebook with papermill
on the worker's warm kernel, renders the self-contained HTML, writes every file atomically and
stamps each finished report with its cache key.
"""

from __future__ import annotations

import os
import re
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..store import write_bytes_atomic, write_text_atomic
from .cache import Stamp, cache_key, is_up_to_date, sha256_bytes, sha256_file, write_stamp

STATUS_OK, STATUS_FAILED, STATUS_UP_TO_DATE = "ok", "failed", "up-to-date"


@dataclass(frozen=True)
class NotebookJob:
    name: str
    path: str
    title: str
    uses_prior_year: bool = True  # False: adding or changing the prior year does not rebuild it


@dataclass(frozen=True)
class Unit:
    """Plain, picklable description of the work of one worker call."""

    root: str
    raw_dir: str
    processed_dir: str
    reports_dir: str
    department_id: str
    fiscal_year: int
    baseline_year: int
    notebooks: tuple[NotebookJob, ...]
    with_code: bool = False
    timeout: float = 600
    force: bool = False
    fresh_kernel: bool = False
    kind: str = "final_accounts"  # or "budget": the department-year's <year>-budget file

    @property
    def is_budget(self) -> bool:
        return self.kind == "budget"


@dataclass
class ReportResult:
    """One notebook of one department-year, as the manifest and the index show it."""

    department_id: str
    department: str
    fiscal_year: int
    notebook: str
    title: str
    status: str
    duration_s: float
    findings: dict[str, int]
    html: str
    ipynb: str
    error: str | None = None
    cache_key: str = ""
    inputs: list[dict[str, Any]] = field(default_factory=list)
    scope: str = "department-year"  # or "panel": a report across department-years (runner/panel.py)
    built_at: str = ""  # when the build that produced this report finished (ISO 8601)
    kind: str = "final_accounts"  # or "budget" (部门预算/单位预算)
    kind_label: str = ""  # 部门预算 / 单位预算 for a budget ("" for final accounts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _paths(unit: Unit):
    from ..paths import ProjectPaths

    return ProjectPaths(
        root=Path(unit.root),
        raw=Path(unit.raw_dir),
        processed=Path(unit.processed_dir),
        reports=Path(unit.reports_dir),
    )


def _inputs(paths, unit: Unit) -> list[dict[str, Any]]:
    """The raw files a report depends on: this year's, and the baseline year's when held."""
    from ..catalog import find_raw

    inputs = []
    kind = getattr(unit, "kind", "final_accounts")
    years = (unit.fiscal_year,) if kind == "budget" else (unit.fiscal_year, unit.baseline_year)
    for year in years:  # a budget is built from its own file alone (no prior-year comparison)
        raw = find_raw(paths, unit.department_id, year, kind)
        if raw is not None:
            inputs.append(
                {
                    "path": str(raw.text_path.relative_to(paths.root))
                    if raw.text_path.is_relative_to(paths.root)
                    else str(raw.text_path),
                    "sha256": raw.sha256,
                    "size": raw.sidecar.get("size"),
                    "fiscal_year": year,
                    **({"kind": kind} if kind == "budget" else {}),
                }
            )
    return inputs


def _parameters(unit: Unit) -> dict[str, Any]:
    """The notebook parameters; folders relative to the project root (no machine paths)."""
    if not isinstance(unit, Unit):  # a panel unit names its own parameters
        return unit.notebook_parameters()
    parameters = {
        "department": unit.department_id,
        "fiscal_year": unit.fiscal_year,
        "baseline_year": unit.baseline_year,
        "raw_dir": _from_root(unit, unit.raw_dir),
        "processed_dir": _from_root(unit, unit.processed_dir),
        "reports_dir": _from_root(unit, unit.reports_dir),
    }
    if unit.is_budget:  # final accounts keep their parameters (and so their cache keys) unchanged
        parameters["kind"] = unit.kind
    return parameters


def _from_root(unit: Unit, folder: str) -> str:
    return Path(os.path.relpath(folder, unit.root)).as_posix()


def _scrub_machine_paths(notebook, paths, output: Path) -> None:
    """papermill records where it read and wrote the notebook: keep those relative to the root
    (the output being the report's .ipynb, not the temporary file papermill wrote)."""
    meta = notebook.get("metadata", {}).get("papermill")
    if not meta:
        return
    meta["output_path"] = Path(os.path.relpath(output, paths.root)).as_posix()
    if meta.get("input_path") and Path(meta["input_path"]).is_absolute():
        meta["input_path"] = Path(os.path.relpath(meta["input_path"], paths.root)).as_posix()


def _key(paths, unit: Unit, job: NotebookJob, inputs: list[dict[str, Any]]) -> str:
    return cache_key(
        raw_sha256=[
            i["sha256"]
            for i in inputs
            if job.uses_prior_year or i.get("fiscal_year", unit.fiscal_year) == unit.fiscal_year
        ],
        notebook_sha256=sha256_file(Path(job.path)),
        parameters={k: v for k, v in _parameters(unit).items() if not k.endswith("_dir")},
        lock_file=paths.lock_file,
        options={"with_code": unit.with_code},
    )


def _finding_counts(findings) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


def split_up_to_date(unit: Unit) -> tuple[list[dict[str, Any]], Unit | None]:
    """Records of the unit's reports that are up to date, and the unit reduced to the rest.

    Cheap (hashing only): the parent process calls it, so a run with nothing to rebuild starts no
    worker and no kernel.
    """
    paths = _paths(unit)
    report_dir = paths.report_dir(unit.department_id, unit.fiscal_year, unit.kind)
    inputs = _inputs(paths, unit)
    fresh: list[dict[str, Any]] = []
    pending: list[NotebookJob] = []
    for job in unit.notebooks:
        stamp = None if unit.force else is_up_to_date(report_dir, job.name, _key(paths, unit, job, inputs))
        if stamp is None:
            pending.append(job)
        else:
            # Up to date: the record keeps the duration and time of the build that produced it.
            fresh.append(dict(stamp.record, status=STATUS_UP_TO_DATE))
    rest = replace(unit, notebooks=tuple(pending)) if pending else None
    return fresh, rest


def _quiet_libraries() -> None:
    """Workers report through their return value; library progress logs would interleave."""
    import logging

    for name in ("traitlets", "distributed.worker"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # papermill/nbclient errors ("Timeout waiting for execute reply") reach the report's one log line
    # through the record; logged here too they would break the one line per report
    for name in ("papermill", "nbclient"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def failed_record(unit: Unit, job: NotebookJob, reason: str, department: str | None = None) -> dict[str, Any]:
    """The record of a report that could not be built, with its one-line reason. The link points
    at the previous report when one is kept (outputs are replaced only by better ones)."""
    from ..store import one_line

    paths = _paths(unit)
    kind = getattr(unit, "kind", "final_accounts")
    report_dir = paths.report_dir(unit.department_id, unit.fiscal_year, kind)
    html, ipynb = report_dir / f"{job.name}.html", report_dir / f"{job.name}.ipynb"
    return ReportResult(
        department_id=unit.department_id,
        department=department or unit.department_id,
        fiscal_year=unit.fiscal_year,
        notebook=job.name,
        title=job.title,
        status=STATUS_FAILED,
        duration_s=0.0,
        findings={"error": 0, "warning": 0, "info": 0},
        html=str(html.relative_to(paths.reports)) if html.is_file() else "",
        ipynb=str(ipynb.relative_to(paths.reports)) if ipynb.is_file() else "",
        error=one_line(reason),
        kind=getattr(unit, "kind", "final_accounts"),
        kind_label=_kind_label(paths, unit),
    ).to_dict()


def _kind_label(paths, unit: Unit) -> str:
    """部门预算 / 单位预算 for a budget (its sidecar's "kind_label" when written by add, else 部门预算)."""
    if getattr(unit, "kind", "final_accounts") != "budget":
        return ""
    from ..catalog import find_raw
    from ..errors import JuesuanError

    try:
        raw = find_raw(paths, unit.department_id, unit.fiscal_year, unit.kind)
    except (JuesuanError, OSError):
        raw = None
    label = raw.sidecar.get("kind_label") if raw is not None else None
    return label if label in ("部门预算", "单位预算") else "部门预算"


STATUS_NOT_APPLICABLE = "not-applicable"


def not_applicable_record(unit: Unit, job: NotebookJob, department: str | None = None) -> dict[str, Any]:
    """The record of a notebook that does not serve this kind of document (a final-accounts-only
    notebook for a budget): listed as 不适用于预算, neither failed nor missing."""
    paths = _paths(unit)
    return ReportResult(
        department_id=unit.department_id,
        department=department or unit.department_id,
        fiscal_year=unit.fiscal_year,
        notebook=job.name,
        title=job.title,
        status=STATUS_NOT_APPLICABLE,
        duration_s=0.0,
        findings={"error": 0, "warning": 0, "info": 0},
        html="",
        ipynb="",
        kind=unit.kind,
        kind_label=_kind_label(paths, unit),
    ).to_dict()


def _reason(exc: BaseException) -> str:
    """One line naming the real cause of a failure (the file and the system's words for OS errors)."""
    from ..errors import JuesuanError

    if isinstance(exc, JuesuanError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror} (previous report kept)"
    return f"{type(exc).__name__}: {exc}"


def build_unit(unit: Unit) -> list[dict[str, Any]]:
    """Build (or confirm up to date) each notebook of the unit; return one record per notebook.

    A department-year that cannot be read, extracted or verified gives a failed record per
    notebook with the one-line reason instead of an exception, so a batch goes on."""
    _quiet_libraries()
    fresh, rest = split_up_to_date(unit)
    results = list(fresh)
    if rest is not None:
        paths = _paths(rest)
        try:
            inputs = _inputs(paths, rest)
            keys = {job.name: _key(paths, rest, job, inputs) for job in rest.notebooks}
            report_dir = paths.report_dir(rest.department_id, rest.fiscal_year, rest.kind)
            results += _build_notebooks(paths, rest, list(rest.notebooks), keys, inputs, report_dir)
        except Exception as exc:
            done = {r["notebook"] for r in results}
            reason = _reason(exc)
            results += [failed_record(rest, job, reason) for job in rest.notebooks if job.name not in done]
    order = {job.name: i for i, job in enumerate(unit.notebooks)}
    return sorted(results, key=lambda r: order[r["notebook"]])


def _build_notebooks(
    paths,
    unit: Unit,
    jobs: list[NotebookJob],
    keys: dict[str, str],
    inputs: list[dict[str, Any]],
    report_dir: Path,
) -> list[dict[str, Any]]:
    from ..compare import stated_changes_against_prior
    from ..load import load_prior, prepare

    if not unit.fresh_kernel:  # boot the kernel now; it warms up while the data are prepared
        from .kernel import warm_kernel

        warm_kernel(Path(jobs[0].path).parent)
    # Extraction and audit run once per department-year: the first worker writes the processed
    # folder (with a checked JSON snapshot of the results) under a lock; other workers and every
    # notebook kernel load that instead of extracting again.
    disclosure = prepare(paths, unit.department_id, unit.fiscal_year, unit.kind)
    findings = list(disclosure.findings)
    prior = None if unit.is_budget else load_prior(paths, unit.department_id, unit.baseline_year)
    if prior is not None:
        findings += stated_changes_against_prior(disclosure.extraction, prior.extraction, unit.baseline_year)
    counts = _finding_counts(findings)
    results = []
    for job in jobs:
        try:
            key, department = keys[job.name], disclosure.department
            record = _build_one(paths, unit, job, key, inputs, report_dir, department, counts)
        except Exception as exc:  # a write failed (disk full, read-only): the previous report stays
            record = failed_record(unit, job, _reason(exc), disclosure.department)
        results.append(record)
    return results


def _execute(
    unit: Unit, job: NotebookJob, temp_output: Path, output_log: Path | None = None
) -> tuple[Any, str | None]:
    """Run one notebook with papermill; return the executed notebook and an error summary.

    With `output_log`, files the notebook writes through helpers (its charts) are listed there
    (store.record_output), for its stamp."""
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from ..store import OUTPUT_LOG_VARIABLE
    from .engine import register
    from .failure import mark_stopped, mark_timeout
    from .kernel import KERNEL_NAME, discard_warm_kernel, ensure_kernelspec, warm_kernel

    cwd = Path(job.path).parent
    options: dict[str, Any] = {}
    log_value = str(output_log) if output_log is not None else ""
    saved_log = os.environ.get(OUTPUT_LOG_VARIABLE)
    if unit.fresh_kernel:
        ensure_kernelspec()
        os.environ[OUTPUT_LOG_VARIABLE] = log_value  # a fresh kernel inherits the worker's environment
        options = {"engine_name": register(fresh=True)}
    else:
        kernel = warm_kernel(cwd)
        kernel.reset()
        kernel.set_env(OUTPUT_LOG_VARIABLE, log_value)
        options = {"engine_name": register(), "warm_kernel": kernel}
    error = None
    try:
        pm.execute_notebook(
            job.path,
            str(temp_output),
            parameters=_parameters(unit),
            kernel_name=KERNEL_NAME,
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=unit.timeout,
            **options,
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"[:500]
    except Exception as exc:  # a timeout, or the kernel died: start the next notebook afresh
        if not unit.fresh_kernel:
            discard_warm_kernel(cwd)
        partial = getattr(exc, "partial_notebook", None)
        if partial is not None:  # the cells run so far, the one that stopped the run named
            if isinstance(exc, CellTimeoutError):
                return partial, mark_timeout(partial, unit.timeout)
            return partial, mark_stopped(partial, exc)
        error = f"{type(exc).__name__}: {exc}"[:500]
        if not temp_output.exists():
            raise
    finally:
        if saved_log is None:
            os.environ.pop(OUTPUT_LOG_VARIABLE, None)
        else:
            os.environ[OUTPUT_LOG_VARIABLE] = saved_log
    notebook = nbformat.read(str(temp_output), as_version=4)
    return notebook, error


def _build_one(
    paths,
    unit: Unit,
    job: NotebookJob,
    key: str,
    inputs: list[dict[str, Any]],
    report_dir: Path,
    department: str,
    counts: dict[str, int],
    title: str | None = None,
    scope: str = "department-year",
) -> dict[str, Any]:
    from ..html_report import render_notebook_html
    from ..provenance import now_iso, package_versions, project_commit
    from ..store import guard_not_raw, one_line

    started, clock = now_iso(), time.perf_counter()
    report_dir.mkdir(parents=True, exist_ok=True)
    guard_not_raw(report_dir)
    temp = report_dir / f".{job.name}.{os.getpid()}.running.ipynb"
    output_log = report_dir / ".stamps" / f".{job.name}.{os.getpid()}.outputs"
    output_log.parent.mkdir(parents=True, exist_ok=True)
    output_log.unlink(missing_ok=True)
    html_name, ipynb_name = f"{job.name}.html", f"{job.name}.ipynb"
    try:
        notebook, error = _execute(unit, job, temp, output_log)
    except Exception as exc:  # papermill could not even start: still leave a readable report
        notebook, error = None, f"{type(exc).__name__}: {exc}"[:500]
        traceback_text = traceback.format_exc()
    finally:
        temp.unlink(missing_ok=True)
    status = STATUS_FAILED if error else STATUS_OK
    if error and _ENVIRONMENT_FAULT.search(error):
        # The notebook failed because the machine could not write (disk full, read-only folder,
        # quota): not a finding about the report. Keep the previous report; say why.
        return failed_record(unit, job, f"{error} (previous report kept)", department)
    provenance = {
        "inputs": inputs,
        "packages": package_versions(),
        "commit": project_commit(paths.root),
        "run_started": started,
        "run_finished": now_iso(),
        "notebook": job.path and Path(job.path).name,
        "kernel": "juesuan",
    }
    parameters = _parameters(unit)
    kind_label = _kind_label(paths, unit) if isinstance(unit, Unit) else ""
    title = title or f"{job.title} · {department} {unit.fiscal_year}年度{kind_label}"
    if notebook is None:
        notebook = _failure_notebook(job, traceback_text)
    import nbformat

    if status == STATUS_FAILED and _good_report_kept(report_dir, job.name):
        # outputs are replaced only by better ones: the failure page goes beside the good report
        html_name, ipynb_name = f"{job.name}{FAILED_SUFFIX}.html", f"{job.name}{FAILED_SUFFIX}.ipynb"
        error = f"{error}（上次成功的报告 {job.name}.html 已保留）"
    _scrub_machine_paths(notebook, paths, report_dir / ipynb_name)
    ipynb_bytes = nbformat.writes(notebook).encode("utf-8")
    html_text = render_notebook_html(
        notebook,
        title=title,
        parameters=_shown_parameters(paths, parameters),
        provenance=provenance,
        with_code=unit.with_code,
        kicker=_KICKERS[getattr(unit, "kind", "final_accounts")],
    )
    write_bytes_atomic(report_dir / ipynb_name, ipynb_bytes)
    write_text_atomic(report_dir / html_name, html_text)
    duration = round(time.perf_counter() - clock, 3)
    reports = paths.reports
    result = ReportResult(
        department_id=unit.department_id,
        department=department,
        fiscal_year=unit.fiscal_year,
        notebook=job.name,
        title=job.title,
        status=status,
        duration_s=duration,
        findings=counts,
        html=str((report_dir / html_name).relative_to(reports)),
        ipynb=str((report_dir / ipynb_name).relative_to(reports)),
        error=one_line(error) if error else None,
        cache_key=key,
        inputs=inputs,
        scope=scope,
        built_at=str(provenance["run_finished"]),
        kind=getattr(unit, "kind", "final_accounts"),
        kind_label=kind_label,
    ).to_dict()
    if status == STATUS_OK:
        for suffix in (".html", ".ipynb"):  # a failure page of an earlier run is outdated now
            (report_dir / f"{job.name}{FAILED_SUFFIX}{suffix}").unlink(missing_ok=True)
        outputs = {html_name: sha256_bytes(html_text.encode("utf-8")), ipynb_name: sha256_bytes(ipynb_bytes)}
        outputs.update(_logged_outputs(report_dir, output_log))
        write_stamp(report_dir, job.name, Stamp(key, outputs, result))
    output_log.unlink(missing_ok=True)
    return result


FAILED_SUFFIX = ".failed"  # <notebook>.failed.html: a failure page written beside a kept good report


def _good_report_kept(report_dir: Path, notebook: str) -> bool:
    """True when the folder holds a report its stamp certifies as built successfully (unchanged)."""
    from .cache import read_stamp

    stamp = read_stamp(report_dir, notebook)
    html = report_dir / f"{notebook}.html"
    if stamp is None or stamp.record.get("status") != STATUS_OK or not html.is_file():
        return False
    return stamp.outputs.get(html.name) == sha256_file(html)

_KICKERS = {"final_accounts": "juesuan 决算分析报告", "budget": "juesuan 预算分析报告"}

# OSError numbers of the machine's faults, as a notebook's error line shows them:
# ENOSPC 28, EROFS 30, EDQUOT 122, EACCES 13, EPERM 1, EIO 5.
_ENVIRONMENT_FAULT = re.compile(
    r"\[Errno (?:28|30|122|13|1|5)\]|No space left on device|Read-only file system"
)


def _logged_outputs(folder: Path, log: Path) -> dict[str, str]:
    """Files this notebook wrote through helpers (its charts), as listed in its own output log:
    relative name -> sha256. A file written by a notebook running beside it (another worker, the
    same folder) is not in this log, so every chart belongs to exactly one report's stamp."""
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    outputs = {}
    for line in dict.fromkeys(lines):
        path = Path(line)
        if path.is_file() and path.is_relative_to(folder) and not path.name.endswith((".html", ".ipynb")):
            outputs[str(path.relative_to(folder))] = sha256_file(path)
    return outputs


def _shown_parameters(paths, parameters: dict[str, Any]) -> dict[str, Any]:
    """Parameters for the report's table: folders relative to the project."""
    shown = {}
    for name, value in parameters.items():
        if name.endswith("_dir") and Path(value).is_relative_to(paths.root):
            value = str(Path(value).relative_to(paths.root))
        shown[name] = value
    return shown


def _failure_notebook(job: NotebookJob, traceback_text: str):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"# 未能执行 {Path(job.path).name}")
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="RunnerError",
            evalue="notebook could not run",
            traceback=traceback_text.splitlines(),
        )
    ]
    notebook.cells = [nbformat.v4.new_markdown_cell(f"# {job.title}"), cell]
    return notebook

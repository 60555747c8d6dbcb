"""Panel reports in `juesuan run`: each panel notebook (06_panel) once per fiscal year and once
across all years, built after the department-years and after the panel refresh.

A panel report reads many department-years, so its cache key's "raw" part is a digest over every
department-year it may read (raw sha256 and the code that processed it): the report of fiscal
year Y reads the years up to Y (trends, published prior years), the all-years report reads all.
Units are plain data like `build.Unit` and go through the same pool or Dask cluster and the same
`_build_one`; their manifest records carry `scope: "panel"` and department id "_panel".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..paths import ProjectPaths
from .build import STATUS_UP_TO_DATE, NotebookJob, _build_one, _from_root, _paths, _quiet_libraries
from .cache import cache_key, is_up_to_date, sha256_file

PANEL_ID = "_panel"  # never a valid department id (ids start with a letter or digit)
ALL_YEARS = "all"
PANEL_SCOPE = "panel"
NO_FINDINGS = {"error": 0, "warning": 0, "info": 0}  # findings belong to department-years


@dataclass(frozen=True)
class PanelUnit:
    """The panel notebooks of one scope (a fiscal year, or "all")."""

    root: str
    raw_dir: str
    processed_dir: str
    reports_dir: str
    scope: str
    digest: str
    members: int
    notebooks: tuple[NotebookJob, ...]
    with_code: bool = False
    timeout: float = 600
    force: bool = False
    fresh_kernel: bool = False

    scope_kind = PANEL_SCOPE  # the manifest record's "scope"

    @property
    def department_id(self) -> str:
        return PANEL_ID

    @property
    def fiscal_year(self) -> int:
        """The year of a yearly panel report; 0 for the report across all years."""
        return 0 if self.scope == ALL_YEARS else int(self.scope)

    @property
    def label(self) -> str:
        return "全部年度" if self.scope == ALL_YEARS else f"{self.scope}年度"

    def notebook_parameters(self) -> dict[str, Any]:
        """Folders relative to the project root (executed notebooks hold no machine paths)."""
        return {
            "fiscal_year": None if self.scope == ALL_YEARS else int(self.scope),
            "departments": [],
            "raw_dir": _from_root(self, self.raw_dir),  # type: ignore[arg-type]
            "processed_dir": _from_root(self, self.processed_dir),  # type: ignore[arg-type]
            "reports_dir": _from_root(self, self.reports_dir),  # type: ignore[arg-type]
        }


def scope_digests(paths: ProjectPaths, scopes: list[str]) -> dict[str, tuple[str, int]]:
    """(digest, department-years) per scope, from the catalog and the processed manifests (no writes)."""
    from ..panel.refresh import scan

    members = [
        (m.raw.department_id, m.raw.fiscal_year, m.digest if m.error is None else f"unread:{m.raw.sha256}")
        for m in scan(paths, prepare_stale=False)
        if m.raw.kind != "budget"  # budgets are listed in the catalog, never compared in the panel
    ]
    out = {}
    for scope in scopes:
        chosen = sorted(m for m in members if scope == ALL_YEARS or m[1] <= int(scope))
        digest = hashlib.sha256(json.dumps(chosen).encode()).hexdigest()
        out[scope] = (digest, len(chosen))
    return out


def plan_panel_units(
    paths: ProjectPaths, notebooks: list[NotebookJob], years: list[int], options
) -> list[PanelUnit]:
    """One unit per scope: each selected fiscal year, then all years."""
    if not notebooks:
        return []
    scopes = [str(y) for y in sorted(set(years))] + [ALL_YEARS]
    digests = scope_digests(paths, scopes)
    return [
        PanelUnit(
            root=str(paths.root),
            raw_dir=str(paths.raw),
            processed_dir=str(paths.processed),
            reports_dir=str(paths.reports),
            scope=scope,
            digest=digests[scope][0],
            members=digests[scope][1],
            notebooks=tuple(notebooks),
            with_code=options.with_code,
            timeout=options.timeout,
            force=options.force,
            fresh_kernel=options.fresh_kernel,
        )
        for scope in scopes
    ]


def _key(paths: ProjectPaths, unit: PanelUnit, job: NotebookJob) -> str:
    return cache_key(
        raw_sha256=[unit.digest],
        notebook_sha256=sha256_file(Path(job.path)),
        parameters={k: v for k, v in unit.notebook_parameters().items() if not k.endswith("_dir")},
        lock_file=paths.lock_file,
        options={"with_code": unit.with_code},
    )


def _inputs(paths: ProjectPaths, unit: PanelUnit) -> list[dict[str, Any]]:
    db = paths.panel_db
    shown = str(db.relative_to(paths.root)) if db.is_relative_to(paths.root) else str(db)
    return [{"path": shown, "sha256": unit.digest, "department_years": unit.members}]


def split_panel_up_to_date(unit: PanelUnit) -> tuple[list[dict[str, Any]], PanelUnit | None]:
    """Records of the unit's reports that are up to date, and the unit reduced to the rest."""
    paths = _paths(unit)  # type: ignore[arg-type]
    report_dir = paths.panel_report_dir(unit.scope)
    fresh, pending = [], []
    for job in unit.notebooks:
        stamp = None if unit.force else is_up_to_date(report_dir, job.name, _key(paths, unit, job))
        if stamp is None:
            pending.append(job)
        else:
            fresh.append(dict(stamp.record, status=STATUS_UP_TO_DATE))  # keeps its build duration
    return fresh, (replace(unit, notebooks=tuple(pending)) if pending else None)


def build_panel_unit(unit: PanelUnit) -> list[dict[str, Any]]:
    """Build (or confirm up to date) each panel notebook of the unit; one record per notebook."""
    _quiet_libraries()
    fresh, rest = split_panel_up_to_date(unit)
    results = list(fresh)
    if rest is not None:
        paths = _paths(rest)  # type: ignore[arg-type]
        report_dir = paths.panel_report_dir(rest.scope)
        if not rest.fresh_kernel:
            from .kernel import warm_kernel

            warm_kernel(Path(rest.notebooks[0].path).parent)
        for job in rest.notebooks:
            results.append(
                _build_one(
                    paths,
                    rest,  # type: ignore[arg-type]
                    job,
                    _key(paths, rest, job),
                    _inputs(paths, rest),
                    report_dir,
                    "全部部门",
                    dict(NO_FINDINGS),
                    title=f"{job.title} · {rest.label}",
                    scope=PANEL_SCOPE,
                )
            )
    order = {job.name: i for i, job in enumerate(unit.notebooks)}
    return sorted(results, key=lambda r: order[r["notebook"]])

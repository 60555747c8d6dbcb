"""What a run builds: catalog entries matching the filters, and the notebooks to execute."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..catalog import (
    CatalogProblem,
    RawDisclosure,
    survey_raw,
    validate_department_id,
    validate_fiscal_year,
)
from ..errors import CatalogError, ParameterError
from ..paths import ProjectPaths

NOTEBOOK_FILE = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
PANEL_SCOPE = "panel"  # notebook metadata {"juesuan": {"scope": "panel"}}: a report across the panel


@dataclass(frozen=True)
class NotebookSpec:
    """A notebook of the collection: its name (file stem), file and Chinese title."""

    name: str
    path: Path
    title: str
    scope: str = "department-year"  # "panel": one report per fiscal year and one across all years
    uses_prior_year: bool = True  # metadata {"juesuan": {"uses_prior_year": false}}: prior year not read
    kinds: tuple[str, ...] = ("final_accounts",)  # metadata {"juesuan": {"kinds": [...]}}: documents served

    def serves(self, kind: str) -> bool:
        """True when the notebook is built for this kind of document ("final_accounts" | "budget")."""
        return kind in self.kinds

    @property
    def is_panel(self) -> bool:
        return self.scope == PANEL_SCOPE


def discover_notebooks(folder: Path) -> list[NotebookSpec]:
    """The collection: notebooks/NN_name.ipynb in order; the title is the first heading, the scope
    (department-year or panel) is in the notebook metadata under "juesuan"."""
    specs = []
    for path in sorted(folder.glob("*.ipynb")):
        if not NOTEBOOK_FILE.match(path.name):
            continue
        notebook = json.loads(path.read_text(encoding="utf-8"))
        title = path.stem
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") == "markdown":
                source = "".join(cell.get("source", []))
                heading = next(
                    (line.lstrip("# ").strip() for line in source.splitlines() if line.startswith("#")), None
                )
                if heading:
                    title = heading
                    break
        settings = notebook.get("metadata", {}).get("juesuan", {})
        scope = settings.get("scope", "department-year") if isinstance(settings, dict) else "department-year"
        uses_prior = settings.get("uses_prior_year", True) if isinstance(settings, dict) else True
        kinds = settings.get("kinds") if isinstance(settings, dict) else None
        if not (isinstance(kinds, list) and kinds and all(k in ("final_accounts", "budget") for k in kinds)):
            kinds = ["final_accounts"]
        specs.append(NotebookSpec(path.stem, path, title, str(scope), uses_prior is not False, tuple(kinds)))
    return specs


def select_notebooks(available: list[NotebookSpec], wanted: list[str] | None) -> list[NotebookSpec]:
    """Notebooks by name ("03_compare") or by number ("03"); unknown names are an error."""
    if not wanted:
        return available
    chosen = []
    for name in wanted:
        match = [
            n for n in available if n.name == name or n.name.split("_", 1)[0] == name or n.path.name == name
        ]
        if not match:
            known = ", ".join(n.name for n in available)
            raise ParameterError(f"unknown notebook {name!r} (known: {known})")
        chosen += [m for m in match if m not in chosen]
    return chosen


def select_disclosures(
    paths: ProjectPaths, years: list[str] | None, departments: list[str] | None
) -> list[RawDisclosure]:
    """Catalog entries matching the filters, each checked against its sidecar (strict: the first
    unusable entry is an error). Malformed or unknown ids and years are reported before anything runs."""
    chosen, problems = survey_disclosures(paths, years, departments)
    if problems:
        raise CatalogError(problems[0].reason)
    return chosen


def survey_disclosures(
    paths: ProjectPaths, years: list[str] | None, departments: list[str] | None
) -> tuple[list[RawDisclosure], list[CatalogProblem]]:
    """Catalog entries matching the filters, and the matching entries that cannot be used (bad
    sidecar, size or sha256: a run records them as failed and builds the others).

    Malformed or unknown ids and years are ParameterErrors, reported before anything runs.
    """
    wanted_years = {validate_fiscal_year(y) for y in years or []}
    wanted_departments = {validate_department_id(d) for d in departments or []}
    entries, problems = survey_raw(paths)
    if not entries and not problems:
        raise ParameterError(f"no raw disclosures under {paths.raw}")
    every = [(e.department_id, e.fiscal_year) for e in entries] + [
        (p.department_id, p.fiscal_year) for p in problems
    ]
    known_departments = {d for d, _ in every}
    known_years = {y for _, y in every}
    unknown = sorted(wanted_departments - known_departments)
    departments_held = sorted(known_departments)
    years_held = sorted(known_years)
    if unknown:
        raise ParameterError(
            f"数据目录中没有部门 {'、'.join(unknown)}，现有部门：{'、'.join(departments_held)} / "
            f"unknown department id(s): {', '.join(unknown)} (not in {paths.raw}); "
            f"departments held: {', '.join(departments_held)}"
        )
    missing_years = sorted(wanted_years - known_years)
    if missing_years:
        raise ParameterError(
            f"数据目录中没有 {'、'.join(map(str, missing_years))} 年度的决算，"
            f"现有年度：{'、'.join(map(str, years_held))} / no disclosures for fiscal year(s) "
            f"{', '.join(map(str, missing_years))}; years held: {', '.join(map(str, years_held))}"
        )

    def wanted(department_id: str, fiscal_year: int) -> bool:
        return (not wanted_years or fiscal_year in wanted_years) and (
            not wanted_departments or department_id in wanted_departments
        )

    chosen = [e for e in entries if wanted(e.department_id, e.fiscal_year)]
    failed = [p for p in problems if wanted(p.department_id, p.fiscal_year)]
    if not chosen and not failed:
        held = "; ".join(
            f"{d}: {', '.join(str(y) for dd, y in sorted(every) if dd == d)}"
            for d in sorted(wanted_departments)
        )
        raise ParameterError(
            f"所选部门没有所选年度的决算（{held}） / "
            f"no disclosure matches the given --year and --department filters (held: {held})"
        )
    usable = []
    for entry in chosen:
        try:
            entry.verify()
        except (CatalogError, OSError) as exc:
            reason = str(exc) if isinstance(exc, CatalogError) else f"cannot read {entry.text_path}: {exc}"
            failed.append(CatalogProblem(entry.department_id, entry.fiscal_year, entry.text_path, reason))
            continue
        usable.append(entry)
    return usable, sorted(failed, key=lambda p: (p.department_id, p.fiscal_year))

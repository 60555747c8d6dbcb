"""Every directory the project reads or writes, in one place.

The project root is found from $JUESUAN_ROOT, else by walking up from the working directory
to the pyproject.toml of `juesuan`, else from this file's location in a source checkout.
$JUESUAN_RAW_DIR, $JUESUAN_PROCESSED_DIR, $JUESUAN_REPORTS_DIR and $JUESUAN_NOTEBOOKS_DIR
override single folders (benchmarks and tests use them to point at a synthetic catalog or at
extra notebooks in a temporary folder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_MARKER = 'name = "juesuan"'


def _is_root(path: Path) -> bool:
    pyproject = path / "pyproject.toml"
    return pyproject.is_file() and _MARKER in pyproject.read_text(encoding="utf-8", errors="ignore")


@cache
def project_root() -> Path:
    """The checkout this process works in."""
    if env := os.environ.get("JUESUAN_ROOT"):
        return Path(env).resolve()
    for candidate in (Path.cwd(), *Path.cwd().parents):
        if _is_root(candidate):
            return candidate
    source_checkout = Path(__file__).resolve().parents[2]
    if _is_root(source_checkout):
        return source_checkout
    return Path.cwd()


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one project checkout (or of a synthetic catalog)."""

    root: Path
    raw: Path
    processed: Path
    reports: Path
    notebooks: Path | None = None

    def __post_init__(self) -> None:
        if self.notebooks is None:
            object.__setattr__(self, "notebooks", self.root / "notebooks")

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def lock_file(self) -> Path:
        return self.root / "constraints.txt"

    def raw_text(self, department_id: str, fiscal_year: int, kind: str = "final_accounts") -> Path:
        return self.raw / department_id / f"{slot(fiscal_year, kind)}.txt"

    def raw_file(
        self, department_id: str, fiscal_year: int, suffix: str, kind: str = "final_accounts"
    ) -> Path:
        """The raw disclosure of one department-year with the given suffix (".txt" or ".pdf"):
        <year><suffix> for final accounts, <year>-budget<suffix> for a budget."""
        return self.raw / department_id / f"{slot(fiscal_year, kind)}{suffix}"

    def sidecar(self, department_id: str, fiscal_year: int, kind: str = "final_accounts") -> Path:
        return self.raw / department_id / f"{slot(fiscal_year, kind)}.json"

    def processed_dir(self, department_id: str, fiscal_year: int, kind: str = "final_accounts") -> Path:
        """data/processed/<id>/<year>/ (final accounts) or data/processed/<id>/<year>-budget/."""
        return self.processed / department_id / slot(fiscal_year, kind)

    def report_dir(self, department_id: str, fiscal_year: int, kind: str = "final_accounts") -> Path:
        """reports/<year>/<id>/ (final accounts) or reports/<year>-budget/<id>/ (a budget)."""
        return self.reports / slot(fiscal_year, kind) / department_id

    def chart_dir(self, department_id: str, fiscal_year: int, kind: str = "final_accounts") -> Path:
        return self.report_dir(department_id, fiscal_year, kind) / "charts"

    @property
    def panel_db(self) -> Path:
        """The DuckDB panel over every department-year's processed tables."""
        return self.processed / "juesuan.duckdb"

    def panel_report_dir(self, scope: str) -> Path:
        """Reports of the panel notebooks: scope is a fiscal year ("2024") or "all"."""
        return self.reports / "panel" / scope


BUDGET_SUFFIX = "-budget"


def slot(fiscal_year: int, kind: str = "final_accounts") -> str:
    """The file stem / folder name of a document of one fiscal year: "2020" for final accounts,
    "2020-budget" for a budget (部门预算/单位预算), so both fit one department-year."""
    return f"{fiscal_year}{BUDGET_SUFFIX}" if kind == "budget" else str(fiscal_year)


def project_paths(root: Path | None = None) -> ProjectPaths:
    """Paths of the project, honouring the per-folder environment overrides."""
    base = (root or project_root()).resolve()
    env = os.environ.get
    return ProjectPaths(
        root=base,
        raw=Path(env("JUESUAN_RAW_DIR") or base / "data" / "raw").resolve(),
        processed=Path(env("JUESUAN_PROCESSED_DIR") or base / "data" / "processed").resolve(),
        reports=Path(env("JUESUAN_REPORTS_DIR") or base / "reports").resolve(),
        notebooks=Path(env("JUESUAN_NOTEBOOKS_DIR") or base / "notebooks").resolve(),
    )


def package_dir() -> Path:
    """The installed `helpers` package (its source is part of every report's cache key)."""
    return Path(__file__).resolve().parent

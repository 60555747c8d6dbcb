"""Checks of the parameters a notebook or `juesuan run` is given, before anything is computed.

Each failure raises `ParameterError` with one line, Chinese then English, that lists what the
catalog does hold: `department` must be a catalog department, `fiscal_year` one of its years,
`baseline_year` earlier than `fiscal_year` and, unless it is the year just before (whose figures
can be derived from this year's stated changes), held by the catalog.
"""

from __future__ import annotations

from .catalog import survey_raw, validate_department_id, validate_fiscal_year
from .errors import ParameterError
from .paths import ProjectPaths


def _listed(values) -> str:
    return "、".join(str(v) for v in values) or "无"


def _listed_en(values) -> str:
    return ", ".join(str(v) for v in values) or "none"


def catalog_years(paths: ProjectPaths) -> dict[str, list[int]]:
    """Department id -> its fiscal years held under data/raw/ (sorted). An entry with a bad sidecar
    is still held (its own problem is reported when it is loaded); another entry's bad sidecar
    never stops this department-year."""
    held: dict[str, list[int]] = {}
    entries, problems = survey_raw(paths)
    for entry in [*entries, *problems]:
        held.setdefault(entry.department_id, []).append(entry.fiscal_year)
    return {department: sorted(years) for department, years in sorted(held.items())}


def check_disclosure(paths: ProjectPaths, department: str, fiscal_year: object) -> int:
    """The fiscal year as int, when the catalog holds `department` for that year.

    Raises ParameterError naming the departments (or the department's years) that do exist.
    """
    validate_department_id(str(department))
    year = validate_fiscal_year(fiscal_year)
    held = catalog_years(paths)
    if department not in held:
        return _unknown_department(department, held, paths)
    if year not in held[department]:
        years = held[department]
        raise ParameterError(
            f"数据目录中没有 {department} 的 {year} 年度决算，现有年度：{_listed(years)} / "
            f"no {year} disclosure of {department}; years held: {_listed_en(years)}"
        )
    return year


def _unknown_department(department: str, held: dict[str, list[int]], paths: ProjectPaths) -> int:
    if not held:
        raise ParameterError(f"数据目录 {paths.raw} 中没有任何决算 / no disclosures under {paths.raw}")
    raise ParameterError(
        f"数据目录中没有部门 {department}，现有部门：{_listed(held)} / "
        f"unknown department {department!r}; departments held: {_listed_en(held)}"
    )


def check_baseline(paths: ProjectPaths, department: str, fiscal_year: int, baseline_year: object) -> int:
    """The baseline year as int: earlier than `fiscal_year`, and either the year just before it
    (derived from this year's stated changes when not held) or a year the catalog holds.

    Raises ParameterError listing the usable baseline years.
    """
    if baseline_year is None:
        return fiscal_year - 1
    baseline = validate_fiscal_year(baseline_year)
    held = [y for y in catalog_years(paths).get(department, []) if y < fiscal_year]
    usable = sorted(set(held) | {fiscal_year - 1})
    if baseline >= fiscal_year:
        raise ParameterError(
            f"比较基期 baseline_year={baseline} 必须早于财政年度 fiscal_year={fiscal_year}，"
            f"可选：{_listed(usable)} / baseline_year {baseline} must be earlier than fiscal_year "
            f"{fiscal_year}; usable: {_listed_en(usable)}"
        )
    if baseline != fiscal_year - 1 and baseline not in held:
        raise ParameterError(
            f"数据目录中没有 {department} 的 {baseline} 年度决算，且本年文中的变动只能推算上一年"
            f"（{fiscal_year - 1}）的数，可选：{_listed(usable)} / no {baseline} disclosure of "
            f"{department}, and stated changes only give {fiscal_year - 1}; usable: {_listed_en(usable)}"
        )
    return baseline

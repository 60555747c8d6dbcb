"""The raw-data catalog: data/raw/<department-id>/<fiscal-year>.txt|.pdf plus a JSON sidecar.

A budget (部门预算/单位预算) of the same department-year lives beside it as
<fiscal-year>-budget.txt|.pdf with <fiscal-year>-budget.json, whose "kind" is "budget"; a sidecar's
kind must agree with its file name.

Department ids are lowercase ASCII slugs (e.g. 510303-xzspj: the administrative-division code
of the district, then an abbreviation), so that the tree scales to thousands of departments ×
years and ids are safe in paths and URLs. This module only reads the catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CatalogError, JuesuanError, ParameterError
from .paths import BUDGET_SUFFIX, ProjectPaths

DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
FISCAL_YEAR = re.compile(r"^(?:19|20)\d{2}$")
# A raw file's stem: the fiscal year, with "-budget" for a budget.
RAW_STEM = re.compile(r"^(?P<year>(?:19|20)\d{2})(?P<budget>-budget)?$")
FINAL_ACCOUNTS, BUDGET = "final_accounts", "budget"
KINDS = (FINAL_ACCOUNTS, BUDGET)
SIDECAR_FIELDS = (
    "department_id",
    "department",
    "fiscal_year",
    "publisher",
    "origin",
    "url",
    "date_added",
    "sha256",
    "size",
)
# The raw file of a department-year is a text or a PDF (never both); the sidecar may say which
# ("media_type", optional for sidecars written before PDFs were accepted).
RAW_SUFFIXES = (".txt", ".pdf")
MEDIA_TYPES = ("text/plain", "application/pdf")

# The sidecar's JSON Schema (draft 2020-12). Extra fields (division, url_note, ...) are allowed.
SIDECAR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": list(SIDECAR_FIELDS),
    "properties": {
        "department_id": {"type": "string", "pattern": DEPARTMENT_ID.pattern},
        "department": {"type": "string", "minLength": 1},
        "fiscal_year": {"type": "integer", "minimum": 1900, "maximum": 2099},
        "publisher": {"type": "string"},
        "origin": {"type": "string"},
        "url": {"type": ["string", "null"]},
        "date_added": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}"},
        "sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
        "size": {"type": "integer", "minimum": 0},
        "media_type": {"enum": list(MEDIA_TYPES)},
        "kind": {"enum": list(KINDS)},
        "synthetic": {"type": "boolean"},
    },
}
_JSON_TYPES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "a list",
    dict: "an object",
    type(None): "null",
}
_WANTED = {"string": "a string", "integer": "an integer", "boolean": "a boolean", "null": "null"}


def validate_department_id(value: str) -> str:
    """Return the id, or raise ParameterError for anything that is not a safe slug."""
    if not DEPARTMENT_ID.match(value) or "--" in value:
        raise ParameterError(
            f"malformed department id {value!r}: use lowercase letters, digits and single '-' "
            "(e.g. 510303-xzspj), no '/', '..' or spaces"
        )
    return value


def validate_fiscal_year(value: str | int) -> int:
    """Return the year as int, or raise ParameterError."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) == 4 and not FISCAL_YEAR.match(text):
        raise ParameterError(
            f"财政年度 {text} 超出范围（应在 1900–2099 之间） / fiscal year {text} is out of range "
            "(1900-2099)"
        )
    if not FISCAL_YEAR.match(text):
        raise ParameterError(
            f"财政年度 {text!r} 格式不对，应为四位数字，如 2020 / malformed fiscal year {text!r}: "
            "expected four digits such as 2020"
        )
    return int(text)


def _schema_message(error) -> str:
    """One line for a jsonschema ValidationError, naming the field and what is wrong with it."""
    field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    value = error.instance
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in str(error.message) else error.message
        return f"lacks the required field {missing!r}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(_WANTED.get(w, w) for w in wanted)
        got = _JSON_TYPES.get(type(value), type(value).__name__)
        return f"field {field!r} must be {expected}, not {got} ({json.dumps(value, ensure_ascii=False)[:60]})"
    if error.validator == "enum":
        return f"field {field!r} is {value!r}; expected one of {', '.join(map(str, error.validator_value))}"
    shown = json.dumps(value, ensure_ascii=False)[:60]
    if field == "sha256":
        return f"field 'sha256' is {shown}: expected 64 hexadecimal digits"
    if field == "fiscal_year":
        return f"field 'fiscal_year' is {shown}: expected a four-digit year such as 2020"
    if field == "department_id":
        return f"field 'department_id' is {shown}: expected a lowercase slug such as 510303-xzspj"
    if field == "date_added":
        return f"field 'date_added' is {shown}: expected a date YYYY-MM-DD"
    return f"field {field!r} is {shown}: {error.message}"


def validate_sidecar(sidecar: Any, where: Path | str) -> dict[str, Any]:
    """Return the sidecar when it matches SIDECAR_SCHEMA, else raise CatalogError (one line).

    A sha256 in upper case is accepted (compared case-insensitively); a size or year given as a
    string is an error that says so.
    """
    from jsonschema import Draft202012Validator

    if not isinstance(sidecar, dict):
        raise CatalogError(f"sidecar {where} is not a JSON object")
    order = {name: i for i, name in enumerate(SIDECAR_SCHEMA["properties"])}
    errors = sorted(
        Draft202012Validator(SIDECAR_SCHEMA).iter_errors(sidecar),
        key=lambda e: (e.validator != "required", order.get(str(next(iter(e.absolute_path), "")), -1)),
    )
    if errors:
        more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
        raise CatalogError(f"sidecar {where}: {_schema_message(errors[0])}{more}")
    return sidecar


def sha256_of(path: Path) -> str:
    """Hex sha256 of a regular file (a FIFO or device is refused with InputError, never opened)."""
    from .textio import check_regular_file

    check_regular_file(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class RawDisclosure:
    """One raw disclosure text and its provenance sidecar."""

    department_id: str
    fiscal_year: int
    text_path: Path
    sidecar_path: Path
    sidecar: dict[str, Any]
    kind: str = FINAL_ACCOUNTS  # or BUDGET: <year>-budget.pdf|.txt

    @property
    def is_budget(self) -> bool:
        return self.kind == BUDGET

    @property
    def department(self) -> str:
        return str(self.sidecar.get("department") or self.department_id)

    @property
    def sha256(self) -> str:
        return str(self.sidecar["sha256"]).lower()

    @property
    def synthetic(self) -> bool:
        return bool(self.sidecar.get("synthetic", False))

    def verify(self) -> None:
        """Raise CatalogError unless the file matches its recorded size and sha256."""
        from .textio import check_regular_file

        try:
            size = check_regular_file(self.text_path).st_size
        except JuesuanError as exc:
            raise CatalogError(str(exc)) from None
        if size != self.sidecar.get("size"):
            raise CatalogError(
                f"{self.text_path}: size {size} differs from its sidecar ({self.sidecar.get('size')})"
            )
        digest = sha256_of(self.text_path)
        if digest != str(self.sidecar.get("sha256")).lower():
            raise CatalogError(f"{self.text_path}: sha256 {digest} differs from its sidecar")


def raw_path(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = FINAL_ACCOUNTS
) -> Path | None:
    """The raw file of a department-year (text or PDF) of this kind, None when there is none.

    Raises CatalogError when both a text and a PDF are there (which one is the disclosure?).
    """
    found = [
        p for p in (paths.raw_file(department_id, fiscal_year, s, kind) for s in RAW_SUFFIXES) if p.is_file()
    ]
    if len(found) > 1:
        raise CatalogError(
            f"{found[0].parent} holds both {found[0].name} and {found[1].name}: keep one raw file per year"
        )
    return found[0] if found else None


def _load(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = FINAL_ACCOUNTS
) -> RawDisclosure:
    text_path = raw_path(paths, department_id, fiscal_year, kind) or paths.raw_text(
        department_id, fiscal_year, kind
    )
    sidecar_path = paths.sidecar(department_id, fiscal_year, kind)
    if not sidecar_path.is_file():
        raise CatalogError(f"{text_path} has no provenance sidecar {sidecar_path.name}")
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise CatalogError(f"unreadable sidecar {sidecar_path}: {exc}") from None
    validate_sidecar(sidecar, sidecar_path)
    if sidecar["department_id"] != department_id or sidecar["fiscal_year"] != fiscal_year:
        raise CatalogError(
            f"sidecar {sidecar_path} names {sidecar['department_id']}/{sidecar['fiscal_year']}"
        )
    stated = sidecar.get("kind", FINAL_ACCOUNTS)
    if stated != kind:
        expected = f"{fiscal_year}{BUDGET_SUFFIX}" if stated == BUDGET else str(fiscal_year)
        raise CatalogError(
            f"sidecar {sidecar_path} says kind {stated!r} but its file name says {kind!r}: a budget is "
            f"<year>{BUDGET_SUFFIX}.pdf|.txt with kind \"budget\" "
            f"(rename it to {expected}.*, or fix the kind)"
        )
    return RawDisclosure(department_id, fiscal_year, text_path, sidecar_path, sidecar, kind)


def parse_stem(stem: str) -> tuple[int, str] | None:
    """(fiscal year, kind) of a raw file stem ("2020" → final accounts, "2020-budget" → budget)."""
    m = RAW_STEM.match(stem)
    if m is None:
        return None
    return int(m.group("year")), BUDGET if m.group("budget") else FINAL_ACCOUNTS


@dataclass(frozen=True)
class CatalogProblem:
    """A catalog entry that cannot be used (bad or missing sidecar, checksum mismatch): a batch
    records it as a failure with this one-line reason and goes on with the others."""

    department_id: str
    fiscal_year: int
    path: Path
    reason: str
    kind: str = FINAL_ACCOUNTS


def survey_raw(
    paths: ProjectPaths, *, verify: bool = False
) -> tuple[list[RawDisclosure], list[CatalogProblem]]:
    """Every entry of the catalog, sorted by department id then year: the usable ones, and the
    ones whose sidecar (or, with `verify`, whose size and sha256) is wrong, each with its reason."""
    found: list[RawDisclosure] = []
    problems: list[CatalogProblem] = []
    if not paths.raw.is_dir():
        return found, problems
    seen: set[tuple[str, str]] = set()
    raw_files = (p for suffix in RAW_SUFFIXES for p in paths.raw.glob(f"*/*{suffix}"))
    for text_path in sorted(raw_files, key=lambda p: (p.parent.name, p.stem)):
        department_id, stem = text_path.parent.name, text_path.stem
        if (department_id, stem) in seen:
            continue
        parsed = parse_stem(stem)
        if not (DEPARTMENT_ID.match(department_id) and parsed):
            continue
        year, kind = parsed
        seen.add((department_id, stem))
        try:
            entry = _load(paths, department_id, year, kind)
            if verify:
                entry.verify()
        except (CatalogError, OSError) as exc:
            reason = str(exc) if isinstance(exc, CatalogError) else f"cannot read {text_path}: {exc.strerror}"
            problems.append(CatalogProblem(department_id, year, text_path, reason, kind))
            continue
        found.append(entry)
    return found, problems


def list_raw(paths: ProjectPaths) -> list[RawDisclosure]:
    """Every raw disclosure of the catalog, sorted by department id then year; CatalogError for the
    first unusable entry (survey_raw lists them all instead)."""
    found, problems = survey_raw(paths)
    if problems:
        raise CatalogError(problems[0].reason)
    return found


def find_raw(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = FINAL_ACCOUNTS
) -> RawDisclosure | None:
    """The raw disclosure of one department-year (of this kind), or None when the catalog lacks it."""
    validate_department_id(department_id)
    if raw_path(paths, department_id, fiscal_year, kind) is None:
        return None
    return _load(paths, department_id, fiscal_year, kind)


def catalog_entry_for(paths: ProjectPaths, path: Path) -> RawDisclosure | None:
    """The catalog entry a file path points at, if it is one."""
    try:
        relative = path.resolve().relative_to(paths.raw)
    except ValueError:
        return None
    parts = relative.parts
    if len(parts) == 2 and parts[1].endswith(RAW_SUFFIXES) and (parsed := parse_stem(parts[1][:-4])):
        return find_raw(paths, parts[0], *parsed)
    return None

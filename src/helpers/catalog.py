"""The raw-data catalog: data/raw/<department-id>/<fiscal-year>.txt|.pdf plus a JSON sidecar.

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

from .errors import CatalogError, ParameterError
from .paths import ProjectPaths

DEPARTMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
FISCAL_YEAR = re.compile(r"^(?:19|20)\d{2}$")
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
    if text.isascii() and text.isdigit() and not FISCAL_YEAR.match(text):
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


def sha256_of(path: Path) -> str:
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

    @property
    def department(self) -> str:
        return str(self.sidecar.get("department") or self.department_id)

    @property
    def sha256(self) -> str:
        return str(self.sidecar["sha256"])

    @property
    def synthetic(self) -> bool:
        return bool(self.sidecar.get("synthetic", False))

    def verify(self) -> None:
        """Raise CatalogError unless the file matches its recorded size and sha256."""
        size = self.text_path.stat().st_size
        if size != self.sidecar.get("size"):
            raise CatalogError(
                f"{self.text_path}: size {size} differs from its sidecar ({self.sidecar.get('size')})"
            )
        digest = sha256_of(self.text_path)
        if digest != self.sidecar.get("sha256"):
            raise CatalogError(f"{self.text_path}: sha256 {digest} differs from its sidecar")


def raw_path(paths: ProjectPaths, department_id: str, fiscal_year: int) -> Path | None:
    """The raw file of a department-year (text or PDF), None when there is none.

    Raises CatalogError when both a text and a PDF are there (which one is the disclosure?).
    """
    found = [p for p in (paths.raw_file(department_id, fiscal_year, s) for s in RAW_SUFFIXES) if p.is_file()]
    if len(found) > 1:
        raise CatalogError(
            f"{found[0].parent} holds both {found[0].name} and {found[1].name}: keep one raw file per year"
        )
    return found[0] if found else None


def _load(paths: ProjectPaths, department_id: str, fiscal_year: int) -> RawDisclosure:
    text_path = raw_path(paths, department_id, fiscal_year) or paths.raw_text(department_id, fiscal_year)
    sidecar_path = paths.sidecar(department_id, fiscal_year)
    if not sidecar_path.is_file():
        raise CatalogError(f"{text_path} has no provenance sidecar {sidecar_path.name}")
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CatalogError(f"unreadable sidecar {sidecar_path}: {exc}") from None
    missing = [f for f in SIDECAR_FIELDS if f not in sidecar]
    if missing:
        raise CatalogError(f"sidecar {sidecar_path} lacks {', '.join(missing)}")
    if sidecar["department_id"] != department_id or int(sidecar["fiscal_year"]) != fiscal_year:
        raise CatalogError(
            f"sidecar {sidecar_path} names {sidecar['department_id']}/{sidecar['fiscal_year']}"
        )
    return RawDisclosure(department_id, fiscal_year, text_path, sidecar_path, sidecar)


def list_raw(paths: ProjectPaths) -> list[RawDisclosure]:
    """Every raw disclosure of the catalog, sorted by department id then year."""
    found = []
    if not paths.raw.is_dir():
        return found
    seen: set[tuple[str, str]] = set()
    raw_files = (p for suffix in RAW_SUFFIXES for p in paths.raw.glob(f"*/*{suffix}"))
    for text_path in sorted(raw_files, key=lambda p: (p.parent.name, p.stem)):
        department_id, year = text_path.parent.name, text_path.stem
        if (department_id, year) in seen:
            continue
        if DEPARTMENT_ID.match(department_id) and FISCAL_YEAR.match(year):
            seen.add((department_id, year))
            found.append(_load(paths, department_id, int(year)))
    return found


def find_raw(paths: ProjectPaths, department_id: str, fiscal_year: int) -> RawDisclosure | None:
    """The raw disclosure of one department-year, or None when the catalog lacks it."""
    validate_department_id(department_id)
    if raw_path(paths, department_id, fiscal_year) is None:
        return None
    return _load(paths, department_id, fiscal_year)


def catalog_entry_for(paths: ProjectPaths, path: Path) -> RawDisclosure | None:
    """The catalog entry a file path points at, if it is one."""
    try:
        relative = path.resolve().relative_to(paths.raw)
    except ValueError:
        return None
    parts = relative.parts
    if len(parts) == 2 and parts[1].endswith(RAW_SUFFIXES) and FISCAL_YEAR.match(parts[1][:-4]):
        return find_raw(paths, parts[0], int(parts[1][:-4]))
    return None

"""Load a catalog disclosure for analysis, extracting and auditing it once per process.

Notebooks of one department-year run in one warm kernel, so the memo below makes extraction
and audit happen once per department-year rather than once per notebook.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .audit import Finding, audit
from .catalog import RawDisclosure, find_raw, validate_department_id, validate_fiscal_year
from .document import Document
from .errors import ParameterError
from .extract import Extraction, extract_document
from .extract.header import reconcile_identity
from .paths import ProjectPaths, project_paths


@dataclass
class Disclosure:
    """A raw disclosure with its extraction and audit."""

    raw: RawDisclosure
    document: Document
    extraction: Extraction
    findings: list[Finding] = field(default_factory=list)

    @property
    def department_id(self) -> str:
        return self.raw.department_id

    @property
    def fiscal_year(self) -> int:
        return self.raw.fiscal_year

    @property
    def department(self) -> str:
        return self.extraction.department or self.raw.department


class _Memo(OrderedDict):
    """The last few disclosures of this process: a warm kernel or worker serves department after
    department, so the memo must not grow with the size of the catalog."""

    limit = 4

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)


_MEMO: _Memo = _Memo()


def catalog_paths(
    raw_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    reports_dir: str | Path | None = None,
) -> ProjectPaths:
    """Project paths with optional folder overrides (notebook parameters).

    A relative folder is relative to the project root (``data/raw``), so executed notebooks hold
    no machine paths; one that only exists relative to the working directory (``../data/raw``
    from notebooks/) is still accepted.
    """
    base = project_paths()

    def folder(value: str | Path | None, default: Path) -> Path:
        if not value:
            return default
        path = Path(value)
        if path.is_absolute():
            return path.resolve()
        from_root = (base.root / path).resolve()
        return from_root if from_root.exists() or not path.resolve().exists() else path.resolve()

    return ProjectPaths(
        root=base.root,
        raw=folder(raw_dir, base.raw),
        processed=folder(processed_dir, base.processed),
        reports=folder(reports_dir, base.reports),
        notebooks=base.notebooks,
    )


def _find(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = "final_accounts"
) -> RawDisclosure:
    validate_department_id(department_id)
    validate_fiscal_year(fiscal_year)
    raw = find_raw(paths, department_id, int(fiscal_year), kind)
    if raw is None:
        what = "budget" if kind == "budget" else "disclosure"
        raise ParameterError(f"no {what} {department_id}/{fiscal_year} under {paths.raw}")
    raw.verify()
    return raw


def _extract(raw: RawDisclosure) -> Disclosure:
    from .pipeline import public_tables, read_document

    document, pdf = read_document(raw.text_path)  # a PDF's pages read once, for text and tables
    extraction = extract_document(document, kind=raw.kind)
    department, source = raw.sidecar.get("department"), str(raw.text_path)
    reconcile_identity(extraction, fiscal_year=raw.fiscal_year, department=department, source=source)
    if pdf is not None:  # a PDF: its public tables, as process_file attaches them
        from .extract.from_tables import attach_tables

        attach_tables(extraction, public_tables(raw.text_path, pdf)[0])
    return Disclosure(raw, document, extraction, audit(document, extraction))


def load_raw(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = "final_accounts"
) -> Disclosure:
    """One catalog entry, extracted and audited once: memoised in this process, and read from
    the processed folder when a builder has already written it from the same file and code."""
    from .pipeline import read_cached

    raw = _find(paths, department_id, fiscal_year, kind)
    key = (str(raw.text_path), raw.sha256)
    if key not in _MEMO:
        cached = read_cached(paths.processed_dir(raw.department_id, raw.fiscal_year, raw.kind), raw.sha256)
        _MEMO[key] = Disclosure(raw, *cached) if cached else _extract(raw)
    return _MEMO[key]


def prepare(
    paths: ProjectPaths, department_id: str, fiscal_year: int, kind: str = "final_accounts"
) -> Disclosure:
    """Load a catalog entry and make sure its processed folder is current (written once, under a
    lock, however many workers ask at the same time)."""
    from .pipeline import Processed, read_cached, write_processed
    from .store import folder_lock

    raw = _find(paths, department_id, fiscal_year, kind)
    folder = paths.processed_dir(raw.department_id, raw.fiscal_year, raw.kind)
    key = (str(raw.text_path), raw.sha256)
    with folder_lock(folder):
        cached = read_cached(folder, raw.sha256)
        if cached is not None:
            disclosure = Disclosure(raw, *cached)
        else:
            disclosure = _MEMO.get(key) or _extract(raw)
            processed = Processed(disclosure.document, disclosure.extraction, raw.text_path, raw.sha256, raw)
            write_processed(processed, folder, findings=disclosure.findings, lock=False)
    _MEMO[key] = disclosure
    return disclosure


def load_prior(paths: ProjectPaths, department_id: str, baseline_year: int) -> Disclosure | None:
    """The same department's baseline-year disclosure, when the catalog holds it."""
    if find_raw(paths, department_id, int(baseline_year)) is None:
        return None
    return load_raw(paths, department_id, int(baseline_year))

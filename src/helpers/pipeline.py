"""One department-year from raw text to processed tables: the work `juesuan extract` does."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .catalog import RawDisclosure, sha256_of
from .document import Document
from .extract import Extraction, extract_document
from .extract.header import identity_warnings, reconcile_identity
from .extract.unreadable import unreadable_warning
from .frames import extraction_tables
from .paths import ProjectPaths
from .pdf.source import PdfSource
from .provenance import helpers_source_digest
from .store import atomic_directory, folder_lock, json_bytes, write_tables
from .template import section_names


@dataclass
class Processed:
    """An extraction together with where it came from."""

    document: Document
    extraction: Extraction
    source: Path
    sha256: str
    raw: RawDisclosure | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def department(self) -> str | None:
        if self.extraction.department:
            return self.extraction.department
        return self.raw.department if self.raw else None


def public_tables(path: Path, source: PdfSource | None = None) -> tuple[list, str | None]:
    """(the public tables of a disclosure PDF, None) or ([], a one-line warning) when they cannot be
    read; a text input has no table model yet ([], None). The table rules of the audit run on these.
    `source`, the PDF's text layer already read, spares the table reader its own text pass."""
    from .errors import JuesuanError
    from .pdf import is_pdf

    if not is_pdf(path):
        return [], None
    from .tables import read_pdf_tables

    try:
        return read_pdf_tables(path, source), None
    except JuesuanError as error:
        return [], f"{path}: public tables not read, table rules skipped: {error}"


def read_document(path: Path) -> tuple[Document, PdfSource | None]:
    """(the document, the PDF's text layer or None for a text file). Raises JuesuanError subclasses
    (one line) on unreadable input."""
    from .pdf import is_pdf

    if not is_pdf(path):
        return Document.from_path(path), None
    from .pdf import open_pdf
    from .pdf.document import document_from_pdf

    source = open_pdf(path)
    return document_from_pdf(path, source), source


def process_file(path: Path, raw: RawDisclosure | None = None, kind: str | None = None) -> Processed:
    """Decode and extract one file; raises JuesuanError subclasses on bad input.

    A catalog entry is read as its kind (a <year>-budget file as a budget); a loose file as `kind`
    ("final_accounts" by default, "budget", or "auto": extract.resolve_kind).

    A PDF's pages are read by pypdfium2 once: the text layer feeds the document and tells the
    table reader which pages carry tables (pdfplumber then opens only those)."""
    document, source = read_document(path)
    extraction = extract_document(document, kind=raw.kind if raw is not None else kind)
    table_warning = None
    if source is not None:  # a PDF: its public tables from the ruled grids
        from .extract.from_tables import attach_tables

        tables, table_warning = public_tables(path, source)
        attach_tables(extraction, tables)
    if raw is not None:
        department = raw.sidecar.get("department")
        reconcile_identity(extraction, fiscal_year=raw.fiscal_year, department=department, source=str(path))
    processed = Processed(document, extraction, path, sha256_of(path), raw)
    processed.warnings.extend(document.warnings)
    if table_warning:
        processed.warnings.append(table_warning)
    processed.warnings += identity_warnings(extraction, str(path))
    if unreadable := unreadable_warning(extraction.unreadable, str(path)):
        processed.warnings.append(unreadable)
    if extraction.sections_missing:
        processed.warnings.append(
            f"{path}: 缺少模板规定的部分（已提取现有内容）/ sections missing from the template "
            "(extracted what is there): " + "、".join(section_names(extraction.sections_missing))
        )
    return processed


def manifest(processed: Processed) -> dict:
    """Provenance of a processed folder."""
    extraction = processed.extraction
    return {
        "kind": extraction.kind,
        "department_id": processed.raw.department_id if processed.raw else None,
        "department": processed.department,
        "fiscal_year": extraction.fiscal_year,
        "unit": extraction.unit,
        "source": str(processed.source),
        "source_sha256": processed.sha256,
        "encoding": extraction.encoding,
        "sections_found": extraction.sections_found,
        "sections_missing": extraction.sections_missing,
        "juesuan_version": __version__,
        "code_digest": helpers_source_digest(),
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


CACHE_FILE = "disclosure.snapshot.json"
"""The processed folder's snapshot of (document, extraction, findings): checked JSON, never a pickle."""


def write_processed(
    processed: Processed,
    folder: Path,
    *,
    only_if_stale: bool = False,
    findings: list | None = None,
    lock: bool = True,
) -> Path:
    """Write all tables (and the audit's checks) of one disclosure atomically into `folder`.

    Beside the tables goes `disclosure.snapshot.json` (helpers.snapshot: checked JSON that cannot
    run code): the document, extraction and findings, so other processes (parallel workers,
    notebook kernels) load this department-year instead of extracting and auditing it again.
    Parallel builders serialise on a lock file; with `only_if_stale` a folder written from the
    same raw file by the same code is left as it is.
    """
    if not lock:  # the caller holds the lock
        _write(processed, folder, findings)
        return folder
    with folder_lock(folder):
        if only_if_stale and is_current(folder, processed.sha256) and (folder / CACHE_FILE).is_file():
            return folder
        _write(processed, folder, findings)
    return folder


def _write(processed: Processed, folder: Path, findings: list | None) -> None:
    from .audit import audit, checks_rows

    if findings is None:
        findings = audit(processed.document, processed.extraction)
    tables = extraction_tables(processed.extraction)
    tables["checks"] = checks_rows(findings)
    extra = {
        "result.json": lambda: json_bytes(processed.extraction.to_dict()),
        "manifest.json": lambda: json_bytes(manifest(processed)),
    }
    snapshot = _snapshot_bytes(processed.document, processed.extraction, findings)
    if snapshot is not None:
        extra[CACHE_FILE] = lambda: snapshot
    with atomic_directory(folder) as staging:
        write_tables(staging, tables, extra)


def _snapshot_bytes(document, extraction, findings) -> bytes | None:
    """The snapshot, or None when a result holds a type the snapshot cannot keep (readers then
    extract again: a missing snapshot costs time, never correctness)."""
    from .snapshot import SnapshotError, dumps

    try:
        return dumps([document, extraction, findings], code_digest=helpers_source_digest())
    except (SnapshotError, RecursionError):
        return None


def is_current(folder: Path, raw_sha256: str) -> bool:
    """True when `folder` was written from this raw file by this version of the code."""
    return _written_from(folder) == (raw_sha256, helpers_source_digest())


def read_cached(folder: Path, raw_sha256: str):
    """(document, extraction, findings) from a current processed folder, else None.

    The snapshot is checked JSON (helpers.snapshot): a crafted or damaged file is a cache miss,
    never code that runs."""
    from .document import Document
    from .extract import Extraction
    from .snapshot import SnapshotError, loads

    if not is_current(folder, raw_sha256):
        return None
    try:
        payload = loads((folder / CACHE_FILE).read_bytes(), code_digest=helpers_source_digest())
    except (OSError, SnapshotError):
        return None
    if not (
        isinstance(payload, list)
        and len(payload) == 3
        and isinstance(payload[0], Document)
        and isinstance(payload[1], Extraction)
        and isinstance(payload[2], list)
    ):
        return None
    return tuple(payload)


def _written_from(folder: Path) -> tuple[str | None, str | None]:
    """The raw sha256 and code digest a processed folder was written from."""
    import json

    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    return data.get("source_sha256"), data.get("code_digest")


def processed_folder(paths: ProjectPaths, processed: Processed) -> Path:
    assert processed.raw is not None
    raw = processed.raw
    return paths.processed_dir(raw.department_id, raw.fiscal_year, raw.kind)

"""`juesuan add`: bring a disclosure (PDF or text) into the raw catalog with its provenance sidecar.

The one place code writes under data/raw (the store guard refuses every other write there). For
each file: read it as a disclosure (a PDF's text layer or a decoded text; an unreadable file
fails), take the department and fiscal year from the options or else from the document's header
(`extract.header`), then copy the bytes unchanged to data/raw/<department-id>/<fiscal-year>.pdf|.txt
and write <fiscal-year>.json beside it: department_id, department, fiscal_year, publisher,
origin, url, date_added, sha256, size, media_type. A budget (部门预算/单位预算, detected from its
title or given by --kind budget) goes to <fiscal-year>-budget.pdf|.txt with a sidecar whose
"kind" is "budget", beside the same year's final accounts.

- The same bytes added again: a no-op, said so. A different file is never overwritten.
- Both files go in atomically: written to a temporary sibling, fsync'd, then linked into place
  (a link never replaces an existing file); the sidecar goes in first, so a crash leaves at
  worst an orphan sidecar, never a raw file without one. Temporary names carry the writer's pid;
  the next add to the folder removes those of a dead writer.
- Adds to one department folder are serialised by an advisory lock on the folder itself (no lock
  file under data/raw): two concurrent adds of the same department-year give one "added" and one
  "unchanged", never a raw file without its sidecar.
- Refused (the file fails, the others go on): a --year the text contradicts (extract and run
  would refuse the entry), bytes already in the catalog as another department-year, and any
  write that fails (a full disk, a read-only folder: one line naming the cause, nothing left).
- A department id is the 6-digit administrative-division code and a slug; a Chinese name cannot
  become a slug reliably, so without --department-id the id is taken only from a catalog entry
  of the same department name, else the file fails with a line asking for --department-id.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .catalog import (
    RAW_SUFFIXES,
    list_raw,
    raw_path,
    validate_department_id,
    validate_fiscal_year,
)
from .errors import CatalogError, JuesuanError, ParameterError
from .paths import ProjectPaths

MEDIA_TYPES = {".pdf": "application/pdf", ".txt": "text/plain"}
BEIJING = ZoneInfo("Asia/Shanghai")
ADDED, UNCHANGED, FAILED = "added", "unchanged", "failed"


@dataclass(frozen=True)
class AddOptions:
    """What the command line says about every file (None: read it from the document)."""

    department_id: str | None = None
    fiscal_year: int | None = None
    department: str | None = None
    publisher: str | None = None
    url: str | None = None
    kind: str | None = None  # "final_accounts" | "budget"; None: detected (template.document_kind)
    kind_label: str | None = None  # a budget's 部门预算 | 单位预算 (set from its title by add_file)


@dataclass(frozen=True)
class AddResult:
    """What happened to one file: status added | unchanged | failed, where it went, one line why."""

    source: Path
    status: str
    target: Path | None
    message: str


def check_options(options: AddOptions) -> AddOptions:
    """Validate the command-line values; raise ParameterError (exit 2) before any file is read."""
    if options.department_id is not None:
        validate_department_id(options.department_id)
    if options.fiscal_year is not None:
        validate_fiscal_year(options.fiscal_year)
    if options.kind not in (None, "final_accounts", "budget", "auto"):
        raise ParameterError(f"--kind must be final_accounts, budget or auto, not {options.kind!r}")
    if options.url is not None and not options.url.startswith(("http://", "https://")):
        raise ParameterError(f"--url must be an http:// or https:// address, not {options.url!r}")
    for name in ("department", "publisher", "url"):
        value = getattr(options, name)
        if value is not None and (not value.strip() or any(ord(c) < 0x20 for c in value)):
            raise ParameterError(f"--{name} must be one non-empty line of text")
    return options


def add_files(paths: ProjectPaths, files: list[Path], options: AddOptions) -> list[AddResult]:
    """Add each file; one that fails is recorded and the others go on."""
    check_options(options)
    results = []
    for file in files:
        try:
            results.append(add_file(paths, file, options))
        except JuesuanError as exc:
            results.append(AddResult(file, FAILED, None, str(exc)))
        except OSError as exc:  # reading the source (permissions, I/O): one line, the others go on
            results.append(AddResult(file, FAILED, None, f"{file}: {exc.strerror or exc}"))
    return results


def add_file(paths: ProjectPaths, file: Path, options: AddOptions) -> AddResult:
    """Add one file; raises a JuesuanError subclass with a one-line message when it cannot."""
    from .document import Document
    from .pdf import is_pdf

    suffix = ".pdf" if is_pdf(file) else ".txt"
    document = Document.from_path(file)  # reads and validates: an unreadable file fails here
    kind = _kind_of(document, options.kind)
    _check_disclosure(document, kind)
    if kind == "budget":
        from dataclasses import replace

        options = replace(options, kind_label=_budget_label(document))
    data = file.read_bytes()
    if not data:
        raise CatalogError(f"{file} is empty")
    department = options.department or _department_of(document, kind)
    year = _checked_year(document, file, options.fiscal_year, kind)
    department_id = options.department_id or _known_id(paths, department, file)
    department = department or _catalog_name(paths, department_id)
    if not department:
        raise ParameterError(
            f"{file}: cannot read the department's name from the document; give --department"
        )
    digest = hashlib.sha256(data).hexdigest()
    _check_not_elsewhere(paths, digest, department_id, year, file, kind)
    target = paths.raw_file(department_id, year, suffix, kind)
    label = _budget_label(document) if kind == "budget" else None
    try:
        with _department_lock(target.parent):
            return _place(
                paths, file, data, digest, department_id, department, year, suffix, options, kind, label
            )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CatalogError(f"{file}: cannot write {target.parent}: {reason}; nothing added") from None


def _place(
    paths: ProjectPaths,
    file: Path,
    data: bytes,
    digest: str,
    department_id: str,
    department: str,
    year: int,
    suffix: str,
    options: AddOptions,
    kind: str = "final_accounts",
    label: str | None = None,
) -> AddResult:
    """Put the file and its sidecar in place (the department folder is locked by the caller); a
    budget goes to <year>-budget.* and its line says (部门预算) or (单位预算)."""
    target = paths.raw_file(department_id, year, suffix, kind)
    sidecar_path = paths.sidecar(department_id, year, kind)
    existing = raw_path(paths, department_id, year, kind)
    if existing is not None:
        if existing.suffix == suffix and _sha256(existing) == digest:
            if not sidecar_path.is_file():  # a file put there by hand: give it its sidecar
                _link_new(sidecar_path, _sidecar_bytes(_sidecar(file, data, digest, department_id,
                                                              department, year, suffix, options, kind)))
                return AddResult(file, ADDED, existing, f"{existing} was already there; wrote its sidecar")
            return AddResult(file, UNCHANGED, existing, f"{existing} already holds the same file (no change)")
        raise CatalogError(
            f"{existing} already holds a different {_what(kind)} for {department_id} {year}; "
            "not overwritten (remove it first if this file replaces it)"
        )
    sidecar = _sidecar(file, data, digest, department_id, department, year, suffix, options, kind)
    if sidecar_path.exists():
        old = _read_json(sidecar_path)
        if old.get("sha256") != digest:
            raise CatalogError(f"{sidecar_path} exists and describes another file; not overwritten")
        os.unlink(sidecar_path)  # an orphan sidecar of these very bytes (an interrupted add)
    _link_new(sidecar_path, _sidecar_bytes(sidecar))
    try:
        _link_new(target, data)
    except BaseException:
        sidecar_path.unlink(missing_ok=True)
        raise
    shown = f" ({label})" if label else ""
    return AddResult(file, ADDED, target, f"{target}{shown} ({department}, {year}, sha256 {digest[:12]}…)")


def _what(kind: str) -> str:
    return "budget" if kind == "budget" else "disclosure"


def _budget_label(document) -> str:
    from .template import budget_label

    return budget_label(document)


def _kind_of(document, requested: str | None) -> str:
    """The kind the file is catalogued as: --kind, else what its title says (a budget when
    template.document_kind says so, else final accounts)."""
    from .extract import resolve_kind

    return resolve_kind(document, "auto" if requested is None else requested)


def _check_disclosure(document, kind: str = "final_accounts") -> None:
    """Refuse what `extract` and `run` refuse (a text that is no disclosure of its kind), so that
    an added file never stops a run of the catalog."""
    from .errors import NotADisclosureError
    from .extract import check_kind

    try:
        check_kind(document, kind)
    except NotADisclosureError as exc:
        raise NotADisclosureError(f"{exc}; not added (`juesuan tables` reads any PDF's tables)") from None


def _department_of(document, kind: str = "final_accounts") -> str | None:
    from .extract.header import find_department

    return find_department(document, kind)


def _checked_year(document, file: Path, given: int | None, kind: str = "final_accounts") -> int:
    """--year when given (the text must not report another year: extract and run refuse such an
    entry), else the year the document reports (a budget's from its 预算 title)."""
    from .extract.header import find_fiscal_year

    stated = find_fiscal_year(document, kind)
    if given is not None:
        if stated is not None and stated != given:
            raise CatalogError(
                f"{file}: the text reports fiscal year {stated}, not --year {given}; not added "
                "(extract and run would refuse it)"
            )
        return given
    if stated is None:
        raise ParameterError(f"{file}: cannot read the fiscal year from the document; give --year")
    return validate_fiscal_year(stated)


def _check_not_elsewhere(
    paths: ProjectPaths, digest: str, department_id: str, year: int, file: Path, kind: str = "final_accounts"
) -> None:
    """The same bytes are one disclosure: refuse them as a second catalog entry (another
    department-year, or the same year's other kind)."""
    for entry in _entries(paths):
        if (entry.department_id, entry.fiscal_year, entry.kind) == (department_id, year, kind):
            continue
        if str(entry.sidecar.get("sha256", "")).lower() == digest:
            raise CatalogError(
                f"{file} is already in the catalog as {entry.department_id} {entry.fiscal_year} "
                f"({entry.text_path}); not added a second time"
            )


@contextmanager
def _department_lock(folder: Path):
    """An exclusive advisory lock on the department folder (created if new) for one add; a folder
    this add created and left empty (the write failed) is removed again. Stale temporary files of
    dead writers in it are removed."""
    import fcntl

    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _clean_dead_parts(folder)
        try:
            yield
        finally:
            if created:
                with suppress(OSError):
                    folder.rmdir()  # only when empty
    finally:
        os.close(fd)


_PART = re.compile(r"^\..+\.(?P<pid>\d+)\.[^.]+\.part$")


def _clean_dead_parts(folder: Path) -> None:
    """Remove `.NAME.PID.XXXX.part` files of adds that were killed (their pid is gone)."""
    from .store import _alive

    for path in folder.iterdir():
        match = _PART.match(path.name)
        if match and not _alive(int(match.group("pid"))):
            with suppress(OSError):
                path.unlink()


def _known_id(paths: ProjectPaths, department: str | None, file: Path) -> str:
    """The catalog id already used for this department name; else ask for --department-id."""
    if department:
        ids = sorted({entry.department_id for entry in _entries(paths) if entry.department == department})
        if len(ids) == 1:
            return ids[0]
    named = f" ({department})" if department else ""
    raise ParameterError(
        f"{file}: cannot derive a department id{named}; give --department-id "
        "(the 6-digit division code and a short slug, e.g. 510303-xzspj)"
    )


def _catalog_name(paths: ProjectPaths, department_id: str) -> str | None:
    names = [e.department for e in _entries(paths) if e.department_id == department_id]
    return names[0] if names else None


def _entries(paths: ProjectPaths):
    try:
        return list_raw(paths)
    except CatalogError:
        return []


def _sidecar(
    file: Path,
    data: bytes,
    digest: str,
    department_id: str,
    department: str,
    year: int,
    suffix: str,
    options: AddOptions,
    kind: str = "final_accounts",
) -> dict:
    extra = {"kind": "budget", "kind_label": options.kind_label or "部门预算"} if kind == "budget" else {}
    return {
        "department_id": department_id,
        "department": department,
        "fiscal_year": year,
        "publisher": options.publisher or department,
        "origin": file.name,
        "url": options.url,
        "date_added": datetime.now(BEIJING).date().isoformat(),
        "sha256": digest,
        "size": len(data),
        "media_type": MEDIA_TYPES[suffix],
        **extra,
    }


def _sidecar_bytes(sidecar: dict) -> bytes:
    return (json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _sha256(path: Path) -> str:
    from .catalog import sha256_of

    return sha256_of(path)


def _link_new(target: Path, data: bytes) -> None:
    """Write `data` to a temporary sibling, fsync it, then link it in; never replaces a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, target)
        except FileExistsError:
            raise CatalogError(f"{target} appeared meanwhile; not overwritten") from None
    finally:
        Path(temp).unlink(missing_ok=True)
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["ADDED", "FAILED", "RAW_SUFFIXES", "UNCHANGED", "AddOptions", "AddResult", "add_files"]

"""Atomic output: a folder of tables is written beside its target, then swapped in.

A failed or interrupted write leaves the previous folder as it was. Nothing is ever written
under the raw-data folder. Temporary names carry the writer's pid
(`.NAME.PID.XXXX.part`, `.NAME.staging-PID-XXXX`, `.NAME.retired-PID`), so the next run removes
those of a killed process (clean_stale) and leaves those of a live one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import JuesuanError
from .paths import project_paths


def guard_not_raw(target: Path) -> None:
    """Refuse any write under the raw-data folder (raw data is immutable)."""
    raw = project_paths().raw
    resolved = target.resolve()
    if resolved == raw or raw in resolved.parents:
        raise JuesuanError(f"refusing to write under the raw-data folder: {target}")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write a file through a temporary sibling and an atomic rename."""
    guard_not_raw(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp creates 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


@contextmanager
def atomic_directory(target: Path):
    """Yield a fresh staging folder; on success it replaces `target` in one rename."""
    guard_not_raw(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = target.with_name(f".{target.name}.retired-{os.getpid()}")
    if target.exists():
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def folder_lock(target: Path):
    """An exclusive lock beside `target` (a lock file in its parent), held for the block."""
    import fcntl

    guard_not_raw(target)  # not even a lock file goes under data/raw
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Temporary names of this module and of the runner (".01_clean.12345.running.ipynb"), and the
# fallback index of runner.run; group "pid" is the writer's process id when the name carries one.
_STALE = re.compile(
    r"^\.(?:.+\.(?P<pid1>\d+)\.[^.]+\.part"
    r"|.+\.staging-(?:(?P<pid2>\d+)-)?[^/]*"
    r"|.+\.retired-(?P<pid3>\d+)"
    r"|.+\.(?P<pid4>\d+)\.running\.ipynb"
    r"|.+\.fallback-(?P<pid5>\d+))$"
)
_LEGACY_PART = re.compile(r"^(?:\..+\.part|.+\.part)$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(folder: Path) -> list[Path]:
    """Remove temporary files and folders that killed runs left under `folder` (recursively):
    `.part` files, `.staging-*` and `.retired-*` folders, `.running.ipynb` and index fallbacks.
    A name that carries the pid of a live process is left alone; one without a pid (older
    versions) is removed. Never touches the raw-data folder. Returns what was removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    raw = project_paths().raw
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        if here == raw or raw in here.parents:
            dirs[:] = []
            continue
        for name in [*dirs, *files]:
            match = _STALE.match(name) or (_LEGACY_PART.match(name) if name in files else None)
            if match is None:
                continue
            pid = next((g for g in match.groupdict().values() if g), None) if match.re is _STALE else None
            if pid is not None and _alive(int(pid)):
                continue
            path = here / name
            if name in dirs:
                shutil.rmtree(path, ignore_errors=True)
                dirs.remove(name)
            else:
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # a read-only folder: the run reports that when it writes
                    continue
            removed.append(path)
    return removed


def clean_dead_parts(target: Path) -> list[Path]:
    """Remove the `.NAME.PID.XXXX.part` siblings of `target` that a killed writer (PID gone) left;
    a live writer's are kept. For single-file outputs written outside the project's folders."""
    removed = []
    folder = target.parent
    if not folder.is_dir():
        return removed
    prefix = f".{target.name}."
    for path in folder.iterdir():
        match = _STALE.match(path.name)
        if not path.name.startswith(prefix) or match is None or match.group("pid1") is None:
            continue
        pid = match.group("pid1")
        if path.name[len(prefix):].split(".", 1)[0] != pid or _alive(int(pid)):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


OUTPUT_LOG_VARIABLE = "JUESUAN_OUTPUT_LOG"


def record_output(path: Path) -> None:
    """Note that this process wrote `path` as an output of the notebook being run: the runner
    names a log file per notebook ($JUESUAN_OUTPUT_LOG) and stamps exactly the files listed there,
    so a file belongs to the report that wrote it, even when notebooks of one department-year run
    side by side. Without the variable (an interactive session) nothing is recorded."""
    log = os.environ.get(OUTPUT_LOG_VARIABLE)
    if not log:
        return
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"{Path(path).resolve()}\n")


def one_line(text: str, limit: int = 500) -> str:
    """A message on one line (newlines and runs of spaces folded), at most `limit` characters."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def csv_text(rows: list[dict[str, Any]], table: str) -> str:
    """A processed table as CSV; text cells of data never start a spreadsheet formula
    (`sheetsafe.neutralise`; the Parquet beside it keeps the exact text)."""
    from .frames import SCHEMAS, cell_text
    from .sheetsafe import neutralise

    columns = SCHEMAS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        texts = [cell_text(row.get(c.name), c.kind) for c in columns]
        safe = [neutralise(t) if c.kind == "str" else t for c, t in zip(columns, texts, strict=True)]
        writer.writerow(safe)
    return buffer.getvalue()


def _decimal_type(decimals: list[Decimal], table: str, column: str):
    """decimal128(28, scale) as always; wider only for figures that need it (38, then decimal256
    of 76 digits); a figure longer than that is not a plausible amount: InputError (one line)."""
    import pyarrow as pa

    scale, whole = 2 if not decimals else 0, 0
    for value in decimals:
        if not value.is_finite():
            raise JuesuanError(f"{table}.{column}: {value} is not a number that can be written")
        _sign, digits, exponent = value.as_tuple()
        scale = max(scale, -int(exponent))
        whole = max(whole, len(digits) + int(exponent))
    precision = max(0, whole) + scale
    if precision <= 28:
        return pa.decimal128(28, scale)
    if precision <= 38:
        return pa.decimal128(38, scale)
    if precision <= 76:
        return pa.decimal256(76, scale)
    raise JuesuanError(
        f"{table}.{column}: a figure of {precision} digits cannot be an amount in a disclosure "
        "(and cannot be stored exactly); check the text"
    )


def _arrow_table(rows: list[dict[str, Any]], table: str):
    import pyarrow as pa

    from .frames import SCHEMAS, cell_text

    arrays, fields = [], []
    for column in SCHEMAS[table]:
        values = [row.get(column.name) for row in rows]
        if column.kind == "decimal":
            kind = _decimal_type([v for v in values if isinstance(v, Decimal)], table, column.name)
        elif column.kind == "float":  # positions on a page, in points
            kind = pa.float64()
        elif column.kind == "int":
            kind = pa.int64()
        else:
            kind = pa.string()
            values = [None if v is None else cell_text(v, column.kind) for v in values]
        arrays.append(pa.array(values, type=kind))
        fields.append(pa.field(column.name, kind))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_tables(
    folder: Path,
    tables: dict[str, list[dict[str, Any]]],
    extra_files: dict[str, Callable[[], bytes]] | None = None,
) -> None:
    """Write each table as CSV and Parquet into `folder` (already a staging folder)."""
    import pyarrow.parquet as pq

    for name, rows in tables.items():
        (folder / f"{name}.csv").write_text(csv_text(rows, name), encoding="utf-8")
        pq.write_table(_arrow_table(rows, name), folder / f"{name}.parquet")
    for filename, produce in (extra_files or {}).items():
        (folder / filename).write_bytes(produce())


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")

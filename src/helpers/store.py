"""Atomic output: a folder of tables is written beside its target, then swapped in.

A failed or interrupted write leaves the previous folder as it was. Nothing is ever written
under the raw-data folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
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
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
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
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
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

    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def csv_text(rows: list[dict[str, Any]], table: str) -> str:
    from .frames import SCHEMAS, cell_text

    columns = SCHEMAS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([cell_text(row.get(c.name), c.kind) for c in columns])
    return buffer.getvalue()


def _arrow_table(rows: list[dict[str, Any]], table: str):
    import pyarrow as pa

    from .frames import SCHEMAS, cell_text

    arrays, fields = [], []
    for column in SCHEMAS[table]:
        values = [row.get(column.name) for row in rows]
        if column.kind == "decimal":
            decimals = [v for v in values if isinstance(v, Decimal)]
            scale = max((max(0, -v.as_tuple().exponent) for v in decimals), default=2)
            kind = pa.decimal128(28, scale)
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

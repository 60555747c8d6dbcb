"""Incremental builds: a report is rebuilt only when its cache key changes.

The key combines the sha256 of the raw inputs (the prior-year file too, when the catalog holds
it), the notebook's content, the `helpers` source, the parameters and the locked dependency
versions. A stamp is written only after the report's outputs are in place, so an interrupted
run never leaves a report marked up to date when it is not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..provenance import helpers_source_digest
from ..store import write_text_atomic


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes())


@cache
def lock_digest(lock_file: Path) -> str:
    return sha256_file(lock_file) if lock_file.is_file() else "no-lock-file"


def cache_key(
    *,
    raw_sha256: list[str],
    notebook_sha256: str,
    parameters: dict[str, Any],
    lock_file: Path,
    options: dict[str, Any],
) -> str:
    """The cache key of one report."""
    material = {
        "raw": raw_sha256,
        "notebook": notebook_sha256,
        "helpers": helpers_source_digest(),
        "parameters": parameters,
        "lock": lock_digest(lock_file),
        "options": options,
    }
    return sha256_bytes(json.dumps(material, sort_keys=True, ensure_ascii=False).encode())


@dataclass(frozen=True)
class Stamp:
    """What a finished report recorded about itself."""

    key: str
    outputs: dict[str, str]  # relative file name -> sha256
    record: dict[str, Any]  # status, duration, findings ... as written to the manifest


def stamp_path(report_dir: Path, notebook: str) -> Path:
    return report_dir / ".stamps" / f"{notebook}.json"


def read_stamp(report_dir: Path, notebook: str) -> Stamp | None:
    path = stamp_path(report_dir, notebook)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Stamp(data["key"], data["outputs"], data["record"])
    except (OSError, ValueError, KeyError):
        return None


def write_stamp(report_dir: Path, notebook: str, stamp: Stamp) -> None:
    payload = {"key": stamp.key, "outputs": stamp.outputs, "record": stamp.record}
    write_text_atomic(stamp_path(report_dir, notebook), json.dumps(payload, ensure_ascii=False, indent=2))


def is_up_to_date(report_dir: Path, notebook: str, key: str) -> Stamp | None:
    """The stamp when the report's key matches and every output is there, unchanged."""
    stamp = read_stamp(report_dir, notebook)
    if stamp is None or stamp.key != key or stamp.record.get("status") != "ok":
        return None
    for name, digest in stamp.outputs.items():
        path = report_dir / name
        if not path.is_file() or sha256_file(path) != digest:
            return None
    return stamp

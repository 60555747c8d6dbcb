"""Provenance of a run: package versions, the project commit, the run time."""

from __future__ import annotations

import hashlib
import subprocess
import time
from functools import cache
from importlib import metadata
from pathlib import Path

_SOURCE_SUFFIXES = {".py", ".csv", ".j2", ".tpl", ".css", ".json", ".html"}

REPORTED_PACKAGES = (
    "juesuan",
    "pandas",
    "pyarrow",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "mplfonts",
    "fonttools",
    "distributed",
)


@cache
def package_versions() -> dict[str, str]:
    versions = {}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


@cache
def project_commit(root: Path) -> str | None:
    """The checked-out commit (with "+dirty" when tracked files changed), or None outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@cache
def helpers_source_digest() -> str:
    """One digest over every source file of the installed `helpers` package (code and data)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts
    ):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

"""Where `juesuan tables --out FILE` may write: never over the input, a folder or a user's file.

A new file is fine. An existing file is replaced only when it is itself an earlier output of
`juesuan tables` (recognised by its content: the JSON `{"tables": …}` shape, the tidy CSV header,
the listing's `# <table id>` first line, a workbook whose creator is `juesuan tables`, or an empty
file) — a scheduled job can rewrite its output, while a report, a spreadsheet or the source PDF
given by mistake is never overwritten. Errors: ParameterError (one line, exit 2).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from ..errors import ParameterError
from .tidy import TIDY_COLUMNS

XLSX_CREATOR = "juesuan tables"
_LISTING_HEAD = re.compile(r"# [a-z0-9_]+  .*  第.*页  单位：")
_PROBE = 1 << 16


def check_out_file(out: Path, source: Path) -> Path:
    """`out` when `tables --out` may (re)write it; raise ParameterError otherwise."""
    if out.is_dir():
        raise ParameterError(f"--out {out} is a folder: name a file")
    if not out.exists():
        if out.is_symlink():
            raise ParameterError(f"--out {out} is a dangling link: name a file")
        return out
    if source.exists() and out.resolve() == source.resolve():
        raise ParameterError(f"--out {out} is the input file itself: name another file")
    if not out.is_file():
        raise ParameterError(f"--out {out} is not a regular file")
    if not is_tables_output(out):
        raise ParameterError(
            f"--out {out} exists and was not written by juesuan tables; it is never overwritten: "
            "name a new file"
        )
    return out


def is_tables_output(path: Path) -> bool:
    """True when `path` is empty or holds an earlier output of `juesuan tables` (any format)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_PROBE)
    except OSError:
        return False
    if not head:
        return True
    if head.startswith(b"PK"):
        return _our_workbook(path)
    text = head.decode("utf-8", errors="replace")
    first = text.split("\n", 1)[0]
    if first == ",".join(TIDY_COLUMNS) or _LISTING_HEAD.match(first):
        return True
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and list(data) == ["tables"] and isinstance(data["tables"], list)
    return False


def _our_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as book:
            core = book.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<dc:creator>{XLSX_CREATOR}</dc:creator>" in core

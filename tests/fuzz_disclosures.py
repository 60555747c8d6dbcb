"""`make fuzz`: random and mutated disclosures (SYNTHETIC mutations of the seed and the fixtures)
fed to `extract`, `check` and one notebook, for a bounded time.

Asserts for every input: no traceback and no internal error, exit status in {0, 1, 2}, and
nothing written outside the output folders (the input's folder, data/raw and the project tree
stay as they were). Not part of `make test` (the file name does not start with test_).

Time: $FUZZ_SECONDS (default 120) shared by the three targets (extract and check 45 % each, the
notebook 10 %); examples past the budget return at once. Run: make fuzz [FUZZ_SECONDS=600].
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.cli import main

from .conftest import ROOT, SEED_PATH, run_juesuan

BUDGET = float(os.environ.get("FUZZ_SECONDS", "120"))
SOURCES = [SEED_PATH, *sorted((ROOT / "tests" / "fixtures" / "cases").glob("*.txt"))]
def _decoded(path: Path) -> str | None:
    from helpers.errors import JuesuanError
    from helpers.textio import decode_bytes

    try:
        return decode_bytes(path.read_bytes()).text  # some cases are GBK or Big5 on purpose
    except JuesuanError:
        return None


TEXTS = [text for text in map(_decoded, SOURCES) if text]
HOSTILE = [
    "\x00", "\ufeff", "\u202e", "<script>alert(1)</script>", "％", "１２３．４５", "万元", "亿元",
    "9" * 400, "1.2.3.4", "（", "）", "第一部分", "一、", "\r", "\r\n", "\t", "\x1b[31m", "�", "𠀀",
    "增长-100%", "0.00", "-0", "1e309", "收、支总计", "。" * 50, "\n" * 30,
]
SETTINGS = settings(
    max_examples=max(10, int(BUDGET * 2)),  # about 0.2-0.5 s per example; the budget stops it first
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


class _Budget:
    """A share of $FUZZ_SECONDS for one target, started on its first example."""

    def __init__(self, share: float):
        self.seconds, self.start = BUDGET * share, None

    def spent(self) -> bool:
        if self.start is None:
            self.start = time.monotonic()
        return time.monotonic() - self.start > self.seconds


@st.composite
def disclosures(draw) -> bytes:
    """Bytes of a disclosure: a real-shaped text mutated, re-encoded and cut, or random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(min_size=0, max_size=4096))
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["drop", "dup", "insert", "swap", "digits"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[i : i + draw(st.integers(1, 40))]
        elif kind == "dup":
            lines[i:i] = lines[i : i + draw(st.integers(1, 40))] * draw(st.integers(1, 5))
        elif kind == "insert":
            piece = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40)))
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + piece + lines[i][cut:]
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = "".join(draw(st.sampled_from("0123456789.,-%")) if c.isdigit() else c for c in lines[i])
    text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 4)) == 0 and data:  # flip or cut bytes
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        data = bytes(data[: draw(st.integers(0, len(data)))])
    return data


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its sha256 (symlinks and special files by name only)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _cli(*argv: str) -> tuple[int, str]:
    """juesuan in this process: (exit status, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def _assert_clean(code: int, stderr: str) -> None:
    assert code in (0, 1, 2), f"exit status {code}: {stderr}"
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr


@pytest.fixture(scope="module")
def raw_before():
    return _tree(ROOT / "data" / "raw")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    saved = {k: os.environ.get(k) for k in ("JUESUAN_PROCESSED_DIR", "JUESUAN_REPORTS_DIR")}
    os.environ["JUESUAN_PROCESSED_DIR"] = str(folder / "processed")
    os.environ["JUESUAN_REPORTS_DIR"] = str(folder / "reports")
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


EXTRACT_BUDGET, CHECK_BUDGET, NOTEBOOK_BUDGET = _Budget(0.45), _Budget(0.45), _Budget(0.10)


@SETTINGS
@given(data=disclosures(), as_json=st.booleans())
def test_extract_survives_any_disclosure(workdir, raw_before, data, as_json):
    if EXTRACT_BUDGET.spent():
        return
    inputs = workdir / "in"
    inputs.mkdir(exist_ok=True)
    source = inputs / "fuzz.txt"
    source.write_bytes(data)
    before = _tree(inputs)
    out = workdir / "out"
    argv = ["extract", str(source), *(["--format", "json"] if as_json else ["--out", str(out)])]
    _assert_clean(*_cli(*argv))
    assert _tree(inputs) == before, "extract wrote beside its input"
    assert _tree(ROOT / "data" / "raw") == raw_before, "extract wrote under data/raw"


@SETTINGS
@given(data=disclosures())
def test_check_survives_any_disclosure(workdir, raw_before, data):
    if CHECK_BUDGET.spent():
        return
    inputs = workdir / "in"
    inputs.mkdir(exist_ok=True)
    source = inputs / "fuzz.txt"
    source.write_bytes(data)
    before_work = {k: v for k, v in _tree(workdir).items() if not k.startswith(("out/", "processed/"))}
    _assert_clean(*_cli("check", str(source), "--format", "json"))
    after_work = {k: v for k, v in _tree(workdir).items() if not k.startswith(("out/", "processed/"))}
    assert after_work == before_work, "check wrote a file"
    assert _tree(ROOT / "data" / "raw") == raw_before


@settings(
    max_examples=max(1, int(BUDGET // 60)), deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
@given(data=disclosures())
def test_a_notebook_survives_any_disclosure(tmp_path_factory, raw_before, data):
    if NOTEBOOK_BUDGET.spent():
        return
    tmp = tmp_path_factory.mktemp("nb")
    folder = tmp / "raw" / "990001-fuzz"
    folder.mkdir(parents=True)
    (folder / "2020.txt").write_bytes(data)
    sidecar = json.loads(SEED_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    sidecar.update(department_id="990001-fuzz", synthetic=True, sha256=hashlib.sha256(data).hexdigest(),
                   size=len(data))
    (folder / "2020.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    raw_tree = _tree(tmp / "raw")
    env = {"JUESUAN_RAW_DIR": str(tmp / "raw"), "JUESUAN_REPORTS_DIR": str(tmp / "reports"),
           "JUESUAN_PROCESSED_DIR": str(tmp / "processed")}
    result = run_juesuan("run", "--notebook", "01", "--jobs", "1", env=env, timeout=600)
    _assert_clean(result.returncode, result.stderr)
    assert _tree(tmp / "raw") == raw_tree, "the run wrote under its raw folder"
    assert sorted(p.name for p in tmp.iterdir()) in (["processed", "raw", "reports"], ["raw", "reports"])
    assert _tree(ROOT / "data" / "raw") == raw_before

"""Shared fixtures. Real data (the seed) and synthetic texts are kept apart:
real expectations live in tests/expected/, synthetic texts in tests/fixtures/synthetic/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.document import Document
from helpers.extract import extract_document

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "raw" / "510303-xzspj" / "2020.txt"
SYNTHETIC_DIR = ROOT / "tests" / "fixtures" / "synthetic"
EXPECTED_DIR = ROOT / "tests" / "expected"

SEED_EXPECTED = EXPECTED_DIR / "seed_510303-xzspj_2020.expected.json"
SYNTHETIC_EXPECTED = sorted(SYNTHETIC_DIR.glob("*.expected.json"))
ALL_EXPECTED = [SEED_EXPECTED, *SYNTHETIC_EXPECTED]


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def text_path_of(expected_path: Path) -> Path:
    expected = load_expected(expected_path)
    base = ROOT if not expected["synthetic"] else SYNTHETIC_DIR
    return base / expected["file"]


_CACHE: dict[Path, tuple[Document, object]] = {}


def extracted(path: Path):
    """(document, extraction) of a file, computed once per test session."""
    if path not in _CACHE:
        document = Document.from_path(path)
        _CACHE[path] = (document, extract_document(document))
    return _CACHE[path]


@pytest.fixture(scope="session")
def seed():
    return extracted(SEED_PATH)


@pytest.fixture(params=ALL_EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def disclosure_with_expectations(request):
    """Each disclosure with hand-checked expectations: the real seed and every synthetic fixture."""
    expected = load_expected(request.param)
    document, extraction = extracted(text_path_of(request.param))
    return document, extraction, expected


SYNTHETIC_HEADER = "（合成测试文本，非真实部门决算 SYNTHETIC TEST FIXTURE）"


def synthetic_disclosure(body: str, *, year: int = 2021, department: str = "青禾县合成测试局") -> str:
    """A minimal SYNTHETIC disclosure in the national template's wording around `body`.

    Only for rule tests; the wrapper itself states no figures, so every figure a test
    asserts on comes from `body`.
    """
    return "\n".join([
        SYNTHETIC_HEADER,
        f"{department}",
        f"{year}年度部门决算",
        "第一部分 部门概况",
        "一、基本职能及主要工作",
        "（一）主要职能。负责合成测试相关工作。",
        f"第二部分 {year}年度部门决算情况说明",
        body.strip(),
        "第三部分 名词解释",
        "1.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
        "2.项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
        "3.财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
        "4.“三公”经费：指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
        "5.机关运行经费：为保障行政单位运行用于购买货物和服务的各项资金。",
        "",
    ])


@pytest.fixture
def audit_of():
    """Audit a SYNTHETIC body text: returns the list of findings."""
    from helpers.audit import audit

    def run(body: str, **kwargs):
        document = Document.from_text(synthetic_disclosure(body, **kwargs), name="synthetic")
        return audit(document, extract_document(document))

    return run


@pytest.fixture
def extract_of():
    """Extract a SYNTHETIC body text."""

    def run(body: str, **kwargs):
        document = Document.from_text(synthetic_disclosure(body, **kwargs), name="synthetic")
        return extract_document(document)

    return run


def run_juesuan(*args, env: dict[str, str] | None = None, timeout: float = 600):
    """The real `juesuan` CLI in a subprocess (the way a scheduler calls it)."""
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "helpers.cli", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout,
    )


def isolated_env(tmp: Path, **extra: str) -> dict[str, str]:
    """Folders of a run redirected into `tmp` (the repo's reports/ and data/processed/ stay untouched)."""
    env = {
        "JUESUAN_REPORTS_DIR": str(tmp / "reports"),
        "JUESUAN_PROCESSED_DIR": str(tmp / "processed"),
    }
    env.update(extra)
    return env

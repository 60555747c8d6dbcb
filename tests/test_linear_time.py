"""Extraction and audit grow linearly with the input: the CPU time of 16 copies of the seed (and
of the seed with its line breaks removed) is compared with 2 copies. A quadratic spot makes the
ratio about 64 instead of about 8; the bound (24) leaves room for a loaded machine. The figures
themselves are printed by `make bench-linear` (benchmarks/bench_linear.py)."""

from __future__ import annotations

import time

import pytest

from helpers.audit import audit
from helpers.document import Document
from helpers.extract import extract_document

from .conftest import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")


def _cpu_seconds(text: str) -> float:
    start = time.process_time()
    document = Document.from_text(text)
    audit(document, extract_document(document))
    return time.process_time() - start


@pytest.mark.parametrize("shape", ["copies", "no line breaks"])
def test_extraction_and_audit_grow_linearly(shape):
    def make(copies: int) -> str:
        text = SEED * copies
        return text if shape == "copies" else text.replace("\n", "")

    small = min(_cpu_seconds(make(2)) for _ in range(2))
    large = _cpu_seconds(make(16))
    assert large / small < 24, f"8x the input took {large / small:.1f}x the time ({small:.2f} s -> {large:.2f} s)"

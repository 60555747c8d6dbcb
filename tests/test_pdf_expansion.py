"""Decompression-bomb guard (helpers.pdf.expansion) and its use by every PDF reader; SYNTHETIC PDFs."""

from __future__ import annotations

import pytest

from helpers.cli import main
from helpers.errors import PdfError
from helpers.pdf.expansion import check_expansion
from helpers.pdf.source import open_pdf
from helpers.tables.reader import PdfReadError, read_pdf_tables

from .hostile_pdf import bomb_pdf, raw_pdf


@pytest.fixture
def bomb(tmp_path, monkeypatch):
    """A 24 MB content stream under an 8 MB limit (the default, 512 MB, behaves the same, slower)."""
    monkeypatch.setenv("JUESUAN_MAX_PDF_EXPANSION_MB", "8")
    return bomb_pdf(tmp_path / "synthetic-bomb.pdf", 24)


def test_expansion_is_measured_without_inflating_past_the_limit(bomb):
    data = bomb.read_bytes()
    assert len(data) < 100_000
    with pytest.raises(PdfError, match="decompression bomb"):
        check_expansion(bomb, data, limit=8 << 20)


def test_a_stream_within_the_limit_is_measured_exactly(tmp_path):
    pdf = raw_pdf(tmp_path / "synthetic-small.pdf", b"BT ET\n" + b" " * 1000)
    assert check_expansion(pdf, pdf.read_bytes(), limit=1 << 20) >= 1006


def test_a_decompression_bomb_is_refused_before_the_text_layer_is_read(bomb):
    with pytest.raises(PdfError) as info:
        open_pdf(bomb)
    assert "decompression bomb" in str(info.value) and "\n" not in str(info.value)


def test_a_decompression_bomb_is_refused_before_the_tables_are_read(bomb):
    with pytest.raises(PdfReadError, match="decompression bomb"):
        read_pdf_tables(bomb)


@pytest.mark.parametrize("command", [["extract", "--format", "json"], ["tables"], ["check", "--tables-only"]])
def test_every_command_refuses_a_bomb_in_one_line_with_exit_2(bomb, capsys, command):
    assert main([*command[:1], str(bomb), *command[1:]]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "decompression bomb" in err

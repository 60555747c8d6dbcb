"""`juesuan tables` / `read_pdf_tables` on hostile and damaged files: the same one-line refusals
as the text layer, the page limit, a damaged cross-reference table, active content ignored.
Every PDF is SYNTHETIC (built at test time)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers.cli import main
from helpers.tables.reader import PdfReadError, read_pdf_tables

from .conftest import ROOT
from .hostile_pdf import ACTIVE_CATALOG, damaged_xref_pdf, raw_pdf
from .synthetic_pdf import final_accounts_pdf


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory):
    return final_accounts_pdf(tmp_path_factory.mktemp("faults") / "synthetic-final.pdf")


def test_a_damaged_cross_reference_table_is_read_like_the_text_layer_reads_it(disclosure, tmp_path):
    """pdfium repairs it (extract read the narrative), pdfminer could not: the tables were
    silently missing from extract and `tables` failed."""
    damaged = damaged_xref_pdf(disclosure, tmp_path / "synthetic-damaged.pdf")
    expected = [(t.id, len(t.cells)) for t in read_pdf_tables(disclosure)]
    assert expected and [(t.id, len(t.cells)) for t in read_pdf_tables(damaged)] == expected


def test_tables_honour_the_page_limit(disclosure, monkeypatch, capsys):
    monkeypatch.setenv("JUESUAN_MAX_PDF_PAGES", "3")
    with pytest.raises(PdfReadError, match="over the 3-page input limit"):
        read_pdf_tables(disclosure)
    monkeypatch.delenv("JUESUAN_MAX_PDF_PAGES")
    assert main(["tables", str(disclosure), "--max-pages", "3"]) == 2
    assert "--max-pages" in capsys.readouterr().err


def test_a_folder_or_fifo_named_pdf_is_named_for_what_it_is(tmp_path, capsys):
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert main(["tables", str(folder)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["tables", str(fifo)]) == 2  # returns at once: a FIFO is never opened
    assert "FIFO" in capsys.readouterr().err


def test_an_encrypted_pdf_is_named_as_such(tmp_path, capsys):
    from .pdf_factory import text_pdf

    locked = text_pdf(tmp_path / "synthetic-locked.pdf", [["本年支出合计1.00万元"]], encrypt="secret")
    assert main(["tables", str(locked)]) == 2
    assert "encrypted with a password" in capsys.readouterr().err


def test_javascript_open_action_and_embedded_files_are_ignored(tmp_path):
    """Nothing runs, nothing is extracted to disk: the commands see only the text layer."""
    active = raw_pdf(tmp_path / "synthetic-active.pdf", b"BT /F1 12 Tf 72 720 Td (SYNTHETIC) Tj ET",
                     catalog=ACTIVE_CATALOG)
    work = tmp_path / "work"
    work.mkdir()
    before = set(tmp_path.rglob("*"))
    for command in (["tables", str(active), "--format", "json"], ["extract", str(active), "--format", "json"]):
        done = subprocess.run([sys.executable, "-m", "helpers.cli", *command], cwd=work, capture_output=True,
                              text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        assert done.returncode in (0, 2) and "Traceback" not in done.stderr
    assert set(tmp_path.rglob("*")) == before
    assert read_pdf_tables(active) == []

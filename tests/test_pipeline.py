from __future__ import annotations

import json

from helpers.pipeline import is_current, process_file, read_cached, write_processed

from .conftest import SEED_PATH


def test_processed_folder_records_its_source_and_is_reused(tmp_path):
    processed = process_file(SEED_PATH)
    folder = write_processed(processed, tmp_path / "out")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_sha256"] == processed.sha256 and manifest["code_digest"]
    assert is_current(folder, processed.sha256) and not is_current(folder, "0" * 64)
    _document, extraction, findings = read_cached(folder, processed.sha256)
    assert extraction.to_dict() == processed.extraction.to_dict() and findings
    before = (folder / "facts.csv").stat().st_mtime_ns
    write_processed(processed, folder, only_if_stale=True)
    assert (folder / "facts.csv").stat().st_mtime_ns == before  # current: left as it is


def _catalog_entry(tmp_path, text: str, year: int):
    """A SYNTHETIC catalog entry data/raw/100000-synth/<year>.txt with its sidecar."""
    from helpers.catalog import SIDECAR_FIELDS, RawDisclosure, sha256_of

    folder = tmp_path / "raw" / "100000-synth"
    folder.mkdir(parents=True)
    path = folder / f"{year}.txt"
    path.write_text(text, encoding="utf-8")
    sidecar = {name: None for name in SIDECAR_FIELDS}
    sidecar.update(department_id="100000-synth", department="合成测试局（登记名）", fiscal_year=year,
                   sha256=sha256_of(path), size=path.stat().st_size)
    return RawDisclosure("100000-synth", year, path, folder / f"{year}.json", sidecar)


SYNTHETIC_2022 = (
    "合成测试局2022年度部门决算\n第二部分 2022年度部门决算情况说明\n"
    "三、支出决算情况说明\n本年支出合计 10.00 万元，其中：基本支出 6.00 万元，项目支出 4.00 万元。\n"
)


def test_catalog_entry_whose_text_states_another_year_is_refused_in_one_line(tmp_path):
    import pytest

    from helpers.errors import InputError

    raw = _catalog_entry(tmp_path, SYNTHETIC_2022, 2023)
    with pytest.raises(InputError, match=r"2022.*2023"):
        process_file(raw.text_path, raw)


def test_catalog_entry_uses_the_sidecar_department_name(tmp_path):
    raw = _catalog_entry(tmp_path, SYNTHETIC_2022, 2022)
    processed = process_file(raw.text_path, raw)
    assert (processed.extraction.department, processed.extraction.fiscal_year) == ("合成测试局（登记名）", 2022)


def _count_pdfium_opens(monkeypatch) -> list[int]:
    """Count every pypdfium2.PdfDocument opened from now on."""
    import pypdfium2

    opened = [0]
    real = pypdfium2.PdfDocument

    def counting(*args, **kwargs):
        opened[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", counting)
    return opened


def test_pdf_pages_are_read_by_pypdfium2_once_for_text_and_tables(tmp_path, monkeypatch):
    from .synthetic_pdf import final_accounts_pdf

    pdf = final_accounts_pdf(tmp_path / "synthetic-final-accounts.pdf")
    opened = _count_pdfium_opens(monkeypatch)
    processed = process_file(pdf)
    assert opened[0] == 1
    assert {t.id for t in processed.extraction.tables} >= {"income_expenditure_summary", "general_budget_basic"}


def test_table_reader_given_the_text_layer_finds_what_it_finds_alone(tmp_path):
    from helpers.pdf import open_pdf
    from helpers.tables import read_pdf_tables

    from .synthetic_pdf import final_accounts_pdf

    pdf = final_accounts_pdf(tmp_path / "synthetic-final-accounts.pdf")
    alone, shared = read_pdf_tables(pdf), read_pdf_tables(pdf, open_pdf(pdf))
    assert [t.to_dict() for t in shared] == [t.to_dict() for t in alone] and len(alone) == 3

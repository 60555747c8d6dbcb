"""Raw data: immutable, every file checked against its provenance sidecar."""

from __future__ import annotations

import json

import pytest

from helpers.catalog import (
    SIDECAR_FIELDS,
    list_raw,
    sha256_of,
    validate_department_id,
    validate_fiscal_year,
)
from helpers.errors import CatalogError, ParameterError
from helpers.paths import project_paths

from .conftest import ROOT


def synthetic_sidecar(**fields) -> dict:
    """A schema-valid sidecar for a SYNTHETIC catalog entry; `fields` override its values."""
    sidecar = {
        "department_id": "100000-test",
        "department": "合成测试局 SYNTHETIC",
        "fiscal_year": 2021,
        "publisher": "合成测试局",
        "origin": "synthetic",
        "url": None,
        "date_added": "2026-11-30",
        "sha256": "0" * 64,
        "size": 0,
        "synthetic": True,
    }
    sidecar.update(fields)
    return sidecar


def test_every_raw_file_matches_its_sidecar():
    entries = list_raw(project_paths(ROOT))
    assert entries, "data/raw is empty"
    for entry in entries:
        entry.verify()
        for name in SIDECAR_FIELDS:
            assert name in entry.sidecar
        assert entry.sidecar["sha256"] == sha256_of(entry.text_path)
        assert entry.sidecar["size"] == entry.text_path.stat().st_size
        assert entry.synthetic is False, "synthetic texts never go into data/raw"


def test_every_raw_file_has_a_sidecar():
    raw = project_paths(ROOT).raw
    for text in raw.glob("*/*.txt"):
        assert text.with_suffix(".json").is_file(), text


def test_seed_sidecar_records_provenance():
    sidecar = json.loads((ROOT / "data/raw/510303-xzspj/2020.json").read_text(encoding="utf-8"))
    assert sidecar["department"] == "自贡市贡井区行政审批局"
    assert sidecar["fiscal_year"] == 2020
    assert sidecar["origin"] == "000_b29595a3260d8f12.txt"
    assert sidecar["url"] is None
    assert sidecar["sha256"] == "59e0791b24c13b3d0f417e3875cd83e5644a078781743ba846c0284dabb63c05"


def test_tampered_file_is_detected(tmp_path):
    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    (folder / "2021.txt").write_text("合成测试文本 SYNTHETIC", encoding="utf-8")
    sidecar = synthetic_sidecar(department_id="100000-test", fiscal_year=2021, sha256="0" * 64, size=3)
    (folder / "2021.json").write_text(json.dumps(sidecar), encoding="utf-8")
    paths = project_paths(tmp_path)
    object.__setattr__(paths, "raw", tmp_path / "raw")
    (entry,) = list_raw(paths)
    with pytest.raises(CatalogError):
        entry.verify()


@pytest.mark.parametrize("bad", ["../etc", "a/b", "..", "UPPER", "has space", "x", "-lead", "a--b"])
def test_malformed_department_ids_are_refused(bad):
    with pytest.raises(ParameterError):
        validate_department_id(bad)


@pytest.mark.parametrize("bad", ["20", "2020a", "../2020", "1899"])
def test_malformed_years_are_refused(bad):
    with pytest.raises(ParameterError):
        validate_fiscal_year(bad)


def _catalog(tmp_path, text: bytes, **fields):
    """A one-entry SYNTHETIC catalog under tmp_path/raw; returns its paths."""
    import hashlib

    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    (folder / "2021.txt").write_bytes(text)
    sidecar = synthetic_sidecar(sha256=hashlib.sha256(text).hexdigest(), size=len(text))
    sidecar.update(fields)
    (folder / "2021.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    paths = project_paths(tmp_path)
    object.__setattr__(paths, "raw", tmp_path / "raw")
    return paths


def test_upper_case_sha256_is_accepted(tmp_path):
    import hashlib

    text = "合成测试文本 SYNTHETIC".encode()
    paths = _catalog(tmp_path, text, sha256=hashlib.sha256(text).hexdigest().upper())
    (entry,) = list_raw(paths)
    entry.verify()
    assert entry.sha256 == hashlib.sha256(text).hexdigest()


def test_size_given_as_a_string_is_an_error_that_says_so(tmp_path):
    paths = _catalog(tmp_path, b"x", size="1")
    with pytest.raises(CatalogError, match=r"'size' must be an integer, not a string") as info:
        list_raw(paths)
    assert "\n" not in str(info.value)


def test_year_abc_in_a_sidecar_is_a_one_line_catalog_error(tmp_path):
    paths = _catalog(tmp_path, b"x", fiscal_year="abc")
    with pytest.raises(CatalogError, match="fiscal_year") as info:
        list_raw(paths)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("sha256", "xyz", "64 hexadecimal"),
        ("media_type", "text/html", "expected one of"),
        ("department_id", "../etc", "slug"),
        ("url", 5, "must be a string or null"),
    ],
)
def test_sidecar_schema_names_the_bad_field(tmp_path, field, value, words):
    paths = _catalog(tmp_path, b"x", **{field: value})
    with pytest.raises(CatalogError, match=words):
        list_raw(paths)


def test_sidecar_lacking_a_field_names_it(tmp_path):
    paths = _catalog(tmp_path, b"x")
    sidecar_path = tmp_path / "raw" / "100000-test" / "2021.json"
    sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
    del sidecar["origin"]
    sidecar_path.write_text(json.dumps(sidecar), encoding="utf-8")
    with pytest.raises(CatalogError, match="lacks the required field 'origin'"):
        list_raw(paths)


def test_pdf_sidecar_with_media_type_and_kind_is_accepted():
    from helpers.catalog import validate_sidecar

    sidecar = synthetic_sidecar(media_type="application/pdf", kind="final_accounts")
    assert validate_sidecar(sidecar, "synthetic.json") is sidecar


def test_sidecar_that_is_not_an_object_is_refused(tmp_path):
    paths = _catalog(tmp_path, b"x")
    (tmp_path / "raw" / "100000-test" / "2021.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a JSON object"):
        list_raw(paths)


def _entry(folder, stem: str, text: str, **fields) -> None:
    """A SYNTHETIC raw file `stem`.txt with a matching sidecar (`fields` override its values)."""
    data = text.encode("utf-8")
    (folder / f"{stem}.txt").write_bytes(data)
    sidecar = synthetic_sidecar(sha256=sha256_of(folder / f"{stem}.txt"), size=len(data), **fields)
    (folder / f"{stem}.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")


def _paths_at(tmp_path):
    paths = project_paths(tmp_path)
    object.__setattr__(paths, "raw", tmp_path / "raw")
    return paths


def test_budget_and_final_accounts_of_one_department_year_coexist(tmp_path):
    """<year>.txt (final accounts) and <year>-budget.txt (kind "budget") are two catalog entries."""
    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    _entry(folder, "2021", "合成决算 SYNTHETIC")
    _entry(folder, "2021-budget", "合成预算 SYNTHETIC", kind="budget")
    entries = list_raw(_paths_at(tmp_path))
    assert [(e.fiscal_year, e.kind, e.text_path.name) for e in entries] == [
        (2021, "final_accounts", "2021.txt"),
        (2021, "budget", "2021-budget.txt"),
    ]
    for entry in entries:
        entry.verify()


def test_budget_file_whose_sidecar_lacks_kind_budget_is_a_one_line_error(tmp_path):
    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    _entry(folder, "2021-budget", "合成预算 SYNTHETIC")  # no "kind": final accounts by default
    with pytest.raises(CatalogError) as error:
        list_raw(_paths_at(tmp_path))
    message = str(error.value)
    assert "\n" not in message and "2021-budget.json" in message
    assert "'final_accounts'" in message and "'budget'" in message


def test_final_accounts_file_whose_sidecar_says_budget_is_a_one_line_error(tmp_path):
    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    _entry(folder, "2021", "合成决算 SYNTHETIC", kind="budget")
    with pytest.raises(CatalogError, match=r"says kind 'budget' but its file name says 'final_accounts'.*2021-budget"):
        list_raw(_paths_at(tmp_path))


def test_sidecar_kind_is_one_of_the_two_kinds(tmp_path):
    from helpers.catalog import validate_sidecar

    with pytest.raises(CatalogError, match="field 'kind' is 'final'; expected one of final_accounts, budget"):
        validate_sidecar(synthetic_sidecar(kind="final"), "synthetic.json")


def test_catalog_entry_for_a_budget_path_is_the_budget(tmp_path):
    from helpers.catalog import catalog_entry_for

    folder = tmp_path / "raw" / "100000-test"
    folder.mkdir(parents=True)
    _entry(folder, "2021-budget", "合成预算 SYNTHETIC", kind="budget")
    entry = catalog_entry_for(_paths_at(tmp_path), folder / "2021-budget.txt")
    assert entry is not None and entry.kind == "budget" and entry.fiscal_year == 2021

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
    sidecar = {name: None for name in SIDECAR_FIELDS}
    sidecar.update(department_id="100000-test", fiscal_year=2021, sha256="0" * 64, size=3)
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

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

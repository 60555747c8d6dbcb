"""The processed folder's snapshot: checked JSON that round-trips exactly and cannot run code."""

from __future__ import annotations

import json
import pickle
from array import array
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.audit.findings import Evidence, Finding
from helpers.pipeline import CACHE_FILE, process_file, read_cached, write_processed
from helpers.snapshot import SnapshotError, dumps, loads

from .conftest import SEED_PATH

DIGEST = "d" * 64


def test_values_round_trip_with_their_types():
    value = {
        "decimal": Decimal("1.80"),
        "tuple": (1, "a"),
        "set": {3},
        "path": Path("a/b"),
        "array": array("I", [1, 2, 70000]),
        "int_keys": {1: "x"},
        "$dollar": 1,
        "finding": Finding("r", "error", "t", "m", stated=Decimal("2.50"), evidence=[Evidence(3, "q")]),
    }
    back = loads(dumps(value, code_digest=DIGEST), code_digest=DIGEST)
    assert back == value
    assert str(back["decimal"]) == "1.80" and type(back["tuple"]) is tuple


def test_seed_results_round_trip(tmp_path):
    processed = process_file(SEED_PATH)
    folder = write_processed(processed, tmp_path / "out")
    assert not list(folder.glob("*.pickle"))
    document, extraction, findings = read_cached(folder, processed.sha256)
    assert extraction == processed.extraction
    assert document.text == processed.document.text and document.headings == processed.document.headings
    assert findings and all(isinstance(f, Finding) for f in findings)


class _Boom:
    def __reduce__(self):
        return (Path("/").joinpath, ("pickle-payload-ran",))


def test_a_crafted_pickle_in_the_processed_folder_is_never_loaded(tmp_path, monkeypatch):
    """An attacker's disclosure.pickle (or a pickle renamed to the snapshot's name) runs nothing."""
    processed = process_file(SEED_PATH)
    folder = write_processed(processed, tmp_path / "out")
    calls = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: calls.append(a) or pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: calls.append(a) or pytest.fail("unpickled"))
    (folder / "disclosure.pickle").write_bytes(pickle.dumps(_Boom()))
    assert read_cached(folder, processed.sha256) is not None  # the snapshot, not the pickle
    (folder / CACHE_FILE).write_bytes(pickle.dumps(_Boom()))
    assert read_cached(folder, processed.sha256) is None  # a cache miss: extract again
    assert calls == []


@pytest.mark.parametrize(
    "classes",
    [
        [["os:system", []]],
        [["subprocess:Popen", []]],
        [["helpers.snapshot:SnapshotError", []]],  # in the package, but not a dataclass
        [["builtins:eval", []]],
    ],
)
def test_snapshot_refuses_classes_outside_the_package_dataclasses(classes):
    data = json.dumps(
        {"format": "juesuan-snapshot", "version": 1, "code_digest": DIGEST, "classes": classes,
         "payload": {"$c": 0, "v": []}}
    ).encode()
    with pytest.raises(SnapshotError):
        loads(data, code_digest=DIGEST)


@pytest.mark.parametrize(
    "payload",
    [
        {"$c": 0, "v": []},  # undeclared class
        {"$x": 1},  # unknown tag
        {"$d": ["1"]},  # malformed decimal
        {"$a": "O", "z": ""},  # array of objects
        {"$m": [[[1], 2]]},  # unhashable key
    ],
)
def test_malformed_snapshot_payloads_are_errors(payload):
    data = json.dumps(
        {"format": "juesuan-snapshot", "version": 1, "code_digest": DIGEST, "classes": [], "payload": payload}
    ).encode()
    with pytest.raises(SnapshotError):
        loads(data, code_digest=DIGEST)


def test_snapshot_of_other_code_or_version_is_refused():
    data = dumps([1], code_digest=DIGEST)
    with pytest.raises(SnapshotError, match="other code"):
        loads(data, code_digest="e" * 64)
    with pytest.raises(SnapshotError, match="version"):
        loads(data.replace(b'"version":1', b'"version":2'), code_digest=DIGEST)


def test_snapshot_with_changed_fields_is_refused():
    document = json.loads(dumps(Evidence(1, "q"), code_digest=DIGEST))
    document["classes"][0][1].append("extra")  # written by code whose Evidence had another field
    with pytest.raises(SnapshotError, match="fields"):
        loads(json.dumps(document, separators=(",", ":")).encode(), code_digest=DIGEST)


def test_snapshot_refuses_types_it_cannot_hold():
    with pytest.raises(SnapshotError, match="cannot snapshot"):
        dumps(object(), code_digest=DIGEST)


def test_unsnapshotable_results_still_write_the_tables(tmp_path):
    processed = process_file(SEED_PATH)
    processed.extraction.source_name = object()  # e.g. a future field of a type the snapshot lacks
    folder = write_processed(processed, tmp_path / "out")
    assert (folder / "facts.csv").is_file() and not (folder / CACHE_FILE).exists()

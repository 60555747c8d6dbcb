"""The processed folder's snapshot: checked JSON that round-trips exactly and cannot run code."""

from __future__ import annotations

import json
import pickle
from array import array
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from helpers.audit.findings import Evidence, Finding
from helpers.extract.model import NumberRow
from helpers.pipeline import CACHE_FILE, process_file, read_cached, write_processed
from helpers.snapshot import VERSION, SnapshotError, dumps, loads

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
        {"format": "juesuan-snapshot", "version": VERSION, "code_digest": DIGEST, "classes": classes,
         "objects": [[1, [], []]], "payload": {"$o": 0}}
    ).encode()
    with pytest.raises(SnapshotError, match="helpers"):  # refused by its name, before anything is built
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
        loads(data.replace(b'"version":%d' % VERSION, b'"version":%d' % (VERSION + 1)), code_digest=DIGEST)


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


def _finding(*evidence: Evidence, stated: Decimal | None = Decimal("2.50")) -> Finding:
    return Finding("r", "error", "t", "m", stated=stated, evidence=list(evidence))


def _document(value) -> dict:
    return json.loads(dumps(value, code_digest=DIGEST))


def _load(document: dict):
    return loads(json.dumps(document, ensure_ascii=False).encode(), code_digest=DIGEST)


def test_an_instance_shared_by_two_others_stays_shared():
    evidence = Evidence(3, "q")
    first, second = loads(dumps([_finding(evidence), _finding(evidence)], code_digest=DIGEST), code_digest=DIGEST)
    assert first.evidence[0] is second.evidence[0] and first.evidence[0] == evidence


def test_loading_calls_no_constructor_of_the_classes_it_builds(monkeypatch):
    data = dumps(_finding(Evidence(3, "q")), code_digest=DIGEST)

    def refuse(*args, **kwargs):
        raise AssertionError("a constructor ran")

    for cls in (Finding, Evidence):
        monkeypatch.setattr(cls, "__init__", refuse)
    monkeypatch.setattr(Finding, "__post_init__", refuse)
    back = loads(data, code_digest=DIGEST)
    assert back.stated == Decimal("2.50") and back.evidence[0].quote == "q"


def test_frozen_instances_are_rebuilt_whole_and_hash_as_before():
    evidence = [Evidence(n, f"q{n % 3}") for n in range(10)]
    back = loads(dumps(evidence, code_digest=DIGEST), code_digest=DIGEST)
    assert back == evidence and {hash(e) for e in back} == {hash(e) for e in evidence}


def test_repeated_figures_keep_their_stated_precision_and_type():
    """Columns with repeated values are written once per distinct value; 1.8 and 1.80 are equal as
    Decimals but stay distinct, and the text "1.8" stays text."""
    values = [Decimal("1.8"), Decimal("1.80"), "1.8", None, Decimal("-0"), Decimal("0")] * 5
    rows = [NumberRow(v, "万元", "amount", str(v), 1, "同一句话", "第一部分") for v in values]
    document = _document(rows)
    assert "e" in document["objects"][0][1]  # the dictionary-encoded column kind is exercised
    back = _load(document)
    assert back == rows
    assert [(type(r.value), str(r.value)) for r in back] == [(type(v), str(v)) for v in values]


def test_numbers_json_cannot_hold_exactly_round_trip():
    value = {"big": 2**70, "negative": -(2**64), "float": 0.1, "flags": [True, 1, False, 0]}
    rows = [Evidence(2**80, "q"), Evidence(1, "q")]
    back_value, back_rows = loads(dumps([value, rows], code_digest=DIGEST), code_digest=DIGEST)
    assert back_value == value and back_rows == rows
    assert [type(v) for v in back_value["flags"]] == [bool, int, bool, int]


def test_a_string_json_cannot_encode_is_a_snapshot_error():
    with pytest.raises(SnapshotError):
        dumps(Evidence(1, "lone surrogate \ud800"), code_digest=DIGEST)


def _mutations():
    def unknown_kind(d):
        d["objects"][0][1][0] = "z"

    def reference_outside_the_table(d):
        d["payload"] = {"$o": 99}

    def negative_reference(d):
        d["payload"] = {"$o": -1}

    def short_column(d):
        d["objects"][0][2][0] = d["objects"][0][2][0][:-1]

    def count_beyond_the_file(d):
        d["objects"][0][0] = 10**9

    def column_not_a_list(d):
        d["objects"][0][2][0] = "abc"

    def missing_object_table(d):
        del d["objects"]

    def decimal_that_is_not_a_number(d):
        d["objects"][0][2][4] = [["x"]] * len(d["objects"][0][2][4])

    return [unknown_kind, reference_outside_the_table, negative_reference, short_column,
            count_beyond_the_file, column_not_a_list, missing_object_table, decimal_that_is_not_a_number]


@pytest.mark.parametrize("mutate", _mutations(), ids=lambda f: f.__name__)
def test_malformed_object_tables_are_errors(mutate):
    document = _document([_finding(stated=Decimal(n)) for n in range(3)])
    assert document["classes"][0][0] == "helpers.audit.findings:Finding"
    mutate(document)
    with pytest.raises(SnapshotError):
        _load(document)


@pytest.mark.parametrize(
    "payload",
    [{"$c": 0, "v": []}, {"$x": 1}, {"$d": ["1"]}, {"$a": "O", "z": ""}, {"$m": [[[1], 2]]}, {"$i": "1e5"}],
)
def test_malformed_tagged_values_are_errors(payload):
    document = _document([])
    document["payload"] = payload
    with pytest.raises(SnapshotError):
        _load(document)


def test_a_snapshot_written_by_hand_in_any_json_layout_is_read():
    """The file is parsed whole: spacing and key order of a valid document do not matter."""
    value = [_finding(Evidence(1, "引文")), {"k": (1, 2)}]
    document = _document(value)
    reordered = {key: document[key] for key in reversed(list(document))}
    assert loads(json.dumps(reordered, indent=2).encode(), code_digest=DIGEST) == value


def test_a_pdf_disclosures_results_round_trip(tmp_path):
    """SYNTHETIC final-accounts PDF (tests/synthetic_pdf.py): tables, cells and the page of every
    line come back equal through the processed folder."""
    from helpers.audit import audit

    from .synthetic_pdf import final_accounts_pdf

    processed = process_file(final_accounts_pdf(tmp_path / "synthetic-final-accounts.pdf"))
    folder = write_processed(processed, tmp_path / "out")
    document, extraction, findings = read_cached(folder, processed.sha256)
    assert extraction.tables and extraction == processed.extraction
    assert document == processed.document and type(document.line_pages[0]) is tuple
    assert findings == audit(processed.document, processed.extraction)


def test_lists_of_tuples_and_plain_lists_keep_their_shape():
    """A list of plain tuples and a plain list are stored whole; a "$" key inside plain data is data."""
    value = {
        "pages": [(1, 1), (1, 2), (2, 1)],
        "plain": ["a", None, {"$o": 0, "k": [1]}],
        "mixed": [(1,), [2]],
        "widths": [(1, 2), (3,), ()],
        "empty": [(), ()],
        "nested": [((1, 2), "a"), ((3, 4), "b")],
    }
    back = loads(dumps(value, code_digest=DIGEST), code_digest=DIGEST)
    assert back == value
    for key in ("pages", "widths", "empty", "nested"):
        assert all(type(t) is tuple for t in back[key])
    assert [type(v) for v in back["mixed"]] == [tuple, list] and type(back["nested"][0][0]) is tuple


@dataclass
class _Foreign:
    """A dataclass defined outside helpers (here, in the tests)."""

    command: str


def test_a_dataclass_imported_into_a_helpers_module_is_not_built(monkeypatch):
    """Only classes defined in helpers: one of another package reachable as helpers.x:Name is refused."""
    import helpers.snapshot

    monkeypatch.setattr(helpers.snapshot, "ReExported", _Foreign, raising=False)
    document = {
        "format": "juesuan-snapshot", "version": VERSION, "code_digest": DIGEST,
        "classes": [["helpers.snapshot:ReExported", ["command"]]],
        "objects": [[1, ["p"], [["rm -rf /"]]]], "payload": {"$o": 0},
    }
    with pytest.raises(SnapshotError, match="defined in helpers"):
        _load(document)

"""The processed folder's cache: the old pickle against the checked JSON snapshot (helpers.snapshot).

For the seed: write and read of the (document, extraction, findings) payload in memory, and the
path a notebook kernel takes (`read_cached`: manifest check, file read, decode) against reading a
pickle file the same way; plus extract + audit, which either cache saves. Each pair is measured in
the same process with the runs interleaved (pickle, snapshot, pickle, …), so a change of load on a
shared machine weighs on both alike; median and min of n runs each, and the ratio of the minima
(snapshot / pickle: below 1 means the snapshot is faster). Prints figures only.

Run: make bench-snapshot (the seed), or `.venv/bin/python benchmarks/bench_snapshot.py PATH` for
another disclosure (a PDF's result holds tables and the page of every line).
"""

from __future__ import annotations

import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "510303-xzspj" / "2020.txt"
RUNS = 30


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(median, min) wall time of `fn` in milliseconds."""
    return timed_pair(fn, fn, runs)[0]


def timed_pair(
    first: Callable[[], object], second: Callable[[], object], runs: int = RUNS
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(median, min) wall times in milliseconds of two functions run alternately, `runs` times each."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, out in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return (statistics.median(times[0]), min(times[0])), (statistics.median(times[1]), min(times[1]))


def main(source: Path = SEED) -> None:
    from helpers.audit import audit
    from helpers.extract import extract_document
    from helpers.pipeline import CACHE_FILE, is_current, process_file, read_cached, write_processed
    from helpers.provenance import helpers_source_digest
    from helpers.snapshot import dumps, loads

    processed = process_file(source)
    doc = processed.document
    findings = audit(processed.document, processed.extraction)
    payload = [processed.document, processed.extraction, findings]
    digest = helpers_source_digest()
    pickled = pickle.dumps(tuple(payload), protocol=pickle.HIGHEST_PROTOCOL)
    snapshot = dumps(payload, code_digest=digest)
    with tempfile.TemporaryDirectory(prefix="juesuan-bench-snapshot-") as tmp:
        folder = write_processed(processed, Path(tmp) / "out", findings=findings)
        (folder / "disclosure.pickle").write_bytes(pickled)

        def read_pickle_file():  # what read_cached did before: same manifest check, then unpickle
            assert is_current(folder, processed.sha256)
            return pickle.loads((folder / "disclosure.pickle").read_bytes())

        pairs = [
            (
                "encode",
                lambda: pickle.dumps(tuple(payload), protocol=pickle.HIGHEST_PROTOCOL),
                lambda: dumps(payload, code_digest=digest),
            ),
            ("decode", lambda: pickle.loads(pickled), lambda: loads(snapshot, code_digest=digest)),
            ("read_cached", read_pickle_file, lambda: read_cached(folder, processed.sha256)),
        ]
        measured = [(name, timed_pair(old, new)) for name, old, new in pairs]
        extract = timed(lambda: audit(doc, extract_document(doc)), 5)
        size_snapshot = (folder / CACHE_FILE).stat().st_size
    name = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source
    print(f"input: {name} ({source.stat().st_size} bytes); n={RUNS} (extract n=5), runs interleaved")
    print(f"sizes: pickle {len(pickled)} bytes, snapshot {size_snapshot} bytes")
    for name, ((p_median, p_min), (s_median, s_min)) in measured:
        print(f"{name + '  pickle':<28} median {p_median:7.2f} ms  min {p_min:7.2f} ms")
        print(f"{name + '  snapshot':<28} median {s_median:7.2f} ms  min {s_min:7.2f} ms")
    print(f"{'extract + audit (no cache)':<28} median {extract[0]:7.2f} ms  min {extract[1]:7.2f} ms")
    ratios = ", ".join(f"{name} {new[1] / old[1]:.2f}" for name, (old, new) in measured)
    hit = measured[2][1][1][1]  # read_cached snapshot, min
    print(f"snapshot / pickle (min): {ratios}; cache hit / extract+audit = {hit / extract[1]:.3f}")
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    print(f"load average: {load}")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else SEED)

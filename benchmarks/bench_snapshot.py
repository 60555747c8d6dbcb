"""The processed folder's cache: the old pickle against the checked JSON snapshot (helpers.snapshot).

For the seed: write and read of the (document, extraction, findings) payload in memory, and the
path a notebook kernel takes (`read_cached`: manifest check, file read, decode) against reading a
pickle file the same way; plus extract + audit, which either cache saves. Prints figures only.

Run: make bench-snapshot
"""

from __future__ import annotations

import pickle
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "510303-xzspj" / "2020.txt"
RUNS = 30


def timed(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(median, min) wall time of `fn` in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    from helpers.audit import audit
    from helpers.extract import extract_document
    from helpers.pipeline import CACHE_FILE, is_current, process_file, read_cached, write_processed
    from helpers.provenance import helpers_source_digest
    from helpers.snapshot import dumps, loads

    processed = process_file(SEED)
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

        rows = [
            ("encode  pickle", timed(lambda: pickle.dumps(tuple(payload), protocol=pickle.HIGHEST_PROTOCOL))),
            ("encode  snapshot", timed(lambda: dumps(payload, code_digest=digest))),
            ("decode  pickle", timed(lambda: pickle.loads(pickled))),
            ("decode  snapshot", timed(lambda: loads(snapshot, code_digest=digest))),
            ("read_cached pickle file", timed(read_pickle_file)),
            ("read_cached snapshot file", timed(lambda: read_cached(folder, processed.sha256))),
            ("extract + audit (no cache)", timed(lambda: audit(doc, extract_document(doc)), 5)),
        ]
        size_snapshot = (folder / CACHE_FILE).stat().st_size
    print(f"seed: {SEED.relative_to(ROOT)} ({SEED.stat().st_size} bytes); n={RUNS} (extract n=5)")
    print(f"sizes: pickle {len(pickled)} bytes, snapshot {size_snapshot} bytes")
    for name, (median, best) in rows:
        print(f"{name:<28} median {median:7.2f} ms  min {best:7.2f} ms")
    ratio, saved = rows[5][1][0] / rows[4][1][0], rows[5][1][0] / rows[6][1][0]
    print(f"read_cached snapshot/pickle = {ratio:.2f}; cache hit / extract+audit = {saved:.3f}")


if __name__ == "__main__":
    main()

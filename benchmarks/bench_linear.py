"""Extraction + audit time against input size: copies of the seed, and the same without line breaks.

Prints one line per size (bytes, seconds, seconds per MB); linear time keeps seconds per MB flat.
Run: make bench-linear
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "510303-xzspj" / "2020.txt"


def main() -> None:
    from helpers.audit import audit
    from helpers.document import Document
    from helpers.extract import extract_document

    seed = SEED.read_text(encoding="utf-8")
    counts = [int(a) for a in sys.argv[1:]] or [1, 4, 16, 64, 230]
    for shape in ("copies", "no line breaks"):
        for copies in counts:
            text = seed * copies
            if shape != "copies":
                text = text.replace("\n", "")
            size = len(text.encode("utf-8"))
            start = time.perf_counter()
            document = Document.from_text(text)
            extraction = extract_document(document)
            middle = time.perf_counter()
            audit(document, extraction)
            end = time.perf_counter()
            print(
                f"{shape:<15} x{copies:<4} {size / 1048576:7.2f} MB  extract {middle - start:7.2f} s  "
                f"audit {end - middle:7.2f} s  total {(end - start) / (size / 1048576):6.2f} s/MB",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""The committed-notebook check of the pre-commit hook: no outputs, no execution counts.

``python -m helpers.nbcheck notebooks/*.ipynb`` prints one line per offending notebook and exits
1 (0 when all are clean); ``--fix`` clears outputs and counts in place instead. Executed
notebooks belong under reports/, not in notebooks/ (their outputs make review diffs unreadable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def problems(notebook: dict) -> list[str]:
    """What keeps a notebook (parsed JSON) from being committed: cells with outputs or counts."""
    found = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            found.append(f"cell {number} has an execution count")
    return found


def clear(notebook: dict) -> dict:
    """The notebook with every code cell's outputs and execution count cleared."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    fix = "--fix" in args
    failed = 0
    for name in (a for a in args if a != "--fix"):
        path = Path(name)
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"{name}: not a readable notebook ({exc})")
            failed += 1
            continue
        found = problems(notebook)
        if found and fix:
            text = json.dumps(clear(notebook), ensure_ascii=False, indent=1) + "\n"
            path.write_text(text, encoding="utf-8")
            print(f"{name}: cleared ({'; '.join(found)})")
        elif found:
            print(f"{name}: {'; '.join(found)} — run: python -m helpers.nbcheck --fix {name}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

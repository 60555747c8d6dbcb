"""Accuracy of the narrative reader on the regression corpus of REAL disclosures (tests/fixtures/real/).

Every excerpt's sidecar lists the figures it states, verified by hand: {key: {value, change, growth_pct,
share_pct, completion_pct, budget}}; a field set to null is one the text does not state although its
wording looks like it (it must stay absent: reading it is a wrong value). For each document this counts
the stated figures read exactly, the figures read with a wrong value, and the audit's errors that are not
real defects of the document (false errors; the sidecar's `true_errors` names the rules whose errors are
real).

Run: .venv/bin/python benchmarks/accuracy.py   (prints a Markdown table, recorded in docs/accuracy.md)
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from helpers.audit import audit
from helpers.document import Document
from helpers.extract import extract_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "real"
FIELDS = ("value", "change", "growth_pct", "share_pct", "completion_pct", "budget")


@dataclass
class Measure:
    """What the reader did with one excerpt."""

    id: str
    province: str
    unit_type: str
    stated: int = 0
    read: int = 0
    wrong: list[str] = field(default_factory=list)  # "key.field: got X, stated Y"
    missed: list[str] = field(default_factory=list)  # "key.field"
    false_errors: list[str] = field(default_factory=list)  # "rule: message"


def load_corpus() -> list[tuple[dict, str]]:
    """(sidecar, text) of every excerpt, sorted by id."""
    items = []
    for sidecar_path in sorted(CORPUS.glob("*.json")):
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        text = sidecar_path.with_suffix(".txt").read_text(encoding="utf-8")
        items.append((sidecar, text))
    return items


def _same(a: object, b: object) -> bool:
    return Decimal(str(a)).normalize() == Decimal(str(b)).normalize()


def measure(sidecar: dict, text: str) -> Measure:
    """Compare the extraction of one excerpt with its hand-verified figures."""
    document = Document.from_text(text, name=sidecar["id"])
    extraction = extract_document(document, whole_document=not sidecar.get("fragment", False))
    facts = {f.key: f.to_dict() for f in extraction.facts}
    result = Measure(sidecar["id"], sidecar["province"], sidecar["unit_type"])
    for key, stated in sidecar["facts"].items():
        for name in FIELDS:
            if name not in stated:
                continue
            result.stated += 1
            got = facts.get(key, {}).get(name)
            if stated[name] is None:  # not stated (e.g. a change on the budget, not on the prior year)
                if got is None:
                    result.read += 1
                else:
                    result.wrong.append(f"{key}.{name}: got {got}, stated none")
            elif got is None:
                result.missed.append(f"{key}.{name}")
            elif _same(got, stated[name]):
                result.read += 1
            else:
                result.wrong.append(f"{key}.{name}: got {got}, stated {stated[name]}")
    real = set(sidecar.get("true_errors", []))
    for finding in audit(document, extraction):
        if finding.severity == "error" and finding.rule not in real:
            result.false_errors.append(f"{finding.rule}: {finding.message}")
    return result


def report(measures: list[Measure]) -> str:
    """Markdown: per document, per province and overall."""
    lines = [
        "| document | province | unit type | stated | read | wrong | false errors |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for m in measures:
        lines.append(
            f"| {m.id} | {m.province} | {m.unit_type} | {m.stated} | {m.read} | {len(m.wrong)} | "
            f"{len(m.false_errors)} |"
        )
    by_province: dict[str, list[Measure]] = defaultdict(list)
    for m in measures:
        by_province[m.province].append(m)
    lines += [
        "",
        "| province | documents | stated | read | share read | false errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for province, group in sorted(by_province.items()):
        stated, read = sum(m.stated for m in group), sum(m.read for m in group)
        false = sum(len(m.false_errors) for m in group)
        lines.append(
            f"| {province} | {len(group)} | {stated} | {read} | {100 * read / stated:.1f} % | {false} |"
        )
    stated, read = sum(m.stated for m in measures), sum(m.read for m in measures)
    false = sum(len(m.false_errors) for m in measures)
    lines.append(f"| **all** | {len(measures)} | {stated} | {read} | {100 * read / stated:.1f} % | {false} |")
    misses = [f"- {m.id}: {x}" for m in measures for x in m.missed + m.wrong + m.false_errors]
    if misses:
        lines += ["", "Not read, read wrong, or false errors:", "", *misses]
    return "\n".join(lines)


def main() -> None:
    print(report([measure(sidecar, text) for sidecar, text in load_corpus()]))


if __name__ == "__main__":
    main()

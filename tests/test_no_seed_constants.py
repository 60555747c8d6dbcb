"""No figure of the seed disclosure is a constant in src/: every number is read from the text."""

from __future__ import annotations

import re

from .conftest import ROOT


def test_seed_figures_do_not_appear_in_the_source(seed):
    _, extraction = seed
    figures = {str(f.value) for f in extraction.facts}
    figures |= {str(r.amount) for r in extraction.functional}
    figures |= {str(p.budget) for p in extraction.projects if p.budget is not None}
    figures |= {"33457", "3457", "1063", "2394"}
    distinctive = {f for f in figures if len(f) >= 4}  # "3.8" or "8" would match anything
    assert len(distinctive) >= 10
    hits = []
    for path in (ROOT / "src").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for figure in distinctive:
            if re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text):
                hits.append(f"{path.relative_to(ROOT)}: {figure}")
    assert hits == []

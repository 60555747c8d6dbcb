from __future__ import annotations

from helpers.template import disclosure_score


def test_disclosure_score_separates_disclosures_from_other_texts(seed):
    document, _extraction = seed
    assert disclosure_score(document.text) >= 8
    assert disclosure_score("关于召开运动会的通知。各单位做好准备。") == 0


def test_seed_sections_found_and_tables_missing(seed):
    _, extraction = seed
    assert {"overall", "income", "expenditure", "three_public", "glossary"} <= set(extraction.sections_found)
    assert set(extraction.sections_missing) == {f"T0{i}" for i in range(1, 10)}

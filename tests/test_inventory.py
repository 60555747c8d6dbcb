"""The numbers table: every stated statistic with its unit, line and sentence."""

from __future__ import annotations


def test_numbers_sample(disclosure_with_expectations):
    _, extraction, expected = disclosure_with_expectations
    for sample in expected["numbers_sample"]:
        hits = [n for n in extraction.numbers
                if str(n.value) == sample["value"] and n.unit == sample["unit"] and n.line == sample["line"]]
        assert hits, f"{sample} not found"


def test_numbers_have_context_and_kind(seed):
    _, extraction = seed
    hotline = next(n for n in extraction.numbers if str(n.value) == "3554")
    assert "群众诉求" in hotline.context and hotline.kind == "count"
    satisfaction = next(n for n in extraction.numbers if str(n.value) == "90.86")
    assert satisfaction.unit == "%" and satisfaction.kind == "percent"
    dates = [n for n in extraction.numbers if n.kind == "date"]
    assert any(n.value == "2020-05-01" for n in dates)


def test_list_enumerators_are_not_statistics(seed):
    _, extraction = seed
    assert not any(n.text.startswith("1.稳步") for n in extraction.numbers)

"""Canonical facts: every figure the seed and the synthetic fixtures state, with its attributes."""

from __future__ import annotations

from helpers.extract.specs import REQUIRED_KEYS, SPEC_BY_KEY

ATTRIBUTES = ("value", "unit", "line", "change", "growth_pct", "share_pct", "completion_pct")


def test_every_stated_fact_is_extracted_with_its_attributes(disclosure_with_expectations):
    _document, extraction, expected = disclosure_with_expectations
    got = {fact.key: fact.to_dict() for fact in extraction.facts}
    problems = []
    for key, attributes in expected["facts"].items():
        if key not in got:
            problems.append(f"{key}: missing")
            continue
        for name, value in attributes.items():
            if str(got[key].get(name)) != str(value):
                problems.append(f"{key}.{name}: got {got[key].get(name)!r}, expected {value!r}")
    assert not problems, "\n".join(problems)


def test_no_attribute_is_invented(disclosure_with_expectations):
    """An attribute the text does not state is left out (never 0)."""
    _, extraction, expected = disclosure_with_expectations
    for fact in extraction.facts:
        stated = expected["facts"].get(fact.key, {})
        data = fact.to_dict()
        for name in ("change", "growth_pct", "share_pct", "completion_pct"):
            if name in data and fact.key in expected["facts"]:
                assert name in stated, f"{fact.key}.{name}={data[name]} is not stated in the text"


def test_unstated_keys_are_absent_not_zero(disclosure_with_expectations):
    _, extraction, expected = disclosure_with_expectations
    keys = {fact.key for fact in extraction.facts}
    for key in expected["absent_facts"]:
        assert key not in keys, f"{key} is not stated in the text but was extracted"


def test_every_fact_quotes_its_source_line(disclosure_with_expectations):
    document, extraction, _ = disclosure_with_expectations
    for fact in extraction.facts:
        original = "".join(line.strip() for line in document.source.original_lines).replace(" ", "")
        assert fact.quote.replace(" ", "") in original, fact.key
        assert 1 <= fact.line <= len(document.source.original_lines)


def test_header(disclosure_with_expectations):
    _, extraction, expected = disclosure_with_expectations
    assert extraction.department == expected["department"]
    assert extraction.fiscal_year == expected["fiscal_year"]
    assert extraction.unit == expected["unit"]


def test_json_rows_carry_line_and_quote_last(seed):
    _, extraction = seed
    for row in extraction.to_dict()["facts"]:
        assert list(row)[-2:] == ["line", "quote"]
        assert row["label"] == SPEC_BY_KEY[row["key"]].label


def test_required_keys_cover_the_issue_list():
    assert set(REQUIRED_KEYS) >= {
        "total", "income_total", "income_general_budget", "carryover_begin", "expenditure_total",
        "expenditure_basic", "expenditure_project", "appropriation_total", "general_budget_expenditure",
        "general_budget_basic", "personnel_expenditure", "public_expenditure", "three_public_total",
        "three_public_abroad", "three_public_vehicle", "three_public_reception", "gov_fund_expenditure",
        "state_capital_expenditure", "admin_operating_cost", "procurement_total", "procurement_goods",
        "procurement_works", "procurement_services", "procurement_sme", "vehicles", "staff_authorized",
        "staff_actual",
    }


def test_a_figure_stated_as_zero_is_zero_and_an_explicit_none_is_zero(extract_of):
    extraction = extract_of(
        "八、政府性基金预算支出决算情况说明\n本部门2021年度没有使用政府性基金预算财政拨款安排的支出。\n"
        "九、国有资本经营预算支出决算情况说明\n2021年国有资本经营预算财政拨款支出0万元。\n"
        "一、收入支出决算总体情况说明\n2021年度收、支总计 100.00 万元。\n"
    )
    assert str(extraction.value("gov_fund_expenditure")) == "0"
    assert str(extraction.value("state_capital_expenditure")) == "0"
    assert extraction.fact("procurement_total") is None


def test_change_in_the_following_comparison_sentence_is_attached(extract_of):
    extraction = extract_of(
        "一、收入支出决算总体情况说明\n2021年度收、支总计 120.50 万元。与2020年相比，收、支总计各减少 10.25 万元，"
        "下降 7.84%。主要原因是人员减少。\n"
    )
    fact = extraction.fact("total")
    assert (str(fact.value), str(fact.change), str(fact.growth_pct)) == ("120.50", "-10.25", "-7.84")


def test_parts_of_the_totals_are_canonical_keys():
    from helpers.extract.specs import EXPENDITURE_PART_KEYS, INCOME_LUMP_KEYS, INCOME_SOURCE_KEYS

    assert all(key in SPEC_BY_KEY for key in INCOME_SOURCE_KEYS + EXPENDITURE_PART_KEYS)
    shares = {k for k, s in SPEC_BY_KEY.items() if s.share_of == "income_total"}
    assert shares == set(INCOME_SOURCE_KEYS) | set(INCOME_LUMP_KEYS)



def test_blanket_three_public_none_states_every_item_as_zero(extract_of):
    extraction = extract_of("七、财政拨款“三公”经费支出决算情况说明\n本单位2021年度无“三公”经费财政拨款支出。\n")
    keys = ("three_public_total", "three_public_abroad", "three_public_vehicle", "three_public_vehicle_purchase",
            "three_public_vehicle_operation", "three_public_reception")
    assert {k: str(extraction.value(k)) for k in keys} == dict.fromkeys(keys, "0")
    assert len({extraction.fact(k).line for k in keys}) == 1  # each quotes the blanket statement


def test_blanket_none_does_not_override_a_stated_item(extract_of):
    extraction = extract_of("七、财政拨款“三公”经费支出决算情况说明\n本单位2021年度无“三公”经费财政拨款支出。"
                            "公务接待费支出决算 1.20 万元。\n")
    assert str(extraction.value("three_public_reception")) == "1.20"

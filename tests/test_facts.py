"""Canonical facts: every figure the seed and the synthetic fixtures state, with its attributes."""

from __future__ import annotations

from decimal import Decimal

import pytest

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


@pytest.mark.parametrize(
    "instruction",
    [
        # the Shanghai final-accounts template's wording (p.18), sample on the same line
        "无“三公”经费财政拨款支出的部门，作下述说明：上海市 XX 局 2024 年度无“三公”经费财政拨款支出。\n",
        # the sample on the next line
        "无“三公”经费财政拨款支出的单位，应作如下说明：\n某某局2024年度无“三公”经费财政拨款支出。\n",
        # the table note form: "无…的，仍保留该表格式，并在本表下方作下述说明："
        "无“三公”经费财政拨款支出的，仍保留该表格式，并在本表下方作下述说明：本单位本年度无“三公”经费财政拨款支出。\n",
    ],
)
def test_template_instruction_to_state_none_is_not_a_statement(extract_of, instruction):
    # SYNTHETIC: a template's guidance for units without 三公 is not this unit's figure (absent, not 0).
    extraction = extract_of("七、财政拨款“三公”经费支出决算情况说明\n" + instruction)
    assert extraction.fact("three_public_total") is None
    assert extraction.fact("three_public_reception") is None


def test_a_real_none_statement_after_an_unconditional_preface_still_counts(extract_of):
    # SYNTHETIC: "现作如下说明：" without a conditional "…的部门，" is the unit's own statement.
    extraction = extract_of("七、财政拨款“三公”经费支出决算情况说明\n现作如下说明：本单位2024年度无“三公”经费财政拨款支出。\n")
    assert str(extraction.value("three_public_total")) == "0"
# --- issue 10: wordings of other provinces and unit types (SYNTHETIC bodies) -------------------


def _attrs(fact, *names):
    return tuple(None if getattr(fact, n) is None else str(getattr(fact, n)) for n in names)


def test_unit_template_totals_read_into_the_canonical_keys(extract_of):
    extraction = extract_of(
        "一、收入支出决算总体情况说明\n本单位2021年度总收入 500.00 万元，其中本年收入 400.00 万元，"
        "较2020年度决算数减少 50.00 万元，下降 11.1%。\n上年结转和结余 100.00 万元。使用非财政拨款结余（含专用结余）0.00 万元。"
    )
    assert extraction.value("total") == Decimal("500.00")
    assert _attrs(extraction.fact("income_total"), "value", "change", "growth_pct") == ("400.00", "-50.00", "-11.1")
    assert extraction.value("carryover_begin") == Decimal("100.00")
    assert extraction.value("non_appropriation_balance_used") == Decimal("0.00")


def test_appropriation_lump_is_its_own_key_and_the_general_budget_when_no_other_fund(extract_of):
    extraction = extract_of("二、收入决算情况说明\n本年收入合计 812.40 万元，其中：财政拨款收入 806.10 万元，占 99.22%。")
    assert _attrs(extraction.fact("income_appropriation"), "value", "share_pct") == ("806.10", "99.22")
    assert _attrs(extraction.fact("income_general_budget"), "value", "share_pct") == ("806.10", "99.22")


def test_appropriation_lump_is_not_the_general_budget_when_fund_income_is_stated(extract_of):
    extraction = extract_of(
        "二、收入决算情况说明\n本年收入合计 500.00 万元，其中：财政拨款收入 500.00 万元。\n"
        "政府性基金预算财政拨款收入 100.00 万元。"
    )
    assert extraction.fact("income_general_budget") is None


def test_fund_split_in_brackets_after_the_lump(extract_of):
    extraction = extract_of(
        "二、收入决算情况说明\n本年收入合计1200.00万元;包括财政拨款收入1200.00万元(其中,一般公共预算1150.00万元,"
        "政府性基金预算50.00万元,国有资本经营预算0万元),占收入合计100%。"
    )
    got = [str(extraction.value(k)) for k in ("income_general_budget", "income_gov_fund", "income_state_capital")]
    assert got == ["1150.00", "50.00", "0"]
    assert str(extraction.fact("income_appropriation").share_pct) == "100"


def test_paired_totals_give_both_sides_with_their_changes(extract_of):
    extraction = extract_of(
        "一、收入支出决算总体情况说明\n2021年度收、支总计各是1520.40,1535.80万元。与2020年相比,收、支总计各减少"
        "210.30,198.60万元,各下降12.15%、11.45%。"
    )
    assert _attrs(extraction.fact("total"), "value", "change", "growth_pct") == ("1520.40", "-210.30", "-12.15")
    side = extraction.fact("total_expenditure_side")
    assert _attrs(side, "value", "change", "growth_pct") == ("1535.80", "-198.60", "-11.45")


def test_thousands_comma_is_not_a_pair(extract_of):
    extraction = extract_of("一、收入支出决算总体情况说明\n2021年度收、支总计各 29,960.49 万元。")
    assert str(extraction.value("total")) == "29960.49"


def test_two_budgets_take_the_full_year_one(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出年初预算为 0 万元，全年预算为200.00 万元，"
        "支出决算为 180.00 万元，完成年初预算的 90.00%。"
    )
    fact = extraction.fact("general_budget_expenditure")
    assert _attrs(fact, "value", "budget", "completion_pct") == ("180.00", "200.00", "90.00")


def test_a_budget_stated_apart_completes_the_fact(extract_of):
    extraction = extract_of(
        "四、财政拨款“三公”经费支出决算情况说明\n2019年度“三公”经费财政拨款支出预算为 30.00 万元，"
        "2019年实际支出“三公经费”决算为 12.50 万元。",
        year=2019,
    )
    assert _attrs(extraction.fact("three_public_total"), "value", "budget") == ("12.50", "30.00")


def test_comparison_with_the_budget_is_not_the_prior_year_change(extract_of):
    extraction = extract_of(
        "七、“三公”经费财政拨款支出决算情况说明\n“三公”经费支出决算总额为 6.00 万元，比预算增加 0 万元，"
        "比去年增加 1.50 万元，增长 33.3%。"
    )
    assert _attrs(extraction.fact("three_public_total"), "change", "growth_pct") == ("1.50", "33.3")


def test_changes_in_a_qizhong_list_inherit_the_comparison(extract_of):
    extraction = extract_of(
        "七、“三公”经费财政拨款支出决算情况说明\n“三公”经费财政拨款支出决算为1.20万元，其中：公务接待费支出决算为1.20万元。\n"
        "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.30万元，下降20.00%，其中：因公出国（境）费支出与上一年度持平；"
        "公务接待费支出决算减少0.30万元，下降20.00%。"
    )
    assert _attrs(extraction.fact("three_public_reception"), "change", "growth_pct") == ("-0.30", "-20.00")


def test_comparison_naming_another_figure_is_not_attached(extract_of):
    extraction = extract_of(
        "四、财政拨款收入支出决算总体情况说明\n2022年财政拨款收入总计500.00万元,其中:2022年收入合计420.00万元,"
        "年初结转和结余80.00万元,与2021年相比收入总计减少100.00万元,下降16.67%。"
    )
    assert _attrs(extraction.fact("carryover_begin"), "change", "growth_pct") == (None, None)
    assert _attrs(extraction.fact("appropriation_total"), "change", "growth_pct") == ("-100.00", "-16.67")


def test_template_alternative_left_in_still_reads_the_growth(extract_of):
    extraction = extract_of(
        "七、“三公”经费财政拨款支出决算情况说明\n“三公”经费财政拨款支出决算为 0.80 万元，比2023年度减少0.20万元，下降（增长）20.00%。"
    )
    assert str(extraction.fact("three_public_total").growth_pct) == "-20.00"


def test_growth_without_percent_sign_is_read_and_marked(extract_of):
    extraction = extract_of("十、其他重要事项的情况说明\n机关运行经费支出 10.00 万元，比上年增加 2.00 万元，增长 25。")
    mention = next(m for m in extraction.mentions if m.key == "admin_operating_cost" and m.value is not None)
    assert str(mention.growth_pct) == "25" and "growth_pct" in mention.percent_sign_missing


def test_vehicle_component_wordings_without_fei(extract_of):
    extraction = extract_of(
        "六、财政拨款“三公”经费支出决算情况说明\n公务用车购置支出 0 万元。公务用车运行维护支出 4.40 万元。"
    )
    assert [str(extraction.value(k)) for k in ("three_public_vehicle_purchase", "three_public_vehicle_operation")] == [
        "0", "4.40"
    ]


def test_procurement_total_worded_contract_basis_and_sme_wording(extract_of):
    extraction = extract_of(
        "十一、其他重要事项的情况说明\n（二）政府采购支出情况\n政府采购金额（以合同签订为准）为88.40万元。"
        "由中小企业供应商中标或成交的，采购金额 40.00 万元。"
    )
    assert [str(extraction.value(k)) for k in ("procurement_total", "procurement_sme")] == ["88.40", "40.00"]


def test_fleet_size_supplies_the_vehicle_count_only_when_nothing_else_does(extract_of):
    only_fleet = extract_of("七、“三公”经费情况说明\n公务用车保有量为 4 辆。")
    both = extract_of("七、“三公”经费情况说明\n公务用车保有量为 4 辆。\n十、国有资产占有使用情况\n共有车辆 6 辆。")
    assert (str(only_fleet.value("vehicles")), str(both.value("vehicles"))) == ("4", "6")


def test_staff_stated_by_kind_only_sums_to_the_department_total(extract_of):
    extraction = extract_of("（三）人员概况。本部门行政编制 5 名，事业编制 10 名，工勤编制 2 名，年末实有人数 16 人。")
    fact = extraction.fact("staff_authorized")
    assert (str(fact.value), str(extraction.value("staff_actual"))) == ("17", "16")


def test_a_single_kind_of_staff_is_the_total(extract_of):
    extraction = extract_of("（三）人员概况。本部门行政编制 8 个，年末实有人数 6 人。")
    assert str(extraction.value("staff_authorized")) == "8"


def test_figures_of_an_earlier_year_are_not_this_years(extract_of):
    extraction = extract_of(
        "七、“三公”经费情况说明\n2022年的“三公”经费决算数合计为1000.86万，其中：公务接待费43.77万元。"
        "2021年的三公经费决算数合计为807.95万，其中：公务接待费39.43万元。",
        year=2022,
    )
    mentions = [m for m in extraction.mentions if m.key == "three_public_reception" and m.value is not None]
    assert [str(m.value) for m in mentions] == ["43.77"]

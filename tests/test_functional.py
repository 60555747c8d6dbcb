"""功能分类 rows and their 政府收支分类科目 codes."""

from __future__ import annotations

from helpers.extract.functional import extract_functional


def _narrative_first(rows):
    by_code = {}
    for row in rows:
        by_code.setdefault(row.code, row)
    return by_code


def test_functional_rows_with_codes(disclosure_with_expectations):
    _, extraction, expected = disclosure_with_expectations
    by_code = _narrative_first(extraction.functional)
    problems = []
    for row in expected["functional"]:
        got = by_code.get(row["code"])
        if got is None:
            problems.append(f"{row['code']} missing")
            continue
        data = got.to_dict()
        for name in ("level", "amount", "share_pct", "completion_pct", "line"):
            if name in row and str(data.get(name)) != str(row[name]):
                problems.append(f"{row['code']}.{name}: got {data.get(name)!r}, expected {row[name]!r}")
    assert not problems, "\n".join(problems)


def test_item_rows_carry_their_stated_path(seed):
    _, extraction = seed
    row = next(r for r in extraction.functional if r.code == "2010301")
    assert row.stated_path == "一般公共服务 / 政府办公厅（室）及相关机构事务 / 行政运行"
    assert row.level == "item" and row.source == "narrative"


def test_glossary_names_are_recorded_with_their_codes(seed):
    document, _ = seed
    _, names = extract_functional(document)
    glossary = {(n.code, n.stated_name) for n in names if n.part == "glossary"}
    assert ("20805", "行政事业单位离退休") in glossary
    assert ("210", "医疗卫生与计划生育支出") in glossary


def test_table_rows_are_read_with_their_table(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "一般公共预算财政拨款支出决算表\n单位：万元\n"
        "201 一般公共服务支出 50.00 40.00 10.00\n"
        "20103 政府办公厅（室）及相关机构事务 50.00 40.00 10.00\n"
        "2010301 行政运行 50.00 40.00 10.00\n"
    )
    rows = [r for r in extraction.functional if r.source.startswith("table:")]
    assert [(r.code, r.level, str(r.amount)) for r in rows] == [
        ("201", "class", "50.00"), ("20103", "section", "50.00"), ("2010301", "item", "50.00")]
    assert rows[0].source == "table:一般公共预算财政拨款支出决算表"


# --- issue 10: item rows in other wordings (SYNTHETIC bodies) -----------------------------------


def _rows(extraction):
    return {(r.code, str(r.amount), None if r.budget is None else str(r.budget)) for r in extraction.functional}


def test_purpose_sentence_between_path_and_amount(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
        "1、住房保障支出（类）住房改革支出（款）住房公积金（项）。主要用于：缴纳住房公积金。"
        "年初预算为 60.00 万元，支出决算为56.30万元。"
    )
    assert ("2210201", "56.30", "60.00") in _rows(extraction)


def test_amount_right_after_the_path_with_budget_later(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "1、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）41.25 万元，"
        "主要用于职业年金缴费。年初预算为 45.00 万元，支出决算为 41.52 万元。"
    )
    row = next(r for r in extraction.functional if r.code == "2080506")
    assert (str(row.amount), str(row.budget), str(row.restated_amount)) == ("41.25", "45.00", "41.52")


def test_item_of_a_wrongly_named_section_is_found_under_its_class(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "1、住房保障支出（类）住房保障支出（款）购房补贴（项）。年初预算为 30.00 万元，支出决算为 30.00 万元。"
    )
    assert ("2210203", "30.00", "30.00") in _rows(extraction)


def test_unknown_item_name_keeps_its_row_without_a_code(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "1、社会保障和就业支出（类）行政事业单位养老支出（款）合成退休人员活动费支出（项）。年初预算为 20.00 万元，"
        "支出决算为 20.00 万元。"
    )
    assert (None, "20.00", "20.00") in _rows(extraction)


def test_item_amount_is_not_taken_from_the_next_path(extract_of):
    extraction = extract_of(
        "五、一般公共预算财政拨款支出决算情况说明\n"
        "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：反映机关运行。"
        "住房保障支出（类）住房改革支出（款）住房公积金（项）：支出决算为 5.00 万元。"
    )
    assert {r.code for r in extraction.functional} == {"2210201"}

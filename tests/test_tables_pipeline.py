"""A SYNTHETIC final-accounts PDF through `juesuan extract`: tables in the JSON and in data/processed,
facts and functional rows the narrative omits filled from the tables with their provenance."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from helpers.cli import main

from .synthetic_pdf import final_accounts_pdf


@pytest.fixture(scope="module")
def disclosure(tmp_path_factory):
    return final_accounts_pdf(tmp_path_factory.mktemp("fa") / "synthetic-final-accounts.pdf")


@pytest.fixture(scope="module")
def result(disclosure):
    from helpers.pipeline import process_file

    return process_file(disclosure).extraction


def test_extract_json_carries_the_tables(disclosure, capsys):
    assert main(["extract", str(disclosure), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in data["tables"]] == [
        "income_expenditure_summary", "general_budget_expenditure", "general_budget_basic",
    ]
    assert data["tables"][0]["pages"] == [2]


def test_fact_the_narrative_omits_comes_from_its_table_cell(result):
    fact = result.fact("carryover_begin")
    assert str(fact.value) == "35.00"
    assert fact.source == "table:收入支出决算总表"
    assert fact.table == {
        "table_id": "income_expenditure_summary", "table_title": "收入支出决算总表", "row": 2,
        "name": "年初结转和结余", "column": "决算数", "page": 2, "raw": "35.00",
    }
    assert str(result.fact("personnel_expenditure").value) == "500.00"


def test_fact_stated_in_both_keeps_the_narrative_and_the_table_figure(result):
    fact = result.fact("expenditure_total")
    assert fact.source is None and fact.line > 0
    table_fact = next(f for f in result.table_facts if f.key == "expenditure_total")
    assert (str(table_fact.value), table_fact.page, table_fact.table_id) == ("900.00", 2, "income_expenditure_summary")


def test_functional_items_with_basic_and_project_from_the_table(result):
    rows = {r.code: r for r in result.functional}
    item = rows["2010102"]
    assert (str(item.amount), item.basic, str(item.project), item.level) == ("300.00", None, "300.00", "item")
    assert item.source == "table:一般公共预算财政拨款支出决算表"
    assert (str(rows["2010101"].basic), rows["2010101"].project) == ("600.00", None)
    assert set(rows) >= {"201", "20101", "2010101", "2010102"}


def test_processed_folder_holds_tables_and_economic(disclosure, tmp_path):
    out = tmp_path / "processed"
    assert main(["extract", str(disclosure), "--out", str(out)]) == 0
    for name in ("tables", "economic"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    economic = list(csv.DictReader((out / "economic.csv").open(encoding="utf-8")))
    assert [(r["code"], r["level"], r["value"], r["page"]) for r in economic] == [
        ("301", "class", "500.00", "4"), ("302", "class", "100.00", "4"),
        ("30101", "section", "500.00", "4"), ("30201", "section", "100.00", "4"),
    ]
    cells = pq.read_table(out / "tables.parquet").to_pylist()
    first = cells[0]
    assert (first["table_id"], str(first["value"]), first["page"], first["side"]) == (
        "income_expenditure_summary", "1200.50", 2, "income")
    assert isinstance(first["x0"], float) and first["x0"] < first["x1"]

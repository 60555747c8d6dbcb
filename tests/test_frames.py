"""Tidy tables: exact decimals in CSV and Parquet, stated precision kept."""

from __future__ import annotations

from decimal import Decimal

import pyarrow.parquet as pq

from helpers.frames import extraction_tables, to_dataframe
from helpers.store import write_tables


def test_parquet_keeps_exact_decimals_and_precision(seed, tmp_path):
    _, extraction = seed
    tables = extraction_tables(extraction)
    write_tables(tmp_path, {"facts": tables["facts"]})
    table = pq.read_table(tmp_path / "facts.parquet").to_pylist()
    row = next(r for r in table if r["key"] == "income_total")
    assert row["value"] == Decimal("256.1") and row["decimals"] == 1
    monitor = next(r for r in tables["facts"] if r["key"] == "admin_operating_cost")
    assert monitor["value"] == Decimal("29.38")


def test_dataframe_holds_decimals(seed):
    _, extraction = seed
    frame = to_dataframe(extraction_tables(extraction)["functional"], "functional")
    assert isinstance(frame.loc[0, "amount"], Decimal)
    assert str(frame.loc[0, "amount"]) == "273.13"

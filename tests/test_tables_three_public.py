"""The one list of 三公 items: every printed label variant gets the same standard name and key in the table
reader's normalisation, the table keys, the table rules and the completeness rule. Tables are SYNTHETIC."""

from __future__ import annotations

import pytest

from helpers.audit.completeness import THREE_PUBLIC_ITEMS as COMPLETENESS_ITEMS
from helpers.audit.table_keys import cell_keys
from helpers.audit.table_sums import within_table
from helpers.tables.facts import THREE_PUBLIC as TABLE_FACTS
from helpers.tables.normalise import normalise_table
from helpers.tables.three_public import REQUIRED, item_of, standard_name

from .synthetic_tables import table

# printed label → (standard name, key)
LABELS = {
    "因公出国（境）费": ("因公出国（境）费", "abroad"),
    "因公出国(境)费用": ("因公出国（境）费", "abroad"),
    "公务用车购置及运行维护费": ("公务用车购置及运行维护费", "vehicle"),
    "公务用车购置及运行费": ("公务用车购置及运行维护费", "vehicle"),
    "购置费": ("公务用车购置费", "vehicle_purchase"),
    "公务用车购置": ("公务用车购置费", "vehicle_purchase"),
    "其中：公务用车购置费": ("公务用车购置费", "vehicle_purchase"),
    "运行维护费": ("公务用车运行维护费", "vehicle_operation"),
    "公务用车运行费": ("公务用车运行维护费", "vehicle_operation"),
    "公务接待费": ("公务接待费", "reception"),
}


@pytest.mark.parametrize(("label", "expected"), LABELS.items())
def test_label_variant_gets_the_standard_name_and_key(label, expected):
    item = item_of(label)
    assert item is not None and (item.name, item.key) == expected
    assert standard_name(label) == expected[0]


@pytest.mark.parametrize("label", ["机关运行经费", "会议费", "合计", "“三公”经费合计"])
def test_other_labels_are_not_three_public_items(label):
    assert item_of(label) is None


def test_items_printed_as_rows_normalise_and_key_alike():
    printed = [(None, "合计", {"决算数": "10.00"})] + [
        (None, label, {"决算数": "1.00"}) for label in ("因公出国(境)费用", "公务用车购置及运行费", "购置费",
                                                        "运行维护费", "公务接待费")
    ]
    normalised = normalise_table(table("three_public", printed))
    names = [c.name for c in sorted(normalised.cells, key=lambda c: c.row)]
    assert names == ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费",
                     "公务接待费"]
    keys = [key[1] for key, _ in cell_keys(normalised)]
    assert keys == ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    # the 三公 rule reads the same names: 10.00 ≠ 1.00 + 1.00 + 1.00 is an error, 1.00 ≠ 1.00 + 1.00 too
    assert sorted(f.severity for f in within_table([normalised])) == ["error", "error"]


def test_table_facts_and_completeness_use_the_same_names():
    assert TABLE_FACTS == {
        "合计": "three_public_total",
        "因公出国（境）费": "three_public_abroad",
        "公务用车购置及运行维护费": "three_public_vehicle",
        "公务用车购置费": "three_public_vehicle_purchase",
        "公务用车运行维护费": "three_public_vehicle_operation",
        "公务接待费": "three_public_reception",
    }
    assert COMPLETENESS_ITEMS == (
        ("three_public_abroad", "因公出国（境）费"),
        ("three_public_vehicle_purchase", "公务用车购置费"),
        ("three_public_vehicle_operation", "公务用车运行维护费"),
        ("three_public_reception", "公务接待费"),
    )
    assert [i.key for i in REQUIRED] == ["abroad", "vehicle_purchase", "vehicle_operation", "reception"]

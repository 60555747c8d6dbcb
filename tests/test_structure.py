from __future__ import annotations

from decimal import Decimal

from helpers.structure import structural_ratios


def by_name(extraction):
    return {r.name: r for r in structural_ratios(extraction)}


def test_stated_shares_set_beside_recomputed_ones(seed):
    _, extraction = seed
    ratios = by_name(extraction)
    basic = ratios["基本支出占本年支出"]
    assert basic.value == Decimal("49.61") and basic.stated == Decimal("49.61") and basic.difference == 0
    assert ratios["201 一般公共服务"].value == Decimal("94.50")


def test_zero_denominator_is_undefined(seed):
    _, extraction = seed
    abroad = by_name(extraction)["因公出国（境）费占“三公”经费"]
    assert abroad.value is None and "无定义" in abroad.note and abroad.stated == Decimal("0")


def test_per_staff_and_unit_costs(seed):
    _, extraction = seed
    ratios = by_name(extraction)
    assert ratios["人均机关运行经费（按编制数）"].value == Decimal("3.67")
    assert ratios["人均本年支出合计（按年末实有人数）"].value == Decimal("48.17")
    rent = ratios["“办公场地租赁费”单位成本"]
    assert rent.value == Decimal("91.50") and rent.unit == "元/㎡"  # 316300 元 / 3457 ㎡
    assert not any(r.group == "单位成本" and "保安" in r.name for r in ratios.values())

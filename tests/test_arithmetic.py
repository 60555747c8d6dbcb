"""Arithmetic stated in the text (SYNTHETIC texts)."""

from __future__ import annotations

import pytest

from .audit_helpers import severities

SUM = "（一）项目完成情况\n办公场地具体范围为大厅 {a} ㎡，办公用房 {b} ㎡，共计 {total} ㎡。\n"


@pytest.mark.parametrize(("a", "b", "total", "expected"), [
    ("1063", "2394", "3457", []),
    ("1063", "2394", "33457", ["error"]),
    ("1.1", "2.2", "3.31", ["info"]),
])
def test_components_add_up_to_stated_total(audit_of, a, b, total, expected):
    assert severities(audit_of(SUM.format(a=a, b=b, total=total)), "arithmetic.stated_sum") == expected


def test_subtotal_replaces_its_components(audit_of):
    text = "（一）费用构成\n水费 2.3万元，电费 8万元，小计 10.3 万元；维修费 2.19万元，合计 12.49 万元。\n"
    assert severities(audit_of(text), "arithmetic.stated_sum") == []


def test_remarks_in_brackets_are_not_components(audit_of):
    text = "（一）费用构成\n水费 2.3万元(同比涨 40.5%，5.50 元/吨)、电费 8万元(增长 44.20%)，小计 10.3 万元。\n"
    assert severities(audit_of(text), "arithmetic.stated_sum") == []


PRODUCT = "（一）保安服务\n每名保安费用 {price}元/月，{count}名保安 {total}元/月。\n"


@pytest.mark.parametrize(("price", "count", "total", "expected"), [
    ("4098", "2", "8196", []),
    ("4098", "2", "8200", ["error"]),
    ("33.33", "3", "100", ["info"]),
])
def test_unit_price_times_quantity(audit_of, price, count, total, expected):
    text = PRODUCT.format(price=price, count=count, total=total)
    assert severities(audit_of(text), "arithmetic.unit_price") == expected


def test_unit_price_times_months(audit_of):
    text = "（一）租金\n场地租金 2000元/月，共 12 月，合计 {total} 元。\n"
    assert severities(audit_of(text.format(total="24000")), "arithmetic.unit_price") == []
    assert severities(audit_of(text.format(total="25000")), "arithmetic.unit_price") == ["error"]

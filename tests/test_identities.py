"""Template identities on SYNTHETIC texts: holds (no finding), beyond rounding (error), rounding (info)."""

from __future__ import annotations

import pytest

from .audit_helpers import only, severities

BASIC = "六、一般公共预算财政拨款基本支出决算情况说明\n2021年一般公共预算财政拨款基本支出 100.00 万元，其中：\n人员经费 80.00 万元，主要包括工资。\n日常公用经费 {public} 万元，主要包括办公费。\n"


@pytest.mark.parametrize(("public", "expected"), [("20.00", []), ("21.00", ["error"]), ("20.01", ["info"])])
def test_basic_equals_personnel_plus_public(audit_of, public, expected):
    findings = audit_of(BASIC.format(public=public))
    assert severities(findings, "identity.basic") == expected


def test_basic_identity_finding_carries_numbers_and_evidence(audit_of):
    (finding,) = only(audit_of(BASIC.format(public="21.00")), "identity.basic")
    assert (str(finding.stated), str(finding.expected), str(finding.difference)) == ("100.00", "101.00", "-1.00")
    assert len(finding.evidence) == 3 and all(e.line > 0 and e.quote for e in finding.evidence)
    assert "基本支出" in finding.message and finding.title.startswith("Basic expenditure")


TOTAL = ("一、收入支出决算总体情况说明\n2021年度收、支总计 {total} 万元。\n"
         "二、收入决算情况说明\n2021年本年收入合计 100.00 万元，其中：一般公共预算财政拨款收入 100.00 万元，占 100%。"
         "另有年初结转和结余 20.50 万元。\n")


@pytest.mark.parametrize(("total", "expected"), [("120.50", []), ("130.50", ["error"]), ("120.51", ["info"])])
def test_total_equals_income_plus_carryover(audit_of, total, expected):
    assert severities(audit_of(TOTAL.format(total=total)), "identity.total") == expected


THREE = ("七、“三公”经费财政拨款支出决算情况说明\n2021年“三公”经费财政拨款支出决算为 {total} 万元。"
         "其中：因公出国（境）费支出决算 0 万元；公务用车购置及运行维护费支出决算 3.00 万元；"
         "公务接待费支出决算 2.00 万元。公务用车购置费 0 万元，公务用车运行维护费 3.00 万元。\n")


@pytest.mark.parametrize(("total", "expected"), [("5.00", []), ("6.00", ["error"]), ("5.01", ["info"])])
def test_three_public_total_equals_items(audit_of, total, expected):
    assert severities(audit_of(THREE.format(total=total)), "identity.three_public") == expected


CLASSES = ("五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n"
           "2021年一般公共预算财政拨款支出 {total} 万元。\n（二）一般公共预算财政拨款支出决算结构情况\n"
           "一般公共服务（类）支出 90.00 万元，占 90.00%；住房保障支出 10.00 万元，占 10.00%。\n")


@pytest.mark.parametrize(("total", "expected"), [("100.00", []), ("110.00", ["error"]), ("100.01", ["info"])])
def test_functional_classes_sum_to_general_budget(audit_of, total, expected):
    assert severities(audit_of(CLASSES.format(total=total)), "identity.functional_classes") == expected


PROCUREMENT = ("十、其他重要事项的情况说明\n（二）政府采购支出情况\n2021年政府采购支出总额 {total} 万元，"
               "其中：政府采购货物支出 6.00 万元、政府采购工程支出 0 万元、政府采购服务支出 4.00 万元。"
               "授予中小企业合同金额 {sme} 万元。\n")


@pytest.mark.parametrize(("total", "expected"), [("10.00", []), ("12.00", ["error"]), ("10.01", ["info"])])
def test_procurement_total_equals_goods_works_services(audit_of, total, expected):
    assert severities(audit_of(PROCUREMENT.format(total=total, sme="5.00")), "identity.procurement") == expected


def test_sme_amount_not_above_procurement_total(audit_of):
    assert severities(audit_of(PROCUREMENT.format(total="10.00", sme="5.00")), "identity.procurement_sme") == []
    assert severities(audit_of(PROCUREMENT.format(total="10.00", sme="12.00")), "identity.procurement_sme") == [
        "error"]


OPERATING = ("本局是一级预算行政单位。\n六、一般公共预算财政拨款基本支出决算情况说明\n"
             "2021年一般公共预算财政拨款基本支出 100.00 万元，其中：人员经费 80.00 万元；日常公用经费 20.00 万元。\n"
             "十、其他重要事项的情况说明\n（一）机关运行经费支出情况\n2021年机关运行经费支出 {cost} 万元。\n")


def test_operating_cost_compared_with_public_expenditure_of_an_administrative_unit(audit_of):
    assert severities(audit_of(OPERATING.format(cost="20.00")), "identity.admin_operating_cost") == []
    assert severities(audit_of(OPERATING.format(cost="15.00")), "identity.admin_operating_cost") == ["warning"]


UNITS = {
    "sentence": "二、机构设置\n纳入本部门2021年度部门决算编制范围的单位包括：本局机关（行政单位）和局属青禾县合成测试中心（事业单位）。\n",
    "numbered table": ("二、部门决算单位构成\n纳入本部门2021年度部门决算编制范围的单位共2个，具体如下：\n序号 单位名称 单位性质\n"
                       "1 青禾县合成测试局本级 行政单位\n2 青禾县合成测试中心 事业单位\n"),
}


@pytest.mark.parametrize("units", UNITS.values(), ids=UNITS.keys())
def test_department_including_a_public_institution_is_exempt_from_operating_cost_rule(audit_of, units):
    assert only(audit_of(units + OPERATING.format(cost="15.00")), "identity.admin_operating_cost") == []


def test_public_institution_published_separately_is_no_exemption(audit_of):
    units = ("二、机构设置\n本局下属事业单位1个（即青禾县合成测试中心），属于其他事业单位。本次公开的部门决算不包括该中心的数据，"
             "该中心决算单独公开。\n")
    assert severities(audit_of(units + OPERATING.format(cost="15.00")), "identity.admin_operating_cost") == ["warning"]


def test_participating_public_institution_is_no_exemption(audit_of):
    units = "二、机构设置\n本局为参照公务员法管理的事业单位，无下属单位。\n"
    assert severities(audit_of(units + OPERATING.format(cost="15.00")), "identity.admin_operating_cost") == ["warning"]

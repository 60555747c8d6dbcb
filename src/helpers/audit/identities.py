"""Template identities: totals equal the sum of their stated parts."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..extract.specs import EXPENDITURE_PART_KEYS, INCOME_SOURCE_KEYS, SPEC_BY_KEY
from .context import AuditContext
from .findings import Evidence, Finding
from .tolerance import Figure, compare_sum, fmt, money_figure

# (rule id, English title, total key, part keys, required parts, Chinese name of the identity)
IDENTITIES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "identity.total",
        "Total equals current-year income plus opening carry-over",
        "total",
        ("income_total", "carryover_begin", "non_appropriation_balance_used"),
        ("income_total", "carryover_begin"),
        "收、支总计 = 本年收入合计 + 年初结转和结余（+ 使用非财政拨款结余）",
    ),
    (
        "identity.total_expenditure_side",
        "Total equals current-year expenditure plus closing carry-over",
        "total",
        ("expenditure_total", "carryover_end"),
        ("expenditure_total", "carryover_end"),
        "收、支总计 = 本年支出合计 + 年末结转和结余",
    ),
    (
        "identity.expenditure",
        "Current-year expenditure equals basic plus project expenditure",
        "expenditure_total",
        EXPENDITURE_PART_KEYS,
        ("expenditure_basic", "expenditure_project"),
        "本年支出合计 = 基本支出 + 项目支出（+ 其他支出）",
    ),
    (
        "identity.income",
        "Current-year income equals the sum of its sources",
        "income_total",
        INCOME_SOURCE_KEYS,
        (),
        "本年收入合计 = 各项收入之和",
    ),
    (
        "identity.basic",
        "Basic expenditure equals personnel plus public expenditure",
        "general_budget_basic",
        ("personnel_expenditure", "public_expenditure"),
        ("personnel_expenditure", "public_expenditure"),
        "基本支出 = 人员经费 + 公用经费",
    ),
    (
        "identity.three_public",
        "“Three public” total equals its three items",
        "three_public_total",
        ("three_public_abroad", "three_public_vehicle", "three_public_reception"),
        ("three_public_abroad", "three_public_vehicle", "three_public_reception"),
        "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
    ),
    (
        "identity.vehicle",
        "Official-vehicle cost equals purchase plus operation",
        "three_public_vehicle",
        ("three_public_vehicle_purchase", "three_public_vehicle_operation"),
        ("three_public_vehicle_purchase", "three_public_vehicle_operation"),
        "公务用车购置及运行维护费 = 购置费 + 运行维护费",
    ),
    (
        "identity.procurement",
        "Procurement total equals goods plus works plus services",
        "procurement_total",
        ("procurement_goods", "procurement_works", "procurement_services"),
        (),
        "政府采购支出总额 = 货物 + 工程 + 服务",
    ),
)


def _sum_finding(
    rule: str, title: str, identity: str, total: Figure, parts: list[Figure], total_label: str
) -> Finding | None:
    outcome = compare_sum(total, parts)
    if outcome.severity is None:
        return None
    terms = " + ".join(f"{p.label} {fmt(p.value)}" for p in parts)
    if outcome.severity == "info":
        message = (
            f"{total_label} {fmt(total.value)}万元 与各组成部分之和（{terms} = {fmt(outcome.expected)}万元）"
            f"相差 {fmt(outcome.difference)}万元，在四舍五入误差范围（±{fmt(outcome.tolerance)}万元）内。"
            f"勾稽关系：{identity}。"
        )
    else:
        message = (
            f"{total_label} {fmt(total.value)}万元 不等于各组成部分之和"
            f"（{terms} = {fmt(outcome.expected)}万元），"
            f"相差 {fmt(outcome.difference)}万元，超出四舍五入误差（±{fmt(outcome.tolerance)}万元）。"
            f"勾稽关系：{identity}。"
        )
    return Finding(
        rule=rule,
        severity=outcome.severity,
        title=title + (" (rounding)" if outcome.severity == "info" else ""),
        message=message,
        stated=outcome.stated,
        expected=outcome.expected,
        difference=outcome.difference,
        unit="万元",
        evidence=[total.evidence] + [p.evidence for p in parts],
    )


def template_identities(ctx: AuditContext) -> list[Finding]:
    findings = []
    for rule, title, total_key, part_keys, required, identity in IDENTITIES:
        total = ctx.figure(total_key)
        if total is None and total_key == "general_budget_basic":
            total = ctx.figure("expenditure_basic")
        if total is None or any(ctx.fact(k) is None for k in required):
            continue
        parts = [f for k in part_keys if (f := ctx.figure(k)) is not None]
        if not parts:
            continue
        if not required and not _parts_complete(ctx, total_key, part_keys, total, parts):
            continue
        finding = _sum_finding(rule, title, identity, total, parts, SPEC_BY_KEY[total_key].label)
        if finding:
            findings.append(finding)
    findings += _sme_within_procurement(ctx)
    findings += _operating_cost_vs_public(ctx)
    findings += functional_identities(ctx)
    return findings


def _parts_complete(
    ctx: AuditContext, total_key: str, part_keys: tuple[str, ...], total: Figure, parts: list[Figure]
) -> bool:
    """Optional-part identities run when the parts look complete: their stated shares add up to
    100 %, or they already reach the total, or every part is stated."""
    if len(parts) == len(part_keys):
        return True
    shares = [f.share_pct for k in part_keys if (f := ctx.fact(k)) is not None and f.share_pct is not None]
    if len(shares) == len(parts) and abs(sum(shares, Decimal(0)) - 100) <= Decimal("0.05") * len(shares):
        return True
    return sum((p.value for p in parts), Decimal(0)) >= total.value


def _sme_within_procurement(ctx: AuditContext) -> list[Finding]:
    sme, total = ctx.figure("procurement_sme"), ctx.figure("procurement_total")
    if sme is None or total is None or sme.value <= total.value + sme.half + total.half:
        return []
    return [
        Finding(
            rule="identity.procurement_sme",
            severity="error",
            title="Amount awarded to SMEs does not exceed the procurement total",
            message=(
                f"授予中小企业合同金额 {fmt(sme.value)}万元 超过政府采购支出总额 {fmt(total.value)}万元。"
            ),
            stated=sme.value,
            expected=total.value,
            difference=sme.value - total.value,
            unit="万元",
            evidence=[sme.evidence, total.evidence],
        )
    ]


def _operating_cost_vs_public(ctx: AuditContext) -> list[Finding]:
    cost, public = ctx.figure("admin_operating_cost"), ctx.figure("public_expenditure")
    if cost is None or public is None or not ctx.is_administrative_unit():
        return []
    if ctx.includes_public_institutions():
        return []  # 公用经费 of its 事业单位 is no 机关运行经费: the expectation does not apply
    outcome = compare_sum(cost, [public])
    if outcome.severity is None:
        return []
    consolidated = ctx.consolidates_units()
    severity = "info" if consolidated or outcome.severity == "info" else "warning"
    note = (
        "本部门决算汇总了多个单位（含下属事业单位），日常公用经费口径大于机关运行经费，差异可能合理。"
        if consolidated
        else ""
    )
    return [
        Finding(
            rule="identity.admin_operating_cost",
            severity=severity,
            title="Government operating cost equals daily public expenditure for an administrative unit",
            message=(
                f"本单位为行政（参公）单位，机关运行经费 {fmt(cost.value)}万元 "
                "应与一般公共预算财政拨款基本支出中的"
                f"日常公用经费 {fmt(public.value)}万元 一致，相差 {fmt(outcome.difference)}万元。{note}"
            ),
            stated=cost.value,
            expected=public.value,
            difference=outcome.difference,
            unit="万元",
            evidence=[cost.evidence, public.evidence],
        )
    ]


def functional_identities(ctx: AuditContext) -> list[Finding]:
    """Classes sum to the general-budget expenditure; items and sections sum to their parents."""
    findings: list[Finding] = []
    groups: dict[str, list] = defaultdict(list)
    for row in ctx.extraction.functional:
        if row.code:
            groups[row.source].append(row)
    for source, rows in groups.items():
        by_code = {r.code: r for r in rows}
        figures = {
            r.code: money_figure(r.amount, r.unit, Evidence(r.line, r.quote), f"{r.code} {r.name}")
            for r in rows
        }
        classes = [c for c in by_code if len(c) == 3]
        total = ctx.figure("general_budget_expenditure")
        if total is not None and classes and source == "narrative":
            finding = _sum_finding(
                "identity.functional_classes",
                "Functional classes sum to the general-budget expenditure",
                "一般公共预算财政拨款支出 = 各功能分类（类）支出之和",
                total,
                [figures[c] for c in classes],
                "一般公共预算财政拨款支出",
            )
            if finding:
                findings.append(finding)
        for parent in sorted(by_code):
            child_length = {3: 5, 5: 7}.get(len(parent))
            if child_length is None:
                continue
            children = [c for c in by_code if len(c) == child_length and c.startswith(parent)]
            if not children and len(parent) == 3:
                # Narrative details skip the 款: items go straight under their class.
                children = [
                    c for c in by_code if len(c) == 7 and c.startswith(parent) and c[:5] not in by_code
                ]
            if not children:
                continue
            finding = _sum_finding(
                "identity.functional_children",
                "Functional lines sum to their parent line",
                f"{parent} {by_code[parent].name} = 下级科目之和",
                figures[parent],
                [figures[c] for c in sorted(children)],
                f"{parent} {by_code[parent].name}",
            )
            if finding:
                findings.append(finding)
    return findings

"""Shares, completion rates and growth rates recomputed from the figures they are stated with.

Denominators come from the template: income shares over 本年收入合计, expenditure shares over
本年支出合计, class shares over the general-budget expenditure, 三公 items over the 三公 total,
the SME amount over the procurement total. A ratio over a zero denominator is undefined: it is
reported, never computed.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.model import Mention
from ..extract.specs import SPEC_BY_KEY
from .context import AuditContext
from .findings import Evidence, Finding
from .tolerance import Figure, compare_growth, compare_ratio, fmt, money_figure

DOWN = ("减少", "下降", "降低", "减小")
UP = ("增加", "增长", "上升", "提高")


def _undefined(
    rule: str, what: str, stated: Decimal, denominator_label: str, evidence: list[Evidence]
) -> Finding:
    return Finding(
        rule=rule,
        severity="warning",
        title="Ratio over a zero denominator is undefined",
        message=(
            f"{what}为 {fmt(stated)}%，但分母{denominator_label}为 0，比率无定义，"
            "不应计算或表述为百分比（应说明“无预算/未发生”）。"
        ),
        stated=stated,
        evidence=evidence,
    )


def _ratio_finding(
    rule: str,
    title: str,
    what: str,
    stated: Decimal,
    numerator: Figure,
    denominator: Figure,
    evidence: list[Evidence],
) -> Finding | None:
    outcome = compare_ratio(stated, numerator, denominator)
    if outcome.severity is None:
        return None
    verdict = "在四舍五入误差范围内" if outcome.severity == "info" else "超出四舍五入误差"
    return Finding(
        rule=rule,
        severity=outcome.severity,
        title=title + (" (rounding)" if outcome.severity == "info" else ""),
        message=(
            f"{what}表述为 {fmt(stated)}%，按 {numerator.label} {fmt(numerator.value)} ÷ "
            f"{denominator.label} {fmt(denominator.value)} 重算为 {fmt(outcome.expected)}%，"
            f"相差 {fmt(outcome.difference)} 个百分点，{verdict}。"
        ),
        stated=stated,
        expected=outcome.expected,
        difference=outcome.difference,
        unit="%",
        evidence=evidence,
    )


# Tables whose 总计 row is a wider total than the template denominator of the same name: the 三公
# table of a Jiangsu budget adds 会议费 and 培训费 to the 三公 合计 (js_npc_2017_budget.pdf p. 20).
_WIDER_TOTALS = {"three_public_total": ("three_public",)}


def _other_basis(
    ctx: AuditContext, mention: Mention, numerator: Figure, denominator: Figure, finding: Finding
) -> Finding | None:
    """A share that is wrong over the template denominator but right over a wider total printed in
    the same public table (its 总计 row): a warning that the text names one basis and uses another
    (js_npc_2017_budget.pdf p. 28: 因公出国（境）费 222.5 "占“三公”经费的 8.75%" = 222.5 ÷ the 2542.60
    总计 of 三公, 会议费 and 培训费), not a miscomputed share."""
    for table in ctx.tables:
        if table.id not in _WIDER_TOTALS.get(mention.share_of or "", ()):
            continue
        for cell in table.cells:
            if cell.name.strip() != "总计" or cell.value is None or cell.value == 0:
                continue
            where = f"《{table.title}》第 {cell.page} 页" if cell.page else f"《{table.title}》"
            wider = money_figure(cell.value, table.unit, Evidence(cell.line or 0, cell.raw), "总计")
            if wider.value == denominator.value:
                continue
            outcome = compare_ratio(mention.share_pct, numerator, wider)
            if outcome.severity not in (None, "info"):
                continue
            return Finding(
                rule="share.basis",
                severity="warning",
                title="A stated share names the denominator it is computed over",
                message=(
                    f"{finding.message.split('表述为')[0]}表述为 {fmt(mention.share_pct)}%，按"
                    f"{denominator.label} {fmt(denominator.value)} 重算为 {fmt(finding.expected)}%，不符；"
                    f"但与按{where}“总计” {fmt(wider.value)} 重算的 {fmt(outcome.expected)}% 相符："
                    f"文中称占{denominator.label}，实际所用分母为表中总计。"
                ),
                stated=mention.share_pct,
                expected=outcome.expected,
                unit="%",
                evidence=finding.evidence,
            )
    return None


HUNDRED_PCT = Decimal(100)


def _tail_adjusted(ctx: AuditContext, mention: Mention, finding: Finding) -> Finding | None:
    """A share one unit of its last digit off, among shares of the same denominator that the text
    makes add up to exactly 100%: the usual 尾差 adjustment, a warning rather than an error
    (js_procuratorate_2019_budget.pdf p. 25: 基本支出 65.56% + 项目支出 17.94% + 单位预留机动经费
    16.5% = 100%, where 15844.04 ÷ 24169.74 rounds to 65.55%)."""
    if finding.difference is None or mention.share_pct is None:
        return None
    unit = Decimal(1).scaleb(mention.share_pct.as_tuple().exponent)  # type: ignore[arg-type]
    if abs(finding.difference) > unit:
        return None
    parts: dict[str, Decimal] = {}
    for other in ctx.extraction.mentions:
        if other.share_of == mention.share_of and other.share_pct is not None and other.value is not None:
            parts.setdefault(other.key, other.share_pct)
    if len(parts) < 2 or sum(parts.values()) != HUNDRED_PCT:
        return None
    return Finding(
        rule="share.tail",
        severity="warning",
        title="A share differs by one last-digit unit so that the shares add up to 100% (tail adjustment)",
        message=(
            f"{finding.message.split('，超出')[0]}；各项占比合计恰为 100%，"
            "差额为使合计等于 100% 所作的尾差调整。"
        ),
        stated=finding.stated,
        expected=finding.expected,
        difference=finding.difference,
        unit="%",
        evidence=finding.evidence,
    )


def shares(ctx: AuditContext) -> list[Finding]:
    findings: list[Finding] = []
    for mention in ctx.extraction.mentions:
        if mention.share_pct is None or mention.value is None or not mention.share_of:
            continue
        denominator_fact = ctx.fact(mention.share_of)
        if denominator_fact is None:
            continue
        numerator = ctx.figure_of(mention)
        denominator = ctx.figure_of(denominator_fact)
        evidence = [ctx.evidence(mention), ctx.evidence(denominator_fact)]
        what = f"{SPEC_BY_KEY[mention.key].label}占{denominator.label}的比重"
        if denominator.value == 0:
            findings.append(
                _undefined("ratio.undefined_share", what, mention.share_pct, denominator.label, evidence)
            )
            continue
        finding = _ratio_finding(
            "share.recompute",
            "Stated share equals part ÷ template denominator",
            what,
            mention.share_pct,
            numerator,
            denominator,
            evidence,
        )
        if finding and finding.severity == "error":
            finding = (
                _other_basis(ctx, mention, numerator, denominator, finding)
                or _tail_adjusted(ctx, mention, finding)
                or finding
            )
        if finding:
            findings.append(finding)
    total = ctx.figure("general_budget_expenditure")
    for row in ctx.extraction.functional:
        if row.share_pct is None or total is None or row.level != "class":
            continue
        evidence = [Evidence(row.line, row.quote), total.evidence]
        what = f"{row.name}（类）占一般公共预算财政拨款支出的比重"
        if total.value == 0:
            findings.append(_undefined("ratio.undefined_share", what, row.share_pct, total.label, evidence))
            continue
        numerator = money_figure(row.amount, row.unit, Evidence(row.line, row.quote), f"{row.name}")
        finding = _ratio_finding(
            "share.recompute",
            "Stated share equals part ÷ template denominator",
            what,
            row.share_pct,
            numerator,
            total,
            evidence,
        )
        if finding:
            findings.append(finding)
    return findings


def completions(ctx: AuditContext) -> list[Finding]:
    """完成预算 X%: recomputed where the budget is stated; undefined over a zero budget."""
    findings: list[Finding] = []
    items: list[tuple[str, Decimal, Decimal | None, Figure, list[Evidence]]] = []
    for fact in ctx.extraction.facts:
        if fact.completion_pct is None:
            continue
        evidence = [ctx.evidence(fact)] + [
            Evidence(s.line, s.quote)
            for k, s in fact.attribute_sources.items()
            if k in ("completion_pct", "budget")
        ]
        items.append((fact.label, fact.completion_pct, fact.budget, ctx.figure_of(fact), evidence))
    for row in ctx.extraction.functional:
        if row.completion_pct is None:
            continue
        evidence = [Evidence(row.line, row.quote)]
        figure = money_figure(row.amount, row.unit, evidence[0], row.name)
        items.append(
            (f"{row.code or ''} {row.name}".strip(), row.completion_pct, row.budget, figure, evidence)
        )
    for project in ctx.extraction.projects:
        if project.completion_pct is None or project.budget is None or project.executed is None:
            continue
        line = project.narrative_line or project.line
        evidence = [Evidence(line, project.quote)]
        figure = money_figure(project.executed, project.unit, evidence[0], f"“{project.name}”执行数")
        items.append((f"“{project.name}”项目", project.completion_pct, project.budget, figure, evidence))
    for label, stated, budget, actual, evidence in items:
        what = f"{label}完成预算"
        if budget is None:
            continue
        budget_figure = money_figure(budget, "万元", evidence[0], "预算数")
        if budget == 0:
            findings.append(_undefined("ratio.undefined_completion", what, stated, "（预算数）", evidence))
            continue
        finding = _ratio_finding(
            "completion.recompute",
            "Stated budget completion equals actual ÷ budget",
            what,
            stated,
            actual,
            budget_figure,
            evidence,
        )
        if finding:
            findings.append(finding)
    return findings


def _growth_mentions(ctx: AuditContext) -> list[Mention]:
    return [m for m in ctx.extraction.mentions if m.growth_pct is not None or m.change is not None]


def changes(ctx: AuditContext) -> list[Finding]:
    """Growth = change ÷ (value − change); direction words agree; no growth from a zero base."""
    findings: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for mention in _growth_mentions(ctx):
        value_mention = mention
        if mention.value is None:
            fact = ctx.fact(mention.key)
            if fact is None:
                continue
            value_mention = fact  # type: ignore[assignment]
        if (mention.key, mention.line) in seen:
            continue
        seen.add((mention.key, mention.line))
        label = SPEC_BY_KEY[mention.key].label
        evidence = [ctx.evidence(mention)]
        if value_mention is not mention:
            evidence.append(ctx.evidence(value_mention))
        findings += _direction(mention, label, evidence)
        if mention.change is None or mention.growth_pct is None:
            continue
        value = ctx.figure_of(value_mention)
        # With contradictory direction words the sign is unknowable: compare magnitudes only
        # (the contradiction itself is reported by the direction rule).
        conflict = _direction_conflict(mention)
        change_amount = money_figure(
            abs(mention.change), mention.unit or ctx.extraction.unit or "万元", evidence[0], "变动额"
        )
        signed = change_amount.value if mention.change >= 0 else -change_amount.value
        signed_change = Figure(signed, change_amount.half, change_amount.evidence, "变动额")
        prior = value.value - signed_change.value
        if prior == 0 and signed_change.value == 0 and mention.growth_pct == 0:
            continue  # nil last year and nil now, stated "增长 0%": nothing misleading
        if prior == 0:
            findings.append(
                Finding(
                    rule="change.zero_base",
                    severity="error",
                    title="Growth rate from a zero base is invalid",
                    message=(
                        f"{label}上年数为 0（本年 {fmt(value.value)} − 变动 {fmt(signed_change.value)}），"
                        f"增长率 {fmt(mention.growth_pct)}% 无意义，应直接说明新增金额。"
                    ),
                    stated=mention.growth_pct,
                    evidence=evidence,
                )
            )
            continue
        if conflict:
            outcome = compare_ratio(
                abs(mention.growth_pct),
                Figure(abs(signed), change_amount.half, change_amount.evidence),
                Figure(abs(prior), value.half + change_amount.half, value.evidence),
            )
        else:
            outcome = compare_growth(mention.growth_pct, value, signed_change)
        if outcome is None or outcome.severity is None:
            continue
        verdict = "在四舍五入误差范围内" if outcome.severity == "info" else "超出四舍五入误差"
        findings.append(
            Finding(
                rule="change.growth_recompute",
                severity=outcome.severity,
                title="Stated growth rate equals change ÷ prior-year value"
                + (" (rounding)" if outcome.severity == "info" else ""),
                message=(
                    f"{label}增长率表述为 {fmt(mention.growth_pct)}%，按变动额 {fmt(signed_change.value)} ÷ "
                    f"上年数 {fmt(prior)}（本年 {fmt(value.value)} − 变动额）"
                    f"重算为 {fmt(outcome.expected)}%，"
                    f"相差 {fmt(outcome.difference)} 个百分点，{verdict}。"
                ),
                stated=mention.growth_pct,
                expected=outcome.expected,
                difference=outcome.difference,
                unit="%",
                evidence=evidence,
            )
        )
    return findings


def _direction_conflict(mention: Mention) -> bool:
    return (
        mention.change is not None
        and mention.growth_pct is not None
        and mention.change != 0
        and mention.growth_pct != 0
        and (mention.change > 0) != (mention.growth_pct > 0)
    )


def _direction(mention: Mention, label: str, evidence: list[Evidence]) -> list[Finding]:
    if _direction_conflict(mention):
        return [
            Finding(
                rule="change.direction",
                severity="error",
                title="Direction words agree with the sign of the change",
                message=(
                    f"{label}的变动表述自相矛盾：变动额为 {fmt(mention.change)}（"
                    f"{'减少' if mention.change < 0 else '增加'}），增长率却表述为"
                    f"{'下降' if mention.growth_pct < 0 else '增长'} {fmt(abs(mention.growth_pct))}%。"
                ),
                stated=mention.growth_pct,
                evidence=evidence,
            )
        ]
    if mention.direction == "持平" and ((mention.growth_pct or 0) != 0):
        return [
            Finding(
                rule="change.direction",
                severity="error",
                title="Direction words agree with the sign of the change",
                message=f"{label}表述为“持平”，但同时给出增长率 {fmt(mention.growth_pct)}%。",
                stated=mention.growth_pct,
                evidence=evidence,
            )
        ]
    return []

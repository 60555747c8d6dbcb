"""Stated figures the audit disputes, as a chart marks them (⚠ and the recomputed value).

A chart that prints a stated figure (a share on a bar, a change in a subtitle, a total) looks up
the findings about that figure: same stated value, a shared source line, a rule of the right
family, severity error or warning (a difference within rounding is no dispute). The chart then
writes `mark()` after the figure and cites the finding in its note with `remark()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from .audit.findings import Finding
from .audit.titles import COPY_RULES, rule_title

DISPUTING = ("error", "warning")
WARNING_SIGN = "⚠"

# Rule families by what they dispute (rule ids as in helpers.audit.titles.RULE_TITLES)
SHARE_RULES = ("share.recompute", "ratio.undefined_share")
COMPLETION_RULES = ("completion.recompute", "ratio.undefined_completion")
CHANGE_RULES = ("change.against_prior_year", "change.zero_base", "change.direction")
GROWTH_RULES = (
    "change.growth_recompute",
    "change.growth_against_prior_year",
    "change.zero_base",
    "change.direction",
)
TOTAL_RULES = (
    "identity.total",
    "identity.total_expenditure_side",
    "identity.expenditure",
    "identity.income",
    "identity.basic",
    "identity.three_public",
    "identity.vehicle",
    "identity.procurement",
    "identity.functional_classes",
    "identity.functional_children",
)
AMOUNT_RULES = ("repeat.figure", "repeat.functional", "repeat.project")


def find_dispute(
    findings: Iterable[Finding], *, rules: Sequence[str], stated: Decimal | None, lines: Iterable[int]
) -> Finding | None:
    """The first error or warning of `rules` about the figure `stated` at one of `lines`.

    For a rule comparing two copies (repeat.*), the stated figure may be either copy.
    Returns None when the figure is undisputed (or `stated` is None).
    """
    if stated is None:
        return None
    wanted = {line for line in lines if line}
    for finding in findings:
        if finding.rule not in rules or finding.severity not in DISPUTING:
            continue
        if not wanted & set(finding.lines):
            continue
        copies = {finding.stated, finding.expected} if finding.rule in COPY_RULES else {finding.stated}
        if finding.stated is None and finding.rule in ("change.direction", "change.zero_base"):
            copies = {stated}  # these name no recomputed value: the line decides
        if any(c is not None and c == stated for c in copies):
            return finding
    return None


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0", "-0.00") else text


def mark(finding: Finding, stated: Decimal | None = None, *, percent: bool = False, unit: str = "") -> str:
    """The short text written after a disputed figure: “⚠ 重算7.99%”, “⚠ 另一处为27389.12”.

    `stated` tells which copy the chart shows (for rules comparing two copies); the recomputed
    or other value is followed by "%" when `percent`, else by `unit`.
    """
    suffix = "%" if percent else unit
    if finding.rule in COPY_RULES:
        other = finding.expected if stated is not None and finding.stated == stated else finding.stated
        return f"{WARNING_SIGN} 另一处为{_plain(other)}{suffix}" if other is not None else WARNING_SIGN
    if finding.rule == "change.direction":
        return f"{WARNING_SIGN} 增减表述矛盾"
    if finding.rule.startswith("ratio.undefined") or finding.rule == "change.zero_base":
        return f"{WARNING_SIGN} 分母为0，无定义"
    if finding.expected is not None:
        return f"{WARNING_SIGN} 重算{_plain(finding.expected)}{suffix}"
    return WARNING_SIGN


def remark(finding: Finding, what: str) -> str:
    """The note sentence citing the finding: “⚠ <what>与审计发现不符：<title>（rule，第 a、b 行）”."""
    lines = "、".join(str(n) for n in finding.lines)
    where = f"，第{lines}行" if lines else ""
    title = rule_title(finding.rule, finding.title)
    return f"{WARNING_SIGN} {what}与审计发现不符：{title}（{finding.rule}{where}）"

"""Consistency audit of an extraction: general rules, tolerance from stated precision."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from ..extract.model import Extraction
from ..tables.model import PublicTable
from . import (
    arithmetic,
    change_sums,
    completeness,
    identities,
    narrative_sums,
    ratios,
    repeats,
    statements,
    table_rules,
    unreadable,
)
from .context import AuditContext
from .findings import Evidence, Finding, locate_pages, sort_findings
from .report import checks_rows, findings_table

RULES: tuple[Callable[[AuditContext], list[Finding]], ...] = (
    identities.template_identities,
    ratios.shares,
    ratios.completions,
    ratios.changes,
    change_sums.component_changes,
    repeats.restated_figures,
    repeats.project_figures,
    repeats.functional_figures,
    statements.functional_restatements,
    statements.total_sides,
    repeats.code_names,
    repeats.repeated_passages,
    arithmetic.stated_sums,
    arithmetic.unit_price_products,
    narrative_sums.item_budgets,
    narrative_sums.reserved_procurement,
    table_rules.table_findings,
    completeness.sections,
    completeness.placeholders,
    completeness.percent_signs,
    completeness.three_public_items,
    completeness.change_reasons,
    unreadable.unreadable_figures,
)

# Rules that only make sense for final accounts: a budget states no completion rate (its figures
# are the 预算数 themselves) and the template's "主要原因" for each change is a final-accounts
# requirement. A budget's completeness (completeness.sections) checks the budget table set.
FINAL_ACCOUNTS_ONLY: frozenset[Callable[[AuditContext], list[Finding]]] = frozenset(
    {ratios.completions, completeness.change_reasons}
)

__all__ = ["Evidence", "Finding", "audit", "audit_tables", "checks_rows", "findings_table"]

audit_tables = table_rules.audit_tables


def audit(
    document: Document, extraction: Extraction, tables: list[PublicTable] | None = None
) -> list[Finding]:
    """Run every rule (the table rules on `tables`, the public tables of the same disclosure; by default
    those the extraction carries); findings sorted errors first, each with its evidence."""
    if tables is None:
        tables = getattr(extraction, "tables", None)
    ctx = AuditContext(document, extraction, list(tables or []))
    findings: list[Finding] = []
    budget = getattr(extraction, "kind", "final_accounts") == "budget"
    for rule in RULES:
        if budget and rule in FINAL_ACCOUNTS_ONLY:
            continue
        findings.extend(rule(ctx))
    findings = sort_findings(_dedupe(findings))
    locate_pages(findings, document)
    return findings


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    unique = []
    for finding in findings:
        key = (finding.rule, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique

"""The table rule families together: within-table, cross-table and narrative-against-table.

`audit_tables(tables)` audits a list of public tables alone (a budget document, or tables without a
narrative); the full audit runs `table_findings` with the narrative too.
"""

from __future__ import annotations

from ..tables.model import PublicTable
from .context import AuditContext
from .findings import Finding, sort_findings
from .table_cross import cross_table
from .table_narrative import narrative_against_tables
from .table_sums import within_table

# rule family (rule id prefix) → Chinese name, in report order
FAMILIES: dict[str, str] = {
    "table.": "表内勾稽",
    "cross.": "表间一致",
    "narrative.table_": "表文一致",
}


def audit_tables(tables: list[PublicTable]) -> list[Finding]:
    """Within-table and cross-table findings of the tables alone, sorted errors first."""
    return sort_findings(within_table(tables) + cross_table(tables))


def table_findings(ctx: AuditContext) -> list[Finding]:
    """Every table rule on the tables of the audit context (none when no table was read)."""
    if not ctx.tables:
        return []
    return within_table(ctx.tables) + cross_table(ctx.tables) + narrative_against_tables(ctx, ctx.tables)


def family_of(rule: str) -> str | None:
    """The Chinese family name of a table rule id, or None for a narrative-only rule."""
    return next((name for prefix, name in FAMILIES.items() if rule.startswith(prefix)), None)

"""The table rule families together: within-table, cross-table and narrative-against-table.

`audit_tables(tables)` audits a list of public tables alone (a budget document, or tables without a
narrative); the full audit runs `table_findings` with the narrative too.
"""

from __future__ import annotations

from ..tables.model import PublicTable
from . import narrative_sums, table_cross, table_narrative, table_sums
from .context import AuditContext
from .findings import Finding, sort_findings
from .table_cross import cross_table
from .table_narrative import narrative_against_tables
from .table_sums import within_table

# rule family → (Chinese name, the family's rule ids), in report order
FAMILIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "within_table": ("表内勾稽", tuple(table_sums.TITLES)),
    "cross_table": ("表间一致", tuple(table_cross.TITLES)),
    "narrative_table": ("表文一致", tuple(table_narrative.TITLES)),
    "narrative_sums": ("文中合计", tuple(narrative_sums.TITLES)),
}


def audit_tables(tables: list[PublicTable], text: str | None = None) -> list[Finding]:
    """Within-table and cross-table findings of the tables alone, sorted errors first; `text` (the
    document's text when known) lets an empty table's note printed beside it count (see `empty_note`)."""
    return sort_findings(within_table(tables, text) + cross_table(tables))


def table_findings(ctx: AuditContext) -> list[Finding]:
    """Every table rule on the tables of the audit context (none when no table was read)."""
    if not ctx.tables:
        return []
    within = within_table(ctx.tables, ctx.document.text)
    return within + cross_table(ctx.tables) + narrative_against_tables(ctx, ctx.tables)


def family_of(rule: str) -> str | None:
    """The Chinese family name of a table (or narrative-sum) rule id; None for the other rules."""
    return next((name for name, rules in FAMILIES.values() if rule in rules), None)

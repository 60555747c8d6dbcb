"""Facts and functional rows filled from the public tables, each marked with the table it came from.

A canonical figure the narrative omits is taken from its table cell (`source` "table:<title>", the
cell in `table`); one the narrative states keeps the narrative's figure, and the table's stays in
`extraction.table_facts` for the audit to compare. Functional 类/款/项 rows missing from the narrative
come from the 一般公共预算财政拨款支出决算表 (合计 as the amount, with 基本支出 and 项目支出).
"""

from __future__ import annotations

from decimal import Decimal

from .model import Extraction, Fact, FunctionalRow
from .specs import SPEC_BY_KEY

_FUNCTIONAL_TABLE = "general_budget_expenditure"
_EXTRA_LABELS = {"income_appropriation": "财政拨款收入"}


def attach_tables(extraction: Extraction, tables: list) -> None:
    """Keep `tables` on the extraction and fill what the narrative leaves out."""
    from ..tables.facts import table_facts

    extraction.tables = list(tables)
    extraction.table_facts = table_facts(extraction.tables, getattr(extraction, "kind", "final_accounts"))
    stated = {f.key for f in extraction.facts}
    for fact in extraction.table_facts:
        if fact.key in stated:
            continue
        spec = SPEC_BY_KEY.get(fact.key)
        extraction.facts.append(
            Fact(
                key=fact.key,
                label=spec.label if spec else _EXTRA_LABELS.get(fact.key, fact.key),
                value=fact.value,
                unit=fact.unit,
                budget=fact.budget,
                line=fact.line or 0,
                quote=fact.raw,
                section=f"表格：{fact.table_title}",
                source=f"table:{fact.table_title}",
                table=fact.provenance(),
            )
        )
    order = {key: i for i, key in enumerate(SPEC_BY_KEY)}
    extraction.facts.sort(key=lambda f: order.get(f.key, len(order)))
    _functional_from_table(extraction)


def _functional_from_table(extraction: Extraction) -> None:
    """Functional rows from the general-budget expenditure table of the extraction's kind (a
    budget's 预算数 in its 合计 or 预算数 column, a final account's 决算数)."""
    table_kind = "budget" if getattr(extraction, "kind", "final_accounts") == "budget" else "final"
    table = next((t for t in extraction.tables if t.id == _FUNCTIONAL_TABLE and t.kind == table_kind), None)
    if table is None:
        return
    rows: dict[str, dict[str, object]] = {}
    for cell in table.cells:
        if cell.code and cell.level:
            row = rows.setdefault(cell.code, {"cell": cell})
            row[cell.column] = cell.value
    known = {r.code: r for r in extraction.functional if r.code}
    for code, row in rows.items():
        cell = row["cell"]
        budget_amount = row.get("预算数") if table_kind == "budget" else None
        amount, basic, project = row.get("合计", budget_amount), row.get("基本支出"), row.get("项目支出")
        narrative = known.get(code)
        if narrative is not None:
            if amount is not None and narrative.amount == amount:  # the same figure: add its split
                narrative.basic, narrative.project = basic, project
            continue
        if not isinstance(amount, Decimal):
            continue
        extraction.functional.append(
            FunctionalRow(
                code=code,
                level=cell.level,
                name=cell.name,
                amount=amount,
                unit=table.unit or extraction.unit or "万元",
                basic=basic if isinstance(basic, Decimal) else None,
                project=project if isinstance(project, Decimal) else None,
                source=f"table:{table.title}",
                line=cell.line or 0,
                quote=cell.raw,
                page=cell.page or None,
            )
        )

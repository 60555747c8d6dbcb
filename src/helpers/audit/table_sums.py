"""Within-table identities of the public tables: every total equals the sum of its printed parts.

Source: the national template's table identities (issue 9, item 1; 财预〔2016〕143号 tables 公开01–09表;
the 2025 普陀区部门决算公开情况检查表 items B). Tolerance: exact; a miss of one unit of the total's last
digit is a warning (尾差未调整), more is an error (`cells.sum_finding`). Evidence: every cell summed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..tables.model import PublicTable, TableCell
from ..tables.three_public import BY_KEY
from .cells import Column, bare_name, columns_of, row_cells, same_quantity_finding, stated_cell, sum_finding
from .findings import Evidence, Finding

# rule id → English title (the Chinese title is in titles.py)
TITLES: dict[str, str] = {
    "table.hierarchy": "A 类/款 row equals the sum of its 款/项 rows",
    "table.grand_total": "The table's total row equals the sum of its top-level rows",
    "table.row_sum": "A row's total column equals the sum of its part columns",
    "table.summary_block": "A summary table's 合计/总计 equals the rows above it",
    "table.summary_balance": "Income total equals expenditure total",
    "table.economic_totals": "人员经费合计 = 301 + 303, 公用经费合计 = 302 + 310 + …, 合计 = 人员 + 公用",
    "table.three_public": "三公 total equals its items, vehicles equal purchase plus operation",
    "table.empty_note": "An empty fund table carries its 空表说明",
    "table.carryover": "年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出, row by row",
}

# -- column identities (each row: total column = Σ part columns) -------------------------------------
# Standard column names of the template (公开02/03/05/08 表 and the budget 收入/支出总表).
EXPENDITURE_PARTS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
INCOME_PARTS = ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
FUND_PARTS = ("一般公共预算", "政府性基金", "国有资本经营")
PERSONNEL_PUBLIC = ("人员经费", "公用经费")
ROW_TOTAL_COLUMNS = ("本年支出合计", "本年收入合计", "合计", "本年支出", "本年收入", "总计")


def _column_identities(columns: list[str]) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(total column, part columns, identity text) that apply to a table with these columns."""
    present = set(columns)
    expenditure = [c for c in EXPENDITURE_PARTS if c in present]
    income = [c for c in INCOME_PARTS if c in present]
    funds = [c for c in FUND_PARTS if c in present]
    if "财政拨款收入" not in present:
        income = funds + income  # budget 收入表: the fund columns stand in for 财政拨款收入
    elif len(funds) >= 2:
        yield "财政拨款收入", tuple(funds), "财政拨款收入 = " + " + ".join(funds)
    if len(expenditure) >= 2:
        total = next((c for c in ("本年支出合计", "合计", "本年支出", "总计") if c in present), None)
        if total:
            yield total, tuple(expenditure), f"{total} = " + " + ".join(expenditure)
    elif len(income) >= 2 and len(income) > len(funds):
        total = next((c for c in ("本年收入合计", "合计", "本年收入", "总计") if c in present), None)
        if total:
            yield total, tuple(income), f"{total} = " + " + ".join(income)
    elif len(funds) >= 2 and "合计" in present:
        yield "合计", tuple(funds), "合计 = " + " + ".join(funds)
    if all(c in present for c in PERSONNEL_PUBLIC) and "合计" in present:
        if "项目支出" in present:  # budget 收支总表: 合计 = 人员经费 + 公用经费 + 项目支出
            yield "合计", (*PERSONNEL_PUBLIC, "项目支出"), "合计 = 人员经费 + 公用经费 + 项目支出"
        else:
            yield "合计", PERSONNEL_PUBLIC, "合计 = 人员经费 + 公用经费"


# Columns that are totals or carry-overs, never a part of a row's total.
NOT_PARTS = frozenset(ROW_TOTAL_COLUMNS) | {"年初结转和结余", "年末结转和结余", "预算数", "决算数", "金额"}


def row_sums(table: PublicTable) -> list[Finding]:
    """Every row: its total column equals the sum of its part columns (blank parts not stated).

    The template's part columns are tried first; a table with further columns of its own (单位预留机动经费,
    结转下年资金 …) is read as their sum too, and the row is reported only when neither reading adds up.
    """
    findings = []
    identities = list(_column_identities(table.columns))
    funds = set(FUND_PARTS) & set(table.columns)
    for cells in row_cells(table).values():
        for total_column, parts, identity in identities:
            total = cells.get(total_column)
            if total is None:
                continue
            known = [cells[p] for p in parts if p in cells]
            others = [
                c
                for name, c in cells.items()
                if name != total_column
                and name not in NOT_PARTS
                and not (funds and name == "财政拨款收入")
                and not (total_column == "财政拨款收入" and name not in funds)
            ]
            outcomes = []
            for candidate in (known, others):
                outcomes.append(
                    sum_finding("table.row_sum", TITLES["table.row_sum"], identity, table, total, candidate)
                )
                if outcomes[-1] is None:
                    break
            if all(outcomes):
                findings.append(outcomes[0])  # type: ignore[arg-type]
    return findings


# -- code hierarchy (类 = Σ 款 = Σ 项; 合计 = Σ 类) ------------------------------------------------------
_CHILD_LENGTH = {3: 5, 5: 7}


def _children(by_code: dict[str, TableCell], parent: str) -> list[TableCell]:
    length = _CHILD_LENGTH.get(len(parent))
    if length is None:
        return []
    return [cell for code, cell in by_code.items() if len(code) == length and code.startswith(parent)]


def hierarchy(table: PublicTable) -> list[Finding]:
    """Each 类 = Σ its 款 and each 款 = Σ its 项, in every column; the total row = Σ top-level codes."""
    findings = []
    for column in columns_of(table):
        if column.side == "income":
            continue
        by_code = column.by_code()
        for parent, cell in by_code.items():
            children = _children(by_code, parent)
            if not children:
                continue
            level = "类" if len(parent) == 3 else "款"
            finding = sum_finding(
                "table.hierarchy",
                TITLES["table.hierarchy"],
                f"{parent} {cell.name}（{level}）= 其下级科目之和",
                table,
                cell,
                children,
            )
            if finding:
                findings.append(finding)
        finding = _grand_total(table, column, by_code)
        if finding:
            findings.append(finding)
    return findings


def _grand_total(table: PublicTable, column: Column, by_code: dict[str, TableCell]) -> Finding | None:
    """The one total row of a coded column equals the sum of the top-level codes."""
    totals = [c for c in column.totals() if c.row > max((c.row for c in by_code.values()), default=-1)]
    totals = totals or column.totals()
    if len(totals) != 1 or not by_code:
        return None
    roots = [
        cell
        for code, cell in by_code.items()
        if not any(code != other and code.startswith(other) for other in by_code)
    ]
    level = "类" if all(len(c.code or "") == 3 for c in roots) else "顶层"
    return sum_finding(
        "table.grand_total",
        TITLES["table.grand_total"],
        f"{bare_name(totals[0].name)} = 各{level}科目之和",
        table,
        totals[0],
        roots,
    )


# -- two-sided summary tables (公开01, 04) -----------------------------------------------------------------
_CURRENT_TOTAL = re.compile(r"^本年(?:收入|支出)(?:合计|小计)$|^(?:收入|支出)合计$")
_GRAND_TOTAL = re.compile(r"总计$")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、)")
# Rows between the current-year total and the grand total (template: 使用非财政拨款结余, 年初结转和结余,
# 结余分配, 年末结转和结余; budget: 上年结转, 用事业基金弥补收支差额, 结转下年).
_CARRYOVER = re.compile(r"结转|结余|弥补收支差额|事业基金")


def _top_level(cells: list[TableCell]) -> list[TableCell]:
    """The rows that sum to a total: numbered rows (一、二、…) when the block numbers them, else all but
    其中 / sub-rows (rows whose value the rows after them repeat)."""
    numbered = [c for c in cells if _NUMBERED.match(c.name)]
    if numbered:
        return numbered
    return [c for c in cells if not c.name.startswith("其中")]


def summary_blocks(table: PublicTable) -> list[Finding]:
    """Two-sided totals: 本年收入合计 = Σ sources; 总计 = 本年合计 + carry-over rows; 收入总计 = 支出总计."""
    findings = []
    grand: dict[tuple[str, str | None], TableCell] = {}
    for column in columns_of(table):
        if column.side is None:
            continue
        current = [c for c in column.cells if _CURRENT_TOTAL.match(bare_name(c.name)) and not c.code]
        grands = [c for c in column.cells if _GRAND_TOTAL.search(bare_name(c.name)) and not c.code]
        if len(grands) == 1:
            grand[(column.name, column.side)] = grands[0]
        if len(current) != 1:
            continue
        total = current[0]
        above = [c for c in column.cells if c.row < total.row and not _GRAND_TOTAL.search(c.name)]
        parts = _top_level(above)
        finding = _best_sum(table, total, [parts, above], f"{bare_name(total.name)} = 其上各项之和")
        if finding:
            findings.append(finding)
        if len(grands) == 1 and grands[0].row > total.row:
            between = [c for c in column.cells if total.row < c.row < grands[0].row]
            carry = [c for c in between if _CARRYOVER.search(c.name) or _NUMBERED.match(c.name)]
            finding = _best_sum(
                table,
                grands[0],
                [[total, *carry], [total, *between]],
                f"总计 = {bare_name(total.name)} + 结转结余等各项",
            )
            if finding:
                findings.append(finding)
    findings += _balance(table, grand)
    return findings


def _best_sum(table: PublicTable, total: TableCell, candidates: list[list[TableCell]], identity: str):
    """The identity holds if any reading of the block's nesting adds up; else the closest miss."""
    outcomes = []
    for parts in candidates:
        finding = sum_finding(
            "table.summary_block", TITLES["table.summary_block"], identity, table, total, parts
        )
        if finding is None:
            return None
        outcomes.append(finding)
    return min(outcomes, key=lambda f: abs(f.difference or 0)) if outcomes else None


def _balance(table: PublicTable, grand: dict[tuple[str, str | None], TableCell]) -> list[Finding]:
    findings = []
    for (column, side), income in grand.items():
        expenditure = grand.get((column, "expenditure"))
        if side != "income" or expenditure is None or income.value is None or expenditure.value is None:
            continue
        finding = same_quantity_finding(
            "table.summary_balance",
            TITLES["table.summary_balance"],
            f"《{table.title}》收入总计与支出总计",
            stated_cell(table, income),
            stated_cell(table, expenditure),
        )
        if finding:
            findings.append(finding)
    return findings


# -- 基本支出表 (公开06): personnel and public totals --------------------------------------------------------
_PERSONNEL_TOTAL = re.compile(r"^人员经费(?:合计|小计)?$")
_PUBLIC_TOTAL = re.compile(r"^(?:日常)?公用经费(?:合计|小计)?$")
PERSONNEL_CLASSES = ("301", "303")  # 工资福利支出, 对个人和家庭的补助 (template: 人员经费)


def economic_totals(table: PublicTable) -> list[Finding]:
    """人员经费合计 = 301 + 303; 公用经费合计 = the other classes (302, 310 …); 合计 = 人员 + 公用."""
    findings = []
    for column in columns_of(table):
        classes = {code: cell for code, cell in column.by_code().items() if len(code) == 3}
        personnel, public = column.named(_PERSONNEL_TOTAL), column.named(_PUBLIC_TOTAL)
        personnel = [c for c in personnel if not c.code]
        public = [c for c in public if not c.code]
        if len(personnel) == 1 and any(c in classes for c in PERSONNEL_CLASSES):
            finding = sum_finding(
                "table.economic_totals",
                TITLES["table.economic_totals"],
                "人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助",
                table,
                personnel[0],
                [classes[c] for c in PERSONNEL_CLASSES if c in classes],
            )
            if finding:
                findings.append(finding)
        others = [cell for code, cell in classes.items() if code not in PERSONNEL_CLASSES]
        if len(public) == 1 and others:
            finding = sum_finding(
                "table.economic_totals",
                TITLES["table.economic_totals"],
                "公用经费合计 = 302 商品和服务支出 + 310 资本性支出（+ 其他经济分类类级）",
                table,
                public[0],
                others,
            )
            if finding:
                findings.append(finding)
        totals = [c for c in column.totals() if not _PERSONNEL_TOTAL.match(c.name)]
        if len(totals) == 1 and len(personnel) == 1 and len(public) == 1:
            finding = sum_finding(
                "table.economic_totals",
                TITLES["table.economic_totals"],
                "合计 = 人员经费合计 + 公用经费合计",
                table,
                totals[0],
                [personnel[0], public[0]],
            )
            if finding:
                findings.append(finding)
    return findings


# -- carry-over balance (公开08 政府性基金, 公开09 国有资本经营) ----------------------------------
# Columns of the template's 政府性基金预算财政拨款收入支出决算表: 年初结转和结余, 本年收入,
# 本年支出 (合计/基本/项目), 年末结转和结余 (national template, 财预〔2016〕143号; 本年收入 with
# sub-columns reads 本年收入合计).
CARRY_BEGIN, CARRY_END = "年初结转和结余", "年末结转和结余"
CURRENT_INCOME_COLUMNS = ("本年收入", "本年收入合计")
CURRENT_EXPENDITURE_COLUMNS = ("本年支出合计", "本年支出")


def carryover_balance(table: PublicTable) -> list[Finding]:
    """Every row that states all four: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出合计.

    A blank cell is not stated, so a row missing any of the four is not checked. Tolerance as every
    sum (`cells.sum_finding`); evidence: the four cells (page, row, column).
    """
    present = set(table.columns)
    income = next((c for c in CURRENT_INCOME_COLUMNS if c in present), None)
    spent = next((c for c in CURRENT_EXPENDITURE_COLUMNS if c in present), None)
    if income is None or spent is None or not {CARRY_BEGIN, CARRY_END} <= present:
        return []
    identity = f"{CARRY_END} = {CARRY_BEGIN} + {income} − {spent}"
    findings = []
    for cells in row_cells(table).values():
        four = [cells.get(name) for name in (CARRY_END, CARRY_BEGIN, income, spent)]
        if any(c is None or c.value is None for c in four):
            continue
        end, begin, received, paid = four
        finding = sum_finding(
            "table.carryover", TITLES["table.carryover"], identity, table, end, [begin, received], [paid]
        )
        if finding:
            findings.append(finding)
    return findings


# 公开04 (财政拨款收入支出决算总表), fund by fund: the income side lists each fund's 本年收入 above
# 本年收入合计 and its 年初财政拨款结转和结余 below that row; the expenditure side gives 本年支出合计 and
# 年末财政拨款结转和结余 in one column per fund (Shanghai 2024 final-accounts template, 公开04).
FUND_OF_ROW = (
    (re.compile(r"^一般公共预算(?:财政)?拨款"), "一般公共预算"),
    (re.compile(r"^政府性基金预算(?:财政)?拨款"), "政府性基金"),
    (re.compile(r"^国有资本经营预算(?:财政)?拨款"), "国有资本经营"),
)
_BEGIN_ROW = re.compile(r"^年初(?:财政拨款)?结转(?:和|及)?结余")
_END_ROW = re.compile(r"^年末(?:财政拨款)?结转(?:和|及)?结余")


def _fund_of(name: str) -> str | None:
    return next((fund for pattern, fund in FUND_OF_ROW if pattern.search(bare_name(name))), None)


def appropriation_fund_balance(table: PublicTable) -> list[Finding]:
    """公开04, each fund that states all four: 年末财政拨款结转和结余 = 年初财政拨款结转和结余 + 本年收入
    − 本年支出合计 (the 合计 column's balance is table.summary_balance's 收入总计 = 支出总计)."""
    income_side = sorted((c for c in table.cells if c.side == "income"), key=lambda c: c.row)
    current = next((c.row for c in income_side if _CURRENT_TOTAL.match(bare_name(c.name))), None)
    begin = next((c.row for c in income_side if _BEGIN_ROW.search(bare_name(c.name))), None)
    if current is None or begin is None or begin < current:
        return []
    received: dict[str, TableCell] = {}
    carried: dict[str, TableCell] = {}
    for cell in income_side:
        fund = _fund_of(cell.name)
        if fund is None or _GRAND_TOTAL.search(cell.name):
            continue
        (received if cell.row < current else carried if cell.row > begin else {}).setdefault(fund, cell)
    findings = []
    for column in columns_of(table):
        if column.side != "expenditure" or column.name not in received:
            continue
        spent = [c for c in column.cells if _CURRENT_TOTAL.match(bare_name(c.name))]
        end = [c for c in column.cells if _END_ROW.search(bare_name(c.name))]
        fund = column.name
        four = [*end[:1], carried.get(fund), received[fund], *spent[:1]]
        if len(four) != 4 or any(c is None or c.value is None for c in four):
            continue
        identity = f"{fund}：年末财政拨款结转和结余 = 年初财政拨款结转和结余 + 本年收入 − 本年支出合计"
        finding = sum_finding(
            "table.carryover", TITLES["table.carryover"], identity, table, four[0], four[1:3], four[3:]
        )
        if finding:
            findings.append(finding)
    return findings


# -- 三公 table (公开07) ---------------------------------------------------------------------------------
THREE_PUBLIC_TOTAL = re.compile(r"^(?:合计|小计|总计)$|三公.*(?:合计|经费)$")
THREE_PUBLIC_SUBTOTAL = re.compile(r"^(?:合计|小计)$|三公.*(?:合计|经费)$")  # 总计 may add 会议费, 培训费
THREE_PUBLIC_OTHERS = re.compile(r"会议费|培训费")


def three_public(table: PublicTable) -> list[Finding]:
    """合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行维护; in the 预算数 and the 决算数 column."""
    findings = []
    for column in columns_of(table):

        def one(pattern: re.Pattern[str], cells: list[TableCell] = column.cells) -> TableCell | None:
            found = [c for c in cells if pattern.search(bare_name(c.name))]
            return found[0] if len(found) == 1 else None

        total = one(THREE_PUBLIC_SUBTOTAL) or (
            None if column.named(THREE_PUBLIC_OTHERS) else one(THREE_PUBLIC_TOTAL)
        )
        abroad, vehicle, purchase, operation, reception = (
            one(BY_KEY[key].pattern)
            for key in ("abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
        )
        if vehicle is None and purchase is not None and operation is not None:
            items = [abroad, purchase, operation, reception]
        else:
            items = [abroad, vehicle, reception]
        if total is not None and all(items):
            finding = sum_finding(
                "table.three_public",
                TITLES["table.three_public"],
                "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
                table,
                total,
                [c for c in items if c is not None],
            )
            if finding:
                findings.append(finding)
        if vehicle is not None and purchase is not None and operation is not None:
            finding = sum_finding(
                "table.three_public",
                TITLES["table.three_public"],
                "公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费",
                table,
                vehicle,
                [purchase, operation],
            )
            if finding:
                findings.append(finding)
    return findings


# -- empty fund tables (公开08, 09) --------------------------------------------------------------------------
FUND_TABLES = (
    "gov_fund",
    "state_capital",
    "gov_fund_three_public",
    "state_capital_income",
    "state_capital_expenditure",
)


# A note printed with an empty table: "（无政府性基金支出）", "注：本部门无相关收支项目".
_NONE_NOTE = re.compile(r"(?:无|没有|未(?:发生|安排))[^。\n]{0,24}?(?:支出|收支|收入|数据|项目|资金)")


def empty_note(table: PublicTable, text: str | None = None) -> list[Finding]:
    """A fund table with no figure must say why (空表说明; 财预〔2016〕143号: empty tables stay, noted).

    `text`, the disclosure's text when known, is searched for a none-statement just after the table's title.
    """
    if table.id not in FUND_TABLES or table.empty_note:
        return []
    if any(c.value is not None for c in table.cells):
        return []
    if text is not None:
        at = text.find(table.title)
        while at >= 0:  # the title may also stand in a table of contents or the narrative
            if _NONE_NOTE.search(text, at, at + len(table.title) + 300):
                return []
            at = text.find(table.title, at + 1)
    return [
        Finding(
            rule="table.empty_note",
            severity="warning",
            title=TITLES["table.empty_note"],
            message=f"《{table.title}》（第 {'、'.join(map(str, table.pages))} 页）无数据，也无空表说明。",
            evidence=[
                Evidence(None, table.title, page=table.pages[0] if table.pages else None, table=table.title)
            ],
        )
    ]


def within_table(tables: list[PublicTable], text: str | None = None) -> list[Finding]:
    """Every within-table identity of every table, by the table's kind (`text`: see `empty_note`)."""
    findings: list[Finding] = []
    for table in tables:
        if table.id in ("income_expenditure_summary", "appropriation_summary"):
            findings += summary_blocks(table)
        if table.id == "appropriation_summary":
            findings += appropriation_fund_balance(table)
        if table.id == "three_public" or table.id == "gov_fund_three_public":
            findings += three_public(table)
        else:
            findings += hierarchy(table)
            findings += row_sums(table)
            findings += carryover_balance(table)
        if table.id.startswith("general_budget_basic"):
            findings += economic_totals(table)
        findings += empty_note(table, text)
    return findings

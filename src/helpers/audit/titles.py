"""Chinese words for what reports show: rule titles, severities, 类/款/项 levels and sources.

Every rule id an audit module emits has a Chinese title here (a test scans `src/helpers` for rule
ids and fails on a missing one): add the title when you add a rule. Reports show the Chinese title
with the rule id as a small code. Titles follow the template's own wording (财预〔2016〕143号 and
the national 部门决算 template: 收支总计, 本年收入合计, 基本支出, “三公”经费 …).
"""

from __future__ import annotations

# rule id -> Chinese title (what the rule checks, stated as the property that should hold)
RULE_TITLES: dict[str, str] = {
    # template identities (audit/identities.py)
    "identity.total": "收入总计 = 本年收入合计 + 年初结转和结余",
    "identity.total_expenditure_side": "支出总计 = 本年支出合计 + 年末结转和结余",
    "identity.expenditure": "本年支出合计 = 基本支出 + 项目支出",
    "identity.income": "本年收入合计 = 各项收入之和",
    "identity.basic": "基本支出 = 人员经费 + 公用经费",
    "identity.three_public": "“三公”经费合计 = 三项经费之和",
    "identity.vehicle": "公务用车购置及运行维护费 = 购置费 + 运行维护费",
    "identity.procurement": "政府采购支出总额 = 货物 + 工程 + 服务",
    "identity.procurement_sme": "授予中小企业合同金额不超过政府采购总额",
    "identity.admin_operating_cost": "行政单位机关运行经费 = 基本支出中的日常公用经费",
    "identity.functional_classes": "各功能分类（类）之和 = 一般公共预算财政拨款支出",
    "identity.functional_children": "下级科目之和 = 上级科目",
    # shares, completion and growth (audit/ratios.py)
    "share.recompute": "表述的占比 = 分项 ÷ 模板规定的分母",
    "share.basis": "表述的占比所称分母与实际所用分母一致",
    "share.tail": "占比按四舍五入表述（未作尾差调整）",
    "completion.recompute": "表述的完成预算比例 = 决算数 ÷ 预算数",
    "ratio.undefined_share": "分母为 0 的占比无定义",
    "ratio.undefined_completion": "预算数为 0 的完成比例无定义",
    "change.zero_base": "上年为 0 时增长率无定义",
    "change.growth_recompute": "表述的增长率 = 变动额 ÷ 上年数",
    "change.direction": "增减用词与变动方向一致",
    # changes of parts against the total's change (audit/change_sums.py)
    "change.components_sum": "各组成部分的变动额之和 = 合计的变动额",
    # against the prior year's published disclosure (compare.py)
    "change.against_prior_year": "表述的变动额与上年公开数一致",
    "change.growth_against_prior_year": "表述的增长率与上年公开数一致",
    # restatements (audit/repeats.py)
    "repeat.figure": "同一数字在各处表述一致",
    "repeat.project": "项目金额在绩效目标表与情况说明中一致",
    "repeat.functional": "同一科目金额在正文与表格中一致",
    "repeat.code_name": "同一科目编码名称一致",
    "repeat.passage": "重复段落中的数字和日期一致",
    # one statement, two figures (audit/statements.py)
    "repeat.functional_paragraph": "同一科目在同一段落中的金额一致",
    "identity.total_sides": "收入总计 = 支出总计",
    # stated arithmetic (audit/arithmetic.py)
    "arithmetic.stated_sum": "分项之和 = 表述的共计/合计/小计",
    "arithmetic.unit_price": "单价 × 数量 = 表述的金额",
    # completeness (audit/completeness.py)
    "completeness.section": "模板规定的各部分齐全（或说明为空）",
    "completeness.tables": "九张公开表齐全（空表附说明）",
    "completeness.budget_tables": "预算公开表齐全",
    "completeness.placeholder": "未残留模板占位文字",
    "completeness.percent_sign": "百分比带有 % 符号",
    "completeness.three_public_item": "“三公”经费各项均列示金额或明确说明无",
    "completeness.change_reason": "与上年相比的增减均说明主要原因",
    # stated but unreadable figures (audit/unreadable.py)
    "completeness.unreadable": "表述的金额均可读取（无乱码字形、无缺失数字）",
    # within-table identities of the public tables (audit/table_sums.py)
    "table.hierarchy": "表内：类（款）等于其下级科目之和",
    "table.grand_total": "表内：合计行等于各类之和",
    "table.row_sum": "表内：合计列等于各分项列之和",
    "table.summary_block": "表内：总表的本年合计、总计等于其组成行之和",
    "table.summary_balance": "表内：收入总计等于支出总计",
    "table.economic_totals": "表内：人员经费合计、公用经费合计与经济分类类级一致",
    "table.three_public": "表内：“三公”经费合计等于各项之和",
    "table.empty_note": "表内：空表须有空表说明",
    "table.carryover": "表内：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
    # cross-table identities (audit/table_cross.py)
    "cross.same_figure": "表间：同一数字在各表中一致",
    "cross.within_all_funds": "表间：财政拨款支出不超过全部资金支出（逐行）",
    "cross.appropriation_balance": "表间：财政拨款收入 + 年初结转 = 财政拨款支出 + 年末结转",
    "cross.three_public_basic": "表间：基本支出中的“三公”各项不超过“三公”经费表",
    # narrative against table (audit/table_narrative.py)
    "narrative.table_figure": "表文一致：情况说明中的数字与公开表一致",
    "narrative.table_basis": "表文一致：情况说明引用了其他口径的数字",
    "narrative.table_functional": "表文一致：情况说明中的科目金额与同口径公开表一致",
    "narrative.table_share": "表文一致：表述的占比与按公开表重算的占比一致",
    "narrative.table_growth": "表文一致：表述的增长率与按公开表重算的增长率一致",
    # sums the narrative states (audit/narrative_sums.py)
    "narrative.item_budgets": "文中所列各项年初预算之和等于所述年初预算总数",
    "narrative.item_amounts": "文中所列各项决算数之和等于所述一般公共预算财政拨款支出",
    "narrative.reserved_procurement": "小微企业、预留份额等采购金额不超过其所属总额",
}

# Rules whose finding compares two copies of one figure, date or name: neither copy is "right".
COPY_RULES: frozenset[str] = frozenset(
    {
        "repeat.figure",
        "repeat.project",
        "repeat.functional",
        "repeat.code_name",
        "repeat.passage",
        "repeat.functional_paragraph",
    }
)

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# 类/款/项: the three levels of the 政府收支分类科目 (3-, 5- and 7-digit codes)
LEVEL_LABELS: dict[str, str] = {"class": "类", "section": "款", "item": "项"}

ROUNDING_NOTE = "（在四舍五入误差内）"


def rule_title(rule: str, fallback: str = "") -> str:
    """The Chinese title of a rule id; an unknown id falls back to `fallback` (else the id)."""
    return RULE_TITLES.get(rule) or fallback or rule


def finding_title(rule: str, severity: str, english_title: str = "") -> str:
    """A finding's Chinese title; an info finding within rounding says so."""
    title = rule_title(rule, english_title)
    if severity == "info" and english_title.endswith("(rounding)") and rule in RULE_TITLES:
        title += ROUNDING_NOTE
    return title


def severity_label(severity: str) -> str:
    """错误 / 警告 / 提示 for error / warning / info."""
    return SEVERITY_LABELS.get(severity, severity)


def level_label(level: str | None) -> str:
    """类 / 款 / 项 for class / section / item (unknown levels unchanged, None empty)."""
    if level is None:
        return ""
    return LEVEL_LABELS.get(level, level)


def source_label(source: str | None) -> str:
    """正文 for narrative; 表格 (with the table's title when known) for `table` / `table:<title>`."""
    if not source:
        return ""
    if source == "narrative":
        return "正文"
    if source == "table" or source.startswith("table:"):
        title = source.partition(":")[2].strip()
        return f"表格（{title}）" if title else "表格"
    return source

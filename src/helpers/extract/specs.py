"""The canonical figures of the national template and the wordings that state them.

Keys are identical for every department and year so that tables join across disclosures.
Each spec lists label patterns (regular expressions over normalised text) in the template's
national and provincial wordings; `restatement` patterns only find repeated statements
(e.g. in an attached evaluation report) and never supply the primary figure.
"""

from __future__ import annotations

from dataclasses import dataclass

Q_OPEN = "[“\"‘'「『]?"
Q_CLOSE = "[”\"’'」』]?"
SANGONG = f"{Q_OPEN}三公{Q_CLOSE}"
PAREN_JING = "[（(]境[）)]"


@dataclass(frozen=True)
class FactSpec:
    """How to find one canonical figure."""

    key: str
    label: str
    patterns: tuple[str, ...]
    kind: str = "money"  # money | count
    units: tuple[str, ...] = ()
    share_of: str | None = None  # key of the template denominator of a stated share
    scope: str | None = None  # regex the enclosing section titles must match
    restatement: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()  # a narrower wording that supplies the figure only when no other does
    # a figure stated earlier in the same sentence whose label this one's abbreviates: "财政拨款收入总计
    # X 万元，支出总计 X 万元" — the bare 支出总计 is the 财政拨款 one, not this key
    not_after: str | None = None
    empty_statement: str | None = None  # core words of a "没有…支出" statement meaning zero
    extra: bool = False  # not in the required list of the issue, but part of the template


MONEY_UNITS = ("万元", "元", "亿元", "千元", "万")
# A label followed directly by its value (no 合计/总额 word): "本年收入 400.00 万元".
_BEFORE_VALUE = r"(?=[\s:：为是共计达]*\d)"
_APPROPRIATION_TOTAL = r"财政拨款(?:收、支|收支|收入、支出|收入支出|收入|支出)(?:决算)?总计"
# 总收入/总支出 right after the subject or the year ("本单位2021年度总收入"), not "项目总支出".
_AFTER_SUBJECT = r"(?:(?<=年度)|(?<=年)|(?<=单位)|(?<=部门)|(?<![\u4e00-\u9fff]))"

FACT_SPECS: tuple[FactSpec, ...] = (
    FactSpec(
        "total",
        "收、支总计",
        (
            r"(?<!拨款)(?<!拨款收入)(?:收、支|收支|收入、支出|收入支出|收入与支出)(?:决算)?总计",
            r"(?<![拨款本年])收入(?:决算)?总计",
            # "收入支出总体与上年相比，增加 58.21 万元" (Urumqi 2023), not the heading "…总体情况说明"
            r"(?<!拨款)(?:收、支|收支|收入、支出|收入支出)(?:决算)?总体(?!情况)",
            # the 单位决算 template (Guangxi): "本单位2021年度总收入 500.00 万元"
            rf"{_AFTER_SUBJECT}总收入",
        ),
        restatement=(r"(?<=[，,；;。\s])总计",),
        not_after=_APPROPRIATION_TOTAL,
    ),
    FactSpec(
        "total_expenditure_side",
        "支出总计",
        (
            r"(?<![拨款本年])支出(?:决算)?总计",
            rf"{_AFTER_SUBJECT}总支出",
        ),
        extra=True,
        not_after=_APPROPRIATION_TOTAL,
    ),
    FactSpec(
        "income_total",
        "本年收入合计",
        (r"本年收入(?:决算)?合计", rf"本年收入{_BEFORE_VALUE}", r"(?<=年度)收入(?:决算)?合计"),
        restatement=(r"(?<![本年])收入(?:决算)?合计",),
    ),
    FactSpec(
        "income_appropriation",
        "财政拨款收入",
        (r"(?<![预算])(?<!预算财政)(?<!基金)(?<!经营)财政拨款收入(?!总计|合计|支出|决算总计)",),
        share_of="income_total",
        extra=True,
    ),
    FactSpec(
        "income_general_budget",
        "一般公共预算财政拨款收入",
        (r"一般公共预算财政拨款(?:收入)",),
        share_of="income_total",
    ),
    FactSpec(
        "income_gov_fund",
        "政府性基金预算财政拨款收入",
        (r"政府性基金预算财政拨款收入",),
        share_of="income_total",
        extra=True,
    ),
    FactSpec(
        "income_state_capital",
        "国有资本经营预算财政拨款收入",
        (r"国有资本经营预算财政拨款收入",),
        share_of="income_total",
        extra=True,
    ),
    FactSpec(
        "income_superior_subsidy", "上级补助收入", (r"上级补助收入",), share_of="income_total", extra=True
    ),
    FactSpec("income_business", "事业收入", (r"(?<![非])事业收入",), share_of="income_total", extra=True),
    FactSpec("income_operating", "经营收入", (r"(?<![非])经营收入",), share_of="income_total", extra=True),
    FactSpec(
        "income_affiliated", "附属单位上缴收入", (r"附属单位上缴收入",), share_of="income_total", extra=True
    ),
    FactSpec("income_other", "其他收入", (r"其他收入",), share_of="income_total", extra=True),
    FactSpec(
        "non_appropriation_balance_used",
        "使用非财政拨款结余",
        (r"使用非财政拨款结余(?:和专用结余|[（(]含专用结余[）)])?",),
        extra=True,
    ),
    FactSpec(
        "carryover_begin",
        "年初结转和结余",
        (r"(?<!财政拨款)年初结转(?:和)?结余", r"(?<!财政拨款)(?<![本今])上年结转(?:和)?结余"),
    ),
    FactSpec("carryover_end", "年末结转和结余", (r"(?<!财政拨款)年末结转(?:和)?结余",), extra=True),
    FactSpec(
        "expenditure_total",
        "本年支出合计",
        (r"本年支出(?:决算)?合计", rf"本年支出{_BEFORE_VALUE}", r"(?<=年度)支出(?:决算)?合计"),
        restatement=(r"(?<![本年])支出(?:决算)?合计",),
    ),
    FactSpec(
        "expenditure_basic", "基本支出", (r"(?<!拨款)(?<!财政拨款)基本支出",), share_of="expenditure_total"
    ),
    FactSpec(
        "expenditure_project", "项目支出", (r"(?<![”\"’'」』拨款的])项目支出",), share_of="expenditure_total"
    ),
    FactSpec(
        "expenditure_remit_superior",
        "上缴上级支出",
        (r"上缴上级支出",),
        share_of="expenditure_total",
        extra=True,
    ),
    FactSpec(
        "expenditure_operating", "经营支出", (r"(?<![非])经营支出",), share_of="expenditure_total", extra=True
    ),
    FactSpec(
        "expenditure_affiliated_subsidy",
        "对附属单位补助支出",
        (r"对附属单位补助支出",),
        share_of="expenditure_total",
        extra=True,
    ),
    # A Jiangsu budget's third use of funds beside 基本支出 and 项目支出 (js_*_2019 budgets: "单位预留
    # 机动经费 2557.89 万元，占 13.95%"); its 支出预算合计 = 基本 + 项目 + 预留机动经费.
    FactSpec(
        "expenditure_reserve",
        "单位预留机动经费",
        (r"(?:单位)?预留机动经费",),
        share_of="expenditure_total",
        extra=True,
    ),
    FactSpec(
        "appropriation_total",
        "财政拨款收、支总计",
        (r"财政拨款(?:收、支|收支|收入、支出|收入支出)(?:决算)?总计", r"财政拨款收入(?:决算)?总计"),
    ),
    FactSpec(
        "general_budget_expenditure",
        "一般公共预算财政拨款支出",
        (r"一般公共预算财政拨款支出(?:决算)?", r"一般公共预算(?:财政拨款)?支出决算(?:数)?"),
        share_of="expenditure_total",
    ),
    FactSpec("general_budget_basic", "一般公共预算财政拨款基本支出", (r"一般公共预算财政拨款基本支出",)),
    FactSpec("personnel_expenditure", "人员经费", (r"人员经费(?:合计)?",)),
    FactSpec("public_expenditure", "日常公用经费", (r"(?:日常)?公用经费(?:合计)?",)),
    FactSpec(
        "three_public_total",
        "“三公”经费",
        (rf"{SANGONG}经费{Q_CLOSE}[）)]?(?:财政拨款)?(?:支出)?",),
        scope="三公",
        empty_statement=rf"{SANGONG}经费",
    ),
    FactSpec(
        "three_public_abroad",
        "因公出国（境）费",
        (rf"因公出国(?:{PAREN_JING})?(?:(?:经)?费(?:用)?|(?=(?:决算)?支出))",),
        share_of="three_public_total",
        scope="三公",
        empty_statement=rf"因公出国(?:{PAREN_JING})?",
    ),
    FactSpec(
        "three_public_vehicle",
        "公务用车购置及运行维护费",
        (r"公务用?车购置及运(?:行(?:维护|[（(]维护[）)])?|维)费",),
        share_of="three_public_total",
        scope="三公",
        empty_statement=r"公务用车购置及运(?:行|维)",
    ),
    FactSpec(
        "three_public_vehicle_purchase",
        "公务用车购置费",
        (r"(?:公务用车|车辆)购置(?:费|支出)",),
        share_of="three_public_total",
        scope="三公",
        extra=True,
        empty_statement=r"(?:公务用车|车辆)购置(?!及)",
    ),
    FactSpec(
        "three_public_vehicle_operation",
        "公务用车运行维护费",
        (r"(?<!购置及)(?:公务用车|车辆)运行(?:维护|[（(]维护[）)])?(?:费(?:用)?|支出)",),
        share_of="three_public_total",
        scope="三公",
        extra=True,
    ),
    FactSpec(
        "three_public_reception",
        "公务接待费",
        (r"公务接待(?:费(?:用)?|(?=(?:决算)?支出))",),
        share_of="three_public_total",
        scope="三公",
        empty_statement=r"公务接待",
    ),
    FactSpec(
        "gov_fund_expenditure",
        "政府性基金预算财政拨款支出",
        (r"政府性基金预算(?:财政)?拨款(?:安排的)?支出",),
        empty_statement=r"政府性基金预算(?:财政)?拨款",
    ),
    FactSpec(
        "state_capital_expenditure",
        "国有资本经营预算财政拨款支出",
        (r"国有资本经营预算(?:财政)?拨款(?:安排的)?支出",),
        empty_statement=r"国有资本经营预算(?:财政)?拨款",
    ),
    FactSpec(
        "admin_operating_cost",
        "机关运行经费",
        (r"机关运行经费(?:支出)?",),
        # "本单位为事业单位，无机关运行经费支出", "机关运行经费支出为零"
        empty_statement=r"机关运行",
    ),
    FactSpec(
        "procurement_total",
        "政府采购支出总额",
        (
            r"政府采购(?:支出)?(?:总额|合计|总计)",
            # Shanghai 2024: "政府采购金额（以合同签订为准）为 X 万元"
            r"政府采购(?:支出)?(?:合同)?金额(?:[（(][^（）()\d]{1,12}[）)])?",
            rf"政府采购支出{_BEFORE_VALUE}",
        ),
        empty_statement=r"政府采购",  # "2022年度本部门无政府采购支出"
    ),
    FactSpec(
        "procurement_goods", "政府采购货物支出", (r"(?:政府采购)?货物(?:采购)?(?:支出)?",), scope="政府采购"
    ),
    FactSpec(
        "procurement_works", "政府采购工程支出", (r"(?:政府采购)?工程(?:采购)?(?:支出)?",), scope="政府采购"
    ),
    FactSpec(
        "procurement_services",
        "政府采购服务支出",
        (r"(?:政府采购)?(?<![务])服务(?:采购)?(?:支出)?",),
        scope="政府采购",
    ),
    FactSpec(
        "procurement_sme",
        "授予中小企业合同金额",
        (
            r"授予中小(?:微)?企业(?:的)?(?:合同)?(?:金额)?",
            # "由中小企业供应商中标或成交的，采购金额 X 万元"
            r"中小(?:微)?企业(?:供应商)?(?:中标|成交)(?:或(?:中标|成交))?的?[，,]?\s*(?:采购|合同)?金额",
        ),
        share_of="procurement_total",
    ),
    FactSpec(
        "vehicles",
        "车辆数",
        (
            r"(?:共有|实有|现有|拥有)(?:公务)?车辆",
            r"(?:共有|实有|现有|拥有)公务用?车(?!运行|购置)",
            r"车辆(?:总数|合计)",
        ),
        kind="count",
        units=("辆",),
        # the 三公 section's fleet of official vehicles, when the assets section gives no count
        secondary=(r"(?:公务用?车|车辆)保有量", r"保有(?:公务用?车|车辆)"),
    ),
    FactSpec(
        "staff_authorized",
        "编制数",
        (r"(?:核定|行政|事业|参公|机关|工勤)?编制(?:人数|数)?(?:共|为)?",),
        kind="count",
        units=("个", "名", "人"),
    ),
    FactSpec(
        "staff_actual",
        "年末实有人数",
        (r"年末实有(?:在职)?(?:人数|人员)?", r"(?<!编制)实有(?:在职)?人数"),
        kind="count",
        units=("人", "名"),
    ),
)

SPEC_BY_KEY = {spec.key: spec for spec in FACT_SPECS}
REQUIRED_KEYS = tuple(spec.key for spec in FACT_SPECS if not spec.extra)

# 财政拨款收入 stated as one lump is a source of 本年收入合计 too, but it is the sum of the first three
# sources, so it is not one of the parts below.
INCOME_LUMP_KEYS = ("income_appropriation",)

# The parts of the template's two totals (本年收入合计 by source, 本年支出合计 by kind), in template order:
# the audit checks that they add up, the charts draw them as the total's structure.
INCOME_SOURCE_KEYS = (
    "income_general_budget",
    "income_gov_fund",
    "income_state_capital",
    "income_superior_subsidy",
    "income_business",
    "income_operating",
    "income_affiliated",
    "income_other",
)
EXPENDITURE_PART_KEYS = (
    "expenditure_basic",
    "expenditure_project",
    "expenditure_remit_superior",
    "expenditure_operating",
    "expenditure_affiliated_subsidy",
    "expenditure_reserve",
)

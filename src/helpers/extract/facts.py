"""Find every statement of each canonical figure and choose the canonical one.

A statement ("mention") is a label followed by its value: "机关运行经费支出 12.34 万元".
What follows the value in the same sentence (and a directly following comparison sentence)
adds its attributes: "占 45.67%", "完成预算 98.5%", "比 2020 年增加 1.2 万元，增长 10.77%".
The canonical fact of a key is its first mention in the 情况说明 part (or, when the part
structure is missing, its first mention anywhere); the other mentions are kept for the audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import cache

from ..document import Document
from ..quantities import NUMBER_PATTERN, parse_decimal
from .model import Fact, Mention, Source
from .specs import FACT_SPECS, MONEY_UNITS, SPEC_BY_KEY, FactSpec

NUM = NUMBER_PATTERN
# "1.8万" in a 万元 table, but not "1.2万人次". (A lookahead over the whole CJK block would cost
# ~1.5 ms of regex compilation per pattern; the short list of count units is enough.)
MONEY = r"(?:万元|亿元|千元|元|万(?!人|件|户|次|册|吨|亩|家|元|个|辆|台|名|平))"
FILL = r"(?:\s|[:：]|为|是|各|均|分别|共|计|达|了|合计|总额|决算数|决算|支出|实际|金额|共有|财政拨款|数)*?"
# "预算为 B 万元，决算为 V 万元"; with two budgets ("年初预算为 0 万元，全年预算为 B2 万元，支出决算为 V
# 万元") the later, adjusted one is the budget the actual is measured against.
BUDGET_FIRST = (
    rf"{FILL}(?:年初|全年|调整后?)?预算(?:数)?(?:为|是|[:：])?\s*(?P<bnum>{NUM})\s?(?P<bunit>{MONEY})[，,]\s*"
    rf"(?:(?:全年|调整后?|年中|变动后?)预算(?:数)?(?:为|是|[:：])?\s*(?P<bnum2>{NUM})\s?{MONEY}[，,]\s*)?"
    r"(?:(?:实际)?(?:支出)?决算(?:数)?|实际支出(?:数)?)(?:为|是|[:：])?\s*"
)
COMPARE_LEAD = (
    r"(?:(?:比|较|与|同|于|和)\s*(?:上年|上一年度?|去年|上年度|(?:19|20)\d{2}\s*年度?)(?:决算(?:数字?)?)?"
    r"(?:相比|比较|同期相比|对比)?|(?:按同口径)?同比)"
)
DIRECTION_UP = ("增加", "增长", "上升", "提高")
DIRECTION_DOWN = ("减少", "下降", "降低", "减小")
_DIR = "增加|增长|上升|提高|减少|下降|降低|减小"
# A template alternative left in after the direction word: "下降（增长）20.00%" reads as 下降.
_ALT = rf"(?:[（(](?:{_DIR})[）)])?"
FLAT = r"持平|没有增减变化|无增减变化|未发生变化|没有变化|无变化"
# A second figure of a pair: "各减少 210.30, 198.60 万元", "各下降 12.15%、11.45%".
_SECOND = rf"(?(each)(?:\s*(?:万元|%)?\s*[,，、和]\s*(?P<num2>{NUM}))?|)"
# A bare growth rate ("增长 33.3"): a number not followed by a unit.
_BARE = r"(?![\d.]|\s*[万亿千元个人辆项家次名件台套户所天年月日倍‰])"
# A minus sign written after the direction word ("下降-81.75%", Kunming 2018) repeats the direction of a
# fall; after a rise word ("增长-5%") it is the sign of the figure. Either way the figure is negative.
_MINUS = r"(?P<minus>[-－−])?"

# A rate the text declares undefined: "--%", "增长--(基数为0,不可比)".
_NOT_COMPARABLE = r"-{2,}\s*%?\s*(?:[（(][^（）()]{0,20}[）)])?"
_UNDEFINED_RATE = re.compile(rf"(?:增长|下降|增加|减少)?\s*{_NOT_COMPARABLE}")
_SHARE = re.compile(
    rf"占(?P<of>[^，,；;。%\d]{{0,25}}?)(?:的)?(?:比(?:重|例)(?:为)?)?\s*(?P<num>{NUM})\s*(?P<pct>%)?"
)
# "占总预算比为 66.22%" (Honghe 2021): a share of the budget is the completion rate, not a share of a total.
_OF_BUDGET = re.compile(r"(?:总|年初|全年|调整后?)?预算(?:数)?(?:的)?(?:比|比例|比重)?(?:为)?")
_COMPLETION = re.compile(
    rf"(?:(?:完成|达到)(?:了)?(?:年初|全年|调整后?)?预算(?:数)?"
    # "预算执行率为 50%", "预算完成率 50%", "为年初预算的 50%"
    rf"|(?:年初|全年|调整后?)?(?:预算)?(?:完成|执行)率(?:为|是|达)?|为(?:年初|全年|调整后?)?预算(?:数)?(?=的))"
    rf"(?:\s*(?P<budget>{NUM})\s?(?:万元|亿元|千元|元)\s*)?(?:的)?\s*(?:(?P<num>{NUM})\s*(?P<pct>%)?|{_NOT_COMPARABLE})"
)
_BUDGET = re.compile(
    rf"(?:年初|全年|调整后?)?预算(?:数)?(?:为|是|[:：])?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
)
_NO_BUDGET = re.compile(
    r"(?:(?:19|20)\d{2}\s*年)?(?:度)?(?:也|均)?(?:没有|无|未安排|未编制)[^，,。；;\d]{0,25}?预算"
)
_LEAD = re.compile(COMPARE_LEAD)
_CHANGE = re.compile(
    rf"(?:(?P<each>各|分别)|共)?(?P<dir>{_DIR}){_ALT}(?:了)?\s*{_MINUS}(?P<num>{NUM}){_SECOND}\s?(?P<unit>{MONEY})"
)
_GROWTH = re.compile(
    rf"(?P<each>各|分别)?(?P<dir>{_DIR}){_ALT}(?:了)?(?:幅度为?)?\s*{_MINUS}(?P<num>{NUM})\s*(?P<pct>%){_SECOND}\s*%?"
    rf"|(?:各|分别)?(?P<bdir>增长|下降|上升|降低){_ALT}(?:了)?(?:幅度为?)?\s*(?P<bnum>{NUM}){_BARE}"
)
# The prior year's figure stated as a clause of its own before the change:
# "…决算为 10 万元，上年为 12 万元，减少 2 万元".
_PRIOR_CLAUSE = re.compile(
    rf"(?:上年|去年|上一年度?|上年度|(?:19|20)\d{{2}}\s*年度?)(?:决算)?(?:数)?(?:为|是)\s*(?:{NUM})\s?{MONEY}"
)
# A rate named by a noun: "增幅 12.31%", "降幅为 9.88%", "增长率为 11.11%", "下降率 5%".
_RATE_NOUN = re.compile(
    rf"(?:同比)?(?P<rdir>增幅|涨幅|升幅|降幅|减幅|跌幅|(?:增长|上升|下降|降低|减少)(?:率|比例|比率))"
    rf"(?:为|是|达)?\s*{_MINUS}(?P<num>{NUM})\s*%"
)
# The prior year's figure between a comparison lead and its direction: "较上年2.08减少0.03万元",
# "比2021年度的 18.00 万元增加 2.00 万元".
_PRIOR_AMOUNT = re.compile(
    rf"(?:上年|去年|上年度)?(?:的)?(?:累计)?(?:支出|决算)?(?:数)?(?:为)?\s*(?:{NUM})\s?(?:{MONEY})?\s*(?=(?:{_DIR})|{FLAT}|少|多)"
)
# After the prior figure, 少/多 state the direction: "比去年3.01万元少0.07万元".
_LESS_MORE = re.compile(rf"(?P<dir>少|多)(?:了)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})")
# A comparison with the budget ("比预算增加 0 万元") is not the change against the prior year.
_VS_BUDGET = re.compile(
    rf"(?:比|较|与)(?:上年|上一年度?|去年|(?:19|20)\d{{2}}\s*年度?)?(?:年初|全年|调整后?)?预算(?:数字?)?(?:相比)?[，,]?\s*"
    rf"(?:(?:{_DIR}){_ALT}(?:了)?\s*(?:{NUM})\s?(?:{MONEY}(?:[，,]\s*(?:{_DIR})\s*(?:{NUM})\s*%)?|%)"
    rf"|{FLAT}|无增减变化)"
)
# A clause describing the figure, without numbers, before the sentence (or, in a sentence of one figure,
# the clause after a semicolon) that compares it: "…收入 382.17 万元，为市本级财政当年拨付的资金。较2020年度
# 决算数减少 …", "机关运行经费支出 30 万元，主要用于办公费；比上年增加 3 万元".
_DESCRIPTION = re.compile(r"[^\d。；;\n]{1,120}?(?=[。；;])")
# An aside in brackets that splits a figure ("(其中,一般公共预算 X 万元,…)") does not end its tail.
_ASIDE = re.compile(r"[（(](?:其中|含|包括)[^（）()]{0,160}[）)]")
_FLAT = re.compile(FLAT)
_SUBJECT = re.compile(r"[^\d，,。；;%]{0,30}?(?=(?:各|分别|共)?(?:" + _DIR + "|" + FLAT + "))")
_SEPARATOR = re.compile(r"\s*[，,、]?\s*")


@dataclass
class _Tail:
    """Attributes read after a value."""

    change: Decimal | None = None
    growth_pct: Decimal | None = None
    share_pct: Decimal | None = None
    completion_pct: Decimal | None = None
    budget: Decimal | None = None
    direction: str | None = None
    percent_sign_missing: list[str] = field(default_factory=list)
    end: int = 0
    change2: Decimal | None = None  # the second figure of a pair ("各减少 A, B 万元")
    growth2: Decimal | None = None


@cache
def _label_regexes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((spec.key, re.compile("|".join(spec.patterns))) for spec in FACT_SPECS if spec.patterns)


def subject_keys(subject: str) -> set[str]:
    """Keys whose label a comparison's subject names ("收入总计" → total)."""
    return {key for key, regex in _label_regexes() if regex.search(subject)}


def _names_other(subject: str, key: str, label: str) -> bool:
    """True when a comparison's subject names a figure other than `key` (stated by `label`)."""
    subject = subject.strip(" ，,、")
    if not subject or (label and label.endswith(subject)):
        return False
    keys = subject_keys(subject)
    return bool(keys) and key not in keys


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \n":
        pos += 1
    return pos


def _signed(direction: str, number: Decimal, minus: str | None = None) -> Decimal:
    return -number if direction in DIRECTION_DOWN or minus else number


def _single_subject(text: str, pos: int) -> bool:
    """True when the sentence up to `pos` states one figure, not a 其中 list of several: a comparison
    after its semicolon ("公务接待费预算为1万元，支出决算为0.53万元，完成预算的47%；较上年减少0.47万元")
    is then this figure's; after a list it could be the list head's."""
    begin = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    return "其中" not in text[begin:pos]


def parse_tail(
    text: str, pos: int, *, allow_next_sentence: bool = True, key: str | None = None, label: str = ""
) -> _Tail:
    """Read share, completion, budget and change clauses that follow a value at `pos`.

    With `key` (and the `label` text that stated the value), a comparison that names another
    figure ("…年初结转和结余 80 万元，与上年相比收入总计减少 …") ends the tail instead of being
    attached to this one.
    """
    tail = _Tail(end=pos)
    start = pos
    hopped = False
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        pos = sep.end() if sep else pos
        if pos >= len(text):
            break
        if aside := _ASIDE.match(text, pos):
            pos = aside.end()
            continue
        if (
            allow_next_sentence
            and not hopped
            and (text[pos] in "。\n" or (text[pos] in "；;" and _single_subject(text, start)))
        ):
            nxt = pos + 1
            while nxt < len(text) and text[nxt] in " \n":
                nxt += 1
            if _LEAD.match(text, nxt):
                pos, hopped = nxt, True
                continue
            break
        if (
            allow_next_sentence
            and not hopped
            and tail.end == start
            and (described := _DESCRIPTION.match(text, pos))
            and (text[described.end()] == "。" or _single_subject(text, start))
            and _LEAD.match(text, _skip_blank(text, described.end() + 1))
        ):
            pos = described.end()
            continue
        if text[pos] in "；;。\n（(":
            break
        if (
            (m := _SHARE.match(text, pos))
            and _OF_BUDGET.fullmatch(m.group("of").strip())
            and tail.completion_pct is None
        ):
            tail.completion_pct = parse_decimal(m.group("num"))
            if not m.group("pct"):
                tail.percent_sign_missing.append("completion_pct")
        elif (m := _SHARE.match(text, pos)) and tail.share_pct is None:
            tail.share_pct = parse_decimal(m.group("num"))
            if not m.group("pct"):
                tail.percent_sign_missing.append("share_pct")
        elif (m := _COMPLETION.match(text, pos)) and tail.completion_pct is None:
            tail.completion_pct = parse_decimal(m.group("num")) if m.group("num") else None
            if m.group("budget") and tail.budget is None:  # "完成全年预算 84.82 万元的 73.2%"
                tail.budget = parse_decimal(m.group("budget"))
            if not m.group("pct"):
                tail.percent_sign_missing.append("completion_pct")
        elif (m := _NO_BUDGET.match(text, pos)) and tail.budget is None:
            tail.budget = Decimal(0)
        elif (m := _BUDGET.match(text, pos)) and tail.budget is None:
            tail.budget = parse_decimal(m.group("num"))
        elif (m := _VS_BUDGET.match(text, pos)) or (m := _UNDEFINED_RATE.match(text, pos)):
            pass
        elif m := _LEAD.match(text, pos):
            pos = _SEPARATOR.match(text, m.end()).end()
            if prior := _PRIOR_AMOUNT.match(text, pos):  # "较上年2.08减少0.03万元": the prior figure
                pos = prior.end()
                if (less := _LESS_MORE.match(text, pos)) and tail.change is None:
                    number = parse_decimal(less.group("num"))
                    tail.change = -number if less.group("dir") == "少" else number
                    tail.direction = "减少" if less.group("dir") == "少" else "增加"
                    pos = tail.end = less.end()
                    continue
            subject = _SUBJECT.match(text, pos)
            if subject and key is not None and _names_other(subject.group(0), key, label):
                break
            pos = subject.end() if subject else pos
            flat = _FLAT.match(text, pos)
            if flat:
                tail.change, tail.direction = Decimal(0), "持平"
                m = flat
            else:
                tail.end = max(tail.end, m.end())
                continue
        elif (m := _CHANGE.match(text, pos)) and tail.change is None:
            tail.change = _signed(m.group("dir"), parse_decimal(m.group("num")), m.group("minus"))
            if m.group("num2"):
                tail.change2 = _signed(m.group("dir"), parse_decimal(m.group("num2")))
            tail.direction = m.group("dir")
        elif (m := _GROWTH.match(text, pos)) and tail.growth_pct is None:
            direction = m.group("dir") or m.group("bdir")
            minus = m.group("minus") if m.group("num") else None
            tail.growth_pct = _signed(direction, parse_decimal(m.group("num") or m.group("bnum")), minus)
            if m.group("num2"):
                tail.growth2 = _signed(direction, parse_decimal(m.group("num2")))
            if m.group("bnum"):
                tail.percent_sign_missing.append("growth_pct")
            tail.direction = tail.direction or direction
        elif (m := _PRIOR_CLAUSE.match(text, pos)) and tail.change is None and tail.growth_pct is None:
            pass
        elif (m := _RATE_NOUN.match(text, pos)) and tail.growth_pct is None:
            direction = "减少" if m.group("rdir")[0] in "降减跌" else "增加"
            tail.growth_pct = _signed(direction, parse_decimal(m.group("num")), m.group("minus"))
            tail.direction = tail.direction or direction
        elif m := _FLAT.match(text, pos):
            tail.change, tail.direction = Decimal(0), "持平"
        else:
            break
        pos = m.end()
        tail.end = pos
    return tail


@cache
def _value_regex(pattern: str, kind: str, units: tuple[str, ...]) -> re.Pattern[str]:
    unit = "(?:" + "|".join(map(re.escape, units)) + ")" if units else MONEY
    return re.compile(rf"(?P<label>{pattern})(?:{BUDGET_FIRST}|{FILL})(?P<num>{NUM})\s?(?P<unit>{unit})")


def _labels(specs: tuple[FactSpec, ...]) -> str:
    """All label patterns as one alternation; group L<i> tells which spec matched."""
    return "|".join(f"(?P<L{i}>{'|'.join(spec.patterns)})" for i, spec in enumerate(specs) if spec.patterns)


@cache
def _change_regex() -> re.Pattern[str]:
    """ "<label>…与上年相比…增加 N 万元": one regex for every spec (compiling one per spec is slow)."""
    return re.compile(
        rf"(?:{_labels(FACT_SPECS)})[^\d。；;，,]{{0,8}}?(?:{_VS_BUDGET.pattern}[，,]\s*)?"
        rf"{COMPARE_LEAD}[，,]?\s*(?:各|分别)?"
        rf"(?:(?P<flat>{FLAT})|(?P<dir>{_DIR})(?:了)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY}))"
    )


@cache
def _lead_change_regex() -> re.Pattern[str]:
    """ "与上年相比，<label>各增加 N 万元" — the comparison sentence names the figure after the lead."""
    return re.compile(
        rf"{COMPARE_LEAD}[，,]?\s*(?:{_labels(FACT_SPECS)})[^\d。；;，,]{{0,4}}?(?:各|分别)?"
        rf"(?:(?P<flat>{FLAT})|(?P<dir>{_DIR})(?:了)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY}))"
    )


def _matched_spec(match: re.Match[str]) -> FactSpec:
    index = next(
        int(name[1:])
        for name, value in match.groupdict().items()
        if name.startswith("L") and name[1:].isdigit() and value is not None
    )
    return FACT_SPECS[index]


@cache
def _empty_regex(core: str) -> re.Pattern[str]:
    return re.compile(
        # not "无需公开…", "未单独核算…": those say nothing of the amount
        rf"(?:没有|无(?!需|须|法)|未(?!单独|公开|统计|核算|涉及)(?:发生|安排|使用)?)(?:使用|发生)?"
        rf"[^。；;，,\d]{{0,6}}?{core}"
        rf"[^。；;，,\d]{{0,16}}?(?:支出|经费|费用)(?:支出)?(?!预算)"
        # the label first: "因公出国(境)费用没有，原因是…", "公务用车购置费为零。"
        rf"|{core}[^。；;，,\d]{{0,8}}?(?:支出|经费|费用|费)(?:没有|为零|无)(?=[，,。；;])"
    )


def _after_in_sentence(text: str, pattern: str, offset: int) -> bool:
    """True when `pattern` occurs earlier in the sentence that holds `offset`."""
    start = max(text.rfind(ch, 0, offset) for ch in "。！？；;\n") + 1
    return re.search(pattern, text[start:offset]) is not None


# The template's instructions to the discloser, not statements: "无“三公”经费财政拨款支出的部门，作下述
# 说明：XX 局 2024 年度无“三公”经费财政拨款支出。" (the Shanghai final-accounts template, p.18).
_GUIDANCE_BEFORE = re.compile(
    r"的(?:部门|单位)?[，,][^。；;\n]{0,20}?(?:作|做|予以|进行)(?:下述|如下|以下|出)?(?:说明|表述)[:：]"
)
_GUIDANCE_AFTER = re.compile(r"[^。；;\n，,]{0,12}?的(?:部门|单位|[，,])")


def _template_guidance(text: str, start: int, end: int) -> bool:
    """True when the statement at text[start:end] describes which units a template instruction is
    for ("无…支出的部门，作下述说明", "无…支出的，仍保留该表格式") or is the sample wording that follows
    one ("作下述说明：…", on the same line or the next)."""
    if _GUIDANCE_AFTER.match(text, end):
        return True
    if _after_in_sentence(text, _GUIDANCE_BEFORE.pattern, start):
        return True
    line_start = text.rfind("\n", 0, start)
    if line_start < 0:
        return False
    previous = text[text.rfind("\n", 0, line_start) + 1 : line_start].rstrip()
    return _GUIDANCE_BEFORE.search(previous) is not None and re.search("[:：]$", previous) is not None


def _in_scope(document: Document, spec: FactSpec, offset: int) -> bool:
    """The scope word (e.g. 三公) is in the enclosing headings, in the paragraph itself, or in the
    title of a page that is only about it (a standalone “三公”经费 disclosure)."""
    if spec.scope is None or re.search(spec.scope, document.section_path(offset)):
        return True
    # a sub-heading of the 三公 section numbered like a section ("一、因公出国(境)经费") names its item
    heading = document.section_path(offset).rsplit(" / ", 1)[-1]
    if (also := _SCOPE_HEADINGS.get(spec.scope)) and re.search(also, heading):
        return True
    start, end = document.source.paragraph_bounds(offset)
    # the paragraph, and the few paragraphs before it up to the last numbered heading ("八、…")
    boundary = max((h.start for h in document.headings if h.level <= 2 and h.start <= start), default=0)
    if re.search(spec.scope, document.text[max(boundary, start - _SCOPE_LOOKBACK) : end]):
        return True
    return re.search(spec.scope, _title(document)) is not None


# Headings that are inside a scope although they do not name it: the 三公 items' own sub-headings.
_SCOPE_HEADINGS = {"三公": r"因公出国|公务用车|公务接待"}
_SCOPE_LOOKBACK = 600  # characters: a 三公 item's own paragraph follows the 三公 total's within a page


def _title(document: Document) -> str:
    lines = [line.strip() for line in document.source.normalized_lines if line.strip()]
    return "\n".join(lines[:2]) if not document.has_parts() else ""


def _make_mention(
    document: Document,
    spec: FactSpec,
    start: int,
    end: int,
    value_start: int,
    value: Decimal | None,
    unit: str | None,
    tail: _Tail,
) -> Mention:
    span = document.source.span(start, max(end, tail.end))
    return Mention(
        key=spec.key,
        label=spec.label,
        value=value,
        unit=unit,
        line=document.source.line_at(value_start),
        quote=span.quote,
        section=document.section_path(start),
        part=document.part_kind(start),
        change=tail.change,
        growth_pct=tail.growth_pct,
        share_pct=tail.share_pct,
        completion_pct=tail.completion_pct,
        budget=tail.budget,
        direction=tail.direction,
        share_of=spec.share_of if tail.share_pct is not None else None,
        percent_sign_missing=tail.percent_sign_missing,
        start=start,
        end=max(end, tail.end),
        value_start=value_start if value is not None else -1,
    )


# A label right after a change verb names the amount of a change ("……等原因，增加基本支出 844.15
# 万元", Jiangsu 2017 budget p. 23), never the figure itself.
_CHANGE_VERB_BEFORE = re.compile(r"(?:增加|减少|增长|下降|调增|调减|压减|节约|上升|降低)了?\s*$")


def find_mentions(document: Document) -> list[Mention]:
    """Every statement of every canonical figure, in document order."""
    text = document.text
    mentions: list[Mention] = _pair_mentions(document)
    pairs = [(m.start, m.end) for m in mentions]
    for spec in FACT_SPECS:
        units = spec.units if spec.kind == "count" else ()
        seen: set[int] = set()
        for part, patterns in (
            (None, spec.patterns),
            ("restatement", spec.restatement),
            ("secondary", spec.secondary),
        ):
            for pattern in patterns:
                for m in _value_regex(pattern, spec.kind, units).finditer(text):
                    if m.start("num") in seen or not _in_scope(document, spec, m.start()):
                        continue
                    if any(start <= m.start("num") < end for start, end in pairs):
                        continue
                    if spec.not_after and _after_in_sentence(text, spec.not_after, m.start()):
                        continue
                    if _CHANGE_VERB_BEFORE.search(text, max(0, m.start() - 4), m.start()):
                        continue  # "增加基本支出 844.15 万元": the change, not the figure
                    seen.add(m.start("num"))
                    tail = parse_tail(text, m.end(), key=spec.key, label=m.group("label"))
                    if m.group("bnum") is not None and tail.budget is None:
                        tail.budget = parse_decimal(m.group("bnum2") or m.group("bnum"))
                    mention = _make_mention(
                        document,
                        spec,
                        m.start(),
                        m.end(),
                        m.start("num"),
                        parse_decimal(m.group("num")),
                        m.group("unit"),
                        tail,
                    )
                    mention.part = part or mention.part
                    mentions.append(mention)
        if spec.empty_statement:
            for m in _empty_regex(spec.empty_statement).finditer(text):
                if not _in_scope(document, spec, m.start()) or _template_guidance(text, m.start(), m.end()):
                    continue
                # "本部门本年度无因公出国(境)支出，较上年无变化": the none statement's own comparison
                tail = parse_tail(text, m.end(), key=spec.key, label=m.group(0))
                mention = _make_mention(document, spec, m.start(), m.end(), m.start(), Decimal(0), None, tail)
                mention.direction = "none"
                mentions.append(mention)
    mentions += _fund_split_mentions(document)
    mentions += _budget_mentions(document)
    mentions += _change_mentions(document, mentions)
    mentions += _blanket_three_public(mentions)
    mentions = _drop_prior_year(document, mentions)
    mentions.sort(key=lambda x: (x.start, x.key))
    return _drop_shadowed(mentions)


# A year that opens the subject of a sentence ("2021年的三公经费决算数合计为 …"), not a comparison's.
_SUBJECT_YEAR = re.compile(r"(?<![较比与同于和至])(?<![较比与同于和至]\s)(?P<year>(?:19|20)\d{2})\s*年")


def _drop_prior_year(document: Document, mentions: list[Mention]) -> list[Mention]:
    """Figures of an earlier year restated for comparison ("2021年的三公经费决算数合计为 807.95 万，
    其中：…") are neither this year's figures nor restatements of them."""
    from .header import find_fiscal_year

    fiscal_year = find_fiscal_year(document)
    if fiscal_year is None:
        return mentions
    text = document.text
    kept = []
    for mention in mentions:
        if mention.value is not None:
            start = max(text.rfind(ch, 0, mention.start) for ch in "。！？；;\n") + 1
            years = [int(m.group("year")) for m in _SUBJECT_YEAR.finditer(text, start, mention.start)]
            if years and years[-1] < fiscal_year:
                continue
        kept.append(mention)
    return kept


# "收、支总计各是 A, B 万元": the income side is the total, the expenditure side its own key.
_PAIR = re.compile(
    rf"(?:(?:收、支|收支|收入、支出|收入和支出|收入支出|收入与支出)(?:决算)?总计|收入(?:决算)?总计[和与、]支出(?:决算)?总计)"
    rf"(?:数)?\s*(?:各|分别)(?:是|为)?\s*"
    rf"(?P<num>{NUM})(?!,\d{{3}}(?!\d))\s*(?:{MONEY})?\s*[,，、和]\s*(?P<num2>{NUM})\s?(?P<unit>{MONEY})"
)


def _pair_mentions(document: Document) -> list[Mention]:
    """Both totals of "收、支总计各是 A, B 万元 … 各减少 C, D 万元，各下降 E%、F%"."""
    text = document.text
    found = []
    for m in _PAIR.finditer(text):
        tail = parse_tail(text, m.end())
        side = _Tail(end=tail.end, change=tail.change2, growth_pct=tail.growth2, direction=tail.direction)
        for key, group, attributes in (("total", "num", tail), ("total_expenditure_side", "num2", side)):
            spec = SPEC_BY_KEY[key]
            found.append(
                _make_mention(
                    document,
                    spec,
                    m.start(),
                    m.end(),
                    m.start(group),
                    parse_decimal(m.group(group)),
                    m.group("unit"),
                    attributes,
                )
            )
    return found


# "财政拨款收入 1200 万元（其中，一般公共预算 1150 万元，政府性基金预算 50 万元…）"
_FUND_SPLIT = re.compile(
    rf"财政拨款(?P<side>收入|支出)(?:决算)?(?:数)?(?:为|是|共|合计)?\s*(?:{NUM})\s?{MONEY}\s*"
    r"[（(]\s*(?:其中|包括|含)[，,:：]?\s*(?P<body>[^（）()]{4,200})[）)]"
)
_FUND_ITEM = re.compile(
    rf"(?P<fund>一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?)(?:财政)?(?:拨款)?(?:收入|支出)?"
    rf"(?:决算)?(?:为|是|[:：])?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
)
_FUND_KEYS = {
    ("收入", "一般公共预算"): "income_general_budget",
    ("收入", "政府性基金"): "income_gov_fund",
    ("收入", "国有资本经营"): "income_state_capital",
    ("支出", "一般公共预算"): "general_budget_expenditure",
    ("支出", "政府性基金"): "gov_fund_expenditure",
    ("支出", "国有资本经营"): "state_capital_expenditure",
}


def _fund_split_mentions(document: Document) -> list[Mention]:
    """The split by fund in brackets after a 财政拨款收入/支出 lump (Zhejiang wording)."""
    text = document.text
    found = []
    for m in _FUND_SPLIT.finditer(text):
        for item in _FUND_ITEM.finditer(text, m.start("body"), m.end("body")):
            fund = next(f for side, f in _FUND_KEYS if item.group("fund").startswith(f))
            spec = SPEC_BY_KEY[_FUND_KEYS[(m.group("side"), fund)]]
            tail = parse_tail(text, item.end(), allow_next_sentence=False, key=spec.key)
            found.append(
                _make_mention(
                    document,
                    spec,
                    item.start(),
                    item.end(),
                    item.start("num"),
                    parse_decimal(item.group("num")),
                    item.group("unit"),
                    tail,
                )
            )
    return found


@cache
def _budget_regex() -> re.Pattern[str]:
    """ "<label>…预算为 B 万元" stated apart from the actual ("…预算为 30 万元，实际支出…决算为 12.5")."""
    return re.compile(
        rf"(?:{_labels(FACT_SPECS)})(?:财政拨款|支出|安排的?|[:：\s])*?(?:年初|全年|调整后?)?预算(?:数)?(?:安排)?"
        rf"(?:为|是|[:：])?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY})"
        r"(?![，,]\s*(?:(?:全年|调整后?|年中|变动后?)预算|(?:实际)?(?:支出)?决算))"
    )


def _budget_mentions(document: Document) -> list[Mention]:
    """A budget stated on its own: completes the fact of the same key (never its value)."""
    text = document.text
    found = []
    for m in _budget_regex().finditer(text):
        spec = _matched_spec(m)
        if spec.kind != "money" or not _in_scope(document, spec, m.start()):
            continue
        tail = _Tail(end=m.end(), budget=parse_decimal(m.group("num")))
        found.append(_make_mention(document, spec, m.start(), m.end(), m.start("num"), None, None, tail))
    return found


@cache
def _listed_change_regex() -> re.Pattern[str]:
    """ "…比上年减少 N 万元，其中：<label>…减少 M 万元；…": the items inherit the comparison."""
    return re.compile(
        rf"(?:{_labels(FACT_SPECS)})[^\d。；;，,]{{0,8}}?(?:各|分别)?"
        rf"(?:(?P<flat>{FLAT})|(?P<dir>{_DIR}){_ALT}(?:了)?\s*(?P<num>{NUM})\s?(?P<unit>{MONEY}))"
    )


_LISTED = re.compile(rf"{COMPARE_LEAD}[^。\n]*?(?:。\s*)?其中[:：，,]?")


def _listed_changes(text: str):
    """Matches of label + change inside the 其中 list of a comparison sentence."""
    for lead in _LISTED.finditer(text):
        ends = (text.find("。", lead.end()), text.find("\n", lead.end()))
        end = min((i for i in ends if i >= 0), default=len(text))
        yield from _listed_change_regex().finditer(text, lead.end(), end)


_CLAUSE_BREAK = "。！？；;\n"


def _stated_subject(document: Document, mentions: list[Mention], spec: FactSpec, label: str, at: int):
    """The figure a comparison's shortened subject refers to: "财政拨款收入总计 500 万元，…与上年相比
    收入总计减少 100 万元" talks about 财政拨款收入总计, the head of its sentence, not 收、支总计."""
    text = document.text
    start = max(text.rfind(ch, 0, at) for ch in _CLAUSE_BREAK) + 1
    for mention in sorted(mentions, key=lambda x: -x.start):
        if mention.value is None or not start <= mention.start < at or mention.key == spec.key:
            continue
        digit = re.search(r"\d", text[mention.start : at])
        stated_label = text[mention.start : mention.start + (digit.start() if digit else 0)]
        if label in stated_label and len(stated_label.strip()) > len(label):
            return SPEC_BY_KEY[mention.key]
    return spec


# The template's 三公 items: a blanket "无“三公”经费（财政拨款）支出" states each of them as 0.
THREE_PUBLIC_ITEM_KEYS = (
    "three_public_abroad",
    "three_public_vehicle",
    "three_public_vehicle_purchase",
    "three_public_vehicle_operation",
    "three_public_reception",
)


def _blanket_three_public(mentions: list[Mention]) -> list[Mention]:
    """Item mentions of 0 from a blanket none statement of the 三公 total, for items not stated otherwise."""
    blanket = [m for m in mentions if m.key == "three_public_total" and m.direction == "none"]
    if not blanket or any(m.key == "three_public_total" and m.direction != "none" for m in mentions):
        return []
    stated = {m.key for m in mentions if m.key in THREE_PUBLIC_ITEM_KEYS}
    head = blanket[0]
    added = []
    for key in THREE_PUBLIC_ITEM_KEYS:
        if key in stated:
            continue
        spec = SPEC_BY_KEY[key]
        mention = replace(head, key=key, label=spec.label, share_of=None, percent_sign_missing=[])
        added.append(mention)
    return added


def _change_mentions(document: Document, mentions: list[Mention]) -> list[Mention]:
    """Statements of a change without the value: "公务接待费支出决算与上年相比没有增减变化"."""
    text = document.text
    found = []
    seen: set[tuple[str, int]] = set()
    listed = list(_listed_changes(text))
    for m in [*_change_regex().finditer(text), *_lead_change_regex().finditer(text), *listed]:
        spec = _matched_spec(m)
        label = m.group(f"L{FACT_SPECS.index(spec)}")
        spec = _stated_subject(document, mentions, spec, label, m.start())
        if (spec.key, m.start()) in seen:
            continue
        seen.add((spec.key, m.start()))
        if not _in_scope(document, spec, m.start()):
            continue
        tail = _Tail(end=m.end())
        if m.group("flat"):
            tail.change, tail.direction = Decimal(0), "持平"
        else:
            tail.change = _signed(m.group("dir"), parse_decimal(m.group("num")))
            tail.direction = m.group("dir")
            rest = parse_tail(text, m.end(), allow_next_sentence=False)
            tail.growth_pct, tail.end = rest.growth_pct, max(rest.end, m.end())
        found.append(_make_mention(document, spec, m.start(), m.end(), m.start(), None, None, tail))
    return found


def _drop_shadowed(mentions: list[Mention]) -> list[Mention]:
    """Where two keys read the same number, keep the one whose label is longer (more specific)."""
    best: dict[tuple[int, int], Mention] = {}
    result = []
    for mention in mentions:
        if mention.value is None or mention.direction == "none":
            result.append(mention)
            continue
        anchor = (mention.line, mention.end, mention.value_start)
        current = best.get(anchor)
        if current is None or mention.start < current.start:
            best[anchor] = mention
    result.extend(best.values())
    result.sort(key=lambda x: (x.start, x.key))
    return result


def _primary_parts(document: Document) -> tuple[str, ...]:
    return ("explanation",) if document.has_parts() else ("explanation", "unknown")


def choose_facts(document: Document, mentions: list[Mention]) -> list[Fact]:
    """One fact per key: its primary value mention, completed by attributes stated elsewhere."""
    facts = []
    primary_parts = _primary_parts(document)
    for spec in FACT_SPECS:
        own = [m for m in mentions if m.key == spec.key]
        values = [m for m in own if m.value is not None and m.part not in ("restatement", "secondary")]
        values = values or [m for m in own if m.value is not None and m.part == "secondary"]
        numeric = [m for m in values if m.direction != "none"]
        ranked = (
            [m for m in numeric if m.part in primary_parts]
            or numeric
            or [m for m in values if m.part in primary_parts]
            or values
        )
        if not ranked:
            continue
        head = ranked[0]
        unit = head.unit or _document_money_unit(mentions) if spec.kind == "money" else head.unit
        fact = Fact(
            key=spec.key,
            label=spec.label,
            value=head.value,
            unit=unit,
            line=head.line,
            quote=head.quote,
            section=head.section,
            start=head.start,
            end=head.end,
        )
        for attr in ("change", "growth_pct", "share_pct", "completion_pct", "budget", "direction"):
            setattr(fact, attr, getattr(head, attr))
        _complete_attributes(
            fact, head, own, (*primary_parts, "secondary") if head.part == "secondary" else primary_parts
        )
        facts.append(fact)
    facts = _derive_general_budget_income(facts)
    _share_paired_change(document, facts)
    return _sum_staff_by_kind(document, mentions, facts)


def _share_paired_change(document: Document, facts: list[Fact]) -> None:
    """ "收入总计 A 万元，支出总计 B 万元，与上年相比，各增加 C 万元": 各 gives both totals the change."""
    by_key = {f.key: f for f in facts}
    income, expenditure = by_key.get("total"), by_key.get("total_expenditure_side")
    if income is None or expenditure is None:
        return
    sentence = document.source.sentence_bounds
    if sentence(income.start, income.end)[0] != sentence(expenditure.start, expenditure.end)[0]:
        return
    for giver, taker in ((expenditure, income), (income, expenditure)):
        if giver.change is None or taker.change is not None:
            continue
        if not re.search(rf"各(?:{_DIR})", document.text[giver.start : giver.end]):
            continue
        for attr in ("change", "growth_pct", "direction"):
            setattr(taker, attr, getattr(giver, attr))
        taker.attribute_sources["change"] = Source(line=giver.line, quote=giver.quote)


# 编制 stated by kind only ("行政编制 5 名，事业编制 10 名"): the department's 编制数 is their sum.
_STAFF_KIND = re.compile(r"(?:行政|事业|参公|机关|工勤)编制")


def _sum_staff_by_kind(document: Document, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
    """Replace a 编制数 read from one kind by the sum of the kinds stated in the same sentence, when
    the text states no total of its own (a figure labelled 编制数/核定编制/编制共)."""
    fact = next((f for f in facts if f.key == "staff_authorized"), None)
    if fact is None:
        return facts
    text = document.text
    left, right = document.source.sentence_bounds(fact.start, fact.end)
    own = [m for m in mentions if m.key == "staff_authorized" and m.value is not None]
    in_sentence = [m for m in own if left <= m.start < right]
    typed = [m for m in in_sentence if _STAFF_KIND.match(text, m.start)]
    if len(typed) < 2 or len(typed) != len(in_sentence) or len({m.value_start for m in typed}) < len(typed):
        return facts
    fact.value = sum((m.value for m in typed), Decimal(0))  # type: ignore[misc]
    span = document.source.span(typed[0].start, typed[-1].end)
    fact.quote, fact.end = span.quote, typed[-1].end
    return facts


_OTHER_FUNDS = (
    "income_gov_fund",
    "income_state_capital",
    "gov_fund_expenditure",
    "state_capital_expenditure",
)


def _derive_general_budget_income(facts: list[Fact]) -> list[Fact]:
    """财政拨款收入 stated as one lump is the 一般公共预算 income when the text states no other fund's
    money (政府性基金 and 国有资本经营 absent, nil or 0): the same figure, quote and line."""
    by_key = {f.key: f for f in facts}
    lump = by_key.get("income_appropriation")
    if lump is None or "income_general_budget" in by_key:
        return facts
    if any(by_key[k].value != 0 for k in _OTHER_FUNDS if k in by_key):
        return facts
    derived = Fact(
        **{**{f.name: getattr(lump, f.name) for f in fields(Fact)}, "key": "income_general_budget"}
    )
    derived.label = SPEC_BY_KEY["income_general_budget"].label
    derived.attribute_sources = dict(lump.attribute_sources)
    order = [spec.key for spec in FACT_SPECS]
    return sorted([*facts, derived], key=lambda f: order.index(f.key))


def _direction_of(change: Decimal) -> str:
    return "减少" if change < 0 else "增加" if change > 0 else "持平"


def _complete_attributes(
    fact: Fact, head: Mention, own: list[Mention], primary_parts: tuple[str, ...]
) -> None:
    """Fill attributes missing from the head mention from other mentions of the same figure."""
    for other in own:
        # a none statement ("无因公出国(境)支出，较上年无变化") completes a figure of 0 only
        if other is head or other.part not in primary_parts:
            continue
        if other.value is not None and other.value != head.value:
            continue
        for attr in ("change", "growth_pct", "share_pct", "completion_pct", "budget"):
            stated = getattr(other, attr)
            if stated is not None and getattr(fact, attr) is None:
                setattr(fact, attr, stated)
                fact.attribute_sources[attr] = Source(line=other.line, quote=other.quote)
                if attr in ("change", "growth_pct") and fact.direction is None:
                    fact.direction = other.direction if other.direction != "none" else _direction_of(stated)


def _document_money_unit(mentions: list[Mention]) -> str | None:
    units = [m.unit for m in mentions if m.unit in MONEY_UNITS]
    return max(set(units), key=units.count) if units else None

"""What the notebooks call: one context per department-year, and tables, findings and
narrative (in Chinese) ready to display. Notebooks stay thin: load, call, narrate, display."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .audit import Finding
from .audit.findings import sort_findings
from .audit.titles import COPY_RULES, finding_title, level_label, severity_label, source_label
from .compare import SOURCE_LABELS, YearComparison, compare_years, stated_changes_against_prior
from .extract.specs import FACT_SPECS
from .load import Disclosure, catalog_paths, load_prior, load_raw
from .paths import ProjectPaths
from .structure import Ratio, structural_ratios
from .template import BUDGET_TABLES, PUBLIC_TABLES, SECTIONS


@dataclass
class NotebookContext:
    """Everything a notebook of one department-year works with."""

    paths: ProjectPaths
    current: Disclosure
    prior: Disclosure | None
    baseline_year: int

    @property
    def department(self) -> str:
        return self.current.department

    @property
    def fiscal_year(self) -> int:
        return self.current.fiscal_year

    @property
    def is_budget(self) -> bool:
        """True for a budget (部门预算/单位预算): its figures are 预算数."""
        return self.current.raw.kind == "budget"

    @property
    def kind_label(self) -> str:
        """部门决算, or a budget's 部门预算 / 单位预算 (as `juesuan add` read it from the title)."""
        if not self.is_budget:
            return "部门决算"
        label = self.current.raw.sidecar.get("kind_label")
        return label if label in ("部门预算", "单位预算") else "部门预算"

    @property
    def value_label(self) -> str:
        """What the figures are: 预算数 for a budget, 决算数 for final accounts."""
        return "预算数" if self.is_budget else "决算数"

    @property
    def title(self) -> str:
        return f"{self.department}{self.fiscal_year}年度{self.kind_label}"

    @property
    def findings(self) -> list[Finding]:
        """Audit findings, plus this year's stated changes checked against the prior year."""
        findings = list(self.current.findings)
        if self.prior is not None:
            findings += stated_changes_against_prior(
                self.current.extraction, self.prior.extraction, self.baseline_year
            )
        return sort_findings(findings)


def open_context(
    department: str,
    fiscal_year: int,
    baseline_year: int | None = None,
    *,
    raw_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    reports_dir: str | Path | None = None,
    kind: str = "final_accounts",
) -> NotebookContext:
    """Load the department-year named by the notebook parameters (and its baseline year if held).

    The parameters are checked first (`helpers.parameters`): an unknown department or year, or a
    baseline year not earlier than the fiscal year, raises ParameterError with one line in Chinese
    and English that lists what the catalog holds. With `kind="budget"` the department-year's
    budget (<year>-budget.pdf|.txt) is loaded; a budget is never compared with a prior year.
    """
    from .parameters import check_baseline, check_disclosure

    paths = catalog_paths(raw_dir, processed_dir, reports_dir)
    if kind == "budget":
        return _budget_context(paths, department, fiscal_year)
    if kind != "final_accounts":
        from .errors import ParameterError

        raise ParameterError(
            f"参数 kind 应为 final_accounts 或 budget / kind must be final_accounts or budget, not {kind!r}"
        )
    year = check_disclosure(paths, department, fiscal_year)
    baseline = check_baseline(paths, department, year, baseline_year)
    current = load_raw(paths, department, year)
    return NotebookContext(paths, current, load_prior(paths, department, baseline), baseline)


# -- formatting ---------------------------------------------------------------------------------
def _budget_context(paths: ProjectPaths, department: str, fiscal_year: int) -> NotebookContext:
    from .catalog import find_raw, validate_department_id, validate_fiscal_year
    from .errors import ParameterError

    validate_department_id(department)
    year = validate_fiscal_year(fiscal_year)
    if find_raw(paths, department, year, "budget") is None:
        raise ParameterError(
            f"数据目录中没有部门 {department} {year} 年度的预算 / "
            f"no budget {department}/{year} under {paths.raw}"
        )
    return NotebookContext(paths, load_raw(paths, department, year, "budget"), None, year - 1)


def intro(ctx: NotebookContext, notebook: str) -> Any:
    """The opening paragraph of a notebook, worded for the document's kind (决算 or 预算)."""
    if notebook == "clean":
        if ctx.is_budget:
            text_ = (
                f"本笔记本读取一份{ctx.kind_label}公开的原始文件，识别编码、还原被换行和分页截断的数字与词语，"
                "从预算公开表和情况说明中提取标准指标（均为预算数）、功能分类和文中全部数字，并对其中的合计、"
                "占比和表间、表文一致逐一核对。每一个数字都注明页码和原文引文（或表格单元格），便于复核。"
            )
        else:
            text_ = (
                "本笔记本读取一份部门决算公开的原始文本，识别编码、还原被换行和分页截断的数字与词语，"
                "按全国统一模板提取标准指标、功能分类、项目绩效和文中全部数字，并对其中的合计、占比、"
                "增长率和重复数据逐一核对。每一个数字都注明原文行号和原文引文，便于复核。"
            )
        return markdown(text_)
    if notebook == "execution":
        if ctx.is_budget:
            return markdown("预算公开只列示预算数，没有执行数，预算执行比率不适用于本文件。")
        return markdown(
            "决算数与预算数之比；原文只给出完成率而未给出预算数的，列出原文表述，重算值为“无定义”。"
        )
    raise ValueError(f"no intro for {notebook!r}")


def text(value: Any) -> str:
    """A cell as text: decimals exactly as stated, absent values empty."""
    if _is_missing(value):
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_missing(value: Any) -> bool:
    """None, pandas.NA or a float NaN."""
    return value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and value != value)


class Table:
    """A typed table and its display.

    `.frame` is a pandas DataFrame with Chinese headings and proper dtypes: amounts, rates and
    other figures are Python `Decimal` objects at their stated precision (object columns: exact,
    `sum()` stays exact, `pd.to_numeric(..., downcast=None)` or `.floats()` gives floats to plot),
    counts and line numbers are nullable integers (`Int64`), codes and labels are strings
    (`string`), an absent figure is `<NA>`, never 0. Formatting is done only by the display
    (`_repr_html_`): decimals shown exactly as stated, numbers right-aligned, `blank` text for
    an absent value where it has a meaning (e.g. 无定义), `small` columns (English keys) in small type.
    """

    def __init__(
        self,
        frame,
        numeric: set[str],
        *,
        small: set[str] | None = None,
        wide: set[str] | None = None,
        blank: dict[str, str] | None = None,
    ):
        self.frame = frame
        self.numeric = numeric
        self.small = small or set()
        self.wide = wide or set()
        self.blank = blank or {}

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return self.frame.to_string()

    def floats(self):
        """A copy of the frame with every decimal column as float64 (for plotting, not for sums)."""
        import pandas as pd

        out = self.frame.copy()
        for column in self.numeric:
            out[column] = pd.to_numeric(out[column].map(lambda v: None if _is_missing(v) else float(v)))
        return out

    def _cell(self, column: str, value: Any) -> str:
        if _is_missing(value):
            return html.escape(self.blank.get(column, ""))
        return html.escape(text(value))

    def _css(self, column: str) -> str:
        classes = ["num" if column in self.numeric else "text"]
        if column in self.small:
            classes.append("key")
        if column in self.wide:
            classes.append("wide")
        return " ".join(classes)

    def _repr_html_(self) -> str:
        head = "".join(f'<th class="{self._css(c)}">{html.escape(str(c))}</th>' for c in self.frame.columns)
        body = []
        for number, row in zip(self.frame.index, self.frame.itertuples(index=False), strict=True):
            cells = "".join(
                f'<td class="{self._css(column)}">{self._cell(column, value)}</td>'
                for column, value in zip(self.frame.columns, row, strict=True)
            )
            body.append(f"<tr><th>{number}</th>{cells}</tr>")
        return (
            f'<table class="dataframe juesuan-table"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )


def _column_kind(values: list[Any]) -> str:
    """decimal | int | str | empty: the dtype a column of cell values gets."""
    present = [v for v in values if v is not None]
    if not present:
        return "empty"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, Decimal | int) and not isinstance(v, bool) for v in present):
        return "decimal"
    return "str"


def make_table(
    rows: list[dict[str, Any]],
    columns: dict[str, str],
    *,
    small: set[str] | None = None,
    wide: set[str] | None = None,
    blank: dict[str, str] | None = None,
) -> Table:
    """A typed table with Chinese column headings (`columns` maps row keys to headings).

    Decimal cells stay `Decimal` (ints among them become `Decimal`), all-int columns are `Int64`,
    others `string`; None is `<NA>`. `small`, `wide` and `blank` name row keys (see `Table`).
    """
    import pandas as pd

    data = {}
    numeric = set()
    for name, label in columns.items():
        values = [row.get(name) for row in rows]
        kind = _column_kind(values)
        if kind == "int":
            data[label] = pd.array(values, dtype="Int64")
            numeric.add(label)
        elif kind == "decimal":
            cells = [pd.NA if v is None else v if isinstance(v, Decimal) else Decimal(v) for v in values]
            data[label] = pd.Series(cells, dtype=object)
            numeric.add(label)
        elif kind == "empty":
            data[label] = pd.Series([pd.NA] * len(values), dtype=object)
        else:
            data[label] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    table = pd.DataFrame(data, columns=list(columns.values()))
    table.index = range(1, len(table) + 1)

    def labels(names: set[str] | None) -> set[str]:
        return {columns[n] for n in names or () if n in columns}

    blank_labels = {columns[n]: t for n, t in (blank or {}).items() if n in columns}
    return Table(table, numeric, small=labels(small), wide=labels(wide), blank=blank_labels)


TABLES = ("facts", "mentions", "functional", "projects", "indicators", "numbers", "checks")


def frame(ctx_or_rows, name_or_columns=None):
    """Any table of a department-year as a typed DataFrame, in one call: `frame(ctx, "facts")`.

    Names: facts, mentions, functional, projects, indicators, numbers (the extraction's tables,
    columns as in data/processed/, see `helpers.frames.SCHEMAS`) and checks (every finding,
    including this year's stated changes checked against the prior year). Decimals are `Decimal`,
    line numbers `Int64`. Raises ValueError (Chinese and English) for an unknown name.
    (Called with rows and a column mapping instead, it builds a display `Table`; see `make_table`.)
    """
    if not isinstance(ctx_or_rows, NotebookContext):
        return make_table(ctx_or_rows, name_or_columns)
    from .audit import checks_rows
    from .frames import extraction_tables, to_dataframe

    name = str(name_or_columns)
    if name not in TABLES:
        raise ValueError(
            f"没有名为“{name}”的数据表，可选：{'、'.join(TABLES)} / "
            f"no table {name!r}; tables: {', '.join(TABLES)}"
        )
    if name == "checks":
        rows = checks_rows(ctx_or_rows.findings)
    else:
        rows = extraction_tables(ctx_or_rows.current.extraction)[name]
    return to_dataframe(rows, name)


# A code span: a run of backticks closed by a run of the same length (CommonMark 6.1).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}
_MARKUP_CHARS = re.compile(r"[&<>\[\]\\]")


def inert_markdown(source: str) -> str:
    """Markdown in which no HTML, link, image or autolink can start: `& < > [ ] \\` outside code
    spans become character references (shown as themselves); code spans are escaped by the
    renderer. Every string from data (a disclosure, a sidecar, a file name) that reaches a
    Markdown output goes through here (notebook.markdown calls it)."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(source):
        parts.append(_MARKUP_CHARS.sub(lambda m: _MARKUP[m.group()], source[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_MARKUP_CHARS.sub(lambda m: _MARKUP[m.group()], source[last:]))
    return "".join(parts)


def markdown(source: str):
    """A Markdown output whose text cannot carry markup: notebooks pass f-strings holding data
    (department, project and file names), so the whole source is made inert (inert_markdown);
    emphasis, headings and code spans still work."""
    from IPython.display import Markdown

    return Markdown(inert_markdown(source))


# -- 清洗 -------------------------------------------------------------------------------------------
def _shown(ctx: NotebookContext, path: Path) -> Path:
    """A path relative to the project root (``../`` when outside it): reports hold no machine paths."""
    import os

    return Path(os.path.relpath(path, ctx.paths.root))


def source_summary(ctx: NotebookContext):
    raw = ctx.current.raw
    e = ctx.current.extraction
    counts = Counter(f.severity for f in ctx.findings)  # with the prior-year checks, as the index counts
    lines = [
        f"**资料来源**：`{_shown(ctx, raw.text_path)}`"
        f"（{raw.sidecar.get('origin')}，{raw.sidecar.get('size')} 字节，{_encoding_label(ctx)}）  ",
        f"**SHA-256**：`{raw.sha256}`  ",
        f"**部门**：{ctx.department}　**年度**：{ctx.fiscal_year}　**文件类型**：{ctx.kind_label}"
        f"{'（数字均为预算数）' if ctx.is_budget else ''}　**金额单位**：{e.unit or '未说明'}",
        "",
        f"共提取标准指标 {len(e.facts)} 项、功能分类 {len(e.functional)} 行、项目 {len(e.projects)} 个、"
        f"文中数字 {len(e.numbers)} 个。审计发现错误 {counts['error']} 条、警告 {counts['warning']} 条、"
        f"提示 {counts['info']} 条。",
        *unreadable_notes(ctx.current.document),
    ]
    return markdown("\n".join(lines))


def _encoding_label(ctx: NotebookContext) -> str:
    document = ctx.current.document
    if document.line_pages is None:
        return f"编码 {ctx.current.extraction.encoding}"
    return "PDF 文本层，引文注明页码与页内行号"


def unreadable_notes(document) -> list[str]:
    """Chinese lines (Markdown, data escaped) naming what could not be read: scanned pages and figures
    with glyphs the font maps to no character. Empty when everything was read."""
    from .pdf.glyphs import unreadable_figures
    from .pdf.source import page_ranges

    notes = []
    if document.scanned_pages:
        notes.append(
            f"\n**无法读取**：第 {page_ranges(document.scanned_pages)} 页没有文本层（扫描图像），"
            "其内容未被读取，相关数字不在本报告中。"
        )
    figures = unreadable_figures(document)
    if figures:
        shown = "；".join(f"{document.cite(line)}“{html.escape(quote)}”" for line, quote in figures[:10])
        more = f"等 {len(figures)} 处" if len(figures) > 10 else ""
        notes.append(
            f"\n**无法识别的数字**：以下数字含字体未映射的字形（(cid:N)），未被读取：{shown}{more}。"
        )
    return notes


def coverage_table(ctx: NotebookContext):
    """Template sections, public tables and canonical keys: found or missing."""
    e = ctx.current.extraction
    found = set(e.sections_found)
    if ctx.is_budget:  # a budget: its public-table set (template.BUDGET_TABLES)
        rows = [
            {"kind": "预算公开表", "item": name, "status": "已找到" if code in found else "缺失"}
            for code, name, _ in BUDGET_TABLES
        ]
    else:
        rows = [
            {"kind": "章节", "item": s.title, "status": "已找到" if s.key in found else "缺失"}
            for s in SECTIONS
        ]
        rows += [
            {"kind": "公开表", "item": f"{code} {name}", "status": "已找到" if code in found else "缺失"}
            for code, name, _ in PUBLIC_TABLES
        ]
    stated = {f.key: f for f in e.facts}
    for spec in FACT_SPECS:
        if spec.extra and spec.key not in stated:
            continue
        fact = stated.get(spec.key)
        rows.append(
            {
                "kind": "标准指标",
                "item": f"{spec.label}（{spec.key}）",
                "status": f"已找到（{_fact_place(ctx, fact)}）" if fact else "文中未列示",
            }
        )
    return make_table(rows, {"kind": "类别", "item": "项目", "status": "状态"})


def _fact_place(ctx: NotebookContext, fact) -> str:
    """Where a fact was read: its table cell (table, row, column, page) or its page and line."""
    cell = getattr(fact, "table", None)
    if cell:
        page = f"第 {cell['page']} 页" if cell.get("page") else f"第 {cell.get('line')} 行"
        return f"{cell.get('table_title')}，{cell.get('name') or '—'}／{cell.get('column')}，{page}"
    return ctx.current.document.cite(fact.line)


def findings_html(findings: list[Finding], *, limit: int | None = None):
    """Findings, errors first: Chinese title, the rule id as a small code, source lines sorted.

    A finding that compares two copies of one figure, date or name (`titles.COPY_RULES`) says
    “不一致” and quotes both; it never declares one copy right.
    """
    from IPython.display import HTML

    if not findings:
        return HTML("<p>未发现问题。</p>")
    parts = ['<div class="juesuan-findings">']
    for number, finding in enumerate(findings[:limit] if limit else findings, start=1):
        label = severity_label(finding.severity)
        title = finding_title(finding.rule, finding.severity, finding.title)
        evidence = sorted(finding.evidence, key=lambda e: e.order())
        parts.append(
            f'<div class="finding finding-{finding.severity}">'
            f'<p><span class="badge badge-{finding.severity}">'
            f"{number}. {label}</span> <b>{html.escape(title)}</b> "
            f'<code class="rule-id">{html.escape(finding.rule)}</code></p>'
            f"<p>{html.escape(finding.message)}{_finding_numbers(finding, evidence)}</p>"
            f"<ul>{''.join(_evidence_item(e) for e in evidence)}</ul></div>"
        )
    parts.append("</div>")
    return HTML("".join(parts))


def _evidence_item(evidence) -> str:
    return f"<li><b>{html.escape(evidence.where)}</b>：“{html.escape(evidence.quote)}”</li>"


def _finding_numbers(finding: Finding, evidence: list) -> str:
    """The numbers line under a message: stated against recomputed, or the copies side by side."""
    if finding.rule in COPY_RULES:
        lines = "与".join(e.where for e in evidence)
        return f"<br><small>{lines}的表述不一致（原文见下），无第三方来源可判定哪一处正确。</small>"
    if finding.stated is None or finding.expected is None:
        return ""
    unit = html.escape(finding.unit or "")
    return (
        f"<br><small>表述值 {text(finding.stated)}{unit}；重算值 {text(finding.expected)}{unit}；"
        f"差额 {text(finding.difference)}{unit}</small>"
    )


def table_consistency(ctx: NotebookContext):
    """公开表勾稽: (counts by rule family and table, findings HTML grouped by family).

    Families are the table rules' (表内勾稽, 表间一致, 表文一致) and the narrative sums (文中合计); the
    table of a finding is the first table its evidence quotes (正文 for a narrative-only finding).
    """
    from .audit.table_rules import FAMILIES, family_of

    findings = [f for f in ctx.findings if family_of(f.rule)]
    counts: dict[tuple[str, str], Counter] = {}
    for finding in findings:
        table = next((e.table for e in finding.evidence if e.table), "正文")
        counts.setdefault((family_of(finding.rule) or "", table), Counter())[finding.severity] += 1
    order = {name: i for i, (name, _) in enumerate(FAMILIES.values())}
    rows = [
        {"family": family, "table": table, "error": c["error"], "warning": c["warning"], "info": c["info"]}
        for (family, table), c in sorted(counts.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1]))
    ]
    summary = make_table(
        rows, {"family": "规则类别", "table": "公开表", "error": "错误", "warning": "警告", "info": "提示"}
    )
    if not findings:
        return summary, markdown("表内勾稽、表间一致、表文一致及文中合计均未发现问题（或未识别出公开表）。")
    from IPython.display import HTML

    parts = []
    for name, _ in FAMILIES.values():
        group = [f for f in findings if family_of(f.rule) == name]
        if group:
            parts.append(f"<h4>{html.escape(name)}（{len(group)} 条）</h4>{findings_html(group).data}")
    return summary, HTML("".join(parts))


def facts_table(ctx: NotebookContext):
    rows = [dict(vars(f)) for f in ctx.current.extraction.facts]
    columns = {
        "label": "指标",
        "key": "键",
        "value": "数值",
        "unit": "单位",
        "change": "较上年变动",
        "growth_pct": "增长率%",
        "share_pct": "占比%",
        "completion_pct": "完成预算%",
        "line": "行号",
        "quote": "原文",
    }
    if ctx.is_budget:  # a budget's figures are its 预算数; changes are against last year's budget
        columns.update(value="预算数", change="较上年预算变动")
        del columns["completion_pct"]
    if ctx.current.document.line_pages is not None:  # a PDF: page and line, or the table cell
        for row, fact in zip(rows, ctx.current.extraction.facts, strict=True):
            row["where"] = _fact_place(ctx, fact)
        columns = _where_column(columns)
    return make_table(
        rows,
        columns,
        small={"key"},
        wide={"quote", "where"},
    )


def _where_column(columns: dict[str, str]) -> dict[str, str]:
    """The 行号 column replaced by 出处 (page and line, or a table cell's table and page) for a PDF."""
    return {("where" if k == "line" else k): ("出处" if k == "line" else v) for k, v in columns.items()}


def functional_table(ctx: NotebookContext):
    document = ctx.current.document
    rows = [
        dict(vars(r), level=level_label(r.level), source=source_label(r.source))
        for r in ctx.current.extraction.functional
    ]
    columns = {
        "code": "科目编码",
        "level": "层级",
        "name": "科目名称",
        "amount": "金额",
        "unit": "单位",
        "share_pct": "占比%",
        "completion_pct": "完成预算%",
        "source": "来源",
        "line": "行号",
    }
    if ctx.is_budget:  # a budget's amounts are its 预算数
        columns["amount"] = "预算数"
        del columns["completion_pct"]
    if document.line_pages is not None:  # a PDF: page and line, or the table's page
        for row in rows:
            line, page = row.get("line"), row.get("page")
            row["where"] = document.cite(line) if line else f"第 {page} 页" if page else ""
        columns = _where_column(columns)
    return make_table(rows, columns, wide={"where"})


def public_tables(ctx: NotebookContext) -> list:
    """Each public table (公开表) read from the disclosure, as printed: a heading (title, pages,
    unit) and the rows, or its 空表说明. Blank cells show 未列示 (not stated, not 0)."""
    from html import escape

    from IPython.display import HTML

    from .tables.export import wide_rows

    tables = getattr(ctx.current.extraction, "tables", None) or []
    if not tables:
        return [markdown("原文中未识别到公开表。")]
    out: list = []
    for table in tables:
        where = f"第{table.pages_text}页" if table.pages else "文本中逐格展开"
        out.append(HTML(
            f"<p><b>{escape(table.title)}</b>（{escape(where)}，单位：{escape(table.unit or '未注明')}）</p>"
        ))
        if table.empty_note:
            out.append(HTML(f"<p>空表说明：{escape(table.empty_note)}</p>"))
            continue
        headings, rows = wide_rows(table)
        if not any(row.get("code") for row in rows):
            del headings["code"]  # a table without 科目编码 (总表, 三公)
        blank = {key: "未列示" for key in headings if key[:1] == "c" and key[1:].isdigit()}
        out.append(make_table(rows, headings, blank=blank))
    return out


def processed_tables(ctx: NotebookContext):
    """Make sure the processed tables are current (written once, atomically) and list them."""
    from .load import prepare

    prepare(ctx.paths, ctx.current.department_id, ctx.fiscal_year, ctx.current.raw.kind)
    folder = ctx.paths.processed_dir(ctx.current.department_id, ctx.fiscal_year, ctx.current.raw.kind)
    rows = []
    for path in sorted(folder.glob("*.csv")):
        lines = path.read_text(encoding="utf-8").count("\n") - 1
        rows.append({"table": path.stem, "rows": lines, "files": f"{path.name}, {path.stem}.parquet"})
    note = markdown(f"数据表写入 `{_shown(ctx, folder)}/`（原子写入，失败时保留上一版本）。")
    return note, make_table(rows, {"table": "数据表", "rows": "行数", "files": "文件"})


# -- 比率 -------------------------------------------------------------------------------------------
def ratios_table(ctx: NotebookContext, group: str | None = None) -> Table:
    """Structural ratios (one group, or all with a 类别 column): recomputed beside stated."""
    ratios = [r for r in structural_ratios(ctx.current.extraction) if group is None or r.group == group]
    rows = []
    for r in ratios:
        rows.append(
            {
                "group": r.group,
                "name": r.name,
                "value": r.value,
                "unit": r.unit,
                "stated": r.stated,
                "difference": r.difference,
                "inputs": f"{r.numerator_label} {text(r.numerator)} ÷ "
                f"{r.denominator_label} {text(r.denominator)}",
                "lines": "、".join(str(x) for x in r.lines),
                "note": r.note,
            }
        )
    columns = {
        "group": "类别",
        "name": "比率",
        "value": "重算值",
        "unit": "单位",
        "stated": "文中表述",
        "difference": "表述−重算",
        "inputs": "计算口径",
        "lines": "行号",
        "note": "说明",
    }
    if group is not None:
        del columns["group"]
    return make_table(rows, columns, blank={"value": "无定义"})


def ratio_summary(ctx: NotebookContext):
    ratios = structural_ratios(ctx.current.extraction)
    stated = [r for r in ratios if r.stated is not None and r.value is not None]
    differing = [r for r in stated if r.difference is not None and abs(r.difference) >= Decimal("0.01")]
    undefined = [r for r in ratios if r.value is None]
    sentence = (
        f"共计算 {len(ratios)} 个结构比率，其中 {len(stated)} 个有文中表述可供对照，"
        f"{len(differing)} 个与表述相差 0.01 个百分点以上；"
        f"{len(undefined)} 个因分母为 0 或数据未列示而无定义。"
    )
    return markdown(sentence)


# -- 与上年比较 --------------------------------------------------------------------------------------
def comparison_rows(ctx: NotebookContext) -> list[YearComparison]:
    prior = ctx.prior.extraction if ctx.prior else None
    return compare_years(ctx.current.extraction, prior)


def comparison_table(ctx: NotebookContext):
    rows = []
    for c in comparison_rows(ctx):
        rows.append(
            {
                "label": c.label,
                "current": c.current,
                "prior": c.prior,
                "unit": c.unit,
                "change": c.change,
                "growth": c.growth_pct,
                "stated_change": c.stated_change,
                "stated_growth": c.stated_growth_pct,
                "source": SOURCE_LABELS.get(c.prior_source or "", "无上年数据"),
                "lines": "、".join(str(x) for x in (c.line, c.prior_line) if x),
            }
        )
    return make_table(
        rows,
        {
            "label": "指标",
            "current": f"{ctx.fiscal_year}年",
            "prior": f"{ctx.baseline_year}年",
            "unit": "单位",
            "change": "变动额",
            "growth": "增长率%",
            "stated_change": "文中变动额",
            "stated_growth": "文中增长率%",
            "source": "上年数来源",
            "lines": "行号",
        },
    )


def comparison_summary(ctx: NotebookContext):
    rows = comparison_rows(ctx)
    with_prior = [r for r in rows if r.prior is not None]
    if ctx.prior is not None:
        source = (
            f"数据目录中收录了该部门 {ctx.baseline_year} 年度决算，上年数取自该年公开数，"
            "并据此核对本年文中表述的变动额和增长率。"
        )
    else:
        source = (
            f"数据目录中没有该部门 {ctx.baseline_year} 年度决算，上年数由本年文中表述的变动额"
            "（或增长率）推算，表中标为“推算”。"
        )
    return markdown(
        f"{source}共有 {len(with_prior)} 项指标可与上年比较，其余 {len(rows) - len(with_prior)} "
        "项文中未给出上年信息。"
    )


def prior_year_findings(ctx: NotebookContext) -> list[Finding]:
    return [f for f in ctx.findings if f.rule.startswith("change.")]


# -- 项目绩效 ---------------------------------------------------------------------------------------
def projects_table(ctx: NotebookContext):
    rows = []
    for p in ctx.current.extraction.projects:
        rate = None
        if p.budget:
            rate = (p.executed / p.budget * 100).quantize(Decimal("0.01")) if p.executed is not None else None
        rows.append(
            {
                "name": p.name,
                "budget": p.budget,
                "executed": p.executed,
                "unit": p.unit,
                "rate": rate,
                "stated": p.completion_pct,
                "indicators": len(p.indicators),
                "line": p.line,
                "narrative_line": p.narrative_line,
            }
        )
    return make_table(
        rows,
        {
            "name": "项目",
            "budget": "预算数",
            "executed": "执行数",
            "unit": "单位",
            "rate": "执行率%（重算）",
            "stated": "文中完成率%",
            "indicators": "指标数",
            "line": "表格行号",
            "narrative_line": "说明行号",
        },
    )


def indicators_table(ctx: NotebookContext, project_name: str):
    project = next(p for p in ctx.current.extraction.projects if p.name == project_name)
    rows = [dict(vars(i)) for i in project.indicators]
    return make_table(
        rows,
        {
            "level1": "一级指标",
            "level2": "二级指标",
            "name": "三级指标",
            "expected": "预期值",
            "actual": "实际完成值",
            "line": "行号",
        },
    )


def project_findings(ctx: NotebookContext) -> list[Finding]:
    """Findings of this year's audit whose evidence lies in the project tables or the project
    narrative (the prior year is not read: 05_projects is not rebuilt when a prior year is added)."""
    project_lines: set[int] = set()
    for p in ctx.current.extraction.projects:
        if p.line:
            project_lines.update(range(p.line - 15, p.line + 120))
        if p.narrative_line:
            project_lines.update(range(p.narrative_line - 3, p.narrative_line + 3))
    return [
        f
        for f in ctx.current.findings
        if (f.rule.startswith(("repeat.project", "completion")) and "项目" in f.message)
        or any(e.line in project_lines for e in f.evidence)
    ]


__all__ = ["NotebookContext", "Ratio", "open_context"]


# -- 图表 -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShownChart:
    """A chart ready to display: its caption, note and PNG (bytes, and the saved files if any)."""

    number: str
    title: str
    note: str
    png: bytes
    files: tuple[Path, ...] = ()
    findings: tuple[Finding, ...] = ()  # findings disputing a figure the chart shows (marked ⚠)
    lines: tuple[int, ...] = ()  # source lines of the figures drawn

    @property
    def caption(self) -> str:
        return f"{self.number} {self.title}"


def _priors(ctx: NotebookContext):
    from .charts import PriorValue
    from .compare import PUBLISHED

    priors = {}
    for row in comparison_rows(ctx):
        if row.prior is None:
            continue
        if row.prior_source == PUBLISHED:
            source = f"{ctx.baseline_year}年度决算第{row.prior_line}行"
        else:
            source = SOURCE_LABELS[row.prior_source or ""]
        priors[row.key] = PriorValue(row.prior, row.derived, source)
    return priors


# The year-over-year charts (与上年比较的变动图): drawn only when the prior year's disclosure is held.
TREND_CHARTS = ("图1", "图4", "图5")
MAIN_CHARTS = ("图1", "图2", "图3", "图4", "图5", "图6")
ALL_CHARTS = (*MAIN_CHARTS, "附图1", "附图2", "附图3")


def _build_charts(ctx: NotebookContext, only: set[str] | None = None):
    """The report's charts; without the prior year's disclosure (a single-year department) the
    year-over-year charts are left out: their prior values would all be back-computed from the
    stated changes, and 图1/图4/图5 then often draw one and the same pair of numbers (see trend_note)."""
    from .charts import build_report_charts

    if ctx.prior is None:
        only = {n for n in (only or ALL_CHARTS) if n not in TREND_CHARTS}
        if not only:
            return []
    return build_report_charts(
        ctx.current.extraction,
        _priors(ctx),
        department=ctx.department,
        fiscal_year=ctx.fiscal_year,
        baseline_year=ctx.baseline_year,
        only=only,
        findings=ctx.findings,
    )


def _png(figure) -> bytes:
    import io

    import matplotlib as mpl

    from .charts import PNG_DPI
    from .fonts import cjk_rc_params

    buffer = io.BytesIO()
    with mpl.rc_context(cjk_rc_params()):
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _to_shown(charts, *, save_to: Path | None) -> list[ShownChart]:
    import matplotlib.pyplot as plt

    from .charts import save_chart

    shown = []
    for chart in charts:
        files: tuple[Path, ...] = ()
        if save_to is not None:  # the saved PNG is also what the report shows: render once
            files = tuple(save_chart(chart.figure, save_to, chart.stem))
            png = next(f for f in files if f.suffix == ".png").read_bytes()
        else:
            png = _png(chart.figure)
        plt.close(chart.figure)
        shown.append(
            ShownChart(chart.number, chart.title, chart.note, png, files, chart.findings, chart.lines)
        )
    return shown


def report_charts(ctx: NotebookContext) -> list[ShownChart]:
    """All charts of the report, saved as PNG and SVG under reports/<year>/<department>/charts/."""
    folder = ctx.paths.chart_dir(ctx.current.department_id, ctx.fiscal_year, ctx.current.raw.kind)
    return _to_shown(_build_charts(ctx), save_to=folder)


def comparison_charts(ctx: NotebookContext) -> list[ShownChart]:
    """The year-over-year charts (图1, 图4, 图5), for display only; none without the prior year's
    disclosure (`trend_note` says why)."""
    return _to_shown(_build_charts(ctx, set(TREND_CHARTS)), save_to=None)


def trend_note(ctx: NotebookContext):
    """Why a single-year department has no year-over-year chart (Chinese); empty when it has them."""
    return markdown(_trend_text(ctx))


def _trend_text(ctx: NotebookContext) -> str:
    if ctx.prior is not None:
        return ""
    return (
        "图1、图4、图5 是与上年比较的变动图，要有两个年度的决算公开数才能画出变化。数据目录中只有"
        f"该部门 {ctx.fiscal_year} 年度的决算，没有 {ctx.baseline_year} 年度的：上年数只能由本年文中"
        "表述的变动额倒推，画出来只是把文中的一句话再画一遍，几张图往往是同一组数字，故不绘制。"
        "文中所述的增减见《与上年比较》（03_compare）的逐项比较；"
        f"收录 {ctx.baseline_year} 年度决算后，变动图按两年的公开数绘制。"
    )


def project_charts(ctx: NotebookContext) -> list[ShownChart]:
    """Project budget against execution, for display only."""
    return _to_shown(_build_charts(ctx, {"附图3"}), save_to=None)


def chart_html(chart: ShownChart):
    """The chart as an embedded image. Its title ("图1 …") is drawn on the image (and the saved PNG/SVG)
    and printed once: no caption repeats it; the alt text names the figure. A caption below holds
    only the ⚠ lines of findings that dispute a figure drawn."""
    import base64

    from IPython.display import HTML

    data = base64.b64encode(chart.png).decode("ascii")
    caption = html.escape(chart.caption)
    warnings = "".join(
        f'<p class="chart-dispute">{html.escape(part)}</p>'
        for part in chart.note.split("；")
        if part.startswith("⚠")
    )
    return HTML(
        f'<figure class="juesuan-chart" data-figure="{html.escape(chart.number)}">'
        f'<img src="data:image/png;base64,{data}" alt="{caption}" style="max-width:100%">'
        + (f"<figcaption>{warnings}</figcaption>" if warnings else "")
        + "</figure>"
    )


def chart_findings(ctx: NotebookContext, charts: list[ShownChart]) -> list[Finding]:
    """Findings that concern the charts: those disputing a figure drawn (marked ⚠ on the chart),
    then any other whose evidence lines include a line a chart draws from. Errors first."""
    drawn = {line for chart in charts for line in chart.lines}
    marked = [f for chart in charts for f in chart.findings]
    return [f for f in ctx.findings if any(f is m for m in marked) or drawn & set(f.lines)]


def charts_summary(ctx: NotebookContext, charts: list[ShownChart]):
    where = _shown(ctx, ctx.paths.chart_dir(ctx.current.department_id, ctx.fiscal_year, ctx.current.raw.kind))
    numbered = [c.number for c in charts]
    expected = [n for n in MAIN_CHARTS if ctx.prior is not None or n not in TREND_CHARTS]
    missing = [n for n in expected if n not in numbered]
    text_ = f"共生成 {len(charts)} 张图，PNG 与 SVG 文件保存在 `{where}/`。"
    if missing:
        text_ += f"原文未提供绘制 {'、'.join(missing)} 所需的数字，故未生成。"
    if ctx.prior is None:
        text_ += "\n\n" + _trend_text(ctx)
    return markdown(text_)

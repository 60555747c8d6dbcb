"""SYNTHETIC table PDFs built at test time with reportlab and the CJK font of mplfonts.

Every document made here is synthetic (made-up department and figures); it draws ruled grids the
way Word/WPS/Excel exports do (one rectangle per cell, merged header cells as one rectangle), so the
PDF table reader is exercised on known cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "SyntheticCJK"


def _register_font() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    from helpers.fonts import cjk_font_path

    # SimHei.ttf ships beside Noto Sans CJK in mplfonts; reportlab embeds TrueType outlines only.
    pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path().parent / "SimHei.ttf")))


@dataclass
class HeaderCell:
    """A header cell at (row, col) spanning `colspan` columns and `rowspan` header rows."""

    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Grid:
    """A ruled table: column widths, header cells (with spans) and data rows (one text per column;
    "\\n" wraps a cell onto several lines)."""

    widths: list[float]
    header_rows: int
    header: list[HeaderCell]
    rows: list[list[str]]
    row_height: float = 18.0
    merged_label: dict[int, int] = field(default_factory=dict)  # data row → label colspan
    # "all": every cell ruled; "outer": only the outer frame and the line under the header (Excel
    # with gridlines off but a border); "none": no line at all (Excel "print without gridlines").
    rules: str = "all"


@dataclass
class Page:
    """One page: lines above the grid (title, 单位：万元 …), an optional grid, lines below it."""

    above: list[str] = field(default_factory=list)
    grid: Grid | None = None
    below: list[str] = field(default_factory=list)
    landscape: bool = True
    # 90 or 270: a portrait MediaBox with /Rotate, its content drawn so that it reads upright as
    # a landscape page once the viewer turns it (how many Word/WPS exports print wide tables).
    rotate: int = 0
    per_glyph: bool = False  # every character its own text run (some WPS/Word exports)


def _draw(c: canvas.Canvas, x: float, y: float, text: str, align: str = "left") -> None:
    """Draw one line; with per-glyph pages every character is a separate text object."""
    if not getattr(c, "per_glyph", False):
        {"left": c.drawString, "right": c.drawRightString, "center": c.drawCentredString}[align](x, y, text)
        return
    font, size = c._fontname, c._fontsize
    width = pdfmetrics.stringWidth(text, font, size)
    x0 = x - width if align == "right" else x - width / 2 if align == "center" else x
    for ch in text:
        c.drawString(x0, y, ch)
        x0 += pdfmetrics.stringWidth(ch, font, size)


def _text(c: canvas.Canvas, x: float, y: float, w: float, h: float, text: str, align: str) -> None:
    lines = text.split("\n")
    size = 9
    c.setFont(FONT, size)
    total = len(lines) * (size + 2)
    top = y + h / 2 + total / 2 - size
    for i, line in enumerate(lines):
        ty = top - i * (size + 2)
        if align == "right":
            _draw(c, x + w - 3, ty, line, "right")
        elif align == "center":
            _draw(c, x + w / 2, ty, line, "center")
        else:
            _draw(c, x + 3, ty, line)


def _is_number(text: str) -> bool:
    import unicodedata

    plain = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(".", "").replace("-", "")
    return bool(plain) and plain.isdigit()


def _rect(c: canvas.Canvas, x: float, y: float, w: float, h: float, rules: str) -> None:
    if rules == "all":
        c.rect(x, y, w, h)


def build_pdf(path: Path, pages: list[Page]) -> Path:
    """Write a SYNTHETIC PDF of `pages` to `path` and return it."""
    _register_font()
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    for page in pages:
        width, height = landscape(A4) if page.landscape or page.rotate else A4
        c.per_glyph = page.per_glyph
        if page.rotate:
            c.setPageSize((height, width))  # portrait MediaBox
            c.setPageRotation(page.rotate)
            if page.rotate == 90:  # shown turned clockwise: draw turned counter-clockwise
                c.translate(height, 0)
                c.rotate(90)
            else:
                c.translate(0, width)
                c.rotate(-90)
        else:
            c.setPageSize((width, height))
        y = height - 50
        for line in page.above:
            c.setFont(FONT, 14 if line is page.above[0] else 9)
            _draw(c, 60, y, line)
            y -= 22
        grid = page.grid
        if grid is not None:
            xs = [60.0]
            for w in grid.widths:
                xs.append(xs[-1] + w)
            hh = grid.row_height
            grid_top = y
            for cell in grid.header:
                x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
                top = y - cell.row * hh
                _rect(c, x0, top - cell.rowspan * hh, x1 - x0, cell.rowspan * hh, grid.rules)
                _text(c, x0, top - cell.rowspan * hh, x1 - x0, cell.rowspan * hh, cell.text, "center")
            y -= grid.header_rows * hh
            if grid.rules == "outer" and grid.header_rows:
                c.line(xs[0], y, xs[-1], y)
            for r, row in enumerate(grid.rows):
                lines = max(len(t.split("\n")) for t in row) if row else 1
                rh = max(hh, lines * 11 + 6)
                span = grid.merged_label.get(r, 1)
                col = 0
                while col < len(grid.widths):
                    step = span if col == 0 else 1
                    x0, x1 = xs[col], xs[col + step]
                    _rect(c, x0, y - rh, x1 - x0, rh, grid.rules)
                    text = row[col] if col < len(row) else ""
                    _text(c, x0, y - rh, x1 - x0, rh, text, "right" if _is_number(text) else "left")
                    col += step
                y -= rh
            if grid.rules == "outer":
                c.rect(xs[0], y, xs[-1] - xs[0], grid_top - y)
            y -= 20
        for line in page.below:
            c.setFont(FONT, 9)
            _draw(c, 60, y, line)
            y -= 16
        c.showPage()
    c.save()
    return path


def final_accounts_pdf(path: Path) -> Path:
    """A SYNTHETIC final-accounts disclosure: a narrative page, then tables 01, 05 and 06.

    The narrative states 收、支总计, 本年收入合计 and the 支出 split; the tables alone give the carry-overs,
    the functional 项 with their basic/project split and the 人员经费/公用经费 totals.
    """
    narrative = [
        "青禾县合成局2024年度部门决算", "第一部分 部门概况", "一、主要职能", "负责合成事务。",
        "第二部分 2024年度部门决算表", "第三部分 2024年度部门决算情况说明",
        "一、收入支出决算总体情况说明", "2024年度收、支总计1,235.50万元。",
        "二、收入决算情况说明", "本年收入合计1,200.50万元。",
        "三、支出决算情况说明", "本年支出合计900.00万元，其中：基本支出600.00万元，项目支出300.00万元。",
        "第四部分 名词解释", "一、财政拨款收入：指本年度从本级财政部门取得的财政拨款。",
    ]
    summary = Grid(
        [170, 80, 170, 80], 2,
        [HeaderCell("收入", 0, 0, 2), HeaderCell("支出", 0, 2, 2), HeaderCell("项目", 1, 0),
         HeaderCell("决算数", 1, 1), HeaderCell("项目", 1, 2), HeaderCell("决算数", 1, 3)],
        rows=[["一、一般公共预算财政拨款收入", "1,200.50", "一、一般公共服务支出", "900.00"],
              ["本年收入合计", "1,200.50", "本年支出合计", "900.00"],
              ["年初结转和结余", "35.00", "年末结转和结余", "335.50"],
              ["总计", "1,235.50", "总计", "1,235.50"]],
    )
    functional = Grid(
        [70, 170, 80, 80, 80], 2,
        [HeaderCell("项目", 0, 0, 2), HeaderCell("科目编码", 1, 0), HeaderCell("科目名称", 1, 1),
         HeaderCell("合计", 0, 2, 1, 2), HeaderCell("基本支出", 0, 3, 1, 2), HeaderCell("项目支出", 0, 4, 1, 2)],
        rows=[["合计", "", "900.00", "600.00", "300.00"], ["201", "一般公共服务支出", "900.00", "600.00", "300.00"],
              ["20101", "人大事务", "900.00", "600.00", "300.00"], ["2010101", "行政运行", "600.00", "600.00", ""],
              ["2010102", "一般行政管理事务", "300.00", "", "300.00"]],
        merged_label={0: 2},
    )
    basic = Grid(
        [60, 140, 70, 60, 140, 70], 1,
        [HeaderCell("经济分类\n科目编码", 0, 0), HeaderCell("科目名称", 0, 1), HeaderCell("决算数", 0, 2),
         HeaderCell("经济分类\n科目编码", 0, 3), HeaderCell("科目名称", 0, 4), HeaderCell("决算数", 0, 5)],
        rows=[["301", "工资福利支出", "500.00", "302", "商品和服务支出", "100.00"],
              ["30101", "基本工资", "500.00", "30201", "办公费", "100.00"],
              ["人员经费合计", "", "500.00", "公用经费合计", "", "100.00"]],
    )
    return build_pdf(path, [
        Page(above=narrative, landscape=False),
        Page(above=["收入支出决算总表", "单位：万元"], grid=summary),
        Page(above=["一般公共预算财政拨款支出决算表", "单位：万元"], grid=functional),
        Page(above=["一般公共预算财政拨款基本支出决算表", "单位：万元"], grid=basic),
    ])


NINE_TABLE_IDS = [
    "income_expenditure_summary", "income", "expenditure", "appropriation_summary", "general_budget_expenditure",
    "general_budget_basic", "three_public", "gov_fund", "state_capital",
]


def nine_table_pages() -> list[Page]:
    """The national nine public tables of a SYNTHETIC final-accounts disclosure (made-up, internally
    consistent figures in 万元: 本年支出 1,000.00 = 基本 600.00 + 项目 400.00), 公开01–09表 in order;
    the 一般公共预算财政拨款支出决算表 runs over two pages (header repeated), 08 and 09 are empty
    with their 空表说明. Landscape pages, ruled grids."""
    H = HeaderCell
    code_head = [H("项目", 0, 0, 2), H("科目编码", 1, 0), H("科目名称", 1, 1)]

    def coded(values: list[str]) -> tuple[list[float], list[HeaderCell]]:
        return [70, 170] + [80] * len(values), code_head + [H(v, 0, 2 + i, 1, 2) for i, v in enumerate(values)]

    def page(number: int, title: str, grid: Grid | None = None, below: list[str] | None = None) -> Page:
        return Page(above=[title, f"公开{number:02d}表", "单位：万元"], grid=grid, below=below or [])

    summary = Grid([170, 40, 80, 170, 40, 80], 2,
                   [H("收入", 0, 0, 3), H("支出", 0, 3, 3), H("项目", 1, 0), H("行次", 1, 1), H("决算数", 1, 2),
                    H("项目", 1, 3), H("行次", 1, 4), H("决算数", 1, 5)],
                   rows=[["一、一般公共预算财政拨款收入", "1", "1,000.00", "一、教育支出", "9", "1,000.00"],
                         ["二、政府性基金预算财政拨款收入", "2", "", "二、社会保障和就业支出", "10", ""],
                         ["本年收入合计", "3", "1,000.00", "本年支出合计", "11", "1,000.00"],
                         ["年初结转和结余", "4", "50.00", "年末结转和结余", "12", "50.00"],
                         ["总计", "5", "1,050.00", "总计", "13", "1,050.00"]])
    widths, head = coded(["本年收入合计", "财政拨款收入", "事业收入", "其他收入"])
    income = Grid(widths, 2, head, merged_label={0: 2}, rows=[
        ["合计", "", "1,000.00", "1,000.00", "", ""], ["205", "教育支出", "1,000.00", "1,000.00", "", ""],
        ["20501", "教育管理事务", "300.00", "300.00", "", ""], ["20502", "普通教育", "700.00", "700.00", "", ""]])
    functional_rows = [
        ["合计", "", "1,000.00", "600.00", "400.00"], ["205", "教育支出", "1,000.00", "600.00", "400.00"],
        ["20501", "教育管理事务", "300.00", "300.00", ""], ["2050101", "行政运行", "300.00", "300.00", ""],
        ["20502", "普通教育", "700.00", "300.00", "400.00"], ["2050201", "学前教育", "400.00", "300.00", "100.00"],
        ["2050202", "小学教育", "300.00", "", "300.00"]]
    widths, head = coded(["本年支出合计", "基本支出", "项目支出"])
    expenditure = Grid(widths, 2, head, functional_rows, merged_label={0: 2})
    approp = Grid([150, 60, 150, 60, 80, 80, 80], 2,
                  [H("收入", 0, 0, 2), H("支出", 0, 2, 5), H("项目", 1, 0), H("决算数", 1, 1), H("项目", 1, 2),
                   H("合计", 1, 3), H("一般公共预算\n财政拨款", 1, 4), H("政府性基金预算\n财政拨款", 1, 5),
                   H("国有资本经营\n预算财政拨款", 1, 6)],
                  rows=[["一、一般公共预算财政拨款", "1,000.00", "一、教育支出", "1,000.00", "1,000.00", "", ""],
                        ["本年收入合计", "1,000.00", "本年支出合计", "1,000.00", "1,000.00", "", ""]])
    widths, head = coded(["合计", "基本支出", "项目支出"])
    general_1 = Grid(widths, 2, head, functional_rows[:4], merged_label={0: 2})
    general_2 = Grid(widths, 2, head, functional_rows[4:])
    basic = Grid([60, 140, 70, 60, 140, 70], 1,
                 [H("经济分类\n科目编码", 0, 0), H("科目名称", 0, 1), H("决算数", 0, 2),
                  H("经济分类\n科目编码", 0, 3), H("科目名称", 0, 4), H("决算数", 0, 5)],
                 rows=[["301", "工资福利支出", "500.00", "302", "商品和服务支出", "100.00"],
                       ["30101", "基本工资", "300.00", "30201", "办公费", "60.00"],
                       ["30102", "津贴补贴", "200.00", "30211", "差旅费", "40.00"],
                       ["人员经费合计", "", "500.00", "公用经费合计", "", "100.00"]])
    three_head = [H("财政拨款“三公”经费", 0, 0, 12), H("合计", 1, 0, 2, 2), H("因公出国\n（境）费", 1, 2, 2, 2),
                  H("公务用车购置及运行维护费", 1, 4, 6), H("公务接待费", 1, 10, 2, 2),
                  H("小计", 2, 4, 2), H("公务用车\n购置费", 2, 6, 2), H("公务用车\n运行维护费", 2, 8, 2)]
    three_head += [H("预算数" if i % 2 == 0 else "决算数", 3, i) for i in range(12)]
    three = Grid([58] * 12, 4, three_head,
                 rows=[["8.00", "6.50", "0.00", "0.00", "5.00", "4.50", "0.00", "0.00", "5.00", "4.50", "3.00", "2.00"]])
    return [
        page(1, "收入支出决算总表", summary),
        page(2, "收入决算表", income),
        page(3, "支出决算表", expenditure),
        page(4, "财政拨款收入支出决算总表", approp),
        page(5, "一般公共预算财政拨款支出决算表", general_1),
        Page(grid=general_2),
        page(6, "一般公共预算财政拨款基本支出决算表", basic),
        page(7, "财政拨款“三公”经费支出决算表", three),
        page(8, "政府性基金预算财政拨款收入支出决算表",
             below=["本单位2024年度没有政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。"]),
        page(9, "国有资本经营预算财政拨款支出决算表",
             below=["本单位2024年度没有国有资本经营预算财政拨款支出，故本表为空表。"]),
    ]


def nine_table_final_accounts_pdf(path: Path, narrative: list[str], *, lines_per_page: int = 24) -> Path:
    """A SYNTHETIC final-accounts disclosure PDF: the narrative lines (a synthetic disclosure text,
    already wrapped), `lines_per_page` to a portrait page, then the nine public tables
    (`nine_table_pages`)."""
    lines = [line.strip() for line in narrative if line.strip()]
    pages = [Page(above=lines[k: k + lines_per_page], landscape=False) for k in range(0, len(lines), lines_per_page)]
    return build_pdf(path, [*pages, *nine_table_pages()])

"""Tests for helpers.html_report: offline, self-contained, reviewer-oriented HTML reports."""

from __future__ import annotations

import base64
import html
import io
import re
import struct
import zlib
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers import html_report
from helpers.html_report import external_references, render_index_html, render_notebook_html

HIDDEN_SOURCE = "hidden_source_marker_q7"
INJECTED_SOURCE = "injected_only_marker_z9"
FAILING_SOURCE = "failing_source_marker_k3"
SHA_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SHA_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

PARAMETERS = {
    "department_id": "110000",
    "fiscal_year": 2023,
    "input_path": Path("data/raw/110000/2023/决算.pdf"),
    "tables": ["收支总表", "支出决算表"],
    "note": "<script>alert('x')</script>",
}
PROVENANCE = {
    "inputs": [
        {"path": "data/raw/110000/2023/决算.pdf", "sha256": SHA_A, "size": 1_834_567},
        {"path": "data/processed/110000_2023.parquet", "sha256": SHA_B, "size": 48_213},
    ],
    "packages": {"pandas": "2.2.3", "nbconvert": "7.17.0"},
    "commit": "3f2c9e1a7b",
    "run_started": "2026-01-05T10:00:00+08:00",
    "run_finished": "2026-01-05T10:00:12.5+08:00",
    "notebook": "01_收支总览.ipynb",
    "kernel": "python3",
}
CJK_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def _png(width: int = 4, height: int = 3) -> bytes:
    """A tiny valid RGB PNG (no matplotlib needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG_B64 = base64.b64encode(_png()).decode("ascii")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8"><rect width="12" height="8"/></svg>'


def _notebook(*, failing: bool = False) -> nbformat.NotebookNode:
    frame = pd.DataFrame({"科目名称": ["一般公共服务支出", "教育支出"], "决算数": [1180.3, 3560.1]})
    cells = [
        new_markdown_cell(
            "# 北京市财政局 2023 年度部门决算分析\n\n## 一、收支总体情况\n\n核对**勾稽关系**。"
        ),
        new_code_cell("department_id = '000000'\nfiscal_year = 2022", metadata={"tags": ["parameters"]}),
        new_code_cell(
            f'# Parameters\ndepartment_id = "110000"\n{INJECTED_SOURCE} = 1',
            metadata={"tags": ["injected-parameters"]},
        ),
        new_code_cell(
            f"{HIDDEN_SOURCE} = load('收支总表')\n{HIDDEN_SOURCE}",
            execution_count=3,
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/html": frame.to_html(), "text/plain": frame.to_string()},
                    execution_count=3,
                )
            ],
        ),
        new_code_cell(
            "plot()",
            execution_count=4,
            outputs=[
                new_output("display_data", data={"image/png": PNG_B64, "text/plain": "<Figure>"}),
                new_output("display_data", data={"image/svg+xml": SVG, "text/plain": "<Figure>"}),
            ],
        ),
        new_code_cell("setup_without_output = 1", execution_count=5),
    ]
    if failing:
        traceback = [
            "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
            "\x1b[31mZeroDivisionError\x1b[39m   Traceback (most recent call last)",
            f"Cell \x1b[32mIn[6]\x1b[39m, line 1\n\x1b[32m----> 1\x1b[39m {FAILING_SOURCE} = 1 / 0",
            "\x1b[31mZeroDivisionError\x1b[39m: division by zero（除数为零）",
        ]
        cells.append(
            new_code_cell(
                f"{FAILING_SOURCE} = 1 / 0",
                execution_count=6,
                outputs=[
                    new_output(
                        "error", ename="ZeroDivisionError", evalue="division by zero", traceback=traceback
                    )
                ],
            )
        )
        cells.append(new_code_cell("never_ran_marker = 2"))
    return new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
    )


def _render(*, failing: bool = False, with_code: bool = False, provenance=PROVENANCE) -> str:
    return render_notebook_html(
        _notebook(failing=failing),
        title="收支总览：北京市财政局 2023 年度",
        parameters=PARAMETERS,
        provenance=provenance,
        with_code=with_code,
    )


@pytest.fixture(scope="module")
def page() -> str:
    return _render()


@pytest.fixture(scope="module")
def page_with_code() -> str:
    return _render(with_code=True)


@pytest.fixture(scope="module")
def failed_page() -> str:
    return _render(failing=True)


def _visible_text(page_html: str) -> str:
    """Page text with the embedded font (base64) removed and entities decoded."""
    without_fonts = re.sub(r"@font-face\s*\{[^}]*\}", "", page_html)
    return html.unescape(without_fonts)


def test_injected_parameters_dropped_and_parameters_table_shown(page: str, page_with_code: str) -> None:
    for doc in (page, page_with_code):
        assert INJECTED_SOURCE not in doc
        assert "运行参数" in doc
        assert 'class="kv-table params-table"' in doc
        for name in PARAMETERS:
            assert f"<code>{name}</code>" in doc
    assert "<td>110000</td>" in page
    assert "<td>data/raw/110000/2023/决算.pdf</td>" in page  # relative path kept as given
    assert str(Path.cwd()) not in page
    assert "<td>['收支总表', '支出决算表']</td>" in html.unescape(page)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def test_code_hidden_by_default_and_shown_with_code(page: str, page_with_code: str) -> None:
    assert HIDDEN_SOURCE not in page
    assert "setup_without_output" not in page  # hidden cells without output vanish entirely
    assert "jp-InputPrompt" not in page and "In&nbsp;[" not in page and "Out[" not in page
    assert HIDDEN_SOURCE in page_with_code
    assert "setup_without_output" in page_with_code
    assert "fiscal_year" in page_with_code  # the parameters-tagged (defaults) cell stays
    assert "jp-InputPrompt" not in page_with_code
    # outputs are present either way
    for doc in (page, page_with_code):
        assert "一般公共服务支出" in doc
        assert 'class="dataframe"' in doc


def test_error_cell_source_and_traceback_visible_by_default(failed_page: str) -> None:
    assert FAILING_SOURCE in failed_page
    text = _visible_text(failed_page)
    assert "ZeroDivisionError" in text
    assert "division by zero（除数为零）" in text
    assert "Traceback (most recent call last)" in text
    assert "执行失败" in text
    assert 'href="#juesuan-error-1"' in failed_page and 'id="juesuan-error-1"' in failed_page
    assert HIDDEN_SOURCE not in failed_page  # other inputs stay hidden
    assert "never_ran_marker" not in failed_page
    assert "\x1b[" not in failed_page


def test_images_are_embedded_as_data_uris(page: str) -> None:
    sources = re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", page)
    assert sources, "expected the PNG output to be rendered"
    assert all(src.startswith("data:image/") for src in sources)
    assert f"data:image/png;base64,{PNG_B64}" in page
    assert f"data:image/svg+xml;base64,{base64.b64encode(SVG.encode()).decode()}" in page
    assert "<svg" not in page  # not inlined: its xmlns URL would read as a reference


def test_pages_are_offline(page: str, page_with_code: str, failed_page: str) -> None:
    for doc in (page, page_with_code, failed_page):
        assert external_references(doc) == []
        assert "require.js" not in doc.lower() and "mathjax" not in doc.lower()
        assert "<script" not in doc


def test_external_references_detects_cdn_assets() -> None:
    crafted = """<!DOCTYPE html><html><head>
<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
<link rel="stylesheet" href="https://cdn.example.com/theme.css">
<link rel="canonical" href="https://example.com/report">
<style>@import url("https://fonts.googleapis.com/css?family=Noto"); body { background: url(//cdn.example.net/bg.png); }
.x { background: url(data:image/png;base64,AAAA); }</style>
<script>import("https://esm.sh/mermaid").then(() => {});</script>
<script type="application/json">{"homepage": "https://example.org/data"}</script>
</head><body>
<img src="http://example.com/chart.png" alt=""><img src="data:image/png;base64,AAAA" alt="">
<iframe src="https://www.example.com/embed"></iframe>
<div style="background-image: url('https://img.example.com/y.png')">x</div>
<a href="https://example.com/docs">文档</a> 参见 https://example.org/text-mention
</body></html>"""
    assert external_references(crafted) == [
        "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js",
        "https://cdn.example.com/theme.css",
        "https://fonts.googleapis.com/css?family=Noto",
        "//cdn.example.net/bg.png",
        "https://esm.sh/mermaid",
        "http://example.com/chart.png",
        "https://www.example.com/embed",
        "https://img.example.com/y.png",
    ]


def test_external_references_flags_stock_nbconvert_lab_output() -> None:
    from nbconvert import HTMLExporter

    stock, _ = HTMLExporter(template_name="lab").from_notebook_node(_notebook())
    refs = external_references(stock)
    assert any("require" in ref for ref in refs), refs
    assert any("mathjax" in ref.lower() for ref in refs), refs


def test_provenance_footer(page: str) -> None:
    assert "来源与可追溯信息" in page
    footer = page[page.index("来源与可追溯信息") :]
    for value in (SHA_A, SHA_B, "3f2c9e1a7b", "pandas", "2.2.3", "python3", "01_收支总览.ipynb"):
        assert value in footer
    assert "data/processed/110000_2023.parquet" in footer
    assert "1,834,567 字节" in footer
    assert "12.5 秒" in footer
    assert footer.index("nbconvert") < footer.index("pandas")  # packages sorted by name


def test_missing_provenance_keys_render_gracefully() -> None:
    doc = render_notebook_html(
        _notebook(), title="空白来源", parameters={}, provenance={"commit": None, "extra_key": "值"}
    )
    footer = doc[doc.index("来源与可追溯信息") :]
    assert "未记录" in footer
    assert "未记录输入文件" in footer and "未记录软件包版本" in footer
    assert "extra_key" in footer
    assert "本次运行未传入参数" in doc


def test_rendering_is_deterministic(page: str, tmp_path, monkeypatch) -> None:
    # The font subset must be rebuilt byte-identically too: bypass both caches.
    monkeypatch.setenv("JUESUAN_CACHE_DIR", str(tmp_path))
    html_report._subset.cache_clear()
    assert _render() == page


def test_font_subset_is_reused_from_the_disk_cache(page: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("JUESUAN_CACHE_DIR", str(tmp_path))
    html_report._subset.cache_clear()
    first = _render()
    assert list((tmp_path / "fonts").iterdir()), "the built subset is kept"
    html_report._subset.cache_clear()
    monkeypatch.setattr(html_report, "_build_subset", lambda *a, **k: pytest.fail("rebuilt a cached subset"))
    assert _render() == first


def _embedded_fonts(doc: str) -> list[TTFont]:
    fonts = []
    for flavor, data in re.findall(r"url\(data:font/(woff2?|otf);base64,([A-Za-z0-9+/=]+)\)", doc):
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == (None if flavor == "otf" else flavor)
        fonts.append(font)
    return fonts


@pytest.mark.parametrize("which", ["page", "failed_page"])
def test_embedded_font_subset_covers_page_cjk(which: str, request: pytest.FixtureRequest) -> None:
    doc: str = request.getfixturevalue(which)
    assert f'--font-sans: "{html_report.LATIN_FONT_FAMILY}", "{html_report.FONT_FAMILY}",' in doc
    fonts = _embedded_fonts(doc)
    assert len(fonts) == 2
    covered: set[int] = set()
    for font in fonts:
        covered |= set(font.getBestCmap())
    page_chars = {ord(ch) for ch in _visible_text(doc)}
    cjk = {cp for cp in page_chars if any(lo <= cp <= hi for lo, hi in CJK_RANGES)}
    assert len(cjk) > 50
    assert cjk <= covered, "".join(chr(cp) for cp in sorted(cjk - covered))
    assert set(range(0x20, 0x7F)) <= covered
    assert sum(len(font.getGlyphOrder()) for font in fonts) < 800  # a subset, not the 65k-glyph font
    assert len(doc) < 400_000


def _index_entries() -> list[dict[str, object]]:
    def entry(dept_id, dept, year, notebook, status, **extra):
        base = {
            "department_id": dept_id,
            "department": dept,
            "fiscal_year": year,
            "notebook": notebook,
            "title": notebook.split("_", 1)[1].removesuffix(".ipynb"),
            "status": status,
            "duration_s": 12.34,
            "findings": {"error": 0, "warning": 1, "info": 2},
            "html": f"reports/{year}/{dept_id}/{notebook.removesuffix('.ipynb')}.html",
            "ipynb": f"reports/{year}/{dept_id}/{notebook}",
            "error": None,
        }
        base.update(extra)
        return base

    return [
        entry("310000", "上海市教育委员会", 2022, "02_勾稽核对.ipynb", "ok"),
        entry("110000", "北京市财政局", 2022, "02_勾稽核对.ipynb", "up-to-date", duration_s=None),
        entry("110000", "北京市财政局", 2022, "01_收支总览.ipynb", "ok"),
        entry(
            "110000",
            "北京市财政局",
            2023,
            "02_勾稽核对.ipynb",
            "failed",
            error="KeyError: '合计' <b>",
            findings={"error": 2},
        ),
        entry("110000", "北京市财政局", 2023, "01_收支总览.ipynb", "ok"),
    ]


def test_index_page() -> None:
    doc = render_index_html(_index_entries(), generated_at="2026-01-05T10:05:00+08:00")
    assert external_references(doc) == []
    assert "juesuan 报告索引" in doc and "2026-01-05 10:05:00（北京时间）" in doc
    rows = re.findall(r"<tr class=\"row-[^\"]+\">(.*?)</tr>", doc, flags=re.S)
    order = [
        (
            re.search(r"<td class=\"num\">(\d{4})</td>", row).group(1),
            re.search(r"(\d{6})</span>", row).group(1),
        )
        for row in rows
    ]
    assert order == [  # grouped by department, its years in order
        ("2022", "110000"),
        ("2022", "110000"),
        ("2023", "110000"),
        ("2023", "110000"),
        ("2022", "310000"),
    ]
    # notebooks keep their given order within a department/year
    assert [
        "02_勾稽核对" in rows[0],
        "01_收支总览" in rows[1],
        "02_勾稽核对" in rows[2],
        "01_收支总览" in rows[3],
    ] == [True] * 4
    assert "共 5 项" in doc
    assert re.search(r"status-ok\">成功</span> 3</span>", doc)
    assert re.search(r"status-failed\">失败</span> 1</span>", doc)
    assert re.search(r"status-up-to-date\">最新</span> 1</span>", doc)
    assert "KeyError: &#39;合计&#39; &lt;b&gt;" in doc
    assert 'href="reports/2023/110000/01_%E6%94%B6%E6%94%AF%E6%80%BB%E8%A7%88.html"' in doc
    assert 'href="reports/2023/110000/01_%E6%94%B6%E6%94%AF%E6%80%BB%E8%A7%88.ipynb"' in doc
    assert ">12.3</td>" in doc and ">—</td>" in doc
    fonts = _embedded_fonts(doc)
    covered = set().union(*(set(f.getBestCmap()) for f in fonts))
    assert {ord(c) for c in "北京市财政局上海市教育委员会成功失败最新"} <= covered
    assert doc == render_index_html(_index_entries(), generated_at="2026-01-05T10:05:00+08:00")


def test_times_are_shown_in_beijing_time_and_say_so() -> None:
    from helpers.html_report import beijing_time

    assert beijing_time("2026-01-05T02:05:00+0000") == "2026-01-05 10:05:00（北京时间）"
    assert beijing_time("2026-01-05T10:05:00+08:00") == "2026-01-05 10:05:00（北京时间）"
    assert beijing_time("2026-01-05T02:05:00") == "2026-01-05 10:05:00（北京时间）"  # no offset: UTC


def test_report_header_and_footer_show_beijing_time(page: str) -> None:
    doc = page
    assert "2026-01-05 10:00:00（北京时间）" in doc and "2026-01-05 10:00:12（北京时间）" in doc
    assert "2026-01-05T10:00:00" not in doc


def _panel_entry(year: int) -> dict[str, object]:
    scope = str(year) if year else "all"
    return {
        "scope": "panel", "department_id": "_panel", "department": "全部部门", "fiscal_year": year,
        "notebook": "06_panel", "title": "面板：多部门、多年度比较", "status": "ok", "duration_s": 3.0,
        "findings": {"error": 0, "warning": 0, "info": 0},
        "html": f"panel/{scope}/06_panel.html", "ipynb": f"panel/{scope}/06_panel.ipynb", "error": None,
    }


def test_index_puts_the_panel_reports_on_top_all_years_first() -> None:
    entries = [*_index_entries(), _panel_entry(2022), _panel_entry(0), _panel_entry(2023)]
    doc = render_index_html(entries, generated_at="2026-01-05T10:05:00+08:00")
    panel = doc[doc.index('id="panel"'):doc.index('id="dept-110000"')]
    assert [m for m in re.findall(r"panel/(\w+)/06_panel.html", panel)] == ["all", "2023", "2022"]
    assert "全部年度" in panel and ">_panel<" not in panel
    assert doc.index('id="panel"') < doc.index('id="dept-110000"') < doc.index('id="dept-310000"')
    chip = re.compile(r"审计发现（按部门年度计）：[^<]*")
    without = render_index_html(_index_entries(), generated_at="2026-01-05T10:05:00+08:00")
    assert "共 8 项" in doc and chip.search(doc).group() == chip.search(without).group()  # panels add none


def test_index_department_section_lists_headline_figures_by_year_missing_as_missing() -> None:
    from decimal import Decimal

    headlines = {
        ("110000", 2022): {"expenditure_total": Decimal("1234.500000"), "staff_actual": None},
        ("110000", 2023): {"expenditure_total": Decimal("1300.000000"), "staff_actual": Decimal("25.00")},
    }
    doc = render_index_html(_index_entries(), generated_at="2026-01-05T10:05:00+08:00", headlines=headlines)
    section = doc[doc.index('id="dept-110000"'):doc.index('id="dept-310000"')]
    table = section[section.index('class="headline-table"'):section.index("</table>")]
    lines = re.findall(r"<tr><td class=\"num\">(\d{4})</td>(.*?)</tr>", table, flags=re.S)
    assert [year for year, _ in lines] == ["2022", "2023"]
    assert ">1234.5</td>" in lines[0][1] and 'class="num missing">未列示</td>' in lines[0][1]
    assert ">1300</td>" in lines[1][1] and ">25</td>" in lines[1][1]
    assert "headline-table" not in doc[doc.index('id="dept-310000"'):]  # no figures held: no table


def test_finding_counts_are_shown_once_per_department_year_with_a_link() -> None:
    entries = [
        {
            "department_id": "510999-synthetic",
            "department": "合成测试局",
            "fiscal_year": 2021,
            "notebook": notebook,
            "title": title,
            "status": "ok",
            "duration_s": 3.5,
            "findings": {"error": 3, "warning": 1, "info": 0},
            "html": f"2021/510999-synthetic/{notebook}.html",
            "ipynb": f"2021/510999-synthetic/{notebook}.ipynb",
        }
        for notebook, title in (("01_clean", "清洗"), ("02_ratios", "比率"), ("03_compare", "与上年比较"))
    ]
    doc = render_index_html(entries, generated_at="2026-01-05T10:05:00+08:00")
    body = doc[doc.index("<tbody>") :]
    assert body.count(">3</a></td>") == 1  # the department-year's 3 errors, once, not per notebook
    assert body.count('rowspan="3"') == 3  # error, warning and info cells span the three notebooks
    assert 'href="2021/510999-synthetic/01_clean.html" title="审计发现见清洗">3</a>' in body

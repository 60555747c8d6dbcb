"""Self-contained, offline HTML rendering of executed notebooks and of the reports index.

Reports are rendered with nbconvert's ``HTMLExporter`` and the package template
``templates/juesuan_report`` (derived from the built-in ``lab`` template, with every CDN
script removed). Chinese text renders without any system CJK font because each page embeds
a subset of Noto Sans CJK SC (shipped by ``mplfonts``) holding only the characters it uses.

Font subsetting does not use ``fontTools.subset`` (about 1.6 s per page on the 16 MB OTF):
the source font is parsed once per process, each needed glyph is re-encoded once as a
stand-alone (unhinted, subroutine-free) Type 2 charstring and cached, and a small CFF font
is assembled per page with ``FontBuilder`` and embedded as WOFF (see ``_font_flavor``).
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import html
import importlib.util
import io
import math
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2

if TYPE_CHECKING:  # nbconvert and nbformat are imported when a notebook is rendered, not for the index
    import nbformat
    from nbconvert import HTMLExporter

__all__ = ["CSP", "clean_output_html", "external_references", "render_index_html", "render_notebook_html"]

_TEMPLATE_ROOT = Path(__file__).resolve().parent / "templates"
_TEMPLATE_NAME = "juesuan_report"
_TEMPLATE_DIR = _TEMPLATE_ROOT / _TEMPLATE_NAME
_CSS_PATH = _TEMPLATE_DIR / "static" / "juesuan.css"

FONT_FAMILY = "Juesuan Sans SC"
"""CSS family of the embedded subset's non-Latin part (U+0100 and up: CJK, punctuation, symbols)."""

LATIN_FONT_FAMILY = "Juesuan Sans SC Latin"
"""CSS family of the embedded subset's Latin part (U+0000-00FF), first in the page's sans stack."""

# Two faces, so the monospace stack can put the CJK face first (ASCII still comes from a mono font).
# A web font that is only a later fallback in a stack races with layout in Chromium: CJK text laid out
# before the font is decoded stays as tofu boxes. Being first in every stack (font-display: block)
# makes the browser wait for it instead.
_FONT_FACES: tuple[tuple[str, str, int, int], ...] = (
    (LATIN_FONT_FAMILY, "U+0000-00FF", 0, 0x100),
    (FONT_FAMILY, "U+0100-10FFFF", 0x100, 0x110000),
)

FONT_ENV_VAR = "JUESUAN_CJK_FONT"
"""Environment variable that may point at another OTF/TTF to subset instead of Noto Sans CJK SC."""

FLAVOR_ENV_VAR = "JUESUAN_FONT_FLAVOR"
"""Set to ``woff2`` (with ``brotli`` installed) to embed WOFF2 instead of WOFF."""

CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "img-src data:; font-src data:; style-src 'unsafe-inline'"
)
"""Content-Security-Policy of every page (a <meta> tag): no script at all, nothing loaded from outside."""

_FONT_PLACEHOLDER = "/*juesuan:font-face*/"
_INJECTED_TAG = "injected-parameters"
_PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
_MISSING = "未记录"

# Always embedded: printable ASCII plus common CJK / full-width punctuation and symbols.
_EXTRA_CHARS = (
    "\u3000、。，．：；！？“”‘’（）［］｛｝《》〈〉「」『』【】〔〕〖〗—–…·・～￥％＋－＝＜＞×÷±≤≥≠"
    "°℃‰№→←↑↓√＃＆＊＠／＼｜＿"
)
_ALWAYS_CODEPOINTS = frozenset(range(0x20, 0x7F)) | frozenset(map(ord, _EXTRA_CHARS))

_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "ok": ("成功", "status-ok"),
    "failed": ("失败", "status-failed"),
    "up-to-date": ("最新", "status-up-to-date"),
    "running": ("构建中", "status-running"),
    "outdated": ("过期", "status-outdated"),
    "not-applicable": ("不适用于预算", "status-not-applicable"),
}

_DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/latex",
    "text/vnd.mermaid",
    "text/plain",
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def render_notebook_html(
    notebook: nbformat.NotebookNode,
    *,
    title: str,
    parameters: Mapping[str, object],
    provenance: Mapping[str, object],
    with_code: bool = False,
    kicker: str = "juesuan 决算分析报告",
) -> str:
    """Render an executed notebook as one self-contained, offline HTML report (`kicker`: the line
    above the title; a budget's report says 预算分析报告).

    The ``injected-parameters`` cell is dropped and ``parameters`` are shown as a table
    ("运行参数"); code inputs are hidden unless ``with_code`` or the cell has an error output;
    ``provenance`` is rendered as the footer ("来源与可追溯信息").
    """
    nb, errors = _prepare_notebook(notebook, with_code=with_code)
    view = {
        "title": title,
        "kicker": kicker,
        "with_code": with_code,
        "css": _css(),
        "font_placeholder": _FONT_PLACEHOLDER,
        "csp": CSP,
        "meta": _header_meta(provenance, failed=bool(errors)),
        "errors": errors,
        "params": [{"name": str(k), "value": _format_value(v)} for k, v in parameters.items()],
        "provenance": _provenance_view(provenance),
    }
    resources = {"metadata": {"name": title}, "juesuan": view}
    exporter = _exporter()
    with _EXPORTER_LOCK:
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _embed_font(body)


def external_references(html: str) -> list[str]:
    """Return every external (``http(s)://`` or protocol-relative ``//``) URL the page would load.

    Looks at ``src``/``srcset``/``href``/``data``/``poster`` of resource-loading elements
    (script, link, img, iframe, source, video, audio, embed, object, input, svg image/use),
    CSS ``url()`` and ``@import`` in ``<style>`` blocks and ``style`` attributes, and URLs in
    inline JavaScript. Plain ``<a href>`` links and text mentions are not returned.
    """
    parser = _ReferenceParser()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


def render_index_html(
    entries: Sequence[Mapping[str, object]],
    *,
    generated_at: str,
    title: str = "juesuan 报告索引",
    headlines: Mapping[tuple[str, int], Mapping[str, object]] | None = None,
) -> str:
    """Render the reports index: the panel reports on top, then one section per department with
    its headline figures by year (`headlines`: (department id, year) -> figures, from the panel)
    and its reports, years in order, with status, timings and links."""
    rows = [_index_row(entry) for entry in _sorted_entries(entries)]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    known = [s for s in _STATUS_LABELS if s in counts]
    others = sorted(s for s in counts if s not in _STATUS_LABELS)
    status_counts = [
        {"label": _status_label(s)[0], "css": _status_label(s)[1], "count": counts[s]} for s in known + others
    ]
    # Findings belong to a department-year, not to each of its notebooks: count each once.
    per_disclosure = {
        (row["department_id"], row["fiscal_year"], row["kind"]): row["findings"]
        for row in rows
        if row["scope"] != "panel" and row["status"] != "not-applicable"
    }
    findings_total = {
        key: sum(int(found[key]) for found in per_disclosure.values()) for key in ("error", "warning", "info")
    }
    page = _index_template().render(
        title=title,
        generated_at=beijing_time(generated_at),
        total=len(rows),
        rows=rows,
        panel_rows=_panel_rows(rows),
        departments=[_span_findings(group) for group in _department_groups(rows, headlines or {})],
        headline_labels=[label for _, label in INDEX_HEADLINES],
        status_counts=status_counts,
        findings_total=findings_total,
        css=_css(),
        font_placeholder=_FONT_PLACEHOLDER,
        csp=CSP,
    )
    # Every status label is in the subset whether or not it occurs, so the index of a no-op run
    # ("最新") reuses the cached subset of the build before it ("成功").
    return _embed_font(page, "".join(label for label, _ in _STATUS_LABELS.values()))


# --------------------------------------------------------------------------------------------
# Notebook preparation and view models
# --------------------------------------------------------------------------------------------


def _tags(cell: Mapping[str, Any]) -> list[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return [str(t) for t in tags] if isinstance(tags, list) else []


def _prepare_notebook(
    notebook: nbformat.NotebookNode, *, with_code: bool
) -> tuple[nbformat.NotebookNode, list[dict[str, str]]]:
    """Copy the notebook, drop injected-parameters cells and mark which code inputs to show."""
    nb = copy.deepcopy(notebook)
    kept = []
    errors: list[dict[str, str]] = []
    code_index = 0
    for cell in nb.cells:
        tags = _tags(cell)
        if _INJECTED_TAG in tags or _PAPERMILL_ERROR_TAG in tags:
            continue  # papermill's English error banner is replaced by our own callout
        if cell.get("cell_type") == "code":
            code_index += 1  # the notebook's own code cells, as its author counts them
            error_outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            jmeta: dict[str, object] = {"show_input": with_code or bool(error_outputs)}
            if error_outputs:
                anchor = f"juesuan-error-{len(errors) + 1}"
                count = cell.get("execution_count")
                label = f"出错的代码单元格（第 {code_index} 个代码单元格"
                label += f"，执行序号 {count}）" if count is not None else "）"
                first = error_outputs[0]
                summary = f"{first.get('ename', 'Error')}: {first.get('evalue', '')}".strip()
                if len(summary) > 300:
                    summary = summary[:299] + "…"
                jmeta.update(error_anchor=anchor, error_label=label)
                errors.append({"anchor": anchor, "label": label, "summary": summary})
            if not jmeta["show_input"]:
                transient = dict(cell.metadata.get("transient", {}))
                transient["remove_source"] = True
                cell.metadata["transient"] = transient
            cell.metadata["juesuan"] = jmeta
        kept.append(cell)
    nb.cells = kept
    return nb, errors


def _format_value(value: object, *, nested: bool = False) -> str:
    """Readable, deterministic text for a parameter value (paths kept exactly as given)."""
    if isinstance(value, str):
        return repr(value) if nested else value
    if isinstance(value, PurePath):
        text = value.as_posix()
        return repr(text) if nested else text
    if value is None or isinstance(value, bool | int | float):
        return str(value)  # str, not repr: numpy scalars would show as np.float64(...)
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{_format_value(k, nested=True)}: {_format_value(v, nested=True)}" for k, v in value.items()
        )
        return "{" + inner + "}"
    if isinstance(value, set | frozenset):
        items = sorted(_format_value(v, nested=True) for v in value)
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        inner = ", ".join(_format_value(v, nested=True) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, os.PathLike):
        return _format_value(os.fspath(value), nested=nested)
    return str(value)


def _text(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _MISSING
    return _format_value(value)


def _time(value: object) -> str:
    return _MISSING if value is None or not str(value).strip() else beijing_time(value)


def _format_size(size: object) -> str:
    if isinstance(size, bool) or not isinstance(size, int | float):
        return _MISSING if size is None else str(size)
    text = f"{int(size):,} 字节"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024 or unit == "TiB":
            return text if size < 1024 else f"{text}（{value:.1f} {unit}）"
    return text


def _duration(started: object, finished: object) -> str | None:
    try:
        t0 = datetime.fromisoformat(str(started))
        t1 = datetime.fromisoformat(str(finished))
        seconds = (t1 - t0).total_seconds()
    except (TypeError, ValueError):
        return None
    if seconds < 0:
        return None
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)} 分 {secs:.0f} 秒（{seconds:.0f} 秒）"


BEIJING = timezone(timedelta(hours=8), "北京时间")


def beijing_time(value: object) -> str:
    """An ISO 8601 timestamp as 北京时间 (UTC+8), saying so: ``2026-11-30 15:14:26（北京时间）``.

    A timestamp without an offset is taken as UTC. Text that is not a timestamp is returned as is.
    """
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return _format_value(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") + "（北京时间）"


def _header_meta(provenance: Mapping[str, object], *, failed: bool) -> list[tuple[str, str, str]]:
    meta: list[tuple[str, str, str]] = []
    if provenance.get("notebook"):
        meta.append(("笔记本", _format_value(provenance["notebook"]), ""))
    if provenance.get("run_started"):
        meta.append(("运行时间", beijing_time(provenance["run_started"]), ""))
    meta.append(("执行状态", "失败", "meta-failed") if failed else ("执行状态", "成功", "meta-ok"))
    return meta


_PROVENANCE_KEYS = ("inputs", "packages", "commit", "run_started", "run_finished", "notebook", "kernel")


def _provenance_view(provenance: Mapping[str, object]) -> dict[str, object]:
    """Turn the provenance mapping into rows for the footer; missing keys show as 未记录."""
    fields = [
        ("笔记本", _text(provenance.get("notebook"))),
        ("内核", _text(provenance.get("kernel"))),
        ("代码版本（git commit）", _text(provenance.get("commit"))),
        ("开始时间", _time(provenance.get("run_started"))),
        ("结束时间", _time(provenance.get("run_finished"))),
    ]
    took = _duration(provenance.get("run_started"), provenance.get("run_finished"))
    if took:
        fields.append(("耗时", took))

    inputs = []
    raw_inputs = provenance.get("inputs") or []
    if isinstance(raw_inputs, Mapping | str | PurePath):
        raw_inputs = [raw_inputs]
    for item in raw_inputs if isinstance(raw_inputs, Iterable) else []:
        if isinstance(item, Mapping):
            inputs.append(
                {
                    "path": _text(item.get("path")),
                    "sha256": _text(item.get("sha256")),
                    "size": _format_size(item.get("size")),
                }
            )
        else:
            inputs.append({"path": _text(item), "sha256": _MISSING, "size": _MISSING})

    raw_packages = provenance.get("packages") or {}
    pairs: list[tuple[str, str]] = []
    if isinstance(raw_packages, Mapping):
        pairs = [(str(k), _text(v)) for k, v in raw_packages.items()]
    elif isinstance(raw_packages, Iterable) and not isinstance(raw_packages, str):
        for pkg in raw_packages:
            if isinstance(pkg, Sequence) and not isinstance(pkg, str) and len(pkg) == 2:
                pairs.append((str(pkg[0]), _text(pkg[1])))
            else:
                pairs.append((str(pkg), _MISSING))
    packages = sorted(pairs, key=lambda p: (p[0].lower(), p[0]))

    extra = [(str(k), _text(v)) for k, v in provenance.items() if k not in _PROVENANCE_KEYS]
    return {"fields": fields, "inputs": inputs, "packages": packages, "extra": extra}


# --------------------------------------------------------------------------------------------
# Index page
# --------------------------------------------------------------------------------------------


def _status_label(status: str) -> tuple[str, str]:
    return _STATUS_LABELS.get(status, (status or _MISSING, "status-other"))


def _year_key(value: object) -> tuple[int, float, str]:
    try:
        return (0, -float(str(value)), "")
    except ValueError:
        return (1, 0.0, str(value))


def _sorted_entries(entries: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """Fiscal year descending, then department id; notebooks keep their given order (stable sort)."""
    return sorted(
        entries,
        key=lambda e: (_year_key(e.get("fiscal_year")), str(e.get("department_id") or "")),
    )


def _href(path: object) -> str:
    """Relative link for a path: POSIX separators, percent-encoded (non-ASCII, spaces, #)."""
    if path is None or str(path) == "":
        return ""
    text = path.as_posix() if isinstance(path, PurePath) else str(path).replace("\\", "/")
    return quote(text, safe="/._-~")


# Headline figures of a department section (keys of extract/specs.py; money in 万元).
INDEX_HEADLINES = (
    ("expenditure_total", "本年支出合计"),
    ("expenditure_basic", "基本支出"),
    ("expenditure_project", "项目支出"),
    ("three_public_total", "“三公”经费"),
    ("admin_operating_cost", "机关运行经费"),
    ("staff_actual", "年末实有人数"),
)


def _figure_text(value: object) -> dict[str, Any]:
    if value is None:
        return {"text": "未列示", "missing": True}
    if isinstance(value, Decimal):
        normal = value.normalize()
        exact = normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
        return {"text": format(exact, "f"), "missing": False}
    return {"text": str(value), "missing": False}


def _panel_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Panel reports: the one across all years first, then the yearly ones, latest first."""
    panel = [dict(row, department_id="", findings={"error": "", "warning": "", "info": ""})
             for row in rows if row["scope"] == "panel"]
    return sorted(panel, key=lambda r: (r["fiscal_year"].isdigit(), _year_key(r["fiscal_year"])))


def _department_groups(
    rows: list[dict[str, Any]], headlines: Mapping[tuple[str, int], Mapping[str, object]]
) -> list[dict[str, Any]]:
    """One group per department (by id): its reports with years ascending, its headline figures."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["scope"] == "panel":
            continue
        group = groups.setdefault(
            row["department_id"],
            {
                "department_id": row["department_id"],
                "department": row["department"],
                "anchor": re.sub(r"[^a-z0-9-]", "-", row["department_id"].lower()),
                "rows": [],
            },
        )
        group["rows"].append(row)
    out = []
    for department_id in sorted(groups):
        group = groups[department_id]
        # Years ascending; notebooks keep their given order (stable sort).
        # A budget's reports follow the same year's final accounts.
        group["rows"].sort(
            key=lambda r: (0, int(r["fiscal_year"]), r["kind"] == "budget") if r["fiscal_year"].isdigit()
            else (1, 0, False)
        )
        years = list(dict.fromkeys(r["fiscal_year"] for r in group["rows"]))
        group["years"] = years
        group["headlines"] = []
        for year in years:
            figures = headlines.get((department_id, int(year))) if year.isdigit() else None
            if figures is not None:
                cells = [_figure_text(figures.get(key)) for key, _ in INDEX_HEADLINES]
                group["headlines"].append({"fiscal_year": year, "cells": cells})
        out.append(group)
    return out


FINDINGS_NOTEBOOK = "01_"  # the notebook that lists every finding of a department-year (01_clean)


def _span_findings(group: dict[str, Any]) -> dict[str, Any]:
    """Finding counts belong to the department-year: shown once, on its first row (spanning its
    notebooks' rows), linked to the report that lists them (01_clean, else the first report)."""
    rows = group["rows"]
    start = 0
    while start < len(rows):
        end = start
        while end < len(rows) and (rows[end]["fiscal_year"], rows[end]["kind"]) == (
            rows[start]["fiscal_year"], rows[start]["kind"]
        ):
            end += 1
        year_rows = rows[start:end]
        listing = [r for r in year_rows if r["html"]]
        lister = next((r for r in listing if r["notebook"].startswith(FINDINGS_NOTEBOOK)), None)
        lister = lister or (listing[0] if listing else None)
        for offset, row in enumerate(year_rows):
            row["findings_span"] = len(year_rows) if offset == 0 else 0
            row["findings_href"] = lister["html"] if lister else ""
            row["findings_title"] = f"审计发现见{lister['title']}" if lister else ""
        start = end
    return group


_BUDGET_LABELS = ("部门预算", "单位预算")


def _index_row(entry: Mapping[str, object]) -> dict[str, Any]:
    status = str(entry.get("status") or "")
    label, css = _status_label(status)
    raw_findings = entry.get("findings")
    findings_src: Mapping[str, object] = raw_findings if isinstance(raw_findings, Mapping) else {}
    findings = {}
    for key in ("error", "warning", "info"):
        try:
            findings[key] = int(findings_src.get(key) or 0)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            findings[key] = 0
    duration = entry.get("duration_s")
    duration_text = f"{float(duration):.1f}" if isinstance(duration, int | float) else "—"
    error = entry.get("error")
    scope = "panel" if entry.get("scope") == "panel" else "department-year"
    year = "" if entry.get("fiscal_year") is None else str(entry.get("fiscal_year"))
    if scope == "panel" and year in ("", "0"):
        year = "全部年度"
    kind = "budget" if entry.get("kind") == "budget" else "final_accounts"
    kind_label = str(entry.get("kind_label") or "") if kind == "budget" else ""
    return {
        "scope": scope,
        "kind": kind,
        "kind_label": kind_label if kind_label in _BUDGET_LABELS else "部门预算" if kind == "budget" else "",
        "status": status,
        "status_label": label,
        "status_css": css,
        "fiscal_year": year,
        "department_id": str(entry.get("department_id") or ""),
        "department": str(entry.get("department") or ""),
        "notebook": str(entry.get("notebook") or ""),
        "title": str(entry.get("title") or entry.get("notebook") or ""),
        "duration": duration_text,
        "findings": findings,
        "findings_span": 1,  # rows of the department-year the counts span (0: shown on an earlier row)
        "findings_href": "",
        "findings_title": "",
        "html": _href(entry.get("html")),
        "ipynb": _href(entry.get("ipynb")),
        "error": str(error) if error else "",
    }


# --------------------------------------------------------------------------------------------
# Sanitising notebook outputs (the second line of defence behind the display helpers' escaping)
# --------------------------------------------------------------------------------------------

_SAFE_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
        "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
        "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
        "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul", "var"
    }
)
_SAFE_ATTRS = frozenset({"class", "id", "title", "lang", "dir", "align", "data-figure", "data-mime-type"})
_SAFE_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
_SAFE_HREF = re.compile(r"^(?:https?://|mailto:|#|(?![a-z][a-z0-9+.-]*:)[^\s]*$)", re.IGNORECASE)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in _SAFE_ATTRS or (name == "style" and tag in ("img", "div", "span", "td", "th", "table", "p")):
        return True
    if tag == "img":
        if name == "src":
            return bool(_SAFE_IMAGE.match(value))
        return name in ("alt", "width", "height")
    if tag == "a":
        return name == "href" and bool(_SAFE_HREF.match(value.strip()))
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "scope")
    return tag == "table" and name == "border"


@functools.cache
def _cleaner():
    import bleach
    from bleach.css_sanitizer import CSSSanitizer

    css = CSSSanitizer(
        allowed_css_properties=frozenset(
            {"max-width", "width", "height", "text-align", "vertical-align", "white-space", "color",
             "background-color", "font-weight", "font-style", "padding", "margin", "border"}
        )
    )
    return bleach.Cleaner(
        tags=_SAFE_TAGS,
        attributes=_allowed_attribute,
        protocols=frozenset({"http", "https", "mailto", "data"}),
        strip=False,  # a tag that is not allowed is shown as text, not dropped
        strip_comments=True,
        css_sanitizer=css,
    )


def clean_output_html(fragment: object) -> str:
    """An HTML fragment of a notebook output with every live element and attribute made inert.

    Allowed: text markup, tables, lists, figures and embedded raster images (data: URIs); any
    other tag (script, svg, iframe, style, form, ...) is escaped into visible text; event
    handlers, javascript: URLs and unknown attributes are removed. Every text/html and
    text/markdown output of a report passes through here (templates/juesuan_report), whatever
    helper produced it; the helpers escape data themselves first (notebook.markdown, Table).
    """
    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    with _CLEANER_LOCK:
        return _cleaner().clean(text)


_CLEANER_LOCK = threading.Lock()


# --------------------------------------------------------------------------------------------
# Templates and exporter
# --------------------------------------------------------------------------------------------

_EXPORTER_LOCK = threading.Lock()


@functools.cache
def _css() -> str:
    return _CSS_PATH.read_text(encoding="utf-8")


@functools.cache
def _exporter() -> HTMLExporter:
    """One configured exporter per process (template compilation is the slow part); use under lock."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"NbConvertBase": {"display_data_priority": list(_DISPLAY_PRIORITY)}})
    return HTMLExporter(
        config=config,
        filters={"juesuan_clean": clean_output_html},
        template_name=_TEMPLATE_NAME,
        extra_template_basedirs=[str(_TEMPLATE_ROOT)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code="zh",
    )


@functools.cache
def _index_template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("reports_index.html.j2")


# --------------------------------------------------------------------------------------------
# Embedded CJK font subset
# --------------------------------------------------------------------------------------------


def _default_font_path() -> Path | None:
    override = os.environ.get(FONT_ENV_VAR)
    if override:
        return Path(override)
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "fonts" / "NotoSansCJKsc-Regular.otf"
        if candidate.is_file():
            return candidate
    return None


def _font_flavor() -> str:
    """Font container for the embedded subset: WOFF (zlib) unless ``$JUESUAN_FONT_FLAVOR=woff2``.

    WOFF2 needs ``brotli`` and, for these CFF fonts (no glyf transform), is only ~10 % smaller
    while encoding 8-20x slower (brotli quality 11). WOFF by default also keeps the HTML
    byte-identical whether or not brotli happens to be installed.
    """
    wanted = os.environ.get(FLAVOR_ENV_VAR, "woff").strip().lower()
    if wanted == "woff2" and importlib.util.find_spec("brotli") is not None:
        return "woff2"
    return "woff"


@dataclass(frozen=True)
class _Glyph:
    width: int
    bounds: tuple[int, int, int, int] | None
    bytecode: bytes


class _SourceFont:
    """A parsed source font plus a cache of re-encoded stand-alone glyph charstrings."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        self.path = path
        self.font = TTFont(str(path), lazy=True)
        self.cmap: dict[int, str] = dict(self.font.getBestCmap())
        self.glyph_set = self.font.getGlyphSet()
        self.notdef = self.font.getGlyphOrder()[0]
        self.units_per_em = int(self.font["head"].unitsPerEm)
        hhea, os2 = self.font["hhea"], self.font["OS/2"]
        self.hhea = {"ascent": hhea.ascent, "descent": hhea.descent, "lineGap": hhea.lineGap}
        self.os2 = {
            "sTypoAscender": os2.sTypoAscender,
            "sTypoDescender": os2.sTypoDescender,
            "sTypoLineGap": os2.sTypoLineGap,
            "usWinAscent": os2.usWinAscent,
            "usWinDescent": os2.usWinDescent,
            "sxHeight": getattr(os2, "sxHeight", 0),
            "sCapHeight": getattr(os2, "sCapHeight", 0),
            "usWeightClass": os2.usWeightClass,
            "fsType": 0,
            "achVendID": "NONE",
        }
        name = self.font["name"]
        self.copyright = name.getDebugName(0) or ""
        self.license = name.getDebugName(13) or ""
        self.license_url = name.getDebugName(14) or ""
        self.source_name = name.getDebugName(4) or path.stem
        self._glyphs: dict[str, _Glyph] = {}
        self.lock = threading.Lock()

    def glyph(self, name: str) -> _Glyph:
        """Stand-alone charstring for one glyph (drawn once per process, then cached)."""
        cached = self._glyphs.get(name)
        if cached is not None:
            return cached
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.pens.t2CharStringPen import T2CharStringPen
        from fontTools.pens.teePen import TeePen

        source = self.glyph_set[name]
        width = round(source.width)
        pen = T2CharStringPen(width, self.glyph_set)
        bounds_pen = BoundsPen(self.glyph_set)
        source.draw(TeePen(pen, bounds_pen))
        charstring = pen.getCharString()
        charstring.compile()
        bounds = bounds_pen.bounds
        int_bounds = None
        if bounds is not None:
            x_min, y_min, x_max, y_max = bounds
            int_bounds = (math.floor(x_min), math.floor(y_min), math.ceil(x_max), math.ceil(y_max))
        glyph = _Glyph(width=width, bounds=int_bounds, bytecode=bytes(charstring.bytecode))
        self._glyphs[name] = glyph
        return glyph


@functools.cache
def _source_font(path: str) -> _SourceFont:
    """Parse the source font once per process (about 0.3-0.5 s for the 16 MB Noto Sans CJK SC)."""
    return _SourceFont(Path(path))


def _font_cache_dir() -> Path:
    """Where built font subsets are kept between runs ($JUESUAN_CACHE_DIR, else the XDG cache)."""
    base = (
        os.environ.get("JUESUAN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    )
    return Path(base) / ("" if os.environ.get("JUESUAN_CACHE_DIR") else "juesuan") / "fonts"


@functools.lru_cache(maxsize=32)
def _subset(path: str, codepoints: frozenset[int], flavor: str, family: str = FONT_FAMILY) -> bytes:
    """The subset font for ``codepoints``, from the on-disk cache when an earlier run built it.

    A cache hit needs neither fontTools nor the 16 MB source font, which keeps a run that has
    nothing to rebuild (it still rewrites the index page) fast.
    """
    source = Path(path)
    stat = source.stat()
    material = f"{_SUBSET_FORMAT}|{source.name}|{stat.st_size}|{flavor}|{family}|" + ",".join(
        map(str, sorted(codepoints))
    )
    cached = _font_cache_dir() / f"{hashlib.sha256(material.encode()).hexdigest()}.{flavor}"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _build_subset(path, codepoints, flavor, family)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=cached.parent, prefix=".subset-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, cached)
    except OSError:  # a read-only home is no reason to fail a report
        pass
    return data


_SUBSET_FORMAT = "1"  # bump when _build_subset changes what it writes


def _build_subset(path: str, codepoints: frozenset[int], flavor: str, family: str = FONT_FAMILY) -> bytes:
    """Assemble a small CFF font holding just ``codepoints`` (those the source font has)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.misc.psCharStrings import T2CharString

    src = _source_font(path)
    with src.lock:
        cmap = {cp: src.cmap[cp] for cp in sorted(codepoints) if cp in src.cmap}
        names = sorted(set(cmap.values()) - {src.notdef}, key=src.font.getGlyphID)
        glyphs = {".notdef": src.glyph(src.notdef)} | {n: src.glyph(n) for n in names}
    order = [".notdef", *names]

    fb = FontBuilder(src.units_per_em, isTTF=False)
    fb.font.recalcBBoxes = False  # bounds are known per glyph; avoid re-executing charstrings
    fb.font.recalcTimestamp = False
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(cmap)
    boxes = [g.bounds for g in glyphs.values() if g.bounds is not None] or [(0, 0, 0, 0)]
    bbox = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    ps_name = family.replace(" ", "") + "-Regular"
    charstrings = {n: T2CharString(bytecode=g.bytecode) for n, g in glyphs.items()}
    font_info = {"FullName": family, "FamilyName": family, "Weight": "Regular", "FontBBox": list(bbox)}
    fb.setupCFF(ps_name, font_info, charstrings, {})
    lsb = {n: (g.bounds[0] if g.bounds else 0) for n, g in glyphs.items()}
    fb.setupHorizontalMetrics({n: (glyphs[n].width, lsb[n]) for n in order})
    rsb = [g.width - g.bounds[2] for g in glyphs.values() if g.bounds]
    extents = [g.bounds[2] for g in glyphs.values() if g.bounds]
    fb.setupHorizontalHeader(
        **src.hhea,
        advanceWidthMax=max(g.width for g in glyphs.values()),
        minLeftSideBearing=min(lsb.values()),
        minRightSideBearing=min(rsb, default=0),
        xMaxExtent=max(extents, default=0),
    )
    fb.setupNameTable(
        {
            "copyright": src.copyright,
            "familyName": family,
            "styleName": "Regular",
            "uniqueFontIdentifier": f"{ps_name};subset",
            "fullName": family,
            "psName": ps_name,
            "version": "Version 1.000",
            "description": f"Subset of {src.source_name} embedded by juesuan reports.",
            "licenseDescription": src.license,
            "licenseInfoURL": src.license_url,
        }
    )
    fb.setupOS2(**src.os2)
    fb.font["OS/2"].recalcUnicodeRanges(fb.font)
    fb.setupPost()
    fb.setupMaxp()
    fixed_time = 0x7C259DC0 + 1_704_067_200  # 2024-01-01, fixed so output is byte-identical
    fb.updateHead(
        created=fixed_time, modified=fixed_time, xMin=bbox[0], yMin=bbox[1], xMax=bbox[2], yMax=bbox[3]
    )
    fb.font.flavor = flavor
    buffer = io.BytesIO()
    fb.save(buffer)
    return buffer.getvalue()


def _page_codepoints(page: str) -> frozenset[int]:
    """Characters a page can display (entities decoded), plus ASCII and common CJK punctuation."""
    return frozenset(ord(ch) for ch in set(html.unescape(page)) if ord(ch) >= 0x80) | _ALWAYS_CODEPOINTS


def _font_face_css(page: str) -> str:
    """``@font-face`` rules embedding the font subset needed by ``page`` (empty if no font is available)."""
    path = _default_font_path()
    if path is None or not path.is_file():
        warnings.warn(
            "No CJK font found (mplfonts or $JUESUAN_CJK_FONT); reports rely on system fonts",
            RuntimeWarning,
            stacklevel=2,
        )
        return ""
    flavor = _font_flavor()
    codepoints = _page_codepoints(page)
    rules = []
    for family, unicode_range, low, high in _FONT_FACES:
        part = frozenset(cp for cp in codepoints if low <= cp < high)
        data = _subset(str(path), part, flavor, family)
        encoded = base64.b64encode(data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: 400; '
            f"font-display: block; unicode-range: {unicode_range}; "
            f'src: url(data:font/{flavor};base64,{encoded}) format("{flavor}"); }}'
        )
    return "\n".join(rules)


def _embed_font(page: str, extra_text: str = "") -> str:
    """Fill the font placeholder with a subset covering the page (and `extra_text`)."""
    head, sep, tail = page.partition(_FONT_PLACEHOLDER)
    if not sep:
        return page
    return head + _font_face_css(head + tail + extra_text) + tail


# --------------------------------------------------------------------------------------------
# External reference scanner
# --------------------------------------------------------------------------------------------

_EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_JS_URL = re.compile(r"""https?://[^\s'"`<>)\\]+""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_NAV_LINK_RELS = {"canonical", "alternate", "author", "help", "license", "next", "prev", "search", "bookmark"}

_RESOURCE_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False
        self._in_script = False

    def _add(self, url: str | None) -> None:
        if url and _EXTERNAL.match(url):
            self.found.append(url.strip())

    def _css(self, text: str) -> None:
        for match in _CSS_URL.finditer(text):
            self._add(next(g for g in match.groups() if g is not None))
        for match in _CSS_IMPORT.finditer(text):
            self._add(next(g for g in match.groups() if g is not None))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        for attr in _RESOURCE_ATTRS.get(tag, ()):
            value = values.get(attr)
            if not value:
                continue
            if attr == "srcset":
                for candidate in value.split(","):
                    self._add(candidate.strip().split(" ")[0])
            else:
                self._add(value)
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels or not rels <= _NAV_LINK_RELS:
                self._add(values.get("href"))
        if "style" in values:
            self._css(values["style"])
        if tag == "style":
            self._in_style = True
        elif tag == "script":
            self._in_script = values.get("type", "").strip().lower() in _JS_TYPES

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("style", "script"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)
        elif self._in_script:
            for match in _JS_URL.finditer(data):
                self._add(match.group(0))

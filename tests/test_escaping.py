"""No markup from data, anywhere: hostile strings in a SYNTHETIC copy of the seed reach every report
as text. The pages are parsed (not grepped): no script element, event-handler attribute,
javascript: URL or inline SVG survives, and every page carries a CSP that forbids script."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.html_report import clean_output_html
from helpers.notebook import inert_markdown

from .conftest import SEED_PATH, run_juesuan

PROJECT = "办公场地<script>alert(2)</script>租赁费"
CLASS_NAME = "行政运行<svg onload=alert(3)>"
ORIGIN = 'javascript:alert(4)"><img src=x onerror=alert(5)>.txt'
SIDECAR_DEPARTMENT = "<svg/onload=alert(6)>合成测试局"
LIVE_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "form", "frame", "frameset", "link"}
URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background"}


class _Scan(HTMLParser):
    """Collects what a browser would treat as live: elements, handlers, script URLs; and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.csp: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in LIVE_TAGS:
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}>")
            if name in URL_ATTRS and value.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.live.append(f"<{tag} {name}={value[:30]}>")
            if name == "srcdoc":
                self.live.append(f"<{tag} srcdoc>")
        if tag == "meta":
            values = dict(attrs)
            if (values.get("http-equiv") or "").lower() == "content-security-policy":
                self.csp.append(values.get("content") or "")
            elif (values.get("http-equiv") or "").lower() == "refresh":
                self.live.append("<meta refresh>")

    def handle_data(self, data):
        self.text.append(data)


def scan(page: str) -> _Scan:
    parser = _Scan()
    parser.feed(page)
    parser.close()
    return parser


def _hostile_catalog(tmp: Path) -> Path:
    """The seed with hostile names in its text and sidecar (SYNTHETIC: not a real disclosure)."""
    text = SEED_PATH.read_text(encoding="utf-8")
    for name in ("自贡市贡井区行政审批局", "贡井区行政审批局", "行政审批局"):  # the sidecar names it
        text = text.replace(name, "本单位")
    text = text.replace("办公场地租赁费", PROJECT)
    text = text.replace("行政运行（项）", f"{CLASS_NAME}（项）", 1)
    folder = tmp / "raw" / "510303-xzspj"
    folder.mkdir(parents=True)
    data = text.encode("utf-8")
    (folder / "2020.txt").write_bytes(data)
    sidecar = json.loads(SEED_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    sidecar.update(
        department=SIDECAR_DEPARTMENT,
        publisher=SIDECAR_DEPARTMENT,
        origin=ORIGIN,
        url="javascript:alert(7)",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        synthetic=True,
    )
    (folder / "2020.json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
    return tmp / "raw"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    raw = _hostile_catalog(tmp)
    env = {
        "JUESUAN_RAW_DIR": str(raw),
        "JUESUAN_REPORTS_DIR": str(tmp / "reports"),
        "JUESUAN_PROCESSED_DIR": str(tmp / "processed"),
    }
    result = run_juesuan("run", env=env)
    return tmp, result


def test_hostile_strings_reach_the_extraction():
    """The test is only meaningful if the payloads are really read from the text."""
    from helpers.document import Document
    from helpers.extract import extract_document

    text = SEED_PATH.read_text(encoding="utf-8")
    text = text.replace("办公场地租赁费", PROJECT).replace("行政运行（项）", f"{CLASS_NAME}（项）", 1)
    extraction = extract_document(Document.from_text(text))
    assert PROJECT in [p.name for p in extraction.projects]
    assert CLASS_NAME in [r.name for r in extraction.functional]


def test_no_markup_from_data_survives_in_any_report(hostile_build):
    tmp, result = hostile_build
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp / "reports").rglob("*.html"))
    assert len(pages) >= 6  # five reports and the index
    seen = ""
    for page in pages:
        found = scan(page.read_text(encoding="utf-8"))
        assert found.live == [], f"{page.name}: {found.live[:5]}"
        seen += "".join(found.text)
    for payload in (PROJECT, CLASS_NAME, ORIGIN, SIDECAR_DEPARTMENT):
        assert payload in seen, f"{payload!r} does not appear as text in any report"


def test_every_page_forbids_script_by_csp(hostile_build):
    tmp, _ = hostile_build
    for page in sorted((tmp / "reports").rglob("*.html")):
        (csp,) = scan(page.read_text(encoding="utf-8")).csp
        assert "script-src 'none'" in csp and "default-src 'none'" in csp, page.name


def test_chart_svgs_carry_no_live_markup(hostile_build):
    tmp, _ = hostile_build
    svgs = sorted((tmp / "reports").rglob("*.svg"))
    assert svgs
    for svg in svgs:
        root = ET.parse(svg).getroot()  # well-formed XML: nothing broke out of a text node or comment
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            assert tag not in {"script", "foreignObject", "iframe"}, svg.name
            for name, value in element.attrib.items():
                local = name.rsplit("}", 1)[-1]
                assert not local.startswith("on"), (svg.name, name)
                assert not value.strip().lower().startswith("javascript:"), (svg.name, name)


def test_markdown_from_data_is_inert():
    source = inert_markdown(f"**{PROJECT}** [x](javascript:alert(1)) `code <b>` \\`<img src=x onerror=1>`")
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    assert scan(markdown2html_mistune(source)).live == []


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)></svg>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x61;script:alert(1)">x</a>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<img src="data:text/html;base64,PHNjcmlwdD4=">',
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_output_sanitiser_leaves_nothing_live(fragment):
    assert scan(clean_output_html(fragment)).live == []


def test_output_sanitiser_keeps_tables_and_embedded_images():
    fragment = (
        '<table class="dataframe juesuan-table"><tr><th>1</th><td class="num">2.50</td></tr></table>'
        '<figure class="juesuan-chart" data-figure="图1"><img src="data:image/png;base64,iVBORw0KGgo=" '
        'alt="图1" style="max-width:100%"><figcaption>图1</figcaption></figure>'
    )
    cleaned = clean_output_html(fragment)
    assert 'class="num"' in cleaned and 'src="data:image/png;base64,iVBORw0KGgo="' in cleaned
    assert 'data-figure="图1"' in cleaned and "max-width" in cleaned

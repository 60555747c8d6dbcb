"""Every report and the index in a real browser (headless Chromium driven by selenium).

Skipped, with the reason, where no `chromium` + `chromedriver` is installed (`.ci/run` installs
Debian's `chromium` and `chromium-driver`). Checks what a reader would meet: console errors, the
embedded CJK font, images that do not decode, a page wider than a 1280 px window.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import check_page, find_browser, start
from .conftest import isolated_env, run_juesuan

pytest.importorskip("selenium", reason="selenium (a dev dependency) is not installed")
FOUND = find_browser()
pytestmark = pytest.mark.skipif(
    FOUND is None, reason="no chromium + chromedriver on PATH (apt-get install chromium chromium-driver)"
)

SYNTHETIC_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>合成</title></head>
<body><p>合成测试页（SYNTHETIC）</p>
<img alt="broken" src="data:image/png;base64,AAAA">
<div style="width: 3000px">too wide</div>
<script>console.error("synthetic failure")</script></body></html>"""


@pytest.fixture(scope="module")
def browser():
    session = start(*FOUND)
    yield session
    session.quit()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The seed's reports and index, built by `juesuan run` into a temporary folder."""
    tmp = tmp_path_factory.mktemp("browser")
    result = run_juesuan("run", "--department", "510303-xzspj", env=isolated_env(tmp))
    assert result.returncode == 0, result.stderr
    return tmp / "reports"


def _pages(reports: Path) -> list[Path]:
    return [reports / "index.html", *sorted(p for p in reports.rglob("*.html") if p.name != "index.html")]


def test_the_checks_can_fail(browser, tmp_path):
    page = tmp_path / "synthetic.html"
    page.write_text(SYNTHETIC_PAGE, encoding="utf-8")
    seen = check_page(browser, page)
    assert any("synthetic failure" in message for message in seen.console_errors)
    assert seen.undecoded_images == ["broken"] and seen.overflows and not seen.font_in_use


def test_every_report_and_the_index_render_cleanly_at_1280_px(browser, reports):
    pages = _pages(reports)
    assert len(pages) >= 6  # the index and the seed's notebooks
    for page in pages:
        seen = check_page(browser, page)
        name = str(page.relative_to(reports))
        assert seen.console_errors == [], name
        assert seen.font_faces and all(status == "loaded" for _, status in seen.font_faces), name
        assert seen.font_in_use, name
        assert seen.undecoded_images == [], name
        assert not seen.overflows, (name, seen.scroll_width, seen.too_wide)


def test_the_charts_of_04_figures_are_decoded_images(browser, reports):
    seen = check_page(browser, reports / "2020" / "510303-xzspj" / "04_figures.html")
    assert seen.images >= 6 and seen.undecoded_images == []

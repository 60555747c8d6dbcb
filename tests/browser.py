"""Open report pages in headless Chromium (Debian's `chromium` + `chromium-driver`, driven by
selenium) and measure what a reader would see: console errors, the embedded font, images,
horizontal overflow. Used by tests/test_browser.py; `python -m tests.browser PAGE.html OUT.png`
also takes a screenshot for a reviewer.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 1280, 900
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver",)
FONT_FAMILY = "Juesuan Sans SC"  # helpers.html_report.FONT_FAMILY: the embedded subset's CJK face

# Run in the page once everything has loaded: fonts settled, every image decoded or not.
_MEASURE = """
const done = arguments[arguments.length - 1];
(async () => {
  await document.fonts.ready;
  const images = Array.from(document.images);
  const decoded = await Promise.all(images.map(async (img) => {
    try { await img.decode(); return img.naturalWidth > 0; } catch (e) { return false; }
  }));
  const faces = Array.from(document.fonts).map((f) => [f.family.replace(/["']/g, ''), f.status]);
  const root = document.documentElement;
  const wide = Array.from(document.querySelectorAll('body *'))
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5).map((el) => el.tagName + '.' + el.className);
  done({
    faces: faces,
    bodyFont: getComputedStyle(document.body).fontFamily,
    images: images.length,
    undecoded: images.filter((_, i) => !decoded[i]).map((img) => img.alt || img.src.slice(0, 40)),
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    wide: wide,
  });
})();
"""


@dataclass
class PageCheck:
    """What the browser saw on one page."""

    console_errors: list[str]
    font_faces: list[tuple[str, str]]  # (family, status) of every @font-face
    font_in_use: bool  # the embedded CJK face is loaded and in the body's font stack
    images: int
    undecoded_images: list[str]
    scroll_width: int
    client_width: int
    too_wide: list[str]  # elements reaching past the viewport (first five)

    @property
    def overflows(self) -> bool:
        return self.scroll_width > self.client_width


def find_browser() -> tuple[str, str] | None:
    """(chromium, chromedriver) paths, or None when this machine has no browser to test with."""
    browser = next((shutil.which(name) for name in CHROMIUM if shutil.which(name)), None)
    driver = next((shutil.which(name) for name in DRIVER if shutil.which(name)), None)
    return (browser, driver) if browser and driver else None


def start(browser: str, driver: str):
    """A headless Chromium at 1280 px wide with its console log captured."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_script_timeout(30)
    session.set_page_load_timeout(60)
    return session


def check_page(session, page: Path) -> PageCheck:
    """Load `page` (a local file) and measure it."""
    session.get(page.resolve().as_uri())
    result = session.execute_async_script(_MEASURE)
    errors = [
        entry["message"] for entry in session.get_log("browser") if entry.get("level") in ("SEVERE", "ERROR")
    ]
    return PageCheck(
        console_errors=errors,
        font_faces=[(family, status) for family, status in result["faces"]],
        font_in_use=FONT_FAMILY in result["bodyFont"]
        and any(family == FONT_FAMILY and status == "loaded" for family, status in result["faces"]),
        images=int(result["images"]),
        undecoded_images=list(result["undecoded"]),
        scroll_width=int(result["scrollWidth"]),
        client_width=int(result["clientWidth"]),
        too_wide=list(result["wide"]),
    )


def screenshot(session, page: Path, out: Path, *, full: bool = True) -> None:
    """A PNG of the page at 1280 px (the whole page height when `full`)."""
    session.get(page.resolve().as_uri())
    session.execute_async_script("const d = arguments[0]; document.fonts.ready.then(() => d(1));")
    if full:
        height = session.execute_script("return document.documentElement.scrollHeight")
        session.set_window_size(WIDTH, min(int(height) + 100, 16000))
    session.save_screenshot(str(out))
    session.set_window_size(WIDTH, HEIGHT)


if __name__ == "__main__":  # python -m tests.browser PAGE.html OUT.png
    found = find_browser()
    if found is None:
        sys.exit("no chromium + chromedriver on PATH")
    driver = start(*found)
    try:
        print(check_page(driver, Path(sys.argv[1])))
        if len(sys.argv) > 2:
            screenshot(driver, Path(sys.argv[1]), Path(sys.argv[2]))
    finally:
        driver.quit()

"""The bundled CJK font: registration, rcParams, and proof that Chinese renders without tofu."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import matplotlib as mpl
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers import fonts
from helpers.errors import JuesuanError
from helpers.fonts import cjk_font_path, use_cjk_font

CJK_FAMILY = "Noto Sans CJK SC"


def glyph_warnings(records: list[warnings.WarningMessage]) -> list[str]:
    """matplotlib's "Glyph 20013 (...) missing from font(s) DejaVu Sans." warnings."""
    messages = [str(r.message) for r in records]
    return [m for m in messages if "missing from" in m or "Glyph" in m]


def render(text: str, **text_kwargs: object) -> list[str]:
    """Draw `text` on a fresh Agg figure and return the glyph warnings it raised."""
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        fig = Figure(figsize=(4, 1), dpi=72)
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.4, text, **text_kwargs)
        fig.canvas.draw()
    return glyph_warnings(records)


def test_font_path_is_the_mplfonts_noto_sans_cjk_sc() -> None:
    path = cjk_font_path()
    assert path.is_file()
    assert path.name == "NotoSansCJKsc-Regular.otf"
    assert path.parent.name == "fonts"
    assert path.parent.parent.name == "mplfonts"


def test_use_cjk_font_registers_the_font_and_sets_rcparams() -> None:
    family = use_cjk_font()
    assert family == CJK_FAMILY
    assert mpl.rcParams["font.family"][0] == CJK_FAMILY
    assert mpl.rcParams["font.sans-serif"][0] == CJK_FAMILY
    assert mpl.rcParams["axes.unicode_minus"] is False
    assert mpl.rcParams["svg.fonttype"] == "path"
    assert mpl.rcParams["svg.hashsalt"] == fonts.SVG_HASHSALT
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False)
    assert Path(found) == cjk_font_path()


def test_use_cjk_font_is_idempotent_and_cheap() -> None:
    use_cjk_font()
    path = str(cjk_font_path())

    def entries() -> int:
        return sum(1 for f in font_manager.fontManager.ttflist if f.fname == path)

    before = entries()
    start = time.perf_counter()
    for _ in range(20):
        assert use_cjk_font() == CJK_FAMILY
    assert time.perf_counter() - start < 0.5
    assert entries() == before >= 1


def test_use_cjk_font_reapplies_after_rcdefaults() -> None:
    with mpl.rc_context():
        mpl.rcdefaults()
        assert CJK_FAMILY not in mpl.rcParams["font.sans-serif"]
        use_cjk_font()
        assert mpl.rcParams["font.family"][0] == CJK_FAMILY


def test_missing_font_file_raises_juesuan_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "FONT_FILE", "NoSuchFont-Regular.otf")
    monkeypatch.setattr(fonts, "_registered", None)
    fonts.cjk_font_path.cache_clear()
    try:
        with pytest.raises(JuesuanError, match=r"NoSuchFont-Regular\.otf"):
            cjk_font_path()
        with pytest.raises(JuesuanError):
            use_cjk_font()
    finally:
        fonts.cjk_font_path.cache_clear()
    monkeypatch.undo()
    assert use_cjk_font() == CJK_FAMILY


def test_chinese_text_renders_without_missing_glyph_warning() -> None:
    use_cjk_font()
    assert render("图1 收、支决算总计变动情况（万元）：289.04，−5%") == []


def test_negative_control_dejavu_sans_raises_the_missing_glyph_warning() -> None:
    """Proves the glyph check can fail: the same kind of text in DejaVu Sans must warn."""
    use_cjk_font()
    found = render("负对照：财政拨款收入", family="DejaVu Sans")
    assert found, "forcing DejaVu Sans onto Chinese text should raise 'Glyph … missing from font(s)'"
    assert any("missing from font(s) DejaVu Sans" in m for m in found)

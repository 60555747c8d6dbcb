"""Chinese glyphs in matplotlib on a machine without system CJK fonts.

The font is Noto Sans CJK SC as shipped inside the `mplfonts` wheel, so charts look the same on
every machine and need no font installation. Call `use_cjk_font()` before creating a figure; it
registers the font once per font manager and (re)applies the rcParams on every call, so calling it
again after `seaborn.set_theme()` or `matplotlib.rcdefaults()` restores Chinese text.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

from helpers.errors import JuesuanError

FONT_FILE = "NotoSansCJKsc-Regular.otf"
# Fixed salt: SVG element ids are hashes of this salt, so the same chart gives the same bytes.
SVG_HASHSALT = "juesuan"
# Latin fallback for the rare glyph the CJK font lacks (it covers Latin, digits and CJK punctuation).
FALLBACK_FAMILY = "DejaVu Sans"

_registered: tuple[int, str] | None = None  # (id of the FontManager, family) once added


@cache
def cjk_font_path() -> Path:
    """Path of NotoSansCJKsc-Regular.otf inside the installed `mplfonts` package."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise JuesuanError(
            "中文字体不可用：未安装 mplfonts 包（pip install mplfonts），无法在图表中显示中文。"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
    if not path.is_file():
        raise JuesuanError(f"中文字体文件缺失：{path}（请重新安装 mplfonts 包）。")
    return path


def _register() -> str:
    """Add the font to matplotlib's font manager (once) and return its family name."""
    global _registered
    manager = font_manager.fontManager
    if _registered is not None and _registered[0] == id(manager):
        return _registered[1]
    path = cjk_font_path()
    entry = next((f for f in manager.ttflist if Path(f.fname) == path), None)
    if entry is None:
        try:
            manager.addfont(str(path))
        except (OSError, RuntimeError, ValueError) as exc:
            raise JuesuanError(f"中文字体文件无法读取：{path}（{exc}）。") from exc
        entry = next(f for f in manager.ttflist if Path(f.fname) == path)
    _registered = (id(manager), entry.name)
    return entry.name


def cjk_rc_params() -> dict[str, Any]:
    """The rcParams `use_cjk_font` applies, for use in `matplotlib.rc_context`. Registers the font."""
    family = _register()
    sans = [family, *(f for f in mpl.rcParams["font.sans-serif"] if f != family)]
    return {
        # Concrete family names (not the generic "sans-serif"): every Text keeps the CJK font even
        # if the rcParams change before the figure is drawn.
        "font.family": [family, FALLBACK_FAMILY],
        "font.sans-serif": sans,
        "axes.unicode_minus": False,  # the CJK font has no U+2212; use the ASCII hyphen
        "svg.fonttype": "path",  # glyphs as paths: the SVG renders without the font installed
        "svg.hashsalt": SVG_HASHSALT,
    }


def use_cjk_font() -> str:
    """Make Chinese text render in matplotlib; return the font family name ("Noto Sans CJK SC").

    Registers the bundled font with `matplotlib.font_manager.fontManager` on the first call and
    sets the global rcParams (font family first in the list, no Unicode minus, SVG glyphs as
    paths, fixed SVG hash salt). Repeat calls only re-apply the rcParams.
    Raises JuesuanError when the font file is missing.
    """
    params = cjk_rc_params()
    mpl.rcParams.update(params)
    return params["font.family"][0]

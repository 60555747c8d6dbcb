"""Kernel-side state for warm kernels: what is snapshotted after warm-up and restored before
each notebook, so a reused kernel behaves like a fresh one (same rcParams, warning filters,
no open figures, an empty namespace and execution counts starting at 1)."""

from __future__ import annotations

import sys
import warnings
from typing import Any

_snapshot: dict[str, Any] = {}

WARM_UP = "import helpers.warm as _juesuan_warm\n_juesuan_warm.warm_up()\ndel _juesuan_warm\n"
RESET = (
    "import helpers.warm as _juesuan_warm\n"
    "_juesuan_warm.restore()\n"
    "del _juesuan_warm\n"
    "get_ipython().reset(new_session=True)\n"
)


def warm_up() -> None:
    """Import what the notebooks import (the expensive part of a kernel start), then snapshot."""
    import matplotlib
    import matplotlib.pyplot
    import pandas  # noqa: F401
    import seaborn  # noqa: F401

    import helpers.charts
    import helpers.notebook  # noqa: F401

    _snapshot["rc"] = dict(matplotlib.rcParams)
    _snapshot["filters"] = list(warnings.filters)


def restore() -> None:
    """Undo what a previous notebook changed in process-wide state."""
    import matplotlib
    import matplotlib.pyplot as plt

    plt.close("all")
    if "rc" in _snapshot:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.clear()
            matplotlib.rcParams.update(_snapshot["rc"])
    if "filters" in _snapshot:
        warnings.filters[:] = _snapshot["filters"]
        warnings._filters_mutated()  # type: ignore[attr-defined]
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()

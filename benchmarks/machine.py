"""What the benchmark scripts share: the one-line description of the machine they ran on."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine(load_start: tuple[float, float, float]) -> str:
    """One line describing the machine, with the load average at start and now."""
    mem_kib = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass

    def load(values: tuple[float, float, float]) -> str:
        return "/".join(f"{v:.2f}" for v in values)

    return (
        f"machine: {os.cpu_count()} CPU(s), {platform.machine()}, Python {platform.python_version()}, "
        f"{mem_kib / 1024 / 1024:.1f} GiB RAM, load avg 1/5/15 min start {load(load_start)} "
        f"end {load(os.getloadavg())}"
    )

"""`make doctor`: is this checkout ready to build reports? One line per check, a fix for each problem.

Standard library only, so it runs with the system Python before (or without) the venv:
``python3 src/helpers/doctor.py [project root]``. Checks Python ≥ 3.11, the venv and its
installed packages, the "Python (juesuan)" Jupyter kernel and the embedded CJK font. Exit status 0
when all pass, 1 otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MIN_PYTHON = (3, 11)
KERNEL = "juesuan"
FONT_FILE = "NotoSansCJKsc-Regular.otf"  # shipped by mplfonts (see helpers.fonts)
FONT_ENV_VAR = "JUESUAN_CJK_FONT"  # same variable as helpers.html_report.FONT_ENV_VAR


@dataclass(frozen=True)
class Check:
    """One check: its name, whether it passed and a one-line detail (the fix when it failed)."""

    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.name}: {self.detail}"


def _venv_python(root: Path) -> Path:
    return root / ".venv" / "bin" / "python"


def check_python(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> Check:
    shown = ".".join(str(x) for x in version)
    if version[:2] >= MIN_PYTHON:
        return Check("Python", True, f"{shown} ({sys.executable})")
    return Check(
        "Python", False, f"{shown} is too old: install Python 3.11+ and run `make PYTHON=python3.11 install`"
    )


def check_venv(root: Path) -> Check:
    python = _venv_python(root)
    if not python.exists():
        return Check("venv", False, "no .venv: run `make install`")
    stamp = root / ".venv" / ".installed-stamp"
    if not stamp.exists():
        return Check("venv", False, ".venv exists but the install did not finish: run `make install`")
    newer = [
        n for n in ("pyproject.toml", "constraints.txt") if (root / n).stat().st_mtime > stamp.stat().st_mtime
    ]
    if newer:
        return Check("venv", False, f"{' and '.join(newer)} changed since the install: run `make install`")
    probe = "import helpers, pandas, pyarrow, papermill, matplotlib, nbconvert; print(helpers.__file__)"
    try:
        done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        return Check("venv", False, f"{python} does not run ({exc}): delete .venv and run `make install`")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["import failed"])[-1]
        return Check("venv", False, f"{last}: run `make install`")
    where = Path(done.stdout.strip()).resolve()
    if not where.is_relative_to((root / "src").resolve()):
        return Check(
            "venv", False, f"helpers is imported from {where}, not this checkout: run `make install`"
        )
    return Check("venv", True, f"{python.relative_to(root)} with juesuan installed from src/")


def check_kernel(root: Path) -> Check:
    spec = root / ".venv" / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json"
    if not spec.exists():
        return Check("kernel", False, f"no “Python ({KERNEL})” kernel in .venv: run `make install`")
    try:
        argv = json.loads(spec.read_text(encoding="utf-8"))["argv"]
    except (OSError, ValueError, KeyError) as exc:
        return Check("kernel", False, f"{spec} is unreadable ({exc}): run `make install`")
    if not Path(argv[0]).exists() and argv[0] != "python":
        return Check("kernel", False, f"kernel points at a missing {argv[0]}: run `make install`")
    return Check("kernel", True, f"“Python ({KERNEL})” in .venv/share/jupyter/kernels/{KERNEL}")


def check_font(root: Path) -> Check:
    override = os.environ.get(FONT_ENV_VAR)
    if override:
        if Path(override).is_file():
            return Check("font", True, f"{override} (from ${FONT_ENV_VAR})")
        return Check(
            "font", False, f"${FONT_ENV_VAR} names a missing file {override}: unset it or fix the path"
        )
    found = sorted((root / ".venv" / "lib").glob(f"python*/site-packages/mplfonts/fonts/{FONT_FILE}"))
    if not found:
        return Check(
            "font", False, f"{FONT_FILE} (package mplfonts) is missing from .venv: run `make install`"
        )
    size = found[0].stat().st_size
    if size < 1_000_000:
        return Check("font", False, f"{found[0]} is only {size} bytes (truncated?): reinstall mplfonts")
    return Check("font", True, f"{FONT_FILE} ({size / 1e6:.1f} MB, from mplfonts)")


def run_checks(root: Path) -> list[Check]:
    """Every check, in order; later checks are skipped when the venv is missing."""
    checks = [check_python(), check_venv(root)]
    if _venv_python(root).exists():
        checks += [check_kernel(root), check_font(root)]
    return checks


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else Path(__file__).resolve().parents[2]
    checks = run_checks(root)
    for check in checks:
        print(check.line())
    failed = [c for c in checks if not c.ok]
    print(
        "all good: `make reports` will build reports/index.html"
        if not failed
        else f"{len(failed)} problem(s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make doctor`: one line per check, a fix for each problem (helpers.doctor)."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import doctor

from .conftest import ROOT


def test_old_python_is_reported_with_the_fix():
    check = doctor.check_python((3, 9, 18))
    assert not check.ok and "3.9.18" in check.line() and "3.11" in check.line()
    assert "\n" not in check.line()


def test_missing_venv_says_make_install(tmp_path):
    check = doctor.check_venv(tmp_path)
    assert not check.ok and "make install" in check.detail


def test_kernel_pointing_at_a_missing_python_is_reported(tmp_path):
    spec = tmp_path / ".venv" / "share" / "jupyter" / "kernels" / "juesuan" / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps({"argv": [str(tmp_path / "gone" / "python"), "-m", "ipykernel_launcher"]}))
    check = doctor.check_kernel(tmp_path)
    assert not check.ok and "missing" in check.detail


def test_missing_font_is_reported(tmp_path, monkeypatch):
    monkeypatch.delenv(doctor.FONT_ENV_VAR, raising=False)
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    check = doctor.check_font(tmp_path)
    assert not check.ok and "mplfonts" in check.detail


def test_this_checkout_passes_every_check():
    done = subprocess.run(
        [sys.executable, str(ROOT / "src" / "helpers" / "doctor.py"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0, done.stdout
    assert [line.split(":")[0] for line in lines[:4]] == ["✓ Python", "✓ venv", "✓ kernel", "✓ font"]

"""The README opens the way a newcomer needs: title, one paragraph, the two commands with times."""

from __future__ import annotations

import re

from .conftest import ROOT


def test_readme_starts_with_title_paragraph_then_the_two_timed_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    assert blocks[0].startswith("# juesuan")
    assert not blocks[1].startswith(("```", "#"))  # one paragraph of prose
    assert blocks[2].startswith("## ")
    commands = blocks[3]
    assert commands.startswith("```sh")
    lines = [line for line in commands.splitlines() if not line.startswith("```")]
    assert [line.split()[:2] for line in lines] == [["make", "install"], ["make", "reports"]]
    assert all(re.search(r"\d+(\.\d+)? ?(min|s)\b", line) for line in lines)  # how long each takes
    assert "2-core" in text[: text.index("```text")]


def test_install_shows_pip_progress():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = next(line for line in makefile.splitlines() if "pip install" in line and "constraints" in line)
    assert "--quiet" not in install and "-q " not in install

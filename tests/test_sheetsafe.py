"""Spreadsheet-formula neutralisation of text cells (helpers.sheetsafe); SYNTHETIC strings only."""

from __future__ import annotations

import pytest

from helpers.sheetsafe import neutralise, terminal_text

HOSTILE = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_prefixed_with_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["-12.50", "+3", "-1,234.5", "-0.5%", "-", "——", "/", "行政运行", "<b>x</b>", ""])
def test_numbers_dashes_and_plain_text_are_kept_as_printed(text):
    assert neutralise(text) == text


def test_terminal_text_turns_control_characters_into_spaces():
    assert terminal_text("名称\x1b[31m红\x1b]0;title\x07\r\n") == "名称 [31m红 ]0;title   "

"""The terminal listing of findings (helpers.audit.report.findings_table); SYNTHETIC findings."""

from __future__ import annotations


def test_the_terminal_listing_carries_no_control_characters_from_data():
    """A SYNTHETIC quote and message with ESC sequences (clear screen, set the window title)."""
    from helpers.audit.findings import Evidence, Finding
    from helpers.audit.report import findings_table

    hostile = "收、支总计\x1b[2J\x1b]0;PWNED\x07 289.04 万元\r"
    finding = Finding("identity.total", "error", "总计", f"{hostile} 不等于合计", evidence=[Evidence(3, hostile)])
    listing = findings_table([finding])
    assert "PWNED" in listing
    assert not [ch for ch in listing if ord(ch) < 0x20 and ch != "\n"]

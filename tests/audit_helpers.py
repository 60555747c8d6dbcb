"""Small helpers for the audit tests."""

from __future__ import annotations


def only(findings, rule_prefix: str):
    """Findings of one rule (or rule family, by prefix)."""
    return [f for f in findings if f.rule.startswith(rule_prefix)]


def severities(findings, rule_prefix: str) -> list[str]:
    return [f.severity for f in only(findings, rule_prefix)]

"""Chinese titles, levels, sources and severities shown in reports (helpers.audit.titles)."""

from __future__ import annotations

import re

import pytest

from helpers.audit import audit
from helpers.audit.titles import (
    RULE_TITLES,
    finding_title,
    level_label,
    rule_title,
    severity_label,
    source_label,
)

from .conftest import ALL_EXPECTED, ROOT, extracted, text_path_of

_RULE_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")
_NOT_RULES = {"csv", "json", "txt", "parquet", "py", "html", "css", "pickle", "toml", "run", "worker"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _rule_ids_in_source() -> set[str]:
    """Every `family.name` string literal of the audit modules and the prior-year comparison."""
    files = [*(ROOT / "src" / "helpers" / "audit").rglob("*.py"), ROOT / "src" / "helpers" / "compare.py"]
    found = set()
    for path in files:
        if path.name == "titles.py":
            continue
        for literal in _RULE_LITERAL.findall(path.read_text(encoding="utf-8")):
            if literal.rsplit(".", 1)[1] not in _NOT_RULES:
                found.add(literal)
    return found


def test_every_rule_id_in_the_source_has_a_chinese_title():
    rule_ids = _rule_ids_in_source()
    assert len(rule_ids) >= 30
    missing = sorted(rule_ids - RULE_TITLES.keys())
    assert missing == [], f"add Chinese titles to helpers/audit/titles.py for {missing}"


@pytest.mark.parametrize("expected_path", ALL_EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_every_finding_on_the_fixtures_gets_a_chinese_title(expected_path):
    document, extraction = extracted(text_path_of(expected_path))
    for finding in audit(document, extraction):
        assert finding.rule in RULE_TITLES
        assert _CJK.search(finding_title(finding.rule, finding.severity, finding.title))


def test_titles_are_chinese_and_not_english():
    for rule, title in RULE_TITLES.items():
        assert _CJK.search(title), rule
        assert not re.search(r"[A-Za-z]{3,}", title), rule


def test_rounding_info_says_so_in_chinese():
    title = finding_title("identity.basic", "info", "Basic expenditure equals … (rounding)")
    assert title.startswith(RULE_TITLES["identity.basic"]) and "四舍五入" in title


def test_unknown_rule_falls_back_to_the_given_title_then_the_id():
    assert rule_title("table.new_rule", "A new rule") == "A new rule"
    assert rule_title("table.new_rule") == "table.new_rule"


def test_levels_sources_and_severities_in_chinese():
    assert [level_label(x) for x in ("class", "section", "item")] == ["类", "款", "项"]
    assert source_label("narrative") == "正文"
    assert source_label("table:一般公共预算财政拨款支出决算表") == "表格（一般公共预算财政拨款支出决算表）"
    assert source_label("table") == "表格"
    assert [severity_label(x) for x in ("error", "warning", "info")] == ["错误", "警告", "提示"]

"""Every failure case of tests/fixtures/cases/ (SYNTHETIC, copied from ../shared/cases) as a test.

Each case is `NAME.txt` plus `NAME.json` holding what a correct `juesuan extract --format json` and
`juesuan check --format json` give on it; the schema is in tests/fixtures/cases/README.md. Decimals are
compared exactly after normalising trailing zeros ("1.80" == "1.8").

Cases whose kind is not fixed yet are listed in NOT_YET with the issue that fixes them: they run as
strict xfails, so a case that starts passing fails here until it is taken off the list.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from helpers.cli import main

CASES = Path(__file__).parent / "fixtures" / "cases"

# case stem -> the issue whose work makes it pass
NOT_YET: dict[str, str] = {
}

FACT_FIELDS = ("value", "change", "growth_pct", "share_pct", "completion_pct", "budget", "unit")
FUNCTIONAL_FIELDS = ("amount", "budget", "completion_pct", "share_pct")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _dec(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).replace(",", "")).normalize()
    except (InvalidOperation, ValueError):
        return None


def _same(expected: Any, actual: Any) -> bool:
    """Exact comparison after folding trailing zeros; non-numbers compare as strings."""
    if expected is None or actual is None:
        return expected is actual
    left, right = _dec(expected), _dec(actual)
    if left is not None and right is not None:
        return left == right
    return str(expected) == str(actual)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse and friends
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return int(code or 0), out, err


def _haystack(finding: dict) -> str:
    parts = [finding.get("rule", ""), finding.get("title", ""), finding.get("message", "")]
    parts += [str(finding.get(k, "")) for k in ("stated", "expected", "difference")]
    for evidence in finding.get("evidence", []):
        parts += [str(v) for v in evidence.values()]
    return "\n".join(p for p in parts if p)


def _matches(finding: dict, matcher: dict) -> bool:
    text = _haystack(finding)
    if "severity" in matcher and finding["severity"] not in matcher["severity"]:
        return False
    if "rule" in matcher and not finding["rule"].startswith(matcher["rule"]):
        return False
    if "numbers" in matcher:
        present = {_dec(n) for n in NUMBER.findall(text)}
        if not all(_dec(n) in present for n in matcher["numbers"]):
            return False
    if "words" in matcher and not all(w in text for w in matcher["words"]):
        return False
    if "pattern" in matcher and not re.search(matcher["pattern"], text):
        return False
    if "lines" in matcher:
        lines = {e.get("line") for e in finding.get("evidence", [])}
        if not set(matcher["lines"]) <= lines:
            return False
    return True


def _check_facts(expected: dict, result: dict) -> list[str]:
    problems = []
    facts = {f["key"]: f for f in result.get("facts", [])}
    for key, fields in expected.get("facts", {}).items():
        fact = facts.get(key)
        if fact is None:
            problems.append(f"fact {key} missing")
            continue
        for name in FACT_FIELDS:
            if name not in fields:
                continue
            want, got = fields[name], fact.get(name)
            if not _same(want, got):
                problems.append(f"fact {key}.{name}: expected {want!r}, got {got!r}")
    for key in expected.get("absent_facts", []):
        if key in facts:
            problems.append(f"fact {key} must be absent, got {facts[key].get('value')!r}")
    return problems


def _check_functional(expected: dict, result: dict) -> list[str]:
    problems = []
    rows = result.get("functional", [])
    for want in expected.get("functional", []):
        codes = want["code"] if isinstance(want["code"], list) else [want["code"]]
        candidates = [r for r in rows if r.get("code") in codes]
        fields = {k: want[k] for k in FUNCTIONAL_FIELDS if k in want}
        if not any(all(_same(v, r.get(k)) for k, v in fields.items()) for r in candidates):
            got = [{k: r.get(k) for k in ("code", *FUNCTIONAL_FIELDS)} for r in candidates]
            problems.append(f"functional {codes} with {fields}: got {got or 'no row'}")
    return problems


def _check_numbers(expected: dict, result: dict) -> list[str]:
    spec = expected.get("numbers")
    if not spec:
        return []
    problems = []
    numbers = result.get("numbers", [])
    values = {_dec(n["value"]) for n in numbers}
    for absent in spec.get("absent", []):
        if _dec(absent) in values:
            problems.append(f"number {absent} must not be in the inventory")
    if "max_decimals" in spec:
        for n in numbers:
            if n.get("kind") == "year":
                continue
            _, _, frac = str(n["value"]).partition(".")
            if len(frac) > spec["max_decimals"]:
                problems.append(f"number {n['value']} has more than {spec['max_decimals']} decimals")
    for line, wanted in spec.get("on_line", {}).items():
        on_line = {_dec(n["value"]) for n in numbers if n.get("line") == int(line)}
        for value in wanted:
            if _dec(value) not in on_line:
                problems.append(f"number {value} not read on line {line}")
    return problems


def _check_findings(expected: dict, findings: list[dict], code: int) -> list[str]:
    spec = expected.get("check")
    if not spec:
        return []
    problems = []
    errors = [f for f in findings if f["severity"] == "error"]
    serious = [f for f in findings if f["severity"] in ("error", "warning")]
    if spec.get("no_error") and (errors or code != 0):
        problems.append(f"expected no error (exit {code}): {[f['message'] for f in errors]}")
    for matcher in spec.get("errors_must_include", []):
        if not any(_matches(f, matcher) for f in findings):
            problems.append(f"missing finding: {matcher.get('what', matcher)}")
    for matcher in spec.get("warnings_must_include", []):
        pool = findings if "severity" in matcher else serious
        if not any(_matches(f, matcher) for f in pool):
            problems.append(f"missing warning: {matcher.get('what', matcher)}")
    for numbers in spec.get("no_error_mentioning", []):
        for f in errors:
            if _matches(f, {"numbers": numbers}):
                problems.append(f"false error mentioning {numbers}: {f['message']}")
    for matcher in spec.get("no_warning_matching", []):
        for f in serious:
            if _matches(f, matcher):
                problems.append(f"unexpected {f['severity']} ({matcher.get('what', '')}): {f['message']}")
    return problems


def run_case(stem: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """All the ways the project's output differs from the case's expectation (empty = passes)."""
    expected = json.loads((CASES / f"{stem}.json").read_text(encoding="utf-8"))
    text = str(CASES / f"{stem}.txt")
    code, out, err = _run(capsys, "extract", text, "--format", "json")
    want_exit = expected.get("exit", 0)
    if code != want_exit:
        return [f"extract exit {code}, expected {want_exit}: {err.strip()[:300]}"]
    if code != 0:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        return [] if len(lines) == 1 and "Traceback" not in err else [f"not one line: {err[:300]}"]
    result = json.loads(out)
    problems = []
    for key in ("fiscal_year", "department"):
        if key in expected and not _same(expected[key], result.get(key)):
            problems.append(f"{key}: expected {expected[key]!r}, got {result.get(key)!r}")
    problems += _check_facts(expected, result)
    problems += _check_functional(expected, result)
    problems += _check_numbers(expected, result)
    if "check" in expected:
        code, out, err = _run(capsys, "check", text, "--format", "json")
        if code not in (0, 1):
            return [*problems, f"check exit {code}: {err.strip()[:300]}"]
        problems += _check_findings(expected, json.loads(out)["findings"], code)
    return problems


def _params() -> list:
    params = []
    for path in sorted(CASES.glob("*.json")):
        marks = []
        if path.stem in NOT_YET:
            marks.append(pytest.mark.xfail(strict=True, reason=f"{NOT_YET[path.stem]} fixes this kind"))
        params.append(pytest.param(path.stem, marks=marks, id=path.stem))
    return params


@pytest.mark.parametrize("stem", _params())
def test_case_gives_the_right_answer(stem: str, capsys: pytest.CaptureFixture[str]) -> None:
    problems = run_case(stem, capsys)
    assert not problems, f"{stem}:\n  " + "\n  ".join(problems)


def test_every_case_has_its_text() -> None:
    stems = {p.stem for p in CASES.glob("*.json")}
    assert stems, "no cases found"
    assert stems == {p.stem for p in CASES.glob("*.txt")}
    assert set(NOT_YET) <= stems, f"NOT_YET names unknown cases: {set(NOT_YET) - stems}"


def test_harness_can_fail(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A wrong expectation on the seed-like case text is reported, so the harness is not vacuous."""
    problems = _check_facts({"facts": {"total": {"value": "1.00"}}}, {"facts": [{"key": "total", "value": "2"}]})
    assert problems == ["fact total.value: expected '1.00', got '2'"]
    assert _check_facts({"facts": {"total": {"value": "1.80"}}}, {"facts": [{"key": "total", "value": "1.8"}]}) == []

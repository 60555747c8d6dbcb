"""Notebook and CLI parameters checked before anything runs (helpers.parameters)."""

from __future__ import annotations

import pytest

from helpers import notebook as nb
from helpers.catalog import validate_fiscal_year
from helpers.errors import ParameterError
from helpers.parameters import check_baseline, check_disclosure
from helpers.paths import project_paths

from .conftest import ROOT


@pytest.fixture
def paths():
    return project_paths(ROOT)


def _one_line_bilingual(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message and " / " in message
    chinese, english = message.split(" / ", 1)
    assert any("\u4e00" <= c <= "\u9fff" for c in chinese) and english.isascii()
    return message


def test_baseline_year_equal_to_the_fiscal_year_is_refused(paths):
    with pytest.raises(ParameterError) as error:
        check_baseline(paths, "510303-xzspj", 2020, 2020)
    message = _one_line_bilingual(error)
    assert "必须早于" in message and "must be earlier" in message and "2019" in message


def test_baseline_year_after_the_fiscal_year_is_refused(paths):
    with pytest.raises(ParameterError, match="must be earlier"):
        check_baseline(paths, "510303-xzspj", 2020, 2021)


def test_a_baseline_year_with_no_data_other_than_the_year_before_is_refused(paths):
    # Stated changes only give the previous year: labelling them 2015 would mislabel them.
    with pytest.raises(ParameterError) as error:
        check_baseline(paths, "510303-xzspj", 2020, 2015)
    assert "usable: 2019" in _one_line_bilingual(error)


def test_the_year_before_is_a_usable_baseline_even_when_not_held(paths):
    assert check_baseline(paths, "510303-xzspj", 2020, 2019) == 2019
    assert check_baseline(paths, "510303-xzspj", 2020, None) == 2019


def test_unknown_department_lists_the_departments_held(paths):
    with pytest.raises(ParameterError) as error:
        check_disclosure(paths, "510303-nosuch", 2020)
    message = _one_line_bilingual(error)
    assert "510303-xzspj" in message and "现有部门" in message


def test_unknown_year_lists_the_years_held(paths):
    with pytest.raises(ParameterError) as error:
        check_disclosure(paths, "510303-xzspj", 2019)
    message = _one_line_bilingual(error)
    assert "现有年度：2020" in message and "years held: 2020" in message


@pytest.mark.parametrize("year", ["1899", "3000", "2100", "1000"])
def test_year_out_of_range_is_about_range_not_digits(year):
    with pytest.raises(ParameterError) as error:
        validate_fiscal_year(year)
    message = _one_line_bilingual(error)
    assert "超出范围" in message and "out of range" in message and "digits" not in message


def test_malformed_year_is_about_digits():
    with pytest.raises(ParameterError, match="four digits"):
        validate_fiscal_year("20x0")


def test_notebook_context_checks_its_parameters():
    with pytest.raises(ParameterError, match="must be earlier"):
        nb.open_context("510303-xzspj", 2020, 2020, raw_dir=ROOT / "data" / "raw")
    with pytest.raises(ParameterError, match="years held: 2020"):
        nb.open_context("510303-xzspj", 2021, raw_dir=ROOT / "data" / "raw")


def test_in_a_notebook_a_parameter_error_shows_as_one_line():
    error = ParameterError("参数错误 / bad parameter")
    assert error._render_traceback_() == ["ParameterError: 参数错误 / bad parameter"]


def test_relative_folders_are_relative_to_the_project_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    ctx = nb.open_context("510303-xzspj", 2020, raw_dir="data/raw")
    assert ctx.paths.raw == ROOT / "data" / "raw"

"""SYNTHETIC catalogs for panel tests and benchmarks: raw texts with correct sidecars in a temp folder.

`fixture_catalog` lays out the three synthetic fixtures of tests/fixtures/synthetic (two years of
one invented county bureau, one year of an invented district commission) as a catalog; their
hand-checked values are in the fixtures' .expected.json. Nothing here is real disclosure data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from helpers.panel import refresh_panel
from helpers.paths import ProjectPaths

from .conftest import ROOT, SYNTHETIC_DIR

EDU_ID, HEALTH_ID = "990101-qlxjtj", "990102-ypqwjw"
FIXTURES = (
    (EDU_ID, "四川省青岚县教育和体育局", 2020, "sc_county_edu_2020.txt"),
    (EDU_ID, "四川省青岚县教育和体育局", 2021, "sc_county_edu_2021.txt"),
    (HEALTH_ID, "上海市云浦区卫生健康委员会", 2022, "sh_district_health_2022.gbk.txt"),
)


def write_disclosure(
    raw: Path, department_id: str, department: str, year: int, data: bytes, origin: str
) -> Path:
    """Write one SYNTHETIC raw text and its sidecar (sha256 and size computed); returns the text path."""
    folder = raw / department_id
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / f"{year}.txt"
    text.write_bytes(data)
    sidecar = {
        "department_id": department_id,
        "department": department,
        "fiscal_year": year,
        "publisher": department,
        "origin": origin,
        "url": None,
        "date_added": dt.date(2026, 1, 1).isoformat(),
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "synthetic": True,
    }
    (folder / f"{year}.json").write_text(
        json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return text


def fixture_catalog(tmp: Path) -> ProjectPaths:
    """A SYNTHETIC project under `tmp`: raw/ with the three fixtures, empty processed/ and reports/."""
    paths = ProjectPaths(root=ROOT, raw=tmp / "raw", processed=tmp / "processed", reports=tmp / "reports")
    for department_id, department, year, name in FIXTURES:
        data = (SYNTHETIC_DIR / name).read_bytes()
        write_disclosure(paths.raw, department_id, department, year, data, f"tests/fixtures/synthetic/{name}")
    paths.processed.mkdir(parents=True, exist_ok=True)
    return paths


@pytest.fixture(scope="session")
def built_catalog(tmp_path_factory) -> Path:
    """The SYNTHETIC catalog extracted and loaded once; tests that change it work on a copy."""
    tmp = tmp_path_factory.mktemp("panel")
    paths = fixture_catalog(tmp)
    summary = refresh_panel(paths)
    assert summary.failed == []
    return tmp


@pytest.fixture(scope="session")
def shared_catalog(built_catalog) -> ProjectPaths:
    """The built SYNTHETIC catalog itself, for tests that only read it."""
    return ProjectPaths(
        root=ROOT,
        raw=built_catalog / "raw",
        processed=built_catalog / "processed",
        reports=built_catalog / "reports",
    )


@pytest.fixture
def catalog(built_catalog, tmp_path):
    """A private copy of the built SYNTHETIC catalog (raw, processed and the panel)."""
    for name in ("raw", "processed"):
        shutil.copytree(built_catalog / name, tmp_path / name, copy_function=shutil.copy2)
    paths = ProjectPaths(
        root=ROOT, raw=tmp_path / "raw", processed=tmp_path / "processed", reports=tmp_path / "reports"
    )
    refresh_panel(paths)  # copied files are new files (inodes): the copy's panel notes them once
    return paths


def panel_rows(paths: ProjectPaths, sql: str, *params):
    """Rows of a query on the panel of `paths` (a read-only connection)."""
    from helpers.panel.query import connect_read_only

    con = connect_read_only(paths.panel_db)  # the same configuration as every reader in this process
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()

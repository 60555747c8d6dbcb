from __future__ import annotations

from helpers.provenance import helpers_source_digest, package_versions, project_commit

from .conftest import ROOT


def test_versions_commit_and_source_digest():
    versions = package_versions()
    assert {"pandas", "papermill", "nbconvert", "juesuan"} <= set(versions)
    commit = project_commit(ROOT)
    assert commit is None or len(commit.split("+")[0]) == 40
    assert len(helpers_source_digest()) == 64

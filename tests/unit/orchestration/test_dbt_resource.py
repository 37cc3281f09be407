"""The warehouse's dbt resource starts one dbt process per command, and no adapter in the Dagster process."""

from __future__ import annotations

import stat
import sys

import pytest
from dagster_dbt import DbtCliResource

from orchestration.resources import WarehouseDbtResource, dbt_project

pytestmark = pytest.mark.unit

# A stand-in for dbt that records each command line it is started with and exits 0.
FAKE_DBT = f"""#!{sys.executable}
import os, sys
with open(os.environ["FAKE_DBT_CALLS"], "a") as calls:
    calls.write(" ".join(sys.argv[1:]) + "\\n")
"""


@pytest.fixture
def fake_dbt(tmp_path, monkeypatch):
    executable = tmp_path / "dbt"
    executable.write_text(FAKE_DBT)
    executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("FAKE_DBT_CALLS", str(tmp_path / "calls"))
    return executable


def _calls(tmp_path) -> list[str]:
    return (tmp_path / "calls").read_text().splitlines()


def test_a_command_starts_dbt_once_and_no_adapter_here(tmp_path, fake_dbt):
    resource = WarehouseDbtResource(project_dir=dbt_project, dbt_executable=str(fake_dbt))
    invocation = resource.cli(["build"], target_path=tmp_path / "target", raise_on_error=False).wait()
    [call] = _calls(tmp_path)
    assert call.startswith("build")  # no `dbt --version` first (a process and a request to pypi.org)
    assert invocation.adapter is None


def test_the_stock_resource_would_start_dbt_twice(tmp_path, fake_dbt):
    """What the subclass saves, so that a dagster-dbt release that renames what it overrides fails here."""
    resource = DbtCliResource(project_dir=dbt_project, dbt_executable=str(fake_dbt))
    with pytest.raises(ValueError, match="Could not parse dbt version"):  # the fake prints no version
        resource.cli(["build"], target_path=tmp_path / "target", raise_on_error=False)
    assert _calls(tmp_path) == ["--version"]
    assert hasattr(DbtCliResource, "_initialize_dbt_core_adapter")


def test_the_version_is_the_installed_dbts(fake_dbt):
    from dbt.version import get_installed_version

    resource = WarehouseDbtResource(project_dir=dbt_project, dbt_executable=str(fake_dbt))
    installed = get_installed_version()
    assert (resource._cli_version.major, resource._cli_version.minor) == (int(installed.major), int(installed.minor))
    assert str(resource._cli_version) == installed.to_version_string(skip_matcher=True)

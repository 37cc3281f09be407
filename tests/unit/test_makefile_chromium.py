"""`make test` checks for chromium where the browser tests will look for it.

The Makefile's browser-deps checks (or installs) CHROMIUM_BIN; tests/browser/conftest.py drives
NEWSWH_CHROMIUM. Told about a chromium elsewhere by either name, both must use it, or `make test`
passes its check and the browser tier fails on the other path.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.unit

SHOW = 'show-chromium:\n\t@echo "$$NEWSWH_CHROMIUM"\n'


def _recipes_see(tmp_path, *args: str, **env: str) -> str:
    """NEWSWH_CHROMIUM as a recipe of the Makefile (e.g. the browser tests' pytest) sees it."""
    extra = tmp_path / "show.mk"
    extra.write_text(SHOW, encoding="utf-8")
    # Under `make test CHROMIUM_BIN=...` the outer make's settings would reach this one: left out.
    outer = {"NEWSWH_CHROMIUM", "CHROMIUM_BIN", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    environ = {key: value for key, value in os.environ.items() if key not in outer} | env
    done = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", str(extra), "show-chromium", *args],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_the_default_is_debians_chromium(tmp_path):
    assert _recipes_see(tmp_path) == "/usr/bin/chromium"


def test_chromium_bin_reaches_the_browser_tests(tmp_path):
    assert _recipes_see(tmp_path, "CHROMIUM_BIN=/opt/chromium/chrome") == "/opt/chromium/chrome"


def test_newswh_chromium_is_what_make_checks(tmp_path):
    assert _recipes_see(tmp_path, NEWSWH_CHROMIUM="/opt/chromium/chrome") == "/opt/chromium/chrome"

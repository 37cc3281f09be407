"""Browser fixtures: Debian chromium driven by Playwright, and a stable folder for screenshots.

Screenshots go to test-output/browser/<test name>/ under the repository (override with
NEWSWH_TEST_OUTPUT), not to pytest's tmp_path: tmp_path is pruned after three sessions and
is hard to find, while CI can archive test-output/ as an artifact.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from newswh import config

CHROMIUM = Path(os.environ.get("NEWSWH_CHROMIUM", "/usr/bin/chromium"))
# Offline, headless and quiet: no sandbox (containers), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}


def output_root() -> Path:
    return Path(os.environ.get("NEWSWH_TEST_OUTPUT", str(config.PROJECT_ROOT / "test-output"))) / "browser"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test item, so fixtures can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def output_dir(request) -> Path:
    """test-output/browser/<test name>/, emptied at the start of the test."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder = output_root() / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the session (the system build; `playwright install` is never used)."""
    if not CHROMIUM.exists():
        # A skipped browser test would let a suite pass without its browser tier: fail instead.
        pytest.fail(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium; `make test` installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, request, output_dir):
    """A fresh page; when the test fails, what it showed last is saved as failure.png."""
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            page.screenshot(path=str(output_dir / "failure.png"), full_page=True)
        context.close()

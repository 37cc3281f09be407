"""The tier check stops a session when a test has no tier marker, or two."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit

CONFTEST = "from tests.tier_markers import pytest_collection_modifyitems  # noqa: F401\n"


def run(pytester, source: str, *args: str):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_sample=source)
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def test_a_module_without_a_tier_marker_fails_the_session(pytester):
    result = run(pytester, "def test_something():\n    assert True\n")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*test_sample.py::test_something: no tier marker*"])


def test_selecting_a_tier_does_not_hide_an_unmarked_test(pytester):
    source = "import pytest\n\n@pytest.mark.unit\ndef test_marked():\n    pass\n\ndef test_unmarked():\n    pass\n"
    result = run(pytester, source, "-m", "unit")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*test_unmarked: no tier marker*"])


def test_two_tier_markers_fail_the_session(pytester):
    source = "import pytest\n\npytestmark = [pytest.mark.unit, pytest.mark.integration]\n\ndef test_x():\n    pass\n"
    result = run(pytester, source)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*several tier markers*"])


def test_a_marked_module_runs(pytester):
    result = run(pytester, "import pytest\n\npytestmark = pytest.mark.unit\n\ndef test_x():\n    pass\n")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1)

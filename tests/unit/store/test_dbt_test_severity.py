"""Every dbt data test has the severity of its kind, read from the parsed manifest.

Invariants the pipeline guarantees by construction fail the build (error). Plausibility checks on
extraction only warn, and each is guarded by an error-level quality_flag_share_below on the flag
its rows carry, so a heuristic miss never stops a warehouse but a systematic fault does.
"""

from __future__ import annotations

import pytest

from tests.docs_manifest import MANIFEST_PATH, load_manifest

pytestmark = pytest.mark.unit

# warn-level test -> (mart, flag in its quality_flags) (macros/quality_flags.sql)
PLAUSIBILITY_TESTS = {
    "assert_no_fact_after_publication_unless_planned": ("fct_event_mentions", "reported_after_publication"),
    "assert_asserted_recognition_has_source_actor": ("fct_events", "recognition_without_source"),
}
MAX_FLAGGED_SHARE = 0.05


@pytest.fixture(scope="module")
def data_tests() -> dict[str, dict]:
    if not MANIFEST_PATH.exists():
        pytest.fail(f"no dbt manifest at {MANIFEST_PATH}: run `make manifest` (or `make test`, which builds it)")
    nodes = load_manifest()["nodes"].values()
    return {node["name"]: node for node in nodes if node["resource_type"] == "test"}


def _severity(node: dict) -> str:
    return str(node["config"]["severity"]).lower()


def test_the_plausibility_tests_warn(data_tests):
    assert {name: _severity(data_tests[name]) for name in PLAUSIBILITY_TESTS} == dict.fromkeys(
        PLAUSIBILITY_TESTS, "warn"
    )


def test_every_other_test_is_an_error(data_tests):
    warned = sorted(
        name for name, node in data_tests.items() if _severity(node) != "error" and name not in PLAUSIBILITY_TESTS
    )
    assert warned == [], "only the plausibility tests may warn"
    assert len(data_tests) > 100, "the manifest lists the project's data tests"


def test_every_plausibility_flag_has_an_error_level_share_guard(data_tests):
    guards = {
        (node["attached_node"].split(".")[-1], node["test_metadata"]["kwargs"]["flag"]): node
        for node in data_tests.values()
        if node.get("test_metadata", {}).get("name") == "quality_flag_share_below"
    }
    for mart, flag in PLAUSIBILITY_TESTS.values():
        guard = guards[(mart, flag)]
        assert _severity(guard) == "error"
        assert guard["test_metadata"]["kwargs"]["max_share"] == MAX_FLAGGED_SHARE


def test_every_plausibility_test_selects_its_flag(data_tests):
    """The warn-level test lists the rows the mart flags, so the two can't drift apart."""
    for name, (mart, flag) in PLAUSIBILITY_TESTS.items():
        node = data_tests[name]
        assert f"'{flag}'" in node["raw_code"] and "quality_flags" in node["raw_code"]
        assert mart in {ref["name"] for ref in node["refs"]}

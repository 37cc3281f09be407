"""A flagged row makes its plausibility test warn, not fail; a flag on too many rows fails.

Runs the real dbt tests against a tiny warehouse holding just the two tables they read, so the
severity config in the project (not a restatement of it) decides the exit code.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from newswh.store import dbt_warnings
from tests.support import dbt_test

pytestmark = pytest.mark.integration

WARN_TEST = "assert_no_fact_after_publication_unless_planned"
SHARE_GUARD = "fct_event_mentions,test_name:quality_flag_share_below"


def _tiny_warehouse(path: Path, flagged: int, clean: int) -> None:
    """fct_event_mentions with `flagged` mentions reported after publication among `flagged + clean`."""
    con = duckdb.connect(str(path))
    con.execute(
        "create table dim_articles as select 'a1' as article_id, date '2024-03-01' as published_date, "
        "date '2024-03-01' as published_date_max"
    )
    con.execute(
        """
        create table fct_event_mentions as
        select 'm' || i as mention_id, 'a1' as article_id, 'asserted' as modality,
               case when i < ? then date '2024-03-02' else date '2024-02-01' end as reported_date_start,
               case when i < ? then ['reported_after_publication'] else []::varchar[] end as quality_flags
        from range(?) as t(i)
        """,
        [flagged, flagged, flagged + clean],
    )
    con.close()


def _dbt_test(tmp_path: Path, select: str) -> tuple[int, list[tuple[str, int]]]:
    target = tmp_path / "target"
    done = dbt_test(tmp_path / "tiny.duckdb", target, tmp_path / "logs", select)
    return done.returncode, dbt_warnings(target / "run_results.json")


def test_a_few_flagged_rows_warn_with_their_count_and_pass(tmp_path):
    _tiny_warehouse(tmp_path / "tiny.duckdb", flagged=1, clean=99)
    code, warnings = _dbt_test(tmp_path, f"{WARN_TEST} {SHARE_GUARD}")
    assert (code, warnings) == (0, [(WARN_TEST, 1)])


def test_a_flag_on_more_than_five_percent_of_rows_fails(tmp_path):
    _tiny_warehouse(tmp_path / "tiny.duckdb", flagged=6, clean=94)
    code, warnings = _dbt_test(tmp_path, f"{WARN_TEST} {SHARE_GUARD}")
    assert code == 1
    assert warnings == [(WARN_TEST, 6)]

"""The Python asset checks measure what their names say, and fail on warehouses built to fail them."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from orchestration.checks import (
    article_date_health,
    articles_dated_and_conflicts_resolved,
    events_dated_from_their_own_text,
    text_dated_event_share,
)

pytestmark = pytest.mark.unit


def events_warehouse(path, mentions: list[tuple[str, str]], undated_events: int = 0) -> duckdb.DuckDBPyConnection:
    """fct_events and fct_event_mentions with the given (event_id, date_basis) mentions.

    Every event with a mention has a date interval, as inherited dates give one too.
    """
    con = duckdb.connect(str(path))
    con.execute("create table fct_events (event_id varchar, event_date_start date)")
    con.execute("create table fct_event_mentions (mention_id varchar, event_id varchar, date_basis varchar)")
    for event_id in sorted({event for event, _ in mentions}):
        con.execute("insert into fct_events values (?, ?)", [event_id, date(2022, 3, 1)])
    for n in range(undated_events):
        con.execute("insert into fct_events values (?, null)", [f"undated{n}"])
    for n, (event_id, basis) in enumerate(mentions):
        con.execute("insert into fct_event_mentions values (?, ?, ?)", [f"m{n}", event_id, basis])
    return con


def test_inherited_dates_do_not_count_as_dated_from_the_text(tmp_path):
    # Every event has a date interval, but only 1 of 4 from its own sentence: the check must fail.
    con = events_warehouse(
        tmp_path / "w.duckdb", [("a", "explicit"), ("b", "inherited"), ("c", "inherited"), ("d", "inherited")]
    )
    measured = text_dated_event_share(con)
    assert measured["share_with_date_interval"] == 1.0
    assert measured["share_dated_from_their_own_sentence"] == 0.25
    assert not measured["passed"]


def test_an_event_counts_once_however_many_text_dated_mentions(tmp_path):
    mentions = [("a", "explicit"), ("a", "relative"), ("a", "inherited"), ("b", "relative"), ("c", "undated")]
    measured = text_dated_event_share(events_warehouse(tmp_path / "w.duckdb", mentions))
    assert measured["events_dated_from_their_own_sentence"] == 2 and measured["events"] == 3
    assert measured["share_dated_from_their_own_sentence"] == 0.667


def test_mentions_of_unconsolidated_events_are_not_counted(tmp_path):
    # A text-dated mention whose event is not in fct_events must not lift the share.
    con = events_warehouse(tmp_path / "w.duckdb", [("a", "inherited"), ("b", "inherited")])
    con.execute("insert into fct_event_mentions values ('orphan', null, 'explicit'), ('lost', 'zz', 'explicit')")
    assert text_dated_event_share(con)["events_dated_from_their_own_sentence"] == 0


def test_text_dated_events_pass_and_no_events_fail(tmp_path):
    good = events_warehouse(tmp_path / "good.duckdb", [("a", "explicit"), ("b", "relative"), ("c", "inherited")])
    assert text_dated_event_share(good)["passed"]
    empty = events_warehouse(tmp_path / "empty.duckdb", [])
    assert not text_dated_event_share(empty)["passed"]


def articles_warehouse(path, rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    """dim_articles with (article_id, published_date, published_date_basis, date_conflict) rows."""
    con = duckdb.connect(str(path))
    con.execute(
        "create table dim_articles (article_id varchar, published_date date, published_date_basis varchar, "
        "date_conflict boolean)"
    )
    con.executemany("insert into dim_articles values (?, ?, ?, ?)", rows)
    return con


def test_articles_dated_from_content_pass(tmp_path):
    con = articles_warehouse(
        tmp_path / "w.duckdb",
        [("a", date(2022, 4, 16), "content_inferred", True), ("b", date(2022, 1, 1), "stated", False)],
    )
    measured = article_date_health(con)
    assert measured["passed"] and measured["date_conflicts"] == 1 and measured["content_inferred"] == 1


def test_an_undated_article_fails(tmp_path):
    con = articles_warehouse(
        tmp_path / "w.duckdb", [("a", None, "unknown", False), ("b", date(2022, 1, 1), "stated", False)]
    )
    measured = article_date_health(con)
    assert not measured["passed"] and measured["undated_articles"] == 1


def test_a_bounded_article_passes_and_is_counted(tmp_path):
    # Nothing pinned its day, the printed date was overruled: null date, bounds, basis bounded.
    con = articles_warehouse(
        tmp_path / "w.duckdb", [("a", None, "bounded", True), ("b", date(2022, 1, 1), "stated", False)]
    )
    measured = article_date_health(con)
    assert measured["passed"] and measured["bounded"] == 1 and measured["undated_articles"] == 0


def test_a_conflict_left_on_the_printed_date_fails(tmp_path):
    # The page date contradicts the content, yet the warehouse kept the page date.
    con = articles_warehouse(tmp_path / "w.duckdb", [("a", date(2024, 7, 24), "stated", True)])
    measured = article_date_health(con)
    assert not measured["passed"] and measured["conflicts_not_resolved_from_content"] == 1


def test_the_dagster_checks_report_the_measurement(tmp_path):
    path = tmp_path / "w.duckdb"
    con = events_warehouse(path, [("a", "explicit"), ("b", "inherited"), ("c", "inherited")])
    con.execute(
        "create table dim_articles as select 'x' as article_id, null::date as published_date, "
        "'unknown' as published_date_basis, false as date_conflict"
    )
    con.close()
    resource = DuckDBResource(database=str(path))
    events = events_dated_from_their_own_text(duckdb=resource)
    assert not events.passed
    assert events.metadata["share_dated_from_their_own_sentence"].value == pytest.approx(0.333)
    articles = articles_dated_and_conflicts_resolved(duckdb=resource)
    assert not articles.passed and articles.metadata["undated_articles"].value == 1


def test_the_article_check_does_not_ask_for_content_inferred_dates(tmp_path):
    # Its name promises dated articles and resolved conflicts, nothing about how they were dated:
    # printed dates that nothing contradicts pass.
    con = articles_warehouse(
        tmp_path / "w.duckdb", [("a", date(2022, 4, 16), "stated", False), ("b", date(2022, 1, 1), "stated", False)]
    )
    measured = article_date_health(con)
    assert measured["passed"] and measured["content_inferred"] == 0 and measured["stated"] == 2

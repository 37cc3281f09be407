"""A datelined report through ingest and extraction: the dateline dates the article and its events."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.store import connect, extract_batch, ingest_batch, records_by_id

pytestmark = pytest.mark.integration

YESTERDAY = (
    "Ministers meet in Kabul\n\n2014-03-S-001\n\nKABUL, Afghanistan (March 4)\n"
    "The foreign minister of Pakistan met the Afghan president in Kabul yesterday. "
    "The two governments agreed to hold further talks on trade and border security.\n"
)
UNDATED_LEAD = (
    "Envoy in Moscow\n\nMOSCOW, June 10, 2014 — Russia accredited a new Afghan ambassador in Moscow. "
    "The ambassador will present his credentials to the president next month, officials said.\n"
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, nlp):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "yesterday.txt").write_text(YESTERDAY, encoding="utf-8")
    (corpus / "undated.txt").write_text(UNDATED_LEAD, encoding="utf-8")
    con = connect(tmp_path_factory.mktemp("wh") / "wh.duckdb")
    ids = list(records_by_id(corpus))
    assert ingest_batch(con, corpus, ids).ingested == 2
    assert extract_batch(con, ids, nlp=nlp).extracted == 2
    yield con
    con.close()


def _article(con, uri: str) -> tuple:
    return con.execute(
        """
        select a.article_id, a.dateline_place, a.dateline_date, d.published_date, d.basis, d.date_conflict
        from raw.articles a join raw.article_dates d using (article_id) where a.source_uri = ?
        """,
        [uri],
    ).fetchone()


def _events(con, article_id: str, trigger: str) -> list[tuple]:
    return con.execute(
        """
        select reported_date_start, reported_date_end, date_precision, date_basis from raw.event_mentions
        where article_id = ? and trigger_text = ?
        """,
        [article_id, trigger],
    ).fetchall()


def test_dateline_dates_the_article_and_yesterday_is_the_day_before(warehouse):
    article_id, place, dateline_day, published, basis, conflict = _article(warehouse, "yesterday.txt")
    # The dateline writes no year: the release number in the header gives it.
    assert (place, dateline_day) == ("KABUL, Afghanistan", date(2014, 3, 4))
    assert (published, basis, conflict) == (date(2014, 3, 4), "dateline", False)
    assert _events(warehouse, article_id, "met") == [(date(2014, 3, 3), date(2014, 3, 3), "day", "relative")]
    body = warehouse.execute("select body_text from raw.articles where article_id = ?", [article_id]).fetchone()[0]
    assert body.startswith("The foreign minister")  # the dateline line left the body as furniture
    kinds = warehouse.execute(
        "select kind from raw.article_furniture where article_id = ? and text like 'KABUL%'", [article_id]
    ).fetchall()
    assert kinds == [("dateline",)]


def test_undated_past_tense_lead_event_takes_the_dateline_window(warehouse):
    article_id, place, dateline_day, published, basis, _ = _article(warehouse, "undated.txt")
    assert (place, dateline_day, published, basis) == ("MOSCOW", date(2014, 6, 10), date(2014, 6, 10), "dateline")
    assert _events(warehouse, article_id, "accredited") == [
        (date(2014, 6, 9), date(2014, 6, 10), "fuzzy", "dateline_convention")
    ]
    # The dateline's own date dates nothing: no event of the article is dated by "June 10, 2014".
    dated_by_dateline = warehouse.execute(
        "select count(*) from raw.event_mentions where article_id = ? and date_text = 'June 10, 2014'", [article_id]
    ).fetchone()[0]
    assert dated_by_dateline == 0

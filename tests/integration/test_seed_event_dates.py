"""Issue 10 item 8: the seed facts about when things happened, on the warehouse built from the seeds.

The rules that make them hold are general (newswh/events/dating.py, consolidate.py) and have
their own unit tests on synthetic sentences (tests/unit/events/test_dating.py, test_consolidate.py).
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.integration


def test_russias_formal_recognition_is_one_asserted_0541_on_july_3_2025(built_warehouse):
    # "on Thursday, July 3" in the next sentence wins over the inherited month 2025-06-04..2025-07-04.
    rows = built_warehouse.query(
        """
        select source_actor_id, event_date_start, event_date_end, date_precision, date_disputed
        from fct_events where event_code = '0541' and modality = 'asserted'
        """
    )
    assert len(rows) == 1
    source, start, end, precision, disputed = rows[0]
    assert source == "rus"
    assert (start, end, precision, disputed) == (date(2025, 7, 3), date(2025, 7, 3), "day", False)


def test_russias_accreditation_lies_within_february_and_march_2022_and_has_two_reports(built_warehouse):
    rows = built_warehouse.query(
        """
        select event_date_start, event_date_end, num_articles
        from fct_events
        where event_code = '0542' and modality = 'asserted' and source_actor_id = 'rus'
          and target_actor_id in ('taliban', 'afg')
        order by num_articles desc
        """
    )
    assert rows, "no asserted Russian accreditation"
    start, end, num_articles = rows[0]
    # Not from 2021-08-15: "since the Taliban took control" bounds the act but does not date it.
    assert date(2022, 2, 1) <= start <= end <= date(2022, 3, 31)
    assert num_articles >= 2


def test_lavrovs_march_31_statements_are_dated_march_31(built_warehouse):
    # Seed 003: "Lavrov announced ..." (lead), "The announcement came during a meeting ... on
    # March 31", "During the meeting, Lavrov said that the diplomat was accredited ... in February 2022".
    # Seed 003's publication is only bounded from below, so a 'said' its text does not date stays undated.
    rows = built_warehouse.query(
        """
        select m.trigger_text, m.reported_date_start, m.reported_date_end, m.date_precision, e.event_date_start
        from fct_event_mentions m join dim_articles a using (article_id) join fct_events e using (event_id)
        where a.source_uri like '003%' and m.source_actor_id = 'sergey_lavrov' and m.event_code = '010'
          and m.trigger_text in ('announced', 'said') and m.date_basis not in ('inherited', 'undated')
        order by m.trigger_char_start
        """
    )
    assert [r[0] for r in rows] == ["announced", "said"]
    for _trigger, start, end, precision, event_start in rows:
        assert (start, end, precision, event_start) == (date(2022, 3, 31), date(2022, 3, 31), "day", date(2022, 3, 31))


def test_the_reported_february_accreditation_keeps_its_month(built_warehouse):
    rows = built_warehouse.query(
        """
        select m.reported_date_start, m.reported_date_end from fct_event_mentions m join dim_articles a using (article_id)
        where a.source_uri like '003%' and m.event_code = '0542' and m.date_text = 'February 2022'
        """
    )
    assert rows == [(date(2022, 2, 1), date(2022, 2, 28))]


def test_one_speakers_statements_on_different_days_are_different_events(built_warehouse):
    rows = built_warehouse.query(
        """
        select event_date_start, event_date_end from fct_events
        where source_actor_id = 'sergey_lavrov' and event_code = '010' and date_precision = 'day'
        order by 1
        """
    )
    assert (date(2021, 12, 31), date(2021, 12, 31)) in rows and (date(2022, 3, 31), date(2022, 3, 31)) in rows
    assert all(start == end for start, end in rows)

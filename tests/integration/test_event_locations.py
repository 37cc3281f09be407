"""Where the seed events happened: Moscow, Kabul and the Tunxi meeting (Anhui, China), offline."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_the_tunxi_meeting_is_in_anhui_china(built_warehouse):
    (place,) = built_warehouse.query(
        "select place_name, admin1_name, country_code, designator from stg_raw__place_mentions where mention_text = 'Tunxi'"
    )
    assert place == ("Huangshan", "Anhui", "CHN", "city")
    # "During the meeting, Lavrov said ...": the meeting's scene, set in the paragraph before, carries over.
    rows = built_warehouse.query(
        "select distinct location_name, location_admin1, location_country_code, location_basis from fct_event_mentions"
        " where sentence_text like 'During the meeting, Lavrov said%'"
    )
    assert rows == [("Huangshan", "Anhui", "CHN", "previous_paragraph")]


def test_the_moscow_accreditation_is_placed_in_moscow_russia(built_warehouse):
    rows = built_warehouse.query(
        "select location_name, location_admin1, location_country_code, latitude, longitude, location_basis"
        " from fct_event_mentions where event_code = '0542' and source_actor_id = 'rus'"
        " and sentence_text like 'Russian Foreign Minister Sergey Lavrov announced that Russia has accredited%'"
    )
    assert rows and all(row[:3] == ("Moscow", "Moscow", "RUS") for row in rows)
    assert all(55 < row[3] < 56 and 37 < row[4] < 38 for row in rows)
    assert {row[5] for row in rows} == {"predicate"}


def test_kabul_events_are_in_kabul_afghanistan(built_warehouse):
    # The Islamic Emirate (the Taliban) accredits Russia's envoy in a Kabul-datelined lead: the source is
    # the first actor after the dateline, not the dateline city standing for its state.
    rows = built_warehouse.query(
        "select distinct location_name, location_admin1, location_country_code from fct_event_mentions"
        " where event_code = '0542' and source_actor_id = 'taliban' and target_actor_id = 'rus'"
    )
    assert rows == [("Kabul", "Kabul", "AFG")]


def test_every_event_location_is_a_dim_location_with_its_country(built_warehouse):
    missing = built_warehouse.query(
        "select e.event_id from fct_events e left join dim_locations l using (geonames_id)"
        " where e.geonames_id is not null and (l.geonames_id is null or l.country_code <> e.location_country_code)"
    )
    assert missing == []
    moscows = built_warehouse.query("select country_code from dim_locations where location_name = 'Moscow'")
    assert ("USA",) not in moscows

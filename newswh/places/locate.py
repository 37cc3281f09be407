"""Where an event happened: the place of its predicate, else of its sentence, paragraph or dateline.

`location_basis` says which: predicate (the place the event's arguments name, "met in Moscow"),
sentence, paragraph, previous_paragraph (the scene carries over), dateline, or none. Within a sentence or paragraph the most specific place
wins (resources/place_rules.yaml), then the one nearest the trigger.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from newswh.places.gazetteer import Gazetteer, Place
from newswh.places.mentions import PlaceMention, load_rules

LOCATION_COLUMNS = (
    "location_name",
    "location_admin1",
    "location_country_code",
    "latitude",
    "longitude",
    "geonames_id",
    "location_basis",
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Each non-empty line of the body is a paragraph (cleaning keeps one paragraph per line)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _within(mentions: list[PlaceMention], start: int, end: int) -> list[PlaceMention]:
    """Resolved places of a span; a dateline city says where the report was filed, not where things happened."""
    return [m for m in mentions if m.place is not None and not m.is_dateline and start <= m.start and m.end <= end]


def _most_specific(mentions: list[PlaceMention], trigger: int) -> PlaceMention | None:
    order = load_rules().specificity
    return min(mentions, key=lambda m: (order.get(m.place.kind, 99), abs(m.start - trigger)), default=None)


def _predicate_place(mentions: list[PlaceMention], location: str | None) -> PlaceMention | None:
    """The sentence's place mention the event's own location argument names ("in Moscow")."""
    if not location:
        return None
    named = [m for m in mentions if m.text in location or location in m.text]
    return _most_specific(named, 0)


def _paragraph_index(paragraphs: list[tuple[int, int]], offset: int) -> int:
    return bisect_right([start for start, _ in paragraphs], offset) - 1


def _paragraph_place(mentions, paragraphs, event) -> tuple[PlaceMention | None, str]:
    """The paragraph's most specific place, else the previous paragraph's: a scene set in one
    paragraph ("a meeting ... in the city of Tunxi") carries over to the next ("During the meeting, ...")."""
    index = _paragraph_index(paragraphs, event.trigger_start)
    for back, basis in ((0, "paragraph"), (1, "previous_paragraph")):
        if index - back >= 0:
            chosen = _most_specific(_within(mentions, *paragraphs[index - back]), event.trigger_start)
            if chosen is not None:
                return chosen, basis
    return None, "none"


def location_columns(place: Place | None, basis: str, gazetteer: Gazetteer) -> dict:
    if place is None:
        return {**dict.fromkeys(LOCATION_COLUMNS), "location_basis": "none"}
    return {
        "location_name": place.name,
        "location_admin1": gazetteer.admin1_names.get(place.admin1_code) if place.admin1_code else None,
        "location_country_code": gazetteer.iso3(place.country_code),
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonames_id": place.place_id,
        "location_basis": basis,
    }


def event_location(
    event,
    mentions: list[PlaceMention],
    paragraphs: list[tuple[int, int]],
    dateline: Place | None,
    gazetteer: Gazetteer,
) -> dict:
    """Location columns of one event mention (an EventMention: sentence span, trigger, location text)."""
    in_sentence = _within(mentions, event.sentence_start, event.sentence_end)
    chosen = _predicate_place(in_sentence, event.location)
    if chosen is not None:
        return location_columns(chosen.place, "predicate", gazetteer)
    chosen = _most_specific(in_sentence, event.trigger_start)
    if chosen is not None:
        return location_columns(chosen.place, "sentence", gazetteer)
    chosen, basis = _paragraph_place(mentions, paragraphs, event)
    if chosen is not None:
        return location_columns(chosen.place, basis, gazetteer)
    return location_columns(dateline, "dateline", gazetteer)


def event_locator(text: str, mentions: list[PlaceMention], dateline: Place | None, gazetteer: Gazetteer):
    """`event_location` bound to one article: call it with each event mention.

    The dateline is the article's (ingest's `dateline_place`) or else the dateline city that opens a line.
    """
    paragraphs = paragraph_spans(text)
    written = next((m for m in mentions if m.is_dateline and m.place.kind == "city"), None)
    if dateline is None and written is not None:
        dateline = written.place

    def locate(event) -> dict:
        return event_location(event, mentions, paragraphs, dateline, gazetteer)

    return locate


def place_columns(mention: PlaceMention, gazetteer: Gazetteer) -> dict:
    """The columns of raw.place_mentions a mention fills (ids and sentence come from the caller)."""
    place = mention.place
    return {
        "char_start": mention.start,
        "char_end": mention.end,
        "mention_text": mention.text,
        "mention_source": mention.source,
        "designator": mention.designator,
        "geonames_id": place.place_id if place else None,
        "place_name": place.name if place else None,
        "place_kind": place.kind if place else None,
        "feature_class": place.feature_class if place else None,
        "feature_code": place.feature_code if place else None,
        "country_code": gazetteer.iso3(place.country_code) if place else None,
        "country_code_iso2": place.country_code if place else None,
        "country_name": gazetteer.country_name(place.country_code) if place else None,
        "admin1_code": place.admin1_code if place else None,
        "admin1_name": gazetteer.admin1_names.get(place.admin1_code) if place and place.admin1_code else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "population": place.population if place else None,
        "num_candidates": len(mention.candidates),
        "is_dateline": mention.is_dateline,
        "resolution_basis": mention.basis,
    }

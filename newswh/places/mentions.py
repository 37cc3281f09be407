"""Place mentions of one article: found in spaCy entities and "X province" phrases, resolved in context.

A name is looked up in the gazetteer; when it fits several places, the article decides: places that
lie in one admin-1 only vote for it, the countries the article names (and the dateline city's) count,
then the kind order ("Georgia" the country before the US state, "Kandahar" the city before the
province), then population. resources/place_rules.yaml gives the rules and why.
A designator next to the name ("Kandahar province", "the city of Tunxi") restricts the kind.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml
from spacy.tokens import Doc

from newswh.nlp import doc_text
from newswh.places.gazetteer import RULES_PATH, Gazetteer, Place, load_gazetteer


@dataclass(frozen=True)
class PlaceRules:
    entity_labels: frozenset[str]
    designators: dict[str, str]
    kind_rank: dict[str, int]
    prominent_population: int
    near_kinds: dict[str, list[str]]
    specificity: dict[str, int]
    name_openers: frozenset[str]
    container_gap: re.Pattern


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_PATH) -> PlaceRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PlaceRules(
        entity_labels=frozenset(data["entity_labels"]),
        designators=dict(data["designators"]),
        kind_rank={kind: i for i, kind in enumerate(data["kind_rank"])},
        prominent_population=int(data["prominent_population"]),
        near_kinds={kind: list(near) for kind, near in data["near_kinds"].items()},
        specificity={kind: i for i, kind in enumerate(data["specificity"])},
        name_openers=frozenset(word.lower() for word in data["name_openers"]),
        container_gap=re.compile(data["container_gap"]),
    )


@dataclass
class PlaceMention:
    """A place named in the text, with its span in body_text and, once resolved, its place."""

    start: int
    end: int
    text: str  # the name as written, without its designator
    source: str  # the spaCy entity label (GPE, LOC, FAC), "phrase" (with a designator) or "dateline"
    designator: str | None = None  # "province", "district", "city" ... when written next to the name
    candidates: tuple[Place, ...] = ()
    place: Place | None = None
    basis: str = "unresolved"  # only, admin1_context, country_context, kind, population or unresolved
    is_dateline: bool = False  # the city of a dateline ("KABUL, Afghanistan (Jan. 5) -"): where it was filed


# Entity labels of names that are never places, so a place phrase inside one is no place.
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
# A word of a name may open with an apostrophe or a left quote standing for an ayn ("Nad \u2018Ali").
_NAME = r"[A-Z][\w'\u2018\u2019]*(?:[ -](?:e|i|ye|wa|['\u2018\u2019]?[A-Z][\w'\u2018\u2019]*))*"


@lru_cache(maxsize=1)
def _phrase_patterns() -> tuple[re.Pattern, re.Pattern]:
    words = "|".join(sorted(load_rules().designators, key=len, reverse=True))
    after = re.compile(rf"\b({_NAME}(?:(?:, | and |, and ){_NAME})*)\s+((?i:{words}))\b")
    before = re.compile(rf"\b((?i:{words})) of ({_NAME})")
    return after, before


def _names_in_list(text: str, offset: int) -> list[tuple[int, int, str]]:
    """("Kandahar and Helmand", 10) -> each name with its offsets: a plural designator names a list."""
    spans = []
    for match in re.finditer(r"[^,]+?(?=,|\s+and\s+|$)", text):
        name = re.sub(r"^(?:and\s+)", "", match.group().strip())
        if name:
            start = offset + text.index(name, match.start())
            spans.append((start, start + len(name), name))
    return spans


def _longest_known_tail(gazetteer: Gazetteer, start: int, name: str) -> tuple[int, str] | None:
    """ "In Helmand" -> "Helmand", "Nigeria's Borno" -> "Borno": drop leading opener words (place_rules.yaml)
    and possessives until the rest is a known name. Only those: "Garm Ser" is no "Ser" (a Greek town)."""
    openers = load_rules().name_openers
    for word in re.finditer(r"\S+", name):
        tail = name[word.start() :]
        if gazetteer.lookup(tail):
            return start + word.start(), tail
        if word.group().lower() not in openers and not word.group().endswith(("'s", "\u2019s")):
            return None
    return None


def phrase_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Names written with a designator: "Marjeh district", "Kandahar and Helmand provinces", "city of Tunxi"."""
    after, before = _phrase_patterns()
    found = []
    for match in after.finditer(text):
        designator = match.group(2).lower()
        for start, _, name in _names_in_list(match.group(1), match.start(1)):
            known = _longest_known_tail(gazetteer, start, name)
            if known:
                found.append(PlaceMention(known[0], known[0] + len(known[1]), known[1], "phrase", designator))
    for match in before.finditer(text):
        if gazetteer.lookup(match.group(2)):
            found.append(PlaceMention(match.start(2), match.end(2), match.group(2), "phrase", match.group(1).lower()))
    return found


# A dateline city: a name opening a line, or a name in capitals anywhere ("... Release   KABUL, ...").
_DATELINE_CITY = re.compile(r"(?:^|(?<=\n))[A-Z][\w.'\u2019]*(?: [A-Z][\w.'\u2019]*)*|\b[A-Z]{3,}(?: [A-Z]{3,})*\b")


def dateline_mentions(text: str, gazetteer: Gazetteer) -> list[PlaceMention]:
    """City names written as a dateline, which the entity recognizer often misses in capitals."""
    found = []
    for match in _DATELINE_CITY.finditer(text):
        if not _DATELINE_TAIL.match(text, match.end()):
            continue
        if any(p.kind == "city" for p in gazetteer.lookup(match.group())):
            found.append(PlaceMention(match.start(), match.end(), match.group(), "dateline"))
    return found


def entity_mentions(doc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """GPE, LOC and FAC entities; a designator inside the entity ("Helmand Province") is split off."""
    rules = load_rules()
    found = []
    for ent in doc.ents:
        if ent.label_ not in rules.entity_labels:
            continue
        text, end, designator = ent.text, ent.end_char, None
        last = ent[-1].lower_
        if len(ent) > 1 and last in rules.designators:
            designator = last
            # The entity's own tokens, not doc.text: spaCy rebuilds the whole text on every doc.text.
            text = ent[:-1].text_with_ws.rstrip()
            end = ent.start_char + len(text)
        if text.endswith(("'s", "\u2019s")):
            text, end = text[:-2], end - 2
        mention = PlaceMention(ent.start_char, end, text, ent.label_, designator)
        # A state the actor ruler resolved ("U.S." -> usa) is that country whatever its spelling,
        # unless the name also fits places of other countries ("Georgia", the US state): then the
        # article's context decides between them, as for any ambiguous name.
        country = gazetteer.country_by_iso3.get(ent.kb_id_) if ent.kb_id_ else None
        if country is not None:
            elsewhere = [p for p in gazetteer.lookup(text) if p.country_code != country.country_code]
            mention.candidates = (country, *elsewhere)
        found.append(mention)
    return found


def _merge(entities: list[PlaceMention], phrases: list[PlaceMention]) -> list[PlaceMention]:
    """Phrases win over the entities they overlap (they carry the designator)."""
    kept = list(phrases)
    taken = [(p.start, p.end) for p in phrases]
    for mention in entities:
        if not any(mention.start < end and start < mention.end for start, end in taken):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _written(doc: Doc, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Phrase and dateline mentions, once each, unless a longer name of another kind holds them: "Islamic
    State Khorasan Province" is an organization. A name tagged PERSON alone ("Arghandab district") stays:
    the designator says more than the small model's guess."""
    others = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]
    kept: dict[tuple[int, int], PlaceMention] = {}
    for mention in mentions:
        held = any(
            start <= mention.start and mention.end <= end and end - start > mention.end - mention.start
            for start, end in others
        )
        if not held:
            kept.setdefault((mention.start, mention.end), mention)
    return list(kept.values())


def _candidates(mention: PlaceMention, gazetteer: Gazetteer) -> tuple[Place, ...]:
    if mention.candidates:
        return mention.candidates
    places = gazetteer.lookup(mention.text)
    rules = load_rules()
    wanted = "city" if mention.source == "dateline" else rules.designators.get(mention.designator or "")
    if not wanted:
        return tuple(dict.fromkeys(places))
    fitting = [p for p in places if p.kind == wanted] or [p for p in places if p.kind in rules.near_kinds[wanted]]
    return tuple(dict.fromkeys(fitting))


def _container_places(mention: PlaceMention) -> tuple[str, set[str]] | None:
    """What a containing name stands for: ("admin1", its codes) for a province, ("country", codes) for a country."""
    admin1s = {p.admin1_code for p in mention.candidates if p.kind == "admin1" and p.admin1_code}
    if admin1s:
        return "admin1", admin1s
    if mention.candidates and all(p.kind == "country" for p in mention.candidates):
        return "country", {p.country_code for p in mention.candidates}
    return None


def restrict_to_containers(mentions: list[PlaceMention], text: str) -> None:
    """A district or city written before its province or country ("Khas district, Uruzgan province")
    keeps only the candidates that lie there (place_rules.yaml, container_gap)."""
    rules = load_rules()
    for inner, outer in pairwise(mentions):
        if rules.designators.get(inner.designator or "") not in ("admin2", "city"):
            continue
        container = _container_places(outer) if rules.container_gap.match(text[inner.end : outer.start]) else None
        if container is None:
            continue
        level, codes = container
        inner.candidates = tuple(
            p for p in inner.candidates if (p.admin1_code if level == "admin1" else p.country_code) in codes
        )


@dataclass
class _Context:
    countries: set
    admin1s: Counter


def _context(mentions: list[PlaceMention], dateline: Place | None) -> _Context:
    """Countries the article is in (named, or holding a place that fits no other) and admin-1 votes."""
    context = _Context(set(), Counter())
    for mention in mentions:
        countries = {p.country_code for p in mention.candidates}
        if len(countries) != 1:
            continue
        context.countries |= countries
        admin1s = {p.admin1_code for p in mention.candidates}
        if len(admin1s) == 1 and None not in admin1s:
            context.admin1s[admin1s.pop()] += 1
    if dateline is not None:
        context.countries.add(dateline.country_code)
    return context


def _score(place: Place, context: _Context) -> tuple:
    rules = load_rules()
    prominent = place.kind == "country" or place.population >= rules.prominent_population
    return (
        context.admin1s[place.admin1_code] if place.admin1_code else 0,
        (place.country_code in context.countries) + prominent,
        -rules.kind_rank.get(place.kind, 99),
        place.population,
    )


def _choose(mention: PlaceMention, context: _Context) -> None:
    if not mention.candidates:
        return
    if len(mention.candidates) == 1:
        mention.place, mention.basis = mention.candidates[0], "only"
        return
    ranked = sorted(mention.candidates, key=lambda p: _score(p, context), reverse=True)
    best, runner = _score(ranked[0], context), _score(ranked[1], context)
    mention.place = ranked[0]
    decided_by = next((i for i, (a, b) in enumerate(zip(best, runner, strict=True)) if a != b), 3)
    mention.basis = ("admin1_context", "country_context", "kind", "population")[decided_by]


# A dateline opens a line: the city, optionally ", Country" or ", AGENCY", then a dash or a parenthesis.
_DATELINE_TAIL = re.compile(r"(?:,(?: [A-Z][\w.']*)+)?\s*[(\u2013\u2014-]")


def mark_datelines(mentions: list[PlaceMention], text: str) -> PlaceMention | None:
    """Flag the dateline cities (opening a line, or in capitals anywhere) and the country written with
    them; return the first city, the article's dateline if it has one."""
    first = None
    for mention in mentions:
        opens_line = mention.start == 0 or text[mention.start - 1] == "\n"
        if not (opens_line or mention.text.isupper()) or mention.place is None or mention.place.kind != "city":
            continue
        tail = _DATELINE_TAIL.match(text, mention.end)
        if tail:
            for other in mentions:
                other.is_dateline |= mention.start <= other.start < tail.end()
            first = first or mention
    return first


def resolve_dateline(text: str | None, gazetteer: Gazetteer | None = None) -> Place | None:
    """A dateline's place ("KABUL, Afghanistan", "MOSCOW") as a city: of the country it names, if it
    names one, else the most populous city of that name."""
    if not text:
        return None
    gazetteer = gazetteer or load_gazetteer()
    city, _, rest = text.partition(",")
    countries = {p.country_code for p in gazetteer.lookup(rest.strip()) if p.kind == "country"} if rest else set()
    cities = [p for p in gazetteer.lookup(city.strip()) if p.kind == "city"]
    in_country = [p for p in cities if p.country_code in countries] or cities
    return max(in_country, key=lambda p: p.population) if in_country else None


def extract_place_mentions(
    doc: Doc, dateline: Place | None = None, gazetteer: Gazetteer | None = None
) -> list[PlaceMention]:
    """Every place mention of the article, resolved against the others and the dateline."""
    gazetteer = gazetteer or load_gazetteer()
    text = doc_text(doc)
    written = phrase_mentions(text, gazetteer) + dateline_mentions(text, gazetteer)
    mentions = _merge(entity_mentions(doc, gazetteer), _written(doc, written))
    for mention in mentions:
        mention.candidates = _candidates(mention, gazetteer)
    restrict_to_containers(mentions, text)
    context = _context(mentions, dateline)
    for mention in mentions:
        _choose(mention, context)
    mark_datelines(mentions, text)
    return mentions

"""CAMEO actor codes for the source and target of each event, as of the event's date (issue 15).

A code is a country plus a role or sector (RUSGOV, AFGCOP, USABUS) or a known group's code. The
evidence is tried in this order, and the first that codes wins (`basis` says which):

1. `role` / `actor`: a known actor - its dated role on the event's day (`Gazetteer.cameo_code_at`:
   the Taliban are AFGREB until 2021-08-14, AFGGOV after), else its static code;
   `agent`: a generic agent ("Afghan police" -> AFGCOP, newswh.actors.agents); `agent_context`:
   an unattributed one with the sentence's or article's state ("the military" -> NGAMIL);
   `state`: a state acting is its government ("Russia said" -> RUSGOV, `state_sector`);
   `capital`: a capital acting is its state's government ("Moscow said" -> RUSGOV);
2. `title`: the title the article gives that actor ("Foreign Minister Lavrov", "Muttaqi, the
   Taliban foreign minister"), read as a description;
3. `description`: the words of the source itself ("a Russian diplomat" -> RUSGOV, "the Russian
   Foreign Ministry" -> RUSGOV); within a description an `affiliation` wins ("a spokesman for the
   Taliban" -> the Taliban's code on the day), then a country cue plus a sector (`country`), then
   a sector with the country of the sentence or the article (`context`: "the foreign minister"
   -> GOV of the one state the sentence names, else of the state the article names most); a body
   no dictionary codes has its `known_codes` entry ("ISAF" -> IGOMIL, basis affiliation);
4. a pronoun ("He said") is the actor extraction resolved it to (newswh.events.speakers
   .pronoun_referent, the pipeline's one pronoun resolver), coded by its key as above; one
   extraction left unresolved stays uncoded, never resolved again here; `anaphor`: a
   definite description takes the code of the nearest actor before it whose title or name ends in
   the same word ("the spokesperson" after "spokesperson Maria Zakharova"; "the force" after "a
   coalition security force"), tried before the description's own words; the actor it refers to
   is coded in the context of the sentence that names it.

The rules are data: `resources/actor_coding.yaml` (sectors the project overrides, state
sector), `resources/country_cues.csv` (nationality adjectives and country names of the
Phoenix countries file) and the Phoenix agents dictionary (seeds/reference/phoenix/). See
`resources/README.md`. Nothing here is guessed from a bare name: an unknown person with no
title stays uncoded.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from newswh.actors.agents import AGENT_METHOD, agent_record, load_agent_lexicon
from newswh.actors.agents import UNATTRIBUTED as UNATTRIBUTED_AGENT
from newswh.actors.country_cues import RESOURCES, load_country_cues
from newswh.actors.gazetteer import (
    PHOENIX_DIR,
    PHOENIX_SOURCE,
    Gazetteer,
    _read_csv,
    load_gazetteer,
    normalize_name,
    slugify,
)
from newswh.config import reference_dir
from newswh.events.implicit_agent import BASIS as IMPLICIT_AGENT
from newswh.events.implicit_agent import OPERATION_FORCE, force_allowed, link_implicit_agents
from newswh.records import ActorMention, EventMention

RULES_FILE = RESOURCES / "actor_coding.yaml"
UNCODED = "uncoded"
# What coded an actor (the code_basis columns of the warehouse accept exactly these).
CODE_BASES = (
    "role",
    "actor",
    "agent",
    "agent_context",
    "state",
    "capital",
    "title",
    "affiliation",
    "country",
    "context",
    "anaphor",
    "implicit_agent",
    "dominant_country",
    UNCODED,
)
DOMINANT = "dominant_country"
# Distinct places that must all lie in one country for it to be the article's (see ArticleActors).
MIN_ARTICLE_PLACES = 2
_WORD = re.compile(r"[\w.'’-]+")
_MAX_PHRASE_WORDS = 4
# A CAMEO actor code is up to five three-letter parts; a few Phoenix codes carry more (a digit group,
# "NGOTZACHRPRO214"), of which the leading letter parts are kept.
_CODE_PREFIX = re.compile(r"(?:[A-Z]{3}){1,5}")
_NON_STATE_AFFILIATIONS = frozenset({"organization", "government", "igo", "media", "person"})


@dataclass(frozen=True)
class CodingRules:
    state_sector: str
    sectors: dict[str, str]  # lower-case phrase -> sector ("" = says nothing about the sector)
    country_cues: dict[str, str]  # lower-case cue -> CAMEO country
    pronouns: frozenset[str]  # words extraction resolves as pronouns (speakers.yaml), never re-resolved here
    anaphor_window: int  # sentences before the trigger's a definite description reaches back
    sector_codes: frozenset[str]  # every sector code: a code that is only one has no country
    known_codes: dict[str, str]  # lower-case name -> full code of a body no dictionary codes
    public_roles: tuple[str, ...] = ()  # sector prefixes that may take the article's dominant country
    dominant_min: int = 3  # country evidence an article needs before one country dominates it
    sector_words: frozenset[str] = frozenset()  # every word of a sector phrase ("vice", "president")
    possessives: frozenset[str] = frozenset()  # "his lawyer": someone's own agent, no public body
    head_classes: dict[str, frozenset[str]] = field(default_factory=dict)  # head word -> the heads it refers back to
    title_place_kinds: frozenset[str] = frozenset()  # kinds of place a title's town may be ("Slidell Police Chief")


@dataclass(frozen=True)
class ActorCode:
    code: str | None
    basis: str  # one of CODE_BASES


NO_CODE = ActorCode(None, UNCODED)


def _coded(code: str | None, basis: str) -> ActorCode:
    """An ActorCode of the code's well-formed leading part; none when it has none ("organization")."""
    found = _CODE_PREFIX.match(code or "")
    return ActorCode(found.group(0), basis) if found else NO_CODE


def _phoenix_sectors(ref: Path) -> dict[str, str]:
    path = ref / PHOENIX_DIR / "phoenix_agents.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["phrase"].lower(): row["sector"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=2)
def load_coding_rules(rules_file: str | None = None, reference: str | None = None) -> CodingRules:
    """The coding rules: the project's YAML over the Phoenix agents, plus the country cues."""
    data = yaml.safe_load(Path(rules_file or RULES_FILE).read_text(encoding="utf-8"))
    aliases = data.get("sector_aliases") or {}
    phoenix = _phoenix_sectors(Path(reference or reference_dir()))
    # Phoenix's "IGO~"-style codes (a CAMEO type with PETRARCH markup) are no actor code.
    sectors = {phrase: aliases.get(code, code) for phrase, code in phoenix.items() if code.isalpha()}
    sectors.update({str(k).lower(): str(v or "") for k, v in (data.get("sectors") or {}).items()})
    from newswh.events.speakers import speaker_rules  # the pronouns of the pipeline's one resolver

    speakers = speaker_rules()
    pronouns = frozenset(speakers["person_pronouns"]) | frozenset(speakers["group_pronouns"])
    codes = frozenset(code for code in sectors.values() if code)
    known = {str(k).lower(): str(v) for k, v in (data.get("known_codes") or {}).items()}
    anaphor = int(data.get("anaphor_window_sentences", 2))
    public = tuple(str(s) for s in data.get("public_role_sectors") or ())
    dominant_min = int(data.get("dominant_country_min_mentions", 3))
    cues = load_country_cues()
    words = frozenset(word for phrase in sectors for word in phrase.split())
    possessives = frozenset(str(w).lower() for w in data.get("personal_possessives") or ())
    classes = [frozenset(str(w).lower() for w in group) for group in data.get("anaphor_head_classes") or ()]
    head_classes = {word: group for group in classes for word in group}
    return CodingRules(
        data["state_sector"],
        sectors,
        cues,
        pronouns,
        anaphor,
        codes,
        known,
        public,
        dominant_min,
        words,
        possessives,
        head_classes,
        frozenset(str(k) for k in data.get("title_place_kinds") or ()),
    )


@dataclass(frozen=True)
class ArticleActors:
    """One article's actor mentions, indexed for coding."""

    mentions: tuple[ActorMention, ...]
    titles: dict[str, tuple[str, ...]]  # actor_key -> the titles the article gives it, in text order
    types: dict[str, str]  # actor_key -> actor type of its mentions
    agents: frozenset[str]  # keys of agent mentions ("afg_cop", "agent_mil")
    states_by_sentence: dict[int, frozenset[str]]  # sentence -> CAMEO codes of the states it names
    main_state: str | None  # the state the article names most (None on a tie)
    dateline_state: str | None = None  # the state its dateline names ("KABUL, Afghanistan (Jan. 25)")
    # CAMEO countries of the resolved places by sentence ("Police in Cologne" -> DEU), and the one
    # country every place of the article lies in: the last context, after the states named. The
    # article's places count only when unanimous (a story on Nigeria names New York for its paper).
    places_by_sentence: dict[int, frozenset[str]] = field(default_factory=dict)
    places_country: str | None = None
    # (country, its share of evidence) counts: the states named (by mention), the countries of
    # the resolved places (by place mention) and of the known non-state actors (by mention); a public role with no other context takes the
    # country that holds more than half of them (see dominant_country).
    country_evidence: tuple[tuple[str, int], ...] = ()


def article_actors(
    mentions: Sequence[ActorMention],
    gaz: Gazetteer,
    report_start: int = 0,
    places: Sequence[tuple[int, str, str]] = (),
) -> ArticleActors:
    """`report_start`: where the report starts after its dateline (0: no dateline); `places`: the
    (sentence, ISO alpha-3 country, place id) of each resolved place mention."""
    titles: dict[str, tuple[str, ...]] = {}
    types = {m.actor_key: m.actor_type for m in mentions if m.actor_key and m.actor_type}
    by_sentence: dict[int, set[str]] = {}
    counts: Counter[str] = Counter()
    for mention in mentions:
        if mention.actor_key and mention.title:
            titles[mention.actor_key] = (*titles.get(mention.actor_key, ()), mention.title)
        state = _state_code(mention.actor_key, gaz)
        if state is not None and mention.method != AGENT_METHOD:
            by_sentence.setdefault(mention.sentence_index or 0, set()).add(state)
            counts[state] += 1
    ranked = counts.most_common(2)
    main = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    agents = frozenset(m.actor_key for m in mentions if m.method == AGENT_METHOD and m.actor_key)
    dateline = _dateline_state(mentions, report_start, gaz)
    by_state = {s: frozenset(c) for s, c in by_sentence.items()}
    by_place = _place_countries(places)
    every = frozenset().union(*by_place.values())
    # One place resolved once is too weak ("LEO" read as a town of Burkina Faso): two places at least.
    enough = len({place_id for _, _, place_id in places}) >= MIN_ARTICLE_PLACES
    unanimous = next(iter(every)) if len(every) == 1 and enough else None
    evidence = (
        counts
        + _actor_countries(mentions, gaz)
        + Counter(c for _, iso3, _ in places if (c := _cameo_of_iso3().get(iso3)))
    )
    return ArticleActors(
        tuple(mentions), titles, types, agents, by_state, main, dateline, by_place, unanimous, tuple(evidence.items())
    )


def _actor_countries(mentions: Sequence[ActorMention], gaz: Gazetteer) -> Counter[str]:
    """The countries of the known non-state actors the article names, by mention: a story on Boko
    Haram and President Buhari is set in Nigeria whichever foreign states it also names. A body
    counts only when named by its own name: a dictionary alias met in free text is weak evidence
    ("Falcon", a SpaceX rocket, is the alias of an Iranian group)."""
    found: Counter[str] = Counter()
    for mention in mentions:
        actor = gaz.actors.get(mention.actor_key or "")
        if actor is None or actor.actor_type == "state" or mention.method == AGENT_METHOD:
            continue
        if actor.actor_type != "person" and normalize_name(mention.text) != normalize_name(actor.canonical_name):
            continue
        if code := _cameo_of_iso3().get(actor.country_code or ""):
            found[code] += 1
    return found


def dominant_country(article: ArticleActors, minimum: int) -> str | None:
    """The country of more than half of the article's country evidence (states named, places resolved)."""
    total = sum(n for _, n in article.country_evidence)
    top = max(article.country_evidence, key=lambda item: item[1], default=None)
    if top is None or total < minimum or top[1] * 2 <= total:
        return None
    return top[0]


def _is_public_role(sector: str, rules: CodingRules) -> bool:
    return any(sector.startswith(prefix) for prefix in rules.public_roles)


def context_code(
    sector: str, sentence: int, article: ArticleActors, rules: CodingRules, basis: str, dominant: bool = True
) -> ActorCode:
    """A sector with the sentence's or article's context country (`basis`); a public role with no
    such context takes the article's dominant country (basis dominant_country) when `dominant`
    allows it; else uncoded."""
    context = _context_country(sentence, article)
    if context is not None:
        return ActorCode(context + sector, basis)
    # A sentence naming two states (or with places in two countries) is ambiguous, not uninformed.
    named = article.states_by_sentence.get(sentence) or article.places_by_sentence.get(sentence)
    if named or not dominant or not _is_public_role(sector, rules):
        return NO_CODE
    country = dominant_country(article, rules.dominant_min)
    return ActorCode(country + sector, DOMINANT) if country else NO_CODE


@lru_cache(maxsize=1)
def _cameo_of_iso3() -> dict[str, str]:
    """ISO alpha-3 -> CAMEO country code (they differ for a few: ROU -> ROM, TLS -> TMP)."""
    rows = _read_csv(reference_dir() / "cameo_countries.csv")
    return {r["iso_alpha3"]: r["cameo_code"] for r in rows if r["kind"] == "country" and r["iso_alpha3"]}


def _place_countries(places: Sequence[tuple[int, str, str]]) -> dict[int, frozenset[str]]:
    """The CAMEO countries of the places, by sentence."""
    by_sentence: dict[int, set[str]] = {}
    for sentence, iso3, _ in places:
        code = _cameo_of_iso3().get(iso3)
        if code:
            by_sentence.setdefault(sentence, set()).add(code)
    return {s: frozenset(c) for s, c in by_sentence.items()}


def _dateline_state(mentions: Sequence[ActorMention], report_start: int, gaz: Gazetteer) -> str | None:
    """The one state the dateline names (a capital stands for its state: "MOSCOW -" is Russia)."""
    found = set()
    for mention in mentions:
        if mention.end > report_start:
            continue
        actor = gaz.actors.get(mention.actor_key or "")
        state = _state_code(mention.actor_key, gaz)
        if state is None and actor is not None and mention.actor_key in _capital_keys():
            state = _state_code((actor.country_code or "").lower(), gaz)
        if state is not None:
            found.add(state)
    return found.pop() if len(found) == 1 else None


def _state_code(key: str | None, gaz: Gazetteer) -> str | None:
    actor = gaz.actors.get(key or "")
    if actor is None or actor.actor_type != "state" or not actor.cameo_code or len(actor.cameo_code) != 3:
        return None
    return actor.cameo_code


@lru_cache(maxsize=1)
def _capital_keys() -> frozenset[str]:
    """Keys of the capitals of seeds/reference/capitals.csv (as newswh.store.crossarticle's metonyms)."""
    return frozenset(slugify(row["capital"]) for row in _read_csv(reference_dir() / "capitals.csv"))


def code_of_key(
    key: str, day: date | None, gaz: Gazetteer, rules: CodingRules, agents: frozenset[str] = frozenset()
) -> ActorCode:
    """The code of a known actor on a day (its dated role first), of an agent, state or capital."""
    actor = gaz.actors.get(key)
    if actor is None:
        # Only an agent mention's key is an agent key: "ben_malik" (a person) is no Benin sector.
        record = agent_record(key, gaz, load_agent_lexicon()) if key in agents else None
        return _coded(record.cameo_code, "agent") if record is not None else NO_CODE
    if _state_code(key, gaz) is not None:
        return ActorCode(actor.cameo_code + rules.state_sector, "state")
    if actor.actor_type == "location":
        # A capital acting stands for its state ("Moscow said"); any other place codes nobody.
        state = _state_code((actor.country_code or "").lower(), gaz) if key in _capital_keys() else None
        return ActorCode(state + rules.state_sector, "capital") if state else NO_CODE
    role = gaz.role_at(key, day) if day is not None else None
    if role is not None:
        return _coded(role.cameo_code, "role")
    return _coded(actor.cameo_code, "actor")


def _phrases(words: list[str]) -> list[tuple[int, int, str]]:
    """Every phrase of up to 4 words as (start, end, lower-case text), longest first."""
    found = []
    for width in range(min(_MAX_PHRASE_WORDS, len(words)), 0, -1):
        for start in range(len(words) - width + 1):
            found.append((start, start + width, " ".join(words[start : start + width]).lower()))
    return found


def _sector_of(phrases: list[tuple[int, int, str]], rules: CodingRules) -> str | None:
    """The sector of the longest phrase the rules know; an empty rule sector is no sector."""
    for _, _, text in phrases:
        sector = rules.sectors.get(text)
        if sector is not None and sector:
            return sector
    return None


def _is_affiliation(actor) -> bool:
    """A curated or CAMEO-listed body a description can name; a Phoenix name met in free text
    ("Black Friday") is too weak (Phoenix names only key entities the model found)."""
    return actor.actor_type in _NON_STATE_AFFILIATIONS and actor.source != PHOENIX_SOURCE


def _named_in(words: list[str], day: date | None, gaz: Gazetteer, rules: CodingRules) -> tuple[str | None, str | None]:
    """(affiliation code, country code) named inside a description; capitalised words only."""
    country = None
    for start, end, text in _phrases(words):
        if not words[start][:1].isupper():
            continue
        if text in rules.known_codes:
            return rules.known_codes[text], None
        key = gaz.alias_index.get(normalize_name(" ".join(words[start:end])), (None, None))[0]
        state = _state_code(key, gaz)
        if key is not None and state is None and _is_affiliation(gaz.actors[key]):
            code = code_of_key(key, day, gaz, rules).code
            if code:
                return code, None
        country = country or state or rules.country_cues.get(text) or _person_country(key, end - start, gaz)
    return None, country


def _named_by_the_article(phrase: str, whole: str, article: ArticleActors) -> bool:
    """Another entity of the article (not the description `whole` itself) names the phrase as a place
    or a body, or a body's name starts with it ("Slidell" of "Slidell Police Department"): a
    capitalised common word ("One victim", "Young men", "Forest officials") is no town, whatever
    town bears that name."""
    return any(
        m.actor_type != "person" and m.text != whole and (m.text == phrase or m.text.startswith(phrase + " "))
        for m in article.mentions
    )


def _town_country(words: list[str], article: ArticleActors, gaz: Gazetteer, rules: CodingRules) -> str | None:
    """The country of a town named inside a title ("Slidell Police Chief" -> USA): a capitalised
    phrase of no role word that the article names as an entity and the actor dictionaries do not
    know, whose every place of a kind of `title_place_kinds` lies in one country. A name two
    countries hold ("Victoria") gives none."""
    from newswh.places.gazetteer import load_gazetteer as load_places

    places = load_places()
    for start, end, _text in _phrases(words):
        phrase = words[start:end]
        if not all(w[:1].isupper() for w in phrase) or any(w.lower() in rules.sector_words for w in phrase):
            continue
        if not _named_by_the_article(" ".join(phrase), " ".join(words), article):
            continue
        if normalize_name(" ".join(phrase)) in gaz.alias_index:
            continue  # a name the actor dictionaries know ("Obama") is theirs, not a town's
        found = places.lookup(" ".join(phrase))
        countries = {p.country_code for p in found if p.kind in rules.title_place_kinds}
        if len(countries) == 1 and all(p.kind in rules.title_place_kinds for p in found):
            return _cameo_of_iso3().get(places.iso3(next(iter(countries))) or "")
    return None


def _person_country(key: str | None, width: int, gaz: Gazetteer) -> str | None:
    """The country of a dictionary person named by full name inside a description: "a spokesman
    for President Muhammadu Buhari" serves Nigeria's president (the sector comes from the
    description's own words). A lone word ("Buhari") may be anyone's name and gives none."""
    actor = gaz.actors.get(key or "")
    if actor is None or actor.actor_type != "person" or width < 2:
        return None
    return _cameo_of_iso3().get(actor.country_code or "")


def code_description(
    text: str | None, sentence: int, day: date | None, article: ArticleActors, gaz: Gazetteer, rules: CodingRules
) -> ActorCode:
    """Code a title or descriptive phrase: affiliation, else country + sector, else context + sector."""
    words = _WORD.findall(text or "")
    if not words:
        return NO_CODE
    affiliation, country = _named_in(words, day, gaz, rules)
    if affiliation is not None:
        return ActorCode(affiliation, "affiliation")
    sector = _sector_of(_phrases(words), rules)
    if sector is None:
        return NO_CODE
    country = country or _town_country(words, article, gaz, rules)
    if country is not None:
        return ActorCode(country + sector, "country")
    # A name the dictionaries do not know ("Trump Administration") may be another state's: only a
    # description of role words alone may take the article's dominant country; "his lawyer" is
    # someone's own agent, whatever country the story is set in.
    dominant = not any(w[:1].isupper() and w.lower() not in rules.sector_words for w in words)
    dominant = dominant and words[0].lower() not in rules.possessives
    return context_code(sector, sentence, article, rules, "context", dominant)


def _context_country(sentence: int, article: ArticleActors) -> str | None:
    """The one state the sentence names; else the dateline's state when the sentence names it
    or none; else, when the sentence names none, the state the article names most; else the
    one country of the sentence's places, else the one of all the article's places."""
    states = article.states_by_sentence.get(sentence, frozenset())
    if len(states) == 1:
        return next(iter(states))
    if article.dateline_state is not None and (not states or article.dateline_state in states):
        return article.dateline_state
    if states:
        return None
    if article.main_state is not None:
        return article.main_state
    # No state named anywhere to go by: the one country the sentence's places lie in, else the
    # one every place of the article lies in.
    places = article.places_by_sentence.get(sentence, frozenset())
    return next(iter(places)) if len(places) == 1 else (article.places_country if not places else None)


def _code_of_titles(
    titles: Sequence[str], sentence: int, day: date | None, article: ArticleActors, gaz: Gazetteer, rules: CodingRules
) -> ActorCode:
    """The first title that names its own country or body ("Nigerian information minister") wins
    over one that needs the context ("minister", coded with the sentence's or article's state)."""
    codes = [code_description(title, sentence, day, article, gaz, rules) for title in titles]
    own = next((c for c in codes if c.code and c.basis not in ("context", DOMINANT)), None)
    best = own or next((c for c in codes if c.code and c.basis == "context"), None)
    best = best or next((c for c in codes if c.code), None)
    if best is None:
        return NO_CODE
    # A title coded by the article's dominant country keeps that basis: it is the weaker evidence.
    return ActorCode(best.code, DOMINANT if best.basis == DOMINANT else "title")


def _anaphor(text: str, event: EventMention, article: ArticleActors, rules: CodingRules) -> ActorMention | None:
    """ "the spokesperson": the nearest earlier actor whose title or name has that head word."""
    words = text.split()
    # "the force", "the security force", "the joint team": lower-case modifiers only; a capitalised
    # word names its own body ("the Haqqani leader") and is coded by its own words.
    if len(words) < 2 or words[0].lower() != "the" or any(w[:1].isupper() for w in words[1:]):
        return None
    return _nearest_with_head(words[-1].lower(), event, article, rules)


def _nearest_with_head(
    head: str,
    event: EventMention,
    article: ArticleActors,
    rules: CodingRules,
    skip: str | None = None,
    earlier_sentence: bool = False,
) -> ActorMention | None:
    """The nearest actor before the trigger, within the window, whose title or name has the head word
    or one of its class (`anaphor_head_classes`: "the joint team" after "a coalition force"); never
    the actor `skip` (an unattributed agent is no antecedent of itself); with `earlier_sentence`,
    only in a sentence before the trigger's."""
    heads = rules.head_classes.get(head, frozenset({head}))
    earliest = event.sentence_index - rules.anaphor_window
    candidates = [
        m
        for m in article.mentions
        if m.end <= event.trigger_start
        and m.actor_key
        and m.actor_key != skip
        and m.sentence_index is not None
        and earliest <= m.sentence_index <= event.sentence_index - (1 if earlier_sentence else 0)
        and heads & set(f"{m.title or ''} {m.text}".lower().split())
    ]
    return candidates[-1] if candidates else None


def _agent_referent(
    key: str,
    text: str,
    event: EventMention,
    day: date | None,
    article: ArticleActors,
    gaz: Gazetteer,
    rules: CodingRules,
) -> ActorCode | None:
    """An unattributed agent with no context country ("The security force detained ...") is the
    attributed force the release introduced before it ("An Afghan and coalition security force"),
    else the force of that head an earlier sentence names, coded where it is named ("In Kandahar, a
    joint security force captured ... The combined force went to a compound in Maku", a sentence
    whose places lie in two countries)."""
    words = text.split()
    if not words:
        return None
    referent = _nearest_with_head(words[-1].lower(), event, article, rules, skip=key)
    if referent is not None and referent.actor_key and not referent.actor_key.startswith(UNATTRIBUTED_AGENT):
        found = code_of_key(referent.actor_key, day, gaz, rules, article.agents)
        return ActorCode(found.code, "anaphor") if found.code and found.code not in rules.sector_codes else None
    earlier = _nearest_with_head(words[-1].lower(), event, article, rules, earlier_sentence=True)
    if earlier is None:
        return None
    found = code_actor(earlier.actor_key, earlier.text, _at_mention(event, earlier), day, article, gaz, rules)
    return ActorCode(found.code, "anaphor") if found.code else None


def _at_mention(event: EventMention, mention: ActorMention) -> EventMention:
    """The event as seen from an antecedent's place: an antecedent is coded in the context of the
    sentence that names it, not of the one that refers back to it."""
    return replace(event, sentence_index=mention.sentence_index, trigger_start=mention.start)


def _code_referent(
    text: str, event: EventMention, day: date | None, article: ArticleActors, gaz: Gazetteer, rules: CodingRules
) -> ActorCode | None:
    """A definite description's code from what it refers to; None if it is none. A pronoun extraction
    left unresolved (speakers.pronoun_referent found no antecedent) stays uncoded: it is not
    resolved a second time here."""
    if text.lower() in rules.pronouns:
        return NO_CODE
    referent = _anaphor(text, event, article, rules)
    if referent is None:
        return None
    found = code_actor(referent.actor_key, referent.text, _at_mention(event, referent), day, article, gaz, rules)
    return ActorCode(found.code, "anaphor") if found.code else None


def code_actor(
    key: str | None,
    text: str | None,
    event: EventMention,
    day: date | None,
    article: ArticleActors,
    gaz: Gazetteer,
    rules: CodingRules,
) -> ActorCode:
    """The code of one event argument (its actor key and its text), by the order in the docstring."""
    if key is None and text:
        referred = _code_referent(text, event, day, article, gaz, rules)
        if referred is not None:
            return referred
    if key is not None:
        found = code_of_key(key, day, gaz, rules, article.agents)
        if found.basis == "agent" and found.code and found.code in rules.sector_codes:
            # "the military" in a Nigerian story
            in_context = context_code(found.code, event.sentence_index, article, rules, "agent_context")
            referred = (
                None if in_context.code or not text else _agent_referent(key, text, event, day, article, gaz, rules)
            )
            return referred or in_context
        if found.code:
            return found
        titled = _code_of_titles(article.titles.get(key, ()), event.sentence_index, day, article, gaz, rules)
        if titled.code:
            return titled
        if article.types.get(key) == "person":
            return NO_CODE  # a name is no description: an unknown person without a title stays uncoded
    return code_description(text, event.sentence_index, day, article, gaz, rules)


def code_events(
    events: Sequence[EventMention],
    mentions: Sequence[ActorMention],
    days: Sequence[date | None],
    gaz: Gazetteer | None = None,
    rules: CodingRules | None = None,
    report_start: int = 0,
    places: Sequence[tuple[int, str, str]] = (),
) -> list[tuple[ActorCode, ActorCode]]:
    """(source code, target code) of each event, each as of that event's day."""
    gaz = gaz or load_gazetteer()
    rules = rules or load_coding_rules()
    article = article_actors(mentions, gaz, report_start, places)
    return [
        (
            code_actor(e.source_actor_key, e.source_text, e, day, article, gaz, rules),
            code_actor(e.target_actor_key, e.target_text, e, day, article, gaz, rules),
        )
        for e, day in zip(events, days, strict=True)
    ]


DATELINE_SOURCE_BASIS = "after_dateline"


def _dateline_source(event: EventMention, mentions: Sequence[ActorMention], report_start: int) -> ActorMention | None:
    """For an event whose source is the dateline's city ("KABUL, Afghanistan (Jan. 28) - An Afghan
    and coalition force captured ..."), the first actor after the dateline and before the trigger."""
    in_dateline = any(
        m.actor_key == event.source_actor_key and m.end <= report_start and m.text == event.source_text
        for m in mentions
    )
    if not in_dateline or event.sentence_start >= report_start:
        return None
    after = [
        m
        for m in mentions
        if report_start <= m.start
        and m.end <= event.trigger_start
        and m.actor_key
        and m.actor_type != "location"
        and m.sentence_index == event.sentence_index
    ]
    return after[0] if after else None


def _without_dateline_sources(
    rows: list[dict], events: Sequence[EventMention], mentions: Sequence[ActorMention], report_start: int
) -> list[EventMention]:
    """A dateline is never an event's actor: the parser's subject slips onto it in a datelined lead."""
    fixed = []
    for row, event in zip(rows, events, strict=True):
        actual = _dateline_source(event, mentions, report_start) if report_start else None
        if actual is not None:
            event = replace(event, source_actor_key=actual.actor_key, source_text=actual.text)
            row.update(source_actor_key=actual.actor_key, source_text=actual.text, source_basis=DATELINE_SOURCE_BASIS)
        fixed.append(event)
    return fixed


def _take_implicit_agents(
    rows: list[dict], events: Sequence[EventMention], codes: list[tuple[ActorCode, ActorCode]], paragraph_of
) -> None:
    """An agentless passive takes the source and code of the event its article links it to."""
    sources = [source.code for source, _ in codes]
    links = link_implicit_agents(events, sources, [target.code for _, target in codes], paragraph_of)
    for i, j in links.items():
        codes[i] = (ActorCode(sources[j], IMPLICIT_AGENT), codes[i][1])
        rows[i].update(source_actor_key=rows[j]["source_actor_key"], source_text=rows[j]["source_text"])
        rows[i]["source_basis"] = IMPLICIT_AGENT


def _drop_protected_patients_forces(
    rows: list[dict], events: Sequence[EventMention], codes: list[tuple[ActorCode, ActorCode]]
) -> None:
    """ "One civilian was killed during a coalition operation" does not say the coalition killed him:
    an operation's force is no source for a patient it protects (newswh.events.implicit_agent)."""
    for i, (row, event) in enumerate(zip(rows, events, strict=True)):
        source, target = codes[i]
        if row.get("source_basis") == OPERATION_FORCE and not force_allowed(event, source.code, target.code):
            codes[i] = (NO_CODE, target)
            row.update(source_actor_key=None, source_text=None, source_basis=None)


def add_codes(
    rows: list[dict],
    events: Sequence[EventMention],
    mentions: Sequence[ActorMention],
    report_start: int = 0,
    places: Sequence[tuple[int, str, str]] = (),
    paragraph_of: Callable[[int], int] | None = None,
) -> None:
    """Fill the code columns of an article's event_mentions rows, each as of its reported_date_start.

    `report_start` is where the report starts after a dateline (newswh.events.convention.dateline_end);
    `places` the (sentence, ISO alpha-3 country, place id) of the article's resolved place mentions;
    `paragraph_of` (char offset -> paragraph) lets an agentless passive take its article's agent."""
    events = _without_dateline_sources(rows, events, mentions, report_start)
    days = [row.get("reported_date_start") for row in rows]
    codes = code_events(events, mentions, days, report_start=report_start, places=places)
    _drop_protected_patients_forces(rows, events, codes)
    if paragraph_of is not None:
        _take_implicit_agents(rows, events, codes, paragraph_of)
    for row, (source, target) in zip(rows, codes, strict=True):
        row.update(
            source_cameo_code=source.code,
            source_code_basis=source.basis,
            target_cameo_code=target.code,
            target_code_basis=target.basis,
        )

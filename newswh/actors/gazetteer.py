"""Actor gazetteer: the curated actor seed plus generic country, capital and CAMEO lists.

Everything here is data loaded from CSV files in `seeds/reference/` (see
`README_actors.md` there) and from pycountry; the module only merges the sources into
one lookup structure. Two tiers of name patterns come out of it:

* ``seed`` - names and aliases curated in `actors.csv` / `actor_aliases.csv` (and the
  pycountry names of countries that the seed lists). They are trusted enough to
  override the statistical NER model wherever they match.
* ``gazetteer`` - every other country (pycountry + CAMEO labels), capital and CAMEO known
  group. They fill gaps and fix GPE/LOC/NORP labels, but never break a PERSON or ORG
  entity the model found ("Jordan" in "Michael Jordan" stays a person).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry

from newswh.config import reference_dir as default_reference_dir

SEED_TIER = "seed"
GAZETTEER_TIER = "gazetteer"
PHOENIX_SOURCE = "phoenix"
# Derived Phoenix (PETRARCH2) files, written by `python -m newswh.actors.phoenix`; optional.
PHOENIX_DIR = "phoenix"

# NER label that a mention of each actor type carries after correction.
TYPE_TO_LABEL = {
    "person": "PERSON",
    "organization": "ORG",
    "government": "ORG",
    "media": "ORG",
    "igo": "ORG",
    "state": "GPE",
    "location": "GPE",
}

_DETERMINERS = ("the ",)
_POSSESSIVE = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ActorRecord:
    actor_key: str
    canonical_name: str
    actor_type: str
    country_code: str | None = None  # ISO 3166-1 alpha-3
    cameo_code: str | None = None
    affiliation: str | None = None  # pipe-separated, e.g. "Russia|government|foreign ministry"
    source: str = SEED_TIER  # seed, pycountry, capital, cameo_group, phoenix, agent, ner


@dataclass(frozen=True)
class AliasRecord:
    actor_key: str
    alias: str
    alias_kind: str  # canonical, official_name, surname, transliteration, misspelling, acronym, ...
    method: str  # curated, seed, exact, surname, fuzzy:<score>, acronym, pycountry, ...


@dataclass(frozen=True)
class RoleRecord:
    actor_key: str
    role: str
    cameo_code: str
    valid_from: date
    valid_to: date | None  # inclusive; None = still holds
    basis: str


@dataclass(frozen=True)
class NamePattern:
    """One surface string the entity ruler looks for."""

    text: str
    actor_key: str
    label: str
    tier: str
    case_sensitive: bool
    alias_kind: str


@dataclass(frozen=True)
class Gazetteer:
    actors: dict[str, ActorRecord]
    aliases: tuple[AliasRecord, ...]
    roles: tuple[RoleRecord, ...]
    patterns: tuple[NamePattern, ...]
    lexicon: dict[str, frozenset[str]]  # kind (title, collective, furniture, non_actor) -> lower-cased terms
    cameo_type_keywords: tuple[tuple[str, str], ...]  # (keyword, CAMEO type code), longest keyword first
    # normalized alias -> (actor_key, alias_kind); seed-tier entries shadow gazetteer ones
    alias_index: dict[str, tuple[str, str]] = field(default_factory=dict)

    # actor_key -> its roles; filled by load_gazetteer (tens of thousands of Phoenix roles)
    role_index: dict[str, tuple[RoleRecord, ...]] = field(default_factory=dict)
    # normalized short name of a Phoenix company ("amazon" for AMAZON.COM) -> actor_key; keys only an
    # entity the model labels ORG (newswh.actors.mentions): "Amazon" the river is no company
    company_index: dict[str, str] = field(default_factory=dict)

    def role_at(self, actor_key: str, day: date) -> RoleRecord | None:
        """The role an actor held on `day` (valid_to inclusive), if the seed knows one."""
        roles = self.role_index.get(actor_key) if self.role_index else self.roles
        for role in roles or ():
            if (
                role.actor_key == actor_key
                and role.valid_from <= day
                and (role.valid_to is None or day <= role.valid_to)
            ):
                return role
        return None

    def cameo_code_at(self, actor_key: str, day: date | None) -> str | None:
        """CAMEO code of an actor on a day: the time-versioned role wins over the static code."""
        if day is not None:
            role = self.role_at(actor_key, day)
            if role is not None:
                return role.cameo_code
        actor = self.actors.get(actor_key)
        return actor.cameo_code if actor else None

    def terms(self, kind: str) -> frozenset[str]:
        return self.lexicon.get(kind, frozenset())


def normalize_name(text: str) -> str:
    """Comparable form of a name: no accents, case, punctuation, leading 'the' or possessive."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SPACES.sub(" ", text.replace("’", "'")).strip().casefold()
    text = _POSSESSIVE.sub("", text)
    for det in _DETERMINERS:
        if text.startswith(det):
            text = text[len(det) :]
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def slugify(text: str) -> str:
    """Deterministic actor key for a name the seed does not know."""
    return normalize_name(text).replace(" ", "_") or "unnamed"


def is_case_sensitive(alias: str) -> bool:
    """Single words and acronyms must match their case: "US" is not "us", "Wang" is not "wang"."""
    return " " not in alias.strip()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _label_for(actor_type: str, alias_kind: str) -> str:
    return "NORP" if alias_kind == "demonym" else TYPE_TO_LABEL.get(actor_type, "ORG")


def _pycountry_names(country: object) -> list[tuple[str, str]]:
    """(name, kind) pairs of one pycountry record; inverted names ("Korea, Republic of") are useless in text."""
    names = []
    for attr, kind in (("name", "official_name"), ("common_name", "short_name"), ("official_name", "official_name")):
        value = getattr(country, attr, None)
        if value and "," not in value:
            value = value[4:] if value.lower().startswith("the ") else value
            names.append((value, kind))
    return names


class _Builder:
    """Accumulates actors, aliases and patterns from the different sources in priority order."""

    def __init__(self) -> None:
        self.actors: dict[str, ActorRecord] = {}
        self.aliases: list[AliasRecord] = []
        self.patterns: dict[tuple[str, bool], NamePattern] = {}
        self.alias_index: dict[str, tuple[str, str]] = {}

    def add_actor(self, actor: ActorRecord) -> None:
        self.actors.setdefault(actor.actor_key, actor)

    def add_name(
        self, actor_key: str, text: str, alias_kind: str, method: str, tier: str, pattern: bool = True
    ) -> None:
        actor = self.actors[actor_key]
        norm = normalize_name(text)
        if not norm:
            return
        # First source to claim a normalized name keeps it: seed rows are added first.
        if norm in self.alias_index and self.alias_index[norm][0] != actor_key:
            return
        self.alias_index.setdefault(norm, (actor_key, alias_kind))
        if alias_kind != "canonical":
            self.aliases.append(AliasRecord(actor_key, text, alias_kind, method))
        if not pattern:
            return
        sensitive = is_case_sensitive(text)
        pkey = (text if sensitive else text.lower(), sensitive)
        if pkey not in self.patterns:
            self.patterns[pkey] = NamePattern(
                text, actor_key, _label_for(actor.actor_type, alias_kind), tier, sensitive, alias_kind
            )


def _actor_of_row(row: dict, source: str, affiliation: str | None = None) -> ActorRecord:
    """An actor of a reference file's row (actors.csv, phoenix_actors.csv): blank codes are none."""
    return ActorRecord(
        row["actor_key"],
        row["canonical_name"],
        row["actor_type"],
        row["country_code"] or None,
        row["cameo_code"] or None,
        affiliation,
        source,
    )


def _load_seed(builder: _Builder, ref: Path) -> None:
    for row in _read_csv(ref / "actors.csv"):
        builder.add_actor(_actor_of_row(row, SEED_TIER, row["affiliation"] or None))
        builder.add_name(row["actor_key"], row["canonical_name"], "canonical", "curated", SEED_TIER)
    for row in _read_csv(ref / "actor_aliases.csv"):
        if row["actor_key"] in builder.actors:
            # A demonym starts many names ("American Academy of Diplomacy"): it may not break a model entity.
            tier = GAZETTEER_TIER if row["alias_kind"] == "demonym" else SEED_TIER
            builder.add_name(row["actor_key"], row["alias"], row["alias_kind"], row["method"] or "curated", tier)


def _load_countries(builder: _Builder, ref: Path) -> None:
    cameo_labels: dict[str, list[str]] = {}
    for row in _read_csv(ref / "cameo_countries.csv"):
        if row["kind"] == "country" and row["iso_alpha3"]:
            cameo_labels.setdefault(row["iso_alpha3"], []).append(row["label"])
    cameo_codes = {
        row["iso_alpha3"]: row["cameo_code"]
        for row in _read_csv(ref / "cameo_countries.csv")
        if row["kind"] == "country"
    }
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        key = country.alpha_3.lower()
        names = _pycountry_names(country)
        seeded = key in builder.actors
        tier = SEED_TIER if seeded else GAZETTEER_TIER
        if not seeded:
            canonical = (
                getattr(country, "common_name", None)
                or (cameo_labels.get(country.alpha_3) or [names[0][0] if names else country.name])[0]
            )
            builder.add_actor(
                ActorRecord(
                    key, canonical, "state", country.alpha_3, cameo_codes.get(country.alpha_3), None, "pycountry"
                )
            )
            builder.add_name(key, canonical, "canonical", "pycountry", tier)
        for name, kind in names:
            builder.add_name(key, name, kind, "pycountry", tier)
        for label in cameo_labels.get(country.alpha_3, []):
            builder.add_name(key, label, "short_name", "cameo", tier)


def _load_capitals(builder: _Builder, ref: Path) -> None:
    for row in _read_csv(ref / "capitals.csv"):
        key = slugify(row["capital"])
        builder.add_actor(
            ActorRecord(key, row["capital"], "location", row["country_code"], row["country_code"], None, "capital")
        )
        tier = SEED_TIER if builder.actors[key].source == SEED_TIER else GAZETTEER_TIER
        builder.add_name(key, row["capital"], "canonical", "capital", tier)
        for alias in filter(None, row["aliases"].split("|")):
            builder.add_name(key, alias, "variant", "capital", tier)


def _load_known_groups(builder: _Builder, ref: Path) -> None:
    by_cameo: dict[str, str] = {}
    for actor in builder.actors.values():  # first seed row with a code owns it (UNO -> un, not the Security Council)
        if actor.source == SEED_TIER and actor.cameo_code:
            by_cameo.setdefault(actor.cameo_code, actor.actor_key)
    for row in _read_csv(ref / "cameo_known_groups.csv"):
        if row["use_as_pattern"] != "yes":
            continue
        key = by_cameo.get(row["cameo_code"]) or slugify(row["name"])
        builder.add_actor(
            ActorRecord(key, row["name"], row["actor_type"], None, row["cameo_code"], None, "cameo_group")
        )
        tier = SEED_TIER if builder.actors[key].source == SEED_TIER else GAZETTEER_TIER
        builder.add_name(
            key,
            row["name"],
            "canonical" if row["name"] == builder.actors[key].canonical_name else "official_name",
            "cameo",
            tier,
        )
        if row["acronym"]:
            builder.add_name(key, row["acronym"], "acronym", "cameo", tier)


def _load_phoenix(builder: _Builder, ref: Path) -> None:
    """Phoenix actors, after every curated and generic source so that those keep their names.

    Their names only key the entities the model found (alias index), never become ruler
    patterns: thirty thousand new names would add seconds to every pipeline build (measured in
    README_actors.md), and a lone Phoenix word ("Hope", "Rice") must not make an entity."""
    folder = ref / PHOENIX_DIR
    if not (folder / "phoenix_actors.csv").exists():
        return
    for row in _read_csv(folder / "phoenix_actors.csv"):
        builder.add_actor(_actor_of_row(row, PHOENIX_SOURCE))
        builder.add_name(
            row["actor_key"],
            row["canonical_name"],
            "canonical",
            "phoenix",
            GAZETTEER_TIER,
            False,
        )
    for row in _read_csv(folder / "phoenix_actor_aliases.csv"):
        if row["actor_key"] in builder.actors:
            builder.add_name(row["actor_key"], row["alias"], "variant", "phoenix", GAZETTEER_TIER, False)


def company_short_name(name: str, suffixes: frozenset[str]) -> str | None:
    """A company's name without its legal form ("Apple Inc" -> "Apple", "AMAZON.COM" -> "AMAZON"),
    or None when it has none or nothing would be left. `suffixes`: actor_lexicon's company_suffix."""
    words = name.replace(",", " ").split()
    stripped = False
    while len(words) > 1 and words[-1].lower().rstrip(".") in suffixes:
        words, stripped = words[:-1], True
    domain = next((s for s in suffixes if s.startswith(".") and words and words[-1].lower().endswith(s)), None)
    if domain and len(words[-1]) > len(domain):
        words, stripped = [*words[:-1], words[-1][: -len(domain)]], True
    return " ".join(words) if stripped else None


def _company_index(builder: _Builder, suffixes: frozenset[str]) -> dict[str, str]:
    """Short names of the Phoenix companies (code MNC...) that name one company and no other actor."""
    found: dict[str, set[str]] = {}
    for key, actor in builder.actors.items():
        if actor.source != PHOENIX_SOURCE or not (actor.cameo_code or "").startswith("MNC"):
            continue
        short = company_short_name(actor.canonical_name, suffixes)
        norm = normalize_name(short) if short else ""
        if len(norm) >= 3 and norm not in builder.alias_index:
            found.setdefault(norm, set()).add(key)
    return {norm: next(iter(keys)) for norm, keys in found.items() if len(keys) == 1}


def _load_lexicon(ref: Path) -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for row in _read_csv(ref / "actor_lexicon.csv"):
        kinds.setdefault(row["kind"], set()).add(row["term"].lower())
    return {kind: frozenset(terms) for kind, terms in kinds.items()}


def _role_records(path: Path) -> list[RoleRecord]:
    return [
        RoleRecord(
            r["actor_key"],
            r["role"],
            r["cameo_code"],
            date.fromisoformat(r["valid_from"]),
            _parse_date(r["valid_to"]),
            r["basis"],
        )
        for r in _read_csv(path)
    ]


def _load_roles(ref: Path) -> tuple[RoleRecord, ...]:
    """Project roles, plus Phoenix roles of actors the project seed does not curate: for a
    seeded actor (the Taliban, Lavrov) only the project's own dated roles count."""
    roles = _role_records(ref / "actor_roles.csv")
    phoenix = ref / PHOENIX_DIR / "phoenix_actor_roles.csv"
    if phoenix.exists():
        curated = {r.actor_key for r in roles} | {r["actor_key"] for r in _read_csv(ref / "actors.csv")}
        roles += [r for r in _role_records(phoenix) if r.actor_key not in curated]
    return tuple(sorted(roles, key=lambda r: (r.actor_key, r.valid_from)))


def _index_roles(roles: tuple[RoleRecord, ...]) -> dict[str, tuple[RoleRecord, ...]]:
    index: dict[str, list[RoleRecord]] = {}
    for role in roles:
        index.setdefault(role.actor_key, []).append(role)
    return {key: tuple(items) for key, items in index.items()}


def _load_type_keywords(ref: Path) -> tuple[tuple[str, str], ...]:
    pairs = [
        (keyword.strip().lower(), row["cameo_code"])
        for row in _read_csv(ref / "cameo_actor_types.csv")
        for keyword in row["keywords"].split("|")
        if keyword.strip()
    ]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


@lru_cache(maxsize=4)
def load_gazetteer(reference_dir: str | None = None) -> Gazetteer:
    """Build (once per directory) the merged gazetteer from `seeds/reference/`."""
    ref = Path(reference_dir) if reference_dir else default_reference_dir()
    builder = _Builder()
    _load_seed(builder, ref)
    _load_countries(builder, ref)
    _load_capitals(builder, ref)
    _load_known_groups(builder, ref)
    _load_phoenix(builder, ref)
    roles = _load_roles(ref)
    lexicon = _load_lexicon(ref)
    return Gazetteer(
        actors=builder.actors,
        aliases=tuple(builder.aliases),
        roles=roles,
        role_index=_index_roles(roles),
        patterns=tuple(builder.patterns.values()),
        lexicon=lexicon,
        cameo_type_keywords=_load_type_keywords(ref),
        alias_index=builder.alias_index,
        company_index=_company_index(builder, lexicon.get("company_suffix", frozenset())),
    )

"""Plain record types shared by the pure-core modules.

Every character offset in these records points into an article's cleaned
`body_text` (the single text that all later offsets refer to), unless a field
says otherwise. Records are frozen so that ids derived from them stay stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

PRECISIONS = ("day", "week", "month", "quarter", "season", "year", "decade", "fuzzy")
TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
MODALITIES = ("asserted", "negated", "hypothetical", "planned", "requested")
ACTOR_TYPES = ("person", "organization", "state", "government", "media", "igo", "location")


@dataclass(frozen=True)
class TimeExpression:
    """One TimeML TIMEX3 found in a text."""

    start: int
    end: int
    text: str
    type: str  # one of TIMEX_TYPES
    value: str  # TimeML value, e.g. 2022-03-31, 2021-08, P1M, PRESENT_REF, XXXX-12-17
    date_start: date | None = None  # inclusive interval for DATE/TIME values
    date_end: date | None = None
    precision: str | None = None  # one of PRECISIONS for DATE/TIME values
    # How the value was obtained: "absolute", "relative:dct", "anchor:<anchor_id>", ...
    basis: str = "absolute"
    mod: str | None = (
        None  # TimeML mod of an underspecified date: START ("early 2021"), MID, END, AFTER ("post-1959"), BEFORE
    )


@dataclass(frozen=True)
class ActorMention:
    """A span of body_text that names (or refers to) an actor."""

    start: int
    end: int
    text: str
    actor_key: str | None  # stable key of the resolved actor; None when unresolved
    canonical_name: str | None
    actor_type: str | None  # one of ACTOR_TYPES
    label: str  # NER label after corrections (PERSON, ORG, GPE, NORP, ...)
    method: str  # how the mention was found/resolved: "ruler", "ner", "surname", "collective", ...
    title: str | None = None  # "Foreign Minister", "spokesman" ... captured as an attribute
    sentence_index: int | None = None


@dataclass(frozen=True)
class Citation:
    """A cited source: 'according to TASS', 'as reported by Al Jazeera'."""

    start: int
    end: int
    text: str
    source_name: str  # canonical outlet name
    pattern: str  # which cue matched: according_to, as_reported_by, told, quoted ...
    sentence_index: int | None = None
    source_id: str | None = None  # newswh.ingest.outlets registry id (ad-hoc slug when unknown)
    source_known: bool = True  # False when the registry did not know the name


@dataclass(frozen=True)
class Quote:
    start: int  # offsets of the quote text itself
    end: int
    text: str
    speaker_text: str | None
    speaker_actor_key: str | None
    verb: str | None
    kind: str  # "direct" or "indirect"
    sentence_index: int | None = None
    citation: Citation | None = None
    is_reused: bool = False  # the quote's sentence was copied from another article (newswh.events.reuse)


@dataclass(frozen=True)
class EventMention:
    """One predicate in one sentence, coded in CAMEO."""

    sentence_index: int
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger_text: str
    event_code: str
    modality: str  # one of MODALITIES
    source_actor_key: str | None
    target_actor_key: str | None
    source_text: str | None = None
    target_text: str | None = None
    location: str | None = None
    date: TimeExpression | None = None  # the governing time expression, if any
    citation: Citation | None = None
    confidence: float = 0.5
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # CAMEO lookups for event_code (seeds/reference/cameo_event_codes.csv)
    event_label: str | None = None
    event_root_code: str | None = None
    quad_class: int | None = None
    goldstein_scale: float | None = None
    is_reused: bool = False  # the sentence was copied from another article (newswh.events.reuse)
    # Lower bounds of people killed / injured / detained (newswh.events.counts); None = not counted
    num_killed: int | None = None
    num_injured: int | None = None
    num_detained: int | None = None

"""The verb lexicon, the speech-verb list and the CAMEO code table, and matching a token to a lexicon row.

All three are data (`seeds/reference/verb_lexicon.csv`, `speech_verbs.csv`,
`cameo_event_codes.csv`, documented in README_events.md). The CAMEO convention is CAMEO 1.1b3
as tabulated by ICEWS.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from newswh.config import reference_dir


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    root_code: str
    root_label: str
    quad_class: int
    goldstein: float
    is_extension: bool


@lru_cache(maxsize=4)
def load_cameo(path: str | None = None) -> dict[str, CameoCode]:
    file = Path(path) if path else reference_dir() / "cameo_event_codes.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        return {
            row["event_code"]: CameoCode(
                code=row["event_code"],
                label=row["event_label"],
                root_code=row["event_root_code"],
                root_label=row["root_label"],
                quad_class=int(row["quad_class"]),
                goldstein=float(row["goldstein_scale"]),
                is_extension=row["is_extension"] == "true",
            )
            for row in csv.DictReader(handle)
        }


def code_family(code: str, cameo: dict[str, CameoCode] | None = None) -> str:
    """The 3-digit CAMEO code, except that extension codes (0541 vs 0542 ...) stay distinct."""
    cameo = cameo if cameo is not None else load_cameo()
    entry = cameo.get(code)
    if entry is not None and entry.is_extension:
        return code
    return code[:3]


DISCARD = "---"  # a lexicon row with this code voids the match ("killed in an accident" is no attack)


@dataclass(frozen=True)
class LexiconEntry:
    lemma: str
    pos: str  # VERB or NOUN
    particle: str | None  # required particle/preposition child ("over", "on", "from")
    object_cues: frozenset[str]  # required argument lemma (any of); empty = none required
    event_code: str
    modifier_cues: frozenset[str] = frozenset()  # required adverb ("formally"), or a noun's modifier ("air" strike)
    note: str = ""
    context_cues: frozenset[str] = frozenset()  # a second argument lemma, any of ("kill ... in a clash")
    subject_cues: frozenset[str] = frozenset()  # the subject or passive agent ("an airstrike killed")
    # PETRARCH's `[:111]`: the subject is the target, the source goes unnamed ("X faced criticism")
    reversed_roles: bool = False

    @property
    def specificity(self) -> int:
        return (
            8 * bool(self.modifier_cues)
            + 4 * bool(self.subject_cues)
            + 2 * bool(self.object_cues)
            + 2 * bool(self.context_cues)
            + bool(self.particle)
        )

    @property
    def is_discard(self) -> bool:
        return self.event_code == DISCARD


def _cues(row: dict, column: str) -> frozenset[str]:
    return frozenset(c.strip().lower() for c in (row.get(column) or "").split("|") if c.strip())


def entries_from_csv(path: Path) -> list[LexiconEntry]:
    """Rows of a lexicon CSV; a `|`-separated lemma ("kill|murder|slay") gives one entry per lemma."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            LexiconEntry(
                lemma=lemma,
                pos=row["pos"].strip().upper() or "VERB",
                particle=row["particle"].strip().lower() or None,
                object_cues=_cues(row, "object_cue"),
                event_code=row["event_code"].strip(),
                modifier_cues=_cues(row, "modifier_cue"),
                note=row.get("note") or "",
                context_cues=_cues(row, "context_cue"),
                subject_cues=_cues(row, "subject_cue"),
                reversed_roles=(row.get("roles") or "").strip() == "reversed",
            )
            for row in csv.DictReader(handle)
            for lemma in sorted(_cues(row, "lemma"))
        ]


class Lexicon:
    """Lexicon rows indexed by (lemma, pos), most specific first (discards, then file order, among equals)."""

    def __init__(self, entries: Iterable[LexiconEntry]):
        self.entries: dict[tuple[str, str], list[LexiconEntry]] = {}
        for entry in entries:
            self.entries.setdefault((entry.lemma, entry.pos), []).append(entry)
        for rows in self.entries.values():
            # Among equally specific rows a discard wins: it names a sense that is no event
            # ("issued a flood warning" beside "issued a warning" is one specificity).
            rows.sort(key=lambda e: (-e.specificity, not e.is_discard))

    @classmethod
    def from_csv(
        cls, path: Path, *derived: Path, reserved: Iterable[str] = (), supplements: Iterable[Path] = ()
    ) -> Lexicon:
        """The project lexicon, then derived ones for the (lemma, pos) pairs it does not cover.

        A pair the project lexicon has is the project's alone: its curated senses (the seeds rely
        on them) are never mixed with derived patterns. `reserved` verbs are the project's too even
        where it codes nothing: a speech verb ("report", "quote") is an event only if verb_lexicon.csv
        says so, because a newsroom attributing a quote is no political act. `supplements` rows join
        whichever file holds their pair: a cued sense ("forces support" = 062) beside the curated or
        derived ones, where claiming the pair would drop the rest of them.
        """
        entries = entries_from_csv(path)
        covered = {(e.lemma, e.pos) for e in entries} | {(lemma, "VERB") for lemma in reserved}
        for extra in derived:
            found = [e for e in entries_from_csv(extra) if (e.lemma, e.pos) not in covered]
            covered |= {(e.lemma, e.pos) for e in found}
            entries.extend(found)
        for extra in supplements:
            entries.extend(entries_from_csv(extra))
        return cls(entries)

    def candidates(self, lemma: str, pos: str) -> list[LexiconEntry]:
        return self.entries.get((lemma, pos), [])


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The project lexicon (verb_lexicon.csv) over the PETRARCH2-derived one (cameo_verb_lexicon.csv)."""
    if path:
        return Lexicon.from_csv(Path(path))
    speech = load_speech_verbs()
    return Lexicon.from_csv(
        reference_dir() / "verb_lexicon.csv",
        reference_dir() / "cameo_verb_lexicon.csv",
        reserved=speech.reported_clause | speech.direct_quote,
        supplements=[reference_dir() / "verb_lexicon_supplement.csv"],
    )


def _noun_cues(head: Token) -> set[str]:
    """A noun argument's lemma and text, its modifiers, and "modifier head" pairs ("air strike")."""
    cues = {head.lemma_.lower(), head.lower_}
    for sub in head.children:
        if sub.dep_ in ("amod", "compound"):
            cues.add(sub.lower_)
            cues.add(f"{sub.lower_} {head.lemma_.lower()}")
            cues.add(f"{sub.lower_} {head.lower_}")
    return cues


def object_cue_lemmas(token: Token) -> set[str]:
    """Lemmas a lexicon object cue may match: objects, prepositional objects, their 'of' objects."""
    # acomp: "pleaded guilty" parses the plea as an adjectival complement, "pled not guilty" as oprd
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "acomp", "dative", "xcomp")]
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "prt"):
            heads.extend(c for c in prep.children if c.dep_ == "pobj")
    cues: set[str] = set()
    for head in heads:
        cues |= _noun_cues(head)
        for sub in head.children:
            if sub.dep_ == "prep" and sub.lower_ == "of":
                for pobj in sub.children:
                    if pobj.dep_ == "pobj":
                        cues |= _noun_cues(pobj)
    return cues


RELATIVE_PRONOUNS = frozenset(["who", "which", "that"])


def _antecedent(subject: Token) -> Token:
    """A relative pronoun's noun ("forces who had been supporting"): the cue is the noun, not "who"."""
    clause = subject.head
    if subject.lower_ in RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return clause.head
    return subject


def subject_cue_lemmas(token: Token) -> set[str]:
    """Lemmas a subject cue may match: the active subject, or the passive agent ("killed by an airstrike")."""
    heads = [_antecedent(c) for c in token.children if c.dep_ == "nsubj"]
    for agent in token.children:
        if agent.dep_ == "agent":
            heads.extend(c for c in agent.children if c.dep_ == "pobj")
    cues: set[str] = set()
    for head in heads:
        cues |= _noun_cues(head)
    return cues


def particle_texts(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent", "dative")}


def modifier_texts(token: Token, pos: str) -> set[str]:
    """Adverbs of a verb ("formally accepted"); adjective/compound modifiers of a noun ("air strike")."""
    deps = ("advmod",) if pos == "VERB" else ("amod", "compound")
    return {c.lower_ for c in token.children if c.dep_ in deps}


NO_OBJECT = "-"  # an object cue that requires no object at all: intransitive "took over" seizes power


def _objects_hold(row: LexiconEntry, cues: set[str]) -> bool:
    if row.object_cues == {NO_OBJECT}:
        return not cues
    return not row.object_cues or bool(row.object_cues & cues)


def _holds(row: LexiconEntry, particles: set[str], cues: set[str], subjects: set[str], modifiers: set[str]) -> bool:
    return (
        (not row.particle or row.particle in particles)
        and _objects_hold(row, cues)
        and (not row.context_cues or bool(row.context_cues & cues))
        and (not row.subject_cues or bool(row.subject_cues & subjects))
        and (not row.modifier_cues or bool(row.modifier_cues & modifiers))
    )


def match_entry(token: Token, pos: str, lexicon: Lexicon) -> LexiconEntry | None:
    """The most specific row whose requirements hold; None when none does or a discard row wins."""
    rows = lexicon.candidates(token.lemma_.lower(), pos)
    if not rows and pos == "VERB":
        rows = lexicon.candidates(token.lower_, pos)
    if not rows:
        return None
    particles = particle_texts(token)
    cues = object_cue_lemmas(token) if any(r.object_cues or r.context_cues for r in rows) else set()
    subjects = subject_cue_lemmas(token) if any(r.subject_cues for r in rows) else set()
    modifiers = modifier_texts(token, pos)
    patient = reduced_relative_cues(token) if any(r.is_discard and r.object_cues for r in rows) else set()
    for row in rows:
        if _holds(row, particles, cues | patient if row.is_discard else cues, subjects, modifiers):
            return None if row.is_discard else row
    return None


def reduced_relative_cues(token: Token) -> set[str]:
    """The noun a reduced relative hangs on, as an object cue of discard rows only: "the photos
    released by SpaceX" releases photos, as "released the photos" does. Only a discard may use it:
    as a cue of event rows it coded descriptions as acts ("IEDs used in attacks", README_events.md)."""
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.head.pos_ in ("NOUN", "PROPN"):
        return _noun_cues(token.head)
    return set()


@dataclass(frozen=True)
class SpeechVerbs:
    """Speech and reporting verbs (seeds/reference/speech_verbs.csv), the one list events and quotes share."""

    reported_clause: frozenset[str]  # the clausal complement is reported speech ("said that ...")
    direct_quote: frozenset[str]  # may attribute a direct quote ("“...,” he said")


@lru_cache(maxsize=4)
def load_speech_verbs(path: str | None = None) -> SpeechVerbs:
    file = Path(path) if path else reference_dir() / "speech_verbs.csv"
    with file.open(newline="", encoding="utf-8") as handle:
        rows = [{k: v.strip().lower() for k, v in row.items() if k != "note"} for row in csv.DictReader(handle)]
    return SpeechVerbs(
        reported_clause=frozenset(r["lemma"] for r in rows if r["reported_clause"] == "true"),
        direct_quote=frozenset(r["lemma"] for r in rows if r["direct_quote"] == "true"),
    )


def reports_clause(verb: Token) -> bool:
    """The verb is a speech verb whose clausal complement is reported speech."""
    return verb.lemma_.lower() in load_speech_verbs().reported_clause

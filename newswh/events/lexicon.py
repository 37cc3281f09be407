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


@dataclass(frozen=True)
class LexiconEntry:
    lemma: str
    pos: str  # VERB or NOUN
    particle: str | None  # required particle/preposition child ("over", "on", "from")
    object_cues: frozenset[str]  # required argument lemma (any of); empty = none required
    event_code: str
    modifier_cues: frozenset[str] = frozenset()  # required adverb ("formally"); empty = none required
    note: str = ""

    @property
    def specificity(self) -> int:
        return 4 * bool(self.modifier_cues) + 2 * bool(self.object_cues) + bool(self.particle)


class Lexicon:
    """Lexicon rows indexed by (lemma, pos), most specific first."""

    def __init__(self, entries: Iterable[LexiconEntry]):
        self.entries: dict[tuple[str, str], list[LexiconEntry]] = {}
        for entry in entries:
            self.entries.setdefault((entry.lemma, entry.pos), []).append(entry)
        for rows in self.entries.values():
            rows.sort(key=lambda e: -e.specificity)

    @classmethod
    def from_csv(cls, path: Path) -> Lexicon:
        with path.open(newline="", encoding="utf-8") as handle:
            return cls(
                LexiconEntry(
                    lemma=row["lemma"].strip().lower(),
                    pos=row["pos"].strip().upper() or "VERB",
                    particle=row["particle"].strip().lower() or None,
                    object_cues=frozenset(c.strip().lower() for c in row["object_cue"].split("|") if c.strip()),
                    event_code=row["event_code"].strip(),
                    modifier_cues=frozenset(
                        c.strip().lower() for c in (row.get("modifier_cue") or "").split("|") if c.strip()
                    ),
                    note=row.get("note") or "",
                )
                for row in csv.DictReader(handle)
            )

    def candidates(self, lemma: str, pos: str) -> list[LexiconEntry]:
        return self.entries.get((lemma, pos), [])


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    return Lexicon.from_csv(Path(path) if path else reference_dir() / "verb_lexicon.csv")


def object_cue_lemmas(token: Token) -> set[str]:
    """Lemmas a lexicon object cue may match: objects, prepositional objects, their 'of' objects."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative", "xcomp")]
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "prt"):
            heads.extend(c for c in prep.children if c.dep_ == "pobj")
    cues: set[str] = set()
    for head in heads:
        cues.add(head.lemma_.lower())
        cues.add(head.lower_)
        for sub in head.children:
            if sub.dep_ in ("amod", "compound"):
                cues.add(sub.lower_)
            if sub.dep_ == "prep" and sub.lower_ == "of":
                for pobj in sub.children:
                    if pobj.dep_ == "pobj":
                        cues.add(pobj.lemma_.lower())
                        cues.update(c.lower_ for c in pobj.children if c.dep_ in ("amod", "compound"))
    return cues


def particle_texts(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "agent", "dative")}


def match_entry(token: Token, pos: str, lexicon: Lexicon) -> LexiconEntry | None:
    rows = lexicon.candidates(token.lemma_.lower(), pos)
    if not rows and pos == "VERB":
        rows = lexicon.candidates(token.lower_, pos)
    if not rows:
        return None
    particles = particle_texts(token)
    cues = object_cue_lemmas(token) if any(r.object_cues for r in rows) else set()
    for row in rows:
        if row.particle and row.particle not in particles:
            continue
        if row.object_cues and not (row.object_cues & cues):
            continue
        if row.modifier_cues and not any(c.dep_ == "advmod" and c.lower_ in row.modifier_cues for c in token.children):
            continue
        return row
    return None


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

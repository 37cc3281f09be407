"""Sense conditions beyond a lexicon row: what an intent verb intends decides its code.

The rules are data (`resources/senses.yaml`, with the reasons and examples). A lexicon row says
which code a lemma carries with which cue; an intent verb ("plan", "promise", "vow") carries
CAMEO 030 "express intent" only when it intends an act, so its
code is read off its complement: none, a state, an act, or an act of force.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.lexicon import Lexicon, LexiconEntry, match_entry

RULES_FILE = Path(__file__).resolve().parent / "resources" / "senses.yaml"
COMPLEMENT_DEPS = ("xcomp", "ccomp")


@dataclass(frozen=True)
class IntentRule:
    lemmas: frozenset[str]
    intent_code: str
    state_lemmas: frozenset[str]
    threat_lemmas: frozenset[str]
    threat_code: str
    conflict_roots: frozenset[str]


@lru_cache(maxsize=2)
def load_intent_rule(path: str | None = None) -> IntentRule:
    rules = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))["intent_verbs"]
    return IntentRule(
        lemmas=frozenset(rules["lemmas"]),
        intent_code=str(rules["intent_code"]),
        state_lemmas=frozenset(rules["state_lemmas"]),
        threat_lemmas=frozenset(rules["threat_lemmas"]),
        threat_code=str(rules["threat_code"]),
        conflict_roots=frozenset(str(r) for r in rules["conflict_roots"]),
    )


def _complement(token: Token) -> Token | None:
    """The verb an intent verb governs ("plans to open"), if any."""
    return next((c for c in token.children if c.dep_ in COMPLEMENT_DEPS and c.pos_ in ("VERB", "AUX")), None)


def intent_sense(
    token: Token, entry: LexiconEntry, lexicon: Lexicon, rule: IntentRule | None = None
) -> LexiconEntry | None:
    """The entry an intent verb keeps: its bare row only when it intends an act; a threat when violent."""
    rule = rule or load_intent_rule()
    lemma = token.lemma_.lower()
    if lemma not in rule.lemmas or entry.specificity or entry.event_code != rule.intent_code:
        return entry
    complement = _complement(token)
    if complement is None or complement.lemma_.lower() in rule.state_lemmas:
        return None
    if lemma in rule.threat_lemmas:
        intended = match_entry(complement, "VERB", lexicon)
        if intended is not None and intended.event_code[:2] in rule.conflict_roots:
            return replace(
                entry, event_code=rule.threat_code, note=f"{entry.note}; intends material conflict: a threat"
            )
    return entry

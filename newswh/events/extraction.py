"""Event extraction: one CAMEO-coded event per lexicon predicate in a parsed body text.

An event is a predicate (a verb, or a nominal such as "recognition") found in the verb
lexicon (`seeds/reference/verb_lexicon.csv`, data not code), with

* a source actor (who acts) and a target actor (to whom), taken from the caller's
  ActorMention list by overlap with the syntactic arguments (subject / passive agent /
  possessor; object / passive subject / dative / prepositional object);
* a modality (asserted, negated, hypothetical, planned, requested) read off negation,
  modal auxiliaries, conditional markers and the governing predicate ("refused to",
  "urged X to", "intends to", "too early to talk about");
* the governing time expression of the clause, a place ("in Moscow") and the evidence
  (sentence index and char offsets into body_text).

When the syntactic source names no actor, general dependency fallbacks supply one (giver of
"received from X", head of a relative clause, subject of the governing verb of a non-finite
clause or first conjunct, state antecedent of "it/they"); an asserted 054x event that still has
no source is kept and flagged `extra["agent_unknown"]` (see README_events.md).

Reported speech yields two events: the reporting verb's statement (CAMEO 01x) and the
reported act, which carries `extra["reported_by"]` (the statement's trigger offset).

Every pass is a single walk over the tokens of an already-parsed Doc with dictionary
lookups, so the cost stays linear in tokens and negligible next to the parser.
The CAMEO convention is CAMEO 1.1b3 as tabulated by ICEWS (see README_events.md).
"""

from __future__ import annotations

import csv
import hashlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from newswh.config import reference_dir
from newswh.records import ActorMention, Citation, EventMention, TimeExpression

# ---------------------------------------------------------------- reference data


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


# ---------------------------------------------------------------- word classes (syntax, not coding)

REPORTING_LEMMAS = frozenset(
    [
        "say",
        "state",
        "announce",
        "declare",
        "tweet",
        "tell",
        "add",
        "note",
        "clarify",
        "confirm",
        "indicate",
        "stress",
        "assert",
        "claim",
        "comment",
        "explain",
        "write",
        "post",
        "quote",
        "report",
        "insist",
        "argue",
        "warn",
    ]
)
NEG_GOVERNORS = frozenset(["refuse", "reject", "decline", "fail", "deny", "avoid", "stop", "cease"])
REQ_GOVERNORS = frozenset(
    [
        "urge",
        "call",
        "ask",
        "request",
        "demand",
        "press",
        "encourage",
        "persuade",
        "push",
        "appeal",
        "invite",
        "suggest",
        "pressure",
    ]
)
PLAN_GOVERNORS = frozenset(["plan", "intend", "decide", "agree", "prepare", "promise", "pledge", "vow"])
HYP_GOVERNORS = frozenset(
    [
        "hope",
        "seek",
        "try",
        "want",
        "wish",
        "expect",
        "depend",
        "consider",
        "attempt",
        "aim",
        "strive",
        "mull",
        "talk",
        "discuss",
        "early",
        "premature",
        "possible",
        "ready",
        "willing",
        "need",
        "able",
        "likely",
    ]
)
# Lemmas on the path from a nominal trigger to its clause that make it a goal, not a fact.
HYP_NOMINAL_PATH = HYP_GOVERNORS | frozenset(
    [
        "toward",
        "towards",
        "bid",
        "gain",
        "obtain",
        "get",
        "dream",
        "hint",
        "equivalent",
        "obstacle",
        "basis",
        "lead",
        "step",
        "milestone",
        "move",
        "way",
        "path",
        "pursue",
        "win",
        "condition",
        "effort",
        "prospect",
        "question",
        "issue",
        "matter",
    ]
)
FACTIVE_ORDINALS = frozenset(["first", "last", "latest", "only", "second", "third", "fourth"])
MODAL_MODALITY = {
    "will": "planned",
    "shall": "planned",
    "'ll": "planned",
    "wo": "planned",
    "would": "planned",
    "must": "requested",
    "should": "requested",
    "ought": "requested",
    "could": "hypothetical",
    "might": "hypothetical",
    "may": "hypothetical",
    "can": "hypothetical",
    "ca": "hypothetical",
}
CONDITIONAL_MARKS = frozenset(["if", "unless", "once", "whether", "until"])
# "When they accredit the diplomats, then ...": a generic condition unless the clause is past.
WHEN_MARKS = frozenset(("when", "whenever"))
RELATIVE_PRONOUNS = frozenset(["which", "who", "that", "whom"])
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "his"])
GROUP_PRONOUNS = frozenset(["it", "they", "we"])
# Receive-type triggers: the giver ("from X") acts, the receiver (subject) is the target.
RECEIVE_LEMMAS = frozenset(["receive", "accept", "get", "obtain"])
GIVER_PREPS = ("from", "form")  # "form" is a frequent typo of "from" ("received credential form Moscow")
GIVER_LABELS = frozenset(("GPE", "ORG", "NORP"))
COLLECTIVE_ACTOR_TYPES = frozenset(("state", "government", "organization", "igo"))
# Deps of a trigger that shares the acting subject of its governor (non-finite clauses, conjuncts).
SHARED_SUBJECT_DEPS = frozenset(("xcomp", "advcl", "acl", "appos", "conj", "pcomp"))
SUBJECT_DEPS = ("nsubj", "csubj")
# Argument deps walked when looking for an actor inside a noun phrase.
# nsubj: the small model parses "makes Russia the first country" with Russia as nsubj of "country".
NP_DEPS = frozenset(
    ["compound", "poss", "prep", "pobj", "appos", "nmod", "amod", "conj", "det", "npadvmod", "case", "nsubj"]
)
TARGET_PREPS = ("with", "to", "toward", "towards", "against", "on", "for", "from")
PLACE_PREPS = frozenset(("in", "at"))
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))


# ---------------------------------------------------------------- helpers over the parse


class MentionIndex:
    """Maps token indices to the ActorMention that covers them (one pass over mentions)."""

    def __init__(self, doc: Doc, mentions: Sequence[ActorMention]):
        self.by_token: dict[int, ActorMention] = {}
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.mentions]
        for mention in self.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.by_token.setdefault(i, mention)

    def at(self, token: Token) -> ActorMention | None:
        return self.by_token.get(token.i)

    def nearest_before(
        self, offset: int, accept: Callable[[ActorMention], bool], window: int = 1500
    ) -> ActorMention | None:
        """The closest preceding mention that passes `accept`, within `window` characters."""
        pos = bisect_right(self._starts, offset) - 1
        while pos >= 0:
            mention = self.mentions[pos]
            if offset - mention.end > window:
                return None
            if mention.end <= offset and accept(mention):
                return mention
            pos -= 1
        return None


def is_person_mention(mention: ActorMention) -> bool:
    return mention.actor_type == "person" or mention.label == "PERSON"


def actor_in_phrase(token: Token, index: MentionIndex) -> ActorMention | None:
    """The mention on the phrase head, else the closest one inside its noun phrase (BFS).

    Off the head, a named person wins over an organisation or state: in "Russia's special
    envoy to Afghanistan, Zamir Kabulov" the actor is Kabulov.
    """
    head = index.at(token)
    if head is not None:
        return head
    queue = [token]
    seen = 0
    first: ActorMention | None = None
    while seen < len(queue) and seen < 40:
        current = queue[seen]
        seen += 1
        mention = index.at(current)
        if mention is not None:
            if is_person_mention(mention):
                return mention
            first = first or mention
        queue.extend(child for child in current.children if child.dep_ in NP_DEPS)
    return first


def resolve_argument(token: Token, index: MentionIndex) -> tuple[ActorMention | None, str]:
    """Actor for one syntactic argument, with pronouns resolved to the nearest person."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head
    mention = actor_in_phrase(token, index)
    if mention is not None:
        return mention, mention.text
    if token.lower_ in PERSON_PRONOUNS:
        antecedent = index.nearest_before(token.idx, is_person_mention)
        return antecedent, token.text
    text = phrase_text(token)
    return None, text


def phrase_text(token: Token) -> str:
    """The noun phrase of a token without relative/clausal modifiers."""
    left, right = token.i, token.i
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "punct", "cc", "conj", "appos", "prep"):
            continue
        left = min(left, child.left_edge.i)
        right = max(right, child.right_edge.i)
    return token.doc[left : right + 1].text


def child(token: Token, *deps: str) -> Token | None:
    for candidate in token.children:
        if candidate.dep_ in deps:
            return candidate
    return None


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    found = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in wanted:
            found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def subject_token(verb: Token, depth: int = 0) -> Token | None:
    """The acting subject, following control (xcomp), coordination and participles."""
    if depth > 6:
        return None
    subj = child(verb, "nsubj")
    if subj is not None:
        return subj
    if verb.dep_ == "agent" or verb.head is verb:
        return None
    head = verb.head
    if verb.dep_ == "xcomp":
        # Object control: "urged Russia to recognize" -> Russia acts.
        obj = child(head, "dobj")
        return obj if obj is not None else subject_token(head, depth + 1)
    if (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) and head.pos_ in ("VERB", "AUX"):
        return subject_token(head, depth + 1) if not is_passive(head) else agent_token(head)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        return head
    return None


def agent_token(verb: Token) -> Token | None:
    objects = prep_objects(verb, ("by",))
    return objects[0] if objects else None


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


# ---------------------------------------------------------------- modality


def clause_verb(token: Token) -> Token | None:
    """The nearest verbal ancestor (the predicate of the clause a nominal sits in)."""
    current = token
    for _ in range(12):
        if current.head is current:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def own_modality(token: Token) -> str | None:
    """Modality marked on the predicate itself: negation, modal auxiliary, conditional marker."""
    for c in token.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "no longer")):
            return "negated"
    for c in token.children:
        if c.dep_ == "aux" and c.lower_ in MODAL_MODALITY:
            if c.lower_ == "would" and has_conditional(token.head if token.dep_ != "ROOT" else token):
                return "hypothetical"
            return MODAL_MODALITY[c.lower_]
        if (c.dep_ == "aux" and c.lower_ == "going") or (c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS):
            return "planned" if c.lower_ == "going" else "hypothetical"
    # "as soon as the latter recognizes": an advcl under "soon".
    if token.dep_ == "advcl" and token.head.lower_ == "soon":
        return "hypothetical"
    # "When they accredit the diplomats, then ...": a generic/conditional when-clause; the parser
    # attaches "when" as advmod (sometimes mark). "When Russia accredited X, ..." stays asserted.
    if (
        token.dep_ == "advcl"
        and not is_past(token)
        and any(c.dep_ in ("advmod", "mark") and c.lower_ in WHEN_MARKS for c in token.children)
    ):
        return "hypothetical"
    return None


def is_past(verb: Token) -> bool:
    """Past tense or past perfect: 'accredited', 'did accredit', 'had accredited', 'was handed'."""
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def has_conditional(token: Token) -> bool:
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
        for c in token.children
    )


def is_infinitive(token: Token) -> bool:
    return token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def governor_class(lemma: str) -> str | None:
    if lemma in NEG_GOVERNORS:
        return "negated"
    if lemma in REQ_GOVERNORS:
        return "requested"
    if lemma in PLAN_GOVERNORS:
        return "planned"
    if lemma in HYP_GOVERNORS:
        return "hypothetical"
    return None


def modality_of(token: Token, depth: int = 0) -> str:
    """Modality of a verbal predicate, inherited along control/coordination chains."""
    marked = own_modality(token)
    if marked is not None:
        return marked
    if depth > 6 or token.head is token:
        return "asserted"
    head, dep = token.head, token.dep_
    if dep == "csubj" and token.tag_ == "VBG" and child(token, "nsubj") is None:
        return "hypothetical"  # generic gerund subject: "Accrediting a diplomat is not ..."
    if dep in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "relcl", "conj", "prep", "pobj"):
        subj = child(token, "nsubj")
        if subj is not None and any(a.lower_ in FACTIVE_ORDINALS for a in subj.children):
            return "asserted"  # "the first country to officially recognize"
        if dep == "acl" and any(a.lower_ in FACTIVE_ORDINALS for a in head.children):
            return "asserted"
        if dep == "ccomp" and head.lemma_.lower() in REPORTING_LEMMAS:
            return "asserted"  # reported clause: its own event, own modality
        if dep == "relcl":
            return "asserted"
        gov_class = governor_class(head.lemma_.lower())
        if gov_class is not None and dep in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "conj", "prep", "pobj"):
            if dep != "conj":
                return gov_class
        if head.pos_ in ("VERB", "AUX"):
            inherited = modality_of(head, depth + 1)
            if dep == "conj" or dep == "xcomp" or inherited == "negated":
                return inherited
            if inherited != "asserted" and dep in ("pcomp", "prep", "pobj"):
                return inherited
        else:
            verb = clause_verb(token)
            if verb is not None and own_modality(verb) == "negated":
                return "negated"  # "is not the same as giving formal recognition"
        if is_infinitive(token) and dep in ("acl", "advcl", "ccomp"):
            return "hypothetical"  # purpose clauses, "conditions to recognize"
    return "asserted"


def nominal_modality(token: Token, source: Token | None) -> str:
    """Nominal triggers are goals or topics unless an agent acts in an asserted clause."""
    current = token
    for _ in range(12):
        if current.head is current:
            break
        current = current.head
        if current.lemma_.lower() in HYP_NOMINAL_PATH or current.lower_ in HYP_NOMINAL_PATH:
            return "hypothetical"
        if current.pos_ in ("VERB", "AUX"):
            clause = modality_of(current)
            if clause == "negated":
                return "negated"
            if clause != "asserted" or source is None:
                return "hypothetical"
            return "asserted"
    return "asserted" if source is not None else "hypothetical"


# ---------------------------------------------------------------- arguments, place, date


@dataclass
class Arguments:
    source: Token | None
    target: Token | None
    voice: str


def verb_arguments(token: Token) -> Arguments:
    if is_passive(token):
        target = child(token, "nsubjpass")
        return Arguments(agent_token(token), target, "passive")
    source = subject_token(token)
    target = child(token, "dobj") or child(token, "dative")
    if target is None:
        objects = prep_objects(token, TARGET_PREPS)
        target = objects[0] if objects else None
    return Arguments(source, target, "active")


def noun_arguments(token: Token) -> Arguments:
    agent = prep_objects(token, ("by",))
    poss = child(token, "poss")
    of_objects = prep_objects(token, ("of",))
    if agent:
        return Arguments(agent[0], poss or (of_objects[0] if of_objects else None), "nominal")
    return Arguments(poss, of_objects[0] if of_objects else None, "nominal")


def choose_arguments(
    token: Token, args: Arguments, index: MentionIndex
) -> tuple[ActorMention | None, str | None, ActorMention | None, str | None]:
    source = target = None
    source_text = target_text = None
    if args.source is not None:
        source, source_text = resolve_argument(args.source, index)
    candidates = [args.target] if args.target is not None else []
    if args.voice == "active" and token.pos_ == "VERB":
        candidates += [c for c in token.children if c.dep_ in ("dobj", "dative")]
        candidates += prep_objects(token, TARGET_PREPS)
    core = {id(args.target)} | {id(c) for c in token.children if c.dep_ in ("dobj", "dative")}
    for candidate in candidates:
        if candidate is None:
            continue
        mention, text = resolve_argument(candidate, index)
        if target_text is None and id(candidate) in core:
            target_text = text
        if mention is not None and mention is not source:
            target, target_text = mention, text
            break
    return source, source_text, target, target_text


# ---------------------------------------------------------------- source fallbacks


@dataclass
class SourceFallback:
    mention: ActorMention
    basis: str  # receive_from | relative_head | governing_subject | conjunct | pronoun_antecedent
    receiver: Token | None = None  # receive_from: the subject, which becomes the target


def _np_relatives(noun: Token) -> list[Token]:
    """Nouns a group noun is conjoined with or in apposition to ('Uzbekistan and other neighbours')."""
    relatives = [c for c in noun.children if c.dep_ in ("conj", "appos")]
    if noun.dep_ in ("conj", "appos"):
        relatives.append(noun.head)
        relatives.extend(c for c in noun.head.children if c.dep_ in ("conj", "appos") and c is not noun)
    return relatives


def _noun_actor(noun: Token, index: MentionIndex) -> ActorMention | None:
    """The actor of a noun phrase, else of the phrases it is conjoined with / in apposition to."""
    mention = actor_in_phrase(noun, index)
    if mention is not None:
        return mention
    for relative in _np_relatives(noun):
        mention = actor_in_phrase(relative, index)
        if mention is not None:
            return mention
    return None


def is_non_finite(verb: Token) -> bool:
    """Gerund/participle or to-infinitive: a clause without its own tense and subject."""
    return (
        verb.tag_ in ("VBG", "VBN")
        or is_infinitive(verb)
        or (verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in verb.children))
    )


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun is an argument of, through prepositions ('found a way', 'on the list of')."""
    current = noun
    for _ in range(6):
        if current.head is current or current.dep_ in ("relcl", "acl", "ccomp", "advcl", "parataxis"):
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def giver_token(verb: Token, index: MentionIndex) -> Token | None:
    """'received credentials from Moscow' / '... credential form Moscow': the giver."""
    heads = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for head in heads:
        objects = prep_objects(head, GIVER_PREPS)
        if objects:
            return objects[0]
    # A mis-parsed "from"/"form" (noun, compound ...): the actor or GPE/ORG right after it.
    for token in verb.subtree:
        if token.i <= verb.i or token.i == 0:
            continue
        previous = token.doc[token.i - 1]
        if previous.lower_ not in GIVER_PREPS or token.head not in (verb, previous, *heads):
            continue
        if index.at(token) is not None or token.ent_type_ in GIVER_LABELS:
            return token
    return None


def pronoun_antecedent(verb: Token, index: MentionIndex) -> ActorMention | None:
    """'Russia said it had accredited ...': a group pronoun takes the subject of a governing verb.

    Only the subject chain counts (the subjects of the verbs above the trigger), and only a
    state, government, organisation or IGO; persons and places are never "it"/"they".
    """
    current = verb
    for _ in range(6):
        if current.head is current:
            return None
        current = current.head
        if current.pos_ not in ("VERB", "AUX"):
            continue
        subj = child(current, "nsubj")
        if subj is None:
            continue
        mention = _noun_actor(subj, index)
        if mention is not None and mention.actor_type in COLLECTIVE_ACTOR_TYPES:
            return mention
        if subj.lower_ not in GROUP_PRONOUNS:
            return None
    return None


def inherited_source(verb: Token, index: MentionIndex, depth: int = 0) -> tuple[ActorMention | None, str | None]:
    """Source actor of a verbal predicate whose own argument names no actor.

    * relative clause: the head noun ("countries who accredited"), else the actor it is
      conjoined with / in apposition to; a head noun naming no actor is a non-specific group;
    * non-finite clause (xcomp, advcl, acl, appos, pcomp) and conjunct verbs: the source of the
      governing verb ("the Taliban have found a way ...: opening ties"); an acl on a noun climbs
      to the verb the noun is an argument of;
    * "it"/"they"/"we": the state/government/organisation subject of a governing verb.

    A clause with its own subject naming no actor, a passive without agent, and a reported
    clause (ccomp) never borrow a source from elsewhere.
    """
    if depth > 6:
        return None, None
    if is_passive(verb):
        agent = agent_token(verb)
        return (_noun_actor(agent, index), "governing_subject") if agent is not None else (None, None)
    subj = child(verb, "nsubj")
    dep, head = verb.dep_, verb.head
    if subj is not None:
        if subj.lower_ in RELATIVE_PRONOUNS and dep == "relcl":
            return _noun_actor(head, index), "relative_head"
        mention = _noun_actor(subj, index)
        if mention is not None:
            return mention, "subject"
        if subj.lower_ in GROUP_PRONOUNS:
            return pronoun_antecedent(verb, index), "pronoun_antecedent"
        return None, None
    if head is verb:
        return None, None
    if dep == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _noun_actor(head, index), "relative_head"
    if dep == "conj":
        # "hosting talks and opening ties": a verb conjoined to a noun is a mis-attached verb
        # coordination; the first conjunct is the verb that noun is an argument of.
        first = head if head.pos_ in ("VERB", "AUX") else None
        if head.pos_ in ("NOUN", "PROPN"):
            first = governing_verb(head)
        if first is None:
            return None, None
        mention, _ = inherited_source(first, index, depth + 1)
        return mention, "conjunct"
    if dep not in SHARED_SUBJECT_DEPS or not is_non_finite(verb):
        return None, None
    if dep == "xcomp":
        obj = child(head, "dobj")  # object control: "urged Russia to recognize"
        if obj is not None:
            return _noun_actor(obj, index), "governing_subject"
    if head.pos_ in ("VERB", "AUX"):
        mention, _ = inherited_source(head, index, depth + 1)
        return mention, "governing_subject"
    if dep in ("acl", "appos") and verb.tag_ != "VBN":  # a passive participle's noun is its patient
        mention = _noun_actor(head, index)
        if mention is not None:
            return mention, "governing_subject"
        governor = governing_verb(head)
        if governor is not None:
            mention, _ = inherited_source(governor, index, depth + 1)
            return mention, "governing_subject"
    return None, None


def fallback_source(token: Token, index: MentionIndex) -> SourceFallback | None:
    """A source actor for a verbal trigger whose syntactic source names no actor (see inherited_source)."""
    if token.lemma_.lower() in RECEIVE_LEMMAS and not is_passive(token):
        giver = giver_token(token, index)
        mention = _noun_actor(giver, index) if giver is not None else None
        if mention is not None:
            return SourceFallback(mention, "receive_from", child(token, "nsubj"))
    mention, basis = inherited_source(token, index)
    if mention is None or basis is None:
        return None
    return SourceFallback(mention, basis)


def place_of(token: Token, index: MentionIndex, exclude: Iterable[ActorMention | None]) -> str | None:
    excluded = {id(m) for m in exclude if m is not None}
    places = prep_objects(token, PLACE_PREPS)
    # "met Taliban representatives in Moscow": the place often hangs off the object.
    for obj in token.children:
        if obj.dep_ in ("dobj", "nsubjpass", "oprd"):
            places += prep_objects(obj, PLACE_PREPS)
            for sub in obj.children:
                if sub.dep_ in ("appos", "prep") or sub.dep_ == "oprd":
                    places += prep_objects(sub, PLACE_PREPS)
    for pobj in places:
        mention = index.at(pobj)
        if mention is not None and id(mention) in excluded:
            continue
        if pobj.ent_type_ in PLACE_LABELS:
            for ent in pobj.doc.ents:
                if ent.start <= pobj.i < ent.end:
                    return ent.text
        if mention is not None and mention.actor_type == "location":
            return mention.text
    return None


def clause_span(token: Token) -> tuple[int, int]:
    """Char range of the trigger's clause, without embedded clausal complements."""
    start, end = token.idx, token.idx + len(token)
    for c in token.children:
        if c.dep_ in ("ccomp", "parataxis", "relcl") or (c.dep_ == "advcl" and _is_bounding_clause(c)):
            continue
        start = min(start, c.left_edge.idx)
        last = c.right_edge
        end = max(end, last.idx + len(last))
    return start, end


def _is_bounding_clause(clause: Token) -> bool:
    """'since the Taliban took control in August 2021': that date belongs to the other clause."""
    return any(m.dep_ == "mark" and m.lower_ in ("since", "before", "until", "after") for m in clause.children)


def governing_timex_by_syntax(token: Token, timexes: Sequence[TimeExpression]) -> TimeExpression | None:
    """The time expression of the trigger's own clause; else of the governing clause, unless reported.

    A reported clause ("announced on Dec 17 that Russia would send aid") does not take the date
    of the report, so the climb stops at a reporting verb.
    """
    dated = [t for t in timexes if t.type in ("DATE", "TIME")]
    if not dated:
        return None
    current = token
    for _ in range(6):
        start, end = clause_span(current)
        inside = [t for t in dated if t.start >= start and t.end <= end]
        if inside:
            anchor = token.idx
            return min(inside, key=lambda t: (t.date_start is None, abs(t.start - anchor)))
        if current.head is current or (current.dep_ == "ccomp" and current.head.lemma_.lower() in REPORTING_LEMMAS):
            return None
        current = current.head
    return None


# ---------------------------------------------------------------- the pass


def sentence_of(token: Token, sentence_starts: Sequence[int]) -> int:
    return bisect_right(sentence_starts, token.i) - 1


def _confidence(source: ActorMention | None, target: ActorMention | None, nominal: bool) -> float:
    base = (
        0.4
        + 0.25 * (source is not None and source.actor_key is not None)
        + 0.2 * (target is not None and target.actor_key is not None)
    )
    return round(base - (0.1 if nominal else 0.0), 2)


def extract_events(
    doc: Doc,
    mentions: Sequence[ActorMention],
    timexes: Sequence[TimeExpression],
    lexicon: Lexicon | None = None,
    *,
    citations: Sequence[Citation] = (),
    cameo: dict[str, CameoCode] | None = None,
    choose_timex: Callable[[Sequence[TimeExpression], int, int], TimeExpression | None] | None = None,
) -> list[EventMention]:
    """All lexicon events of a parsed body text, in text order.

    `doc` must be the parse of body_text (token offsets are body_text offsets). `choose_timex`,
    when given (e.g. newswh.time.tagger.governing_timex), replaces the syntactic date choice and gets
    the sentence's time expressions plus the trigger offsets.
    """
    lexicon = lexicon or load_lexicon()
    cameo = cameo if cameo is not None else load_cameo()
    index = MentionIndex(doc, mentions)
    sentences: list[Span] = list(doc.sents)
    token_starts = [s.start for s in sentences]
    char_starts = [s.start_char for s in sentences]
    timex_by_sentence: dict[int, list[TimeExpression]] = {}
    for timex in timexes:
        timex_by_sentence.setdefault(bisect_right(char_starts, timex.start) - 1, []).append(timex)
    citation_by_sentence: dict[int, Citation] = {}
    for citation in citations:
        si = (
            citation.sentence_index
            if citation.sentence_index is not None
            else bisect_right(char_starts, citation.start) - 1
        )
        citation_by_sentence.setdefault(si, citation)

    events: list[EventMention] = []
    consumed: set[int] = set()  # nominal cue words already coded through their verb ("give recognition")
    for pos in ("VERB", "NOUN"):
        for token in doc:
            if pos == "VERB" and (token.pos_ != "VERB" or token.dep_ == "amod"):
                continue
            if pos == "NOUN" and (token.pos_ != "NOUN" or token.i in consumed):
                continue
            entry = match_entry(token, pos, lexicon)
            if entry is None:
                continue
            if pos == "VERB" and entry.object_cues:
                consumed.update(c.i for c in token.subtree if c.lemma_.lower() in entry.object_cues)
            event = _build_event(
                token,
                entry,
                index,
                sentences,
                token_starts,
                timex_by_sentence,
                citation_by_sentence,
                cameo,
                choose_timex,
            )
            events.append(event)
    events.sort(key=lambda e: (e.trigger_start, e.event_code))
    return events


def _build_event(
    token: Token,
    entry: LexiconEntry,
    index: MentionIndex,
    sentences: list[Span],
    token_starts: list[int],
    timex_by_sentence: dict[int, list[TimeExpression]],
    citation_by_sentence: dict[int, Citation],
    cameo: dict[str, CameoCode],
    choose_timex: Callable[[Sequence[TimeExpression], int, int], TimeExpression | None] | None,
) -> EventMention:
    nominal = entry.pos == "NOUN"
    args = noun_arguments(token) if nominal else verb_arguments(token)
    source, source_text, target, target_text = choose_arguments(token, args, index)
    fallback = fallback_source(token, index) if source is None and not nominal else None
    if fallback is not None:
        source, source_text = fallback.mention, fallback.mention.text
        if fallback.receiver is not None:  # "X received credentials from Y": Y gives, X receives
            target, target_text = resolve_argument(fallback.receiver, index)
        if target is source:
            target = None
    modality = nominal_modality(token, args.source if source is not None else None) if nominal else modality_of(token)
    si = sentence_of(token, token_starts)
    sentence = sentences[si]
    sentence_timexes = timex_by_sentence.get(si, [])
    if choose_timex is not None:
        date = choose_timex(sentence_timexes, token.idx, token.idx + len(token))
    else:
        date = governing_timex_by_syntax(token, sentence_timexes)
    extra: dict = {"voice": args.voice, "lexicon_note": entry.note}
    if fallback is not None:
        extra["source_basis"] = fallback.basis
    if source is None and modality == "asserted" and code_family(entry.event_code, cameo).startswith("054"):
        # No asserted recognition/accreditation without a source: kept (nothing silently dropped)
        # but flagged, so the warehouse can keep the mention and not count it as a recognition fact.
        extra["agent_unknown"] = True
    if token.dep_ == "ccomp" and token.head.lemma_.lower() in REPORTING_LEMMAS:
        extra["reported_by"] = token.head.idx
    code = cameo.get(entry.event_code)
    return EventMention(
        sentence_index=si,
        sentence_start=sentence.start_char,
        sentence_end=sentence.end_char,
        trigger_start=token.idx,
        trigger_end=token.idx + len(token),
        trigger_text=token.text,
        event_code=entry.event_code,
        modality=modality,
        source_actor_key=source.actor_key if source else None,
        target_actor_key=target.actor_key if target else None,
        source_text=source.text if source else source_text,
        target_text=target.text if target else target_text,
        location=place_of(token, index, (source, target)),
        date=date,
        citation=citation_by_sentence.get(si),
        confidence=round(_confidence(source, target, nominal) - (0.05 if fallback is not None else 0.0), 2),
        event_label=code.label if code else None,
        event_root_code=code.root_code if code else None,
        quad_class=code.quad_class if code else None,
        goldstein_scale=code.goldstein if code else None,
        extra=extra,
    )


def event_mention_id(article_id: str, event: EventMention) -> str:
    """Deterministic id: article, trigger offsets and code."""
    key = f"{article_id}|{event.trigger_start}|{event.trigger_end}|{event.event_code}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def mark_reused(events: Sequence[EventMention], reused_sentences: Iterable[int]) -> list[EventMention]:
    """Flag events whose sentence was copied from another article (see newswh.events.reuse)."""
    reused = set(reused_sentences)
    return [replace(e, is_reused=e.sentence_index in reused) for e in events]

"""Modality of an event predicate: asserted, negated, hypothetical, planned or requested.

Read off negation, modal auxiliaries, conditional markers and the governing predicate
("refused to", "urged X to", "intends to", "too early to talk about"). The cues are data,
documented with examples in resources/modality.yaml; README_events.md gives their order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.lexicon import reports_clause
from newswh.events.senses import is_first_person_opinion
from newswh.events.syntax import child, clause_verb, is_infinitive, is_past, reduced_passive_patient

RULES_FILE = Path(__file__).resolve().parent / "resources" / "modality.yaml"


@dataclass(frozen=True)
class ModalityRules:
    """The cues of resources/modality.yaml, one field per list (documented there)."""

    governors: dict[str, frozenset[str]]
    nominal_path: frozenset[str]
    factive_ordinals: frozenset[str]
    modal_auxiliaries: dict[str, str]
    future_auxiliaries: frozenset[str]
    conditional_marks: frozenset[str]
    comparative_marks: frozenset[str]
    when_marks: frozenset[str]
    negative_determiners: frozenset[str]
    negative_subjects: frozenset[str]
    negating_adverbs: frozenset[str]
    existential_expletives: frozenset[str]
    support_governors: frozenset[str]
    progressive_future: frozenset[str]
    question_marks: frozenset[str]
    question_boundaries: frozenset[str]
    question_words: frozenset[str]
    question_start_marks: frozenset[str]


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> ModalityRules:
    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    lists = {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}
    return ModalityRules(
        governors={cls: frozenset(lemmas) for cls, lemmas in data["governors"].items()},
        modal_auxiliaries=dict(data["modal_auxiliaries"]),
        **lists,
    )


_RULES = load_rules()
NEG_GOVERNORS = _RULES.governors["negated"]
REQ_GOVERNORS = _RULES.governors["requested"]
PLAN_GOVERNORS = _RULES.governors["planned"]
HYP_GOVERNORS = _RULES.governors["hypothetical"]
# Lemmas on the path from a nominal trigger to its clause that make it a goal, not a fact.
HYP_NOMINAL_PATH = HYP_GOVERNORS | _RULES.nominal_path
FACTIVE_ORDINALS = _RULES.factive_ordinals
MODAL_MODALITY = _RULES.modal_auxiliaries
CONDITIONAL_MARKS = _RULES.conditional_marks
COMPARATIVE_MARKS = _RULES.comparative_marks
NEGATIVE_DETERMINERS = _RULES.negative_determiners
NEGATIVE_SUBJECTS = _RULES.negative_subjects
NEGATING_ADVERBS = _RULES.negating_adverbs
EXISTENTIAL_EXPLETIVES = _RULES.existential_expletives
# The path from a predicate up to the noun an existential "there is" denies: "reports of civilians
# being harmed" (pcomp, prep), "no sign of insurgents fleeing" (acl, pobj).
_EXISTENTIAL_PATH_DEPS = frozenset(("pcomp", "prep", "pobj", "acl"))
WHEN_MARKS = _RULES.when_marks
SUPPORT_GOVERNORS = _RULES.support_governors
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def negated_subject(token: Token) -> bool:
    """The predicate's subject names nobody ("No civilians were harmed"): the event did not happen."""
    subjects = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
    patient = reduced_passive_patient(token)  # "There were no shots fired": the participle's noun
    for subject in [*subjects, *([patient] if patient is not None else [])]:
        if any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in subject.children):
            return True
        phrase = " ".join(t.lower_ for t in subject.subtree)
        if subject.lower_ in NEGATIVE_SUBJECTS or phrase in NEGATIVE_SUBJECTS:
            return True
    return False


def in_negated_existential(token: Token) -> bool:
    """ "There are no reports of civilians being harmed": the predicate hangs, through prepositions,
    under a noun with a negative determiner that an existential "there is" has: nothing reported
    happened (resources/modality.yaml, existential_expletives)."""
    current = token
    for _ in range(4):
        if current.dep_ not in _EXISTENTIAL_PATH_DEPS or current.head is current:
            return False
        current = current.head
        if current.pos_ in ("NOUN", "PROPN", "PRON"):
            return _denied_in_existential(current)
    return False


def _denied_in_existential(noun: Token) -> bool:
    negative = any(c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in noun.children)
    existential = noun.dep_ in ("attr", "nsubj") and any(
        c.dep_ == "expl" and c.lower_ in EXISTENTIAL_EXPLETIVES for c in noun.head.children
    )
    return negative and existential


def in_question(token: Token) -> bool:
    """The predicate is asked, not asserted: its stretch of text ends with a question mark and asks
    (a question word at or before it, or an opening auxiliary): "Why did you decide to leave?"."""
    return _ends_in_question(token) and _asks(token)


def _ends_in_question(token: Token) -> bool:
    for following in token.doc[token.i + 1 : token.sent.end]:
        if following.text in _RULES.question_marks:
            return True
        if following.text in _RULES.question_boundaries:
            return False
    return False


def _asks(token: Token) -> bool:
    """A question word from the stretch's start up to the predicate, an auxiliary opening it, or no
    question word in the whole stretch: a declarative question ("You met him in Kabul?") asks
    all of it."""
    start = token.sent.start
    for i in range(token.i - 1, token.sent.start - 1, -1):
        if token.doc[i].text in _RULES.question_boundaries | _RULES.question_start_marks:
            start = i + 1
            break
    words = [t for t in token.doc[start : token.i + 1] if t.is_alpha]
    if not words:
        return False
    if words[0].pos_ == "AUX" or any(t.lower_ in _RULES.question_words for t in words):
        return True
    return not any(t.lower_ in _RULES.question_words for t in _rest_of_stretch(token))


def _rest_of_stretch(token: Token) -> list[Token]:
    """The words after the predicate up to the question mark that ends its stretch."""
    rest = []
    for following in token.doc[token.i + 1 : token.sent.end]:
        if following.text in _RULES.question_marks:
            break
        rest.append(following)
    return rest


def own_modality(token: Token) -> str | None:
    """Modality marked on the predicate itself: negation, modal auxiliary, conditional marker."""
    for c in token.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in NEGATING_ADVERBS):
            return "negated"
    if negated_subject(token):
        return "negated"
    for c in token.children:
        if c.dep_ == "aux" and c.lower_ in MODAL_MODALITY:
            if c.lower_ == "would" and has_conditional(token.head if token.dep_ != "ROOT" else token):
                return "hypothetical"
            return MODAL_MODALITY[c.lower_]
        if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS:
            return "hypothetical"
        if c.dep_ == "mark" and c.lower_ in COMPARATIVE_MARKS:
            return "hypothetical"
    # "as soon as the latter recognizes": an advcl under "soon"; a past one ("as soon as the
    # Taliban took control") is a fact, like a past when-clause.
    if token.dep_ == "advcl" and token.head.lower_ == "soon" and not is_past(token):
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


def is_bare_participle(token: Token) -> bool:
    """A subjectless -ing adverbial ("should cooperate ..., encouraging steps"): it shares its head's act."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for c in token.children)
    )


def has_conditional(token: Token) -> bool:
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in c.children)
        for c in token.children
    )


def is_progressive_future(token: Token) -> bool:
    """The infinitive of "is going to send", which the parser hangs under "going"."""
    head = token.head
    return token.dep_ == "xcomp" and head.tag_ == "VBG" and head.lower_ in _RULES.progressive_future


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


def _governing_lemma(head: Token) -> str:
    """The lemma that governs a complement. The parser hangs the infinitive of "it was premature to
    talk" on the copula, not on the adjective: the predicate adjective governs it."""
    lemma = head.lemma_.lower()
    if lemma == "be":
        adjective = child(head, "acomp")
        if adjective is not None:
            return adjective.lemma_.lower()
    return lemma


def modality_of(token: Token, depth: int = 0) -> str:
    """Modality of a verbal predicate, inherited along control/coordination chains."""
    marked = own_modality(token)
    if marked is not None:
        return marked
    if in_negated_existential(token):
        return "negated"
    if depth == 0 and in_question(token):
        return "hypothetical"  # a question asks whether it happened
    if depth > 6 or token.head is token:
        return "asserted"
    head, dep = token.head, token.dep_
    if is_progressive_future(token):
        return "planned"
    if dep == "csubj" and token.tag_ == "VBG" and child(token, "nsubj") is None:
        return "hypothetical"  # generic gerund subject: "Accrediting a diplomat is not ..."
    if dep in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "relcl", "conj", "prep", "pobj"):
        subj = child(token, "nsubj")
        if subj is not None and any(a.lower_ in FACTIVE_ORDINALS for a in subj.children):
            return "asserted"  # "the first country to officially recognize"
        if dep == "acl" and any(a.lower_ in FACTIVE_ORDINALS for a in head.children):
            return "asserted"
        if dep == "ccomp" and is_first_person_opinion(head):
            return "hypothetical"  # "I suspect there are many": an opinion, asserted by nobody
        if dep == "ccomp" and reports_clause(head):
            # A reported clause has its own modality, but what someone "did not say" nobody
            # asserts: "did not say he had ordered it".
            return "hypothetical" if own_modality(head) == "negated" else "asserted"
        if dep == "relcl" and not is_infinitive(token):
            return "asserted"  # an infinitival one ("an operation to arrest a leader") is a purpose, below
        gov_class = governor_class(_governing_lemma(head))
        if gov_class is not None and dep in ("xcomp", "ccomp", "acl", "advcl", "pcomp", "conj", "prep", "pobj"):
            if dep != "conj":
                return gov_class
        if head.pos_ in ("VERB", "AUX"):
            inherited = modality_of(head, depth + 1)
            if dep == "conj" or dep == "xcomp" or inherited == "negated":
                return inherited
            if inherited != "asserted" and (dep in ("pcomp", "prep", "pobj") or is_bare_participle(token)):
                return inherited
        else:
            verb = clause_verb(token)
            if verb is not None and own_modality(verb) == "negated":
                return "negated"  # "is not the same as giving formal recognition"
        if is_infinitive(token) and dep in ("acl", "advcl", "ccomp", "relcl"):
            return "hypothetical"  # purpose clauses, "conditions to recognize"
    return "asserted"


# An asserted clause of a support verb (resources/modality.yaml) makes its nominal object asserted.
def _supports(nominal: Token, verb: Token) -> bool:
    """The nominal is the object of a support verb ("conducted a strike", "resulted in the detention")."""
    if verb.lemma_.lower() not in SUPPORT_GOVERNORS:
        return False
    head = nominal.head
    return (nominal.dep_ == "dobj" and head.i == verb.i) or (
        nominal.dep_ == "pobj" and head.dep_ == "prep" and head.head.i == verb.i
    )


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
            if clause == "asserted" and source is None and _supports(token, current):
                return "asserted"
            if clause != "asserted" or source is None:
                return "hypothetical"
            return "asserted"
    return "asserted" if source is not None else "hypothetical"

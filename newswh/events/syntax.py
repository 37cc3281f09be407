"""Helpers over a spaCy dependency parse: children by dependency, subjects, clauses, tense.

They know nothing of actors or of the lexicon; `arguments` and `modality` build on them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token


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


# Verbs whose participle complement is a passive small clause: "got Panama removed from the list".
CAUSATIVE_HEADS = frozenset(["get", "have", "see", "want"])


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or is_small_clause_passive(token)


def is_reduced_passive(token: Token) -> bool:
    """A passive participle with no auxiliary of its own: a reduced relative on its patient ("one of
    the insurgents killed during the engagement") or a participle coordinated with a passive ("was
    engaged and killed by the force"). Such a participle is a passive: its agent is its by-phrase."""
    if token.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in token.children):
        return False
    if token.dep_ == "acl":
        return token.head.pos_ in ("NOUN", "PROPN", "PRON")
    return (
        token.dep_ == "conj"
        and token.head.pos_ == "VERB"
        and (is_passive(token.head) or is_reduced_passive(token.head))
    )


def reduced_passive_patient(token: Token) -> Token | None:
    """The patient of a reduced passive (is_reduced_passive): the noun of a reduced relative, the
    first verb's passive subject for a coordinated participle; None otherwise."""
    if not is_reduced_passive(token):
        return None
    if token.dep_ == "acl":
        return token.head
    head = token.head
    return child(head, "nsubjpass") or reduced_passive_patient(head) or subject_token(head)


def is_small_clause_passive(token: Token) -> bool:
    """'got Panama removed', 'had its assets frozen': the participle's subject is its patient."""
    return (
        token.tag_ == "VBN"
        and token.dep_ in ("ccomp", "xcomp")
        and token.head.lemma_.lower() in CAUSATIVE_HEADS
        and not any(c.dep_ in ("aux", "auxpass") for c in token.children)
    )


ARGUMENT_RULES = Path(__file__).resolve().parent / "resources" / "arguments.yaml"
# Entity types of a place.
PLACE_ENT_TYPES = frozenset(("GPE", "LOC", "FAC"))


@lru_cache(maxsize=1)
def argument_rules() -> dict:
    """The word lists of the argument rules (resources/arguments.yaml, which documents each)."""
    return yaml.safe_load(ARGUMENT_RULES.read_text(encoding="utf-8"))


def is_place_noun(token: Token) -> bool:
    """A place name or a place noun ("Helmand", "district", "the Russian capital"), or a dateline
    ("CAIRO --", which the parser may take for the subject of the lead's verb)."""
    return (
        token.ent_type_ in PLACE_ENT_TYPES
        or token.lemma_.lower() in argument_rules()["place_head_nouns"]
        or _is_dateline(token)
    )


def place_appositive(subj: Token) -> Token | None:
    """The actor a place subject is in apposition to: a parse of "In Nad Ali district, Helmand
    province, a combined security force detained ..." takes the district or the province for the
    subject and the force for an appositive (or a conjunct of one). None when the subject is no
    place, or what stands beside it is a place too ("Moscow, the Russian capital, said")."""
    if _is_dateline(subj):  # "KABUL -- Pakistan on Monday accused": what follows the dateline acts
        return next((c for c in subj.children if c.dep_ == "appos"), None)
    if not is_place_noun(subj):
        return None
    # A conjunct of the subject itself is another actor ("Russia and its allies"), unless it is
    # another place of the lead-in ("Nad Ali district, Helmand province, a force ...").
    queue = [c for c in subj.children if c.dep_ == "appos" or (c.dep_ == "conj" and is_place_noun(c))]
    while queue:
        candidate = queue.pop(0)
        if candidate.pos_ == "NOUN" and not is_place_noun(candidate):
            return candidate
        if candidate.dep_ == "appos" or is_place_noun(candidate):
            queue.extend(c for c in candidate.children if c.dep_ in ("appos", "conj"))
    return None


def subject_beside_place(verb: Token, subj: Token) -> Token | None:
    """A second subject beside a place subject: the parser may hang both the lead-in's place and
    the actor on the verb ("In Jaji district, Paktiya province, the security force detained ...",
    "province" and "force" both nsubj); the one that is no place acts."""
    if not is_place_noun(subj):
        return None
    others = [c for c in verb.children if c.dep_ == "nsubj" and c is not subj and c.pos_ in ("NOUN", "PROPN")]
    if _is_dateline(subj):  # "CAIRO -- Egypt on Monday ...": whatever follows the dateline acts
        return next((c for c in others if c.i > subj.i), None)
    return next((c for c in others if not is_place_noun(c)), None)


def name_beside_description(verb: Token, subj: Token) -> Token | None:
    """A name the parser split from its description: "His daughter, and member of the party, Jane
    Roe wrote" hangs both "daughter" and "Roe" on the verb as subjects. The description is an
    apposition of the name, so the name after it, before the verb, is who speaks; its phrase is
    no affiliation of hers (README_events.md, "Speakers")."""
    if subj.pos_ != "NOUN":
        return None
    return next(
        (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "PROPN" and subj.i < c.i < verb.i),
        None,
    )


def acting_subject(verb: Token, subj: Token) -> Token:
    """The subject that acts when the parser hung a place or a description beside it (above)."""
    return place_appositive(subj) or subject_beside_place(verb, subj) or name_beside_description(verb, subj) or subj


def _is_dateline(token: Token) -> bool:
    """'CAIRO --': an upper-case word right before a dateline dash."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.is_upper
        and len(token.text) > 1
        and following is not None
        and following.text in argument_rules()["dateline_dashes"]
    )


def _fronted_subject(verb: Token) -> Token | None:
    """A verb the parse left without a subject, whose actor it hung on the fronted place as an
    appositive ("Also in Sabari district, Khost province, an Afghan and coalition security force
    detained ...": the force is in apposition to the province): that actor, when its phrase ends
    right before the verb."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < verb.i):
        for place in (c for c in prep.children if c.dep_ == "pobj"):
            actor = place_appositive(place)
            if actor is not None and actor.right_edge.i == verb.i - 1:
                return actor
        if (conjoined := _conjoined_to_place(prep, verb)) is not None:
            return conjoined
    return None


def _conjoined_to_place(prep: Token, verb: Token) -> Token | None:
    """ "In Karezak village of Shah Wali Kot district, Afghan and coalition forces completed ...":
    the parse hangs the actor on a place deep in the lead-in as a conjunct. The noun conjoined
    (or in apposition) to a place, whose phrase ends right before the subjectless verb, acts."""
    found = [
        t
        for t in prep.subtree
        if t.dep_ in ("conj", "appos")
        and t.pos_ == "NOUN"
        and t.right_edge.i == verb.i - 1
        and not is_place_noun(t)
        and any(is_place_noun(a) for a in (t.head, *t.head.ancestors) if a.i > prep.i)
    ]
    return found[-1] if found else None


def subject_token(verb: Token, depth: int = 0) -> Token | None:
    """The acting subject, following control (xcomp), coordination and participles."""
    if depth > 6:
        return None
    subj = child(verb, "nsubj")
    if subj is not None:
        return acting_subject(verb, subj)
    fronted = _fronted_subject(verb) if verb.pos_ == "VERB" else None
    if fronted is not None:
        return fronted
    if verb.dep_ == "agent" or verb.head is verb:
        return None
    head = verb.head
    if verb.dep_ == "xcomp":
        # Object control: "urged Russia to recognize" -> Russia acts; but "used a loudspeaker to
        # call" is subject control: an instrument does not act.
        obj = child(head, "dobj") if head.lemma_.lower() not in argument_rules()["instrument_verbs"] else None
        if obj is None and _is_raising_passive(head):
            return child(head, "nsubjpass")  # "The leader is believed to have kidnapped": the leader kidnapped
        return obj if obj is not None else subject_token(head, depth + 1)
    if (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) and head.pos_ in ("VERB", "AUX"):
        return subject_token(head, depth + 1) if not is_passive(head) else agent_token(head)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # A passive participle's noun is its patient ("an officer surrounded by protesters"):
        # the acting one is its by-agent, if any.
        return agent_token(verb)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        return head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        return _gerund_controller(verb, depth)
    return None


def _is_raising_passive(verb: Token) -> bool:
    """A passive of words whose subject is the doer of its complement ("is believed to", "is said to")."""
    return is_passive(verb) and verb.lemma_.lower() in argument_rules()["raising_passives"]


def _gerund_controller(verb: Token, depth: int) -> Token | None:
    """A gerund after a preposition shares the subject of its clause: "He was responsible for
    leading the attack", "After searching the compound, the patrol left"; after an adjective on a
    noun, that noun ("a leader responsible for planning attacks"). In a passive clause the surface subject
    still controls the gerund: "the patrol was attacked by insurgents while conducting a search"
    (the patrol searches), "he was arrested for planning attacks" (he plans)."""
    holder = verb.head.head  # "a commander, responsible for buying weapons": the commander buys
    if holder.pos_ == "ADJ" and holder.dep_ in ("amod", "appos", "acl") and holder.head.pos_ in ("NOUN", "PROPN"):
        return holder.head
    clause = clause_verb(verb)
    if clause is None:
        return None
    return child(clause, "nsubjpass") if is_passive(clause) else subject_token(clause, depth + 1)


def agent_token(verb: Token) -> Token | None:
    objects = prep_objects(verb, ("by",))
    return objects[0] if objects else None


def passive_agent(token: Token) -> Token | None:
    """The by-agent of a passive; a participle coordinated with a passive shares the first verb's
    when it has none ("were targeted and killed by the team", "were seized and destroyed")."""
    agent = agent_token(token)
    if agent is None and token.dep_ == "conj" and is_reduced_passive(token):
        return passive_agent(token.head)
    return agent


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


def is_past(verb: Token) -> bool:
    """Past tense or past perfect: 'accredited', 'did accredit', 'had accredited', 'was handed'."""
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def is_infinitive(token: Token) -> bool:
    return token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


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


def sentence_of(token: Token, sentence_starts: Sequence[int]) -> int:
    return bisect_right(sentence_starts, token.i) - 1

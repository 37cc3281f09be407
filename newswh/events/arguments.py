"""Source and target actors of an event predicate, its place, and the source fallbacks.

The actors are taken from the caller's ActorMention list by overlap with the syntactic
arguments (subject / passive agent / possessor; object / passive subject / dative /
prepositional object). When the syntactic source names no actor, general dependency
fallbacks supply one (giver of "received from X", head of a relative clause, subject of the
governing verb of a non-finite clause or first conjunct, state antecedent of "it/they"; see
README_events.md).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newswh.events.speakers import (
    in_direct_quote,
    officials_context,
    pronoun_referent,
    speaker_in_phrase,
    speaker_rules,
)
from newswh.events.syntax import (
    acting_subject,
    argument_rules,
    child,
    governing_verb,
    is_non_finite,
    is_passive,
    is_reduced_passive,
    passive_agent,
    phrase_text,
    prep_objects,
    reduced_passive_patient,
    subject_token,
)
from newswh.records import ActorMention

RELATIVE_PRONOUNS = frozenset(["which", "who", "that", "whom"])
PERSON_PRONOUNS = frozenset(speaker_rules()["person_pronouns"])
GROUP_PRONOUNS = frozenset(speaker_rules()["group_pronouns"])
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


def joint_force_actor(noun: Token, first: ActorMention | None, index: MentionIndex) -> ActorMention | None:
    """ "an Afghan National Security and ISAF patrol": of the bodies coordinated before a force noun,
    the one next to the noun (the last conjunct) is the force's actor, as agents code "Afghan and
    coalition forces" by "coalition" (resources/arguments.yaml, joint_force_heads). `first` is the
    actor the phrase was read as; None when the noun is no force noun or no conjunct before it names
    another actor."""
    if first is None or noun.lemma_.lower() not in argument_rules()["joint_force_heads"]:
        return None
    before = [t for left in noun.lefts for t in left.subtree]
    partners = [t for t in before if t.dep_ == "conj" and index.at(t) not in (None, first)]
    return index.at(partners[-1]) if partners else None


def resolve_argument(
    token: Token, index: MentionIndex, in_phrase: Callable[[Token, MentionIndex], ActorMention | None] = actor_in_phrase
) -> tuple[ActorMention | None, str]:
    """Actor for one syntactic argument, a pronoun resolved by speakers.pronoun_referent."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head
    mention = in_phrase(token, index)
    if mention is not None:
        return mention, mention.text
    if token.lower_ in PERSON_PRONOUNS or (token.lower_ in GROUP_PRONOUNS and token.dep_ not in SUBJECT_DEPS):
        # A group pronoun subject first takes the subject chain of its governing verbs
        # (inherited_source, "Russia said it had accredited ..."), tried when this finds nothing.
        found = pronoun_referent(token, index)
        if found is None and token.lower_ in PERSON_PRONOUNS:
            return described_antecedent(token, index)
        return found, token.text
    mention = definite_antecedent(token, index)
    return mention, phrase_text(token) if mention is not None else antecedent_phrase(token) or phrase_text(token)


def _is_bare_definite(token: Token) -> bool:
    """ "the (adjective or noun) X" with no name in it ("the weapons dealer"): "the International Security Assistance force" or
    "the Chinese delegation" are coded by their own words."""
    lefts = list(token.lefts)
    if token.pos_ != "NOUN" or not lefts or lefts[0].lower_ != "the":
        return False
    return not any(t.dep_ not in BARE_DEPS or t.pos_ == "PROPN" or t.ent_type_ for t in lefts)


def is_definite_antecedent(mention: ActorMention) -> bool:
    """A known actor (an entity the gazetteer or agents name, not a bare NER span) that is no place or state."""
    return mention.method != "ner" and mention.actor_type not in DEFINITE_SKIP_TYPES and mention.label != "NORP"


def _earlier_same_heads(token: Token) -> list[Token]:
    """For a bare definite description, the nouns of its head lemma before it within
    definite_window (resources/arguments.yaml), nearest first; none for any other phrase."""
    rules = argument_rules()
    lemma = token.lemma_.lower()
    if not _is_bare_definite(token) or lemma in rules["definite_skip_heads"]:
        return []
    sentences = list(token.doc.sents)
    own = next(i for i, sent in enumerate(sentences) if sent.start <= token.i < sent.end)
    earliest = sentences[max(0, own - int(rules["definite_window_sentences"]))].start
    return [c for c in reversed(token.doc[earliest : token.i]) if c.pos_ == "NOUN" and c.lemma_.lower() == lemma]


def definite_antecedent(token: Token, index: MentionIndex) -> ActorMention | None:
    """ "The facilitator" after "a Taliban facilitator": the actor of the nearest earlier noun phrase
    with the same head noun (resources/arguments.yaml, definite_window)."""
    for candidate in _earlier_same_heads(token):
        mention = actor_in_phrase(candidate, index)
        if mention is not None and is_definite_antecedent(mention):
            return mention
        modifier = _modifier_actor(candidate, index)
        if modifier is not None:
            return modifier
    return None


def antecedent_phrase(token: Token) -> str | None:
    """ "The leader" after "a Haqqani network leader", whose name is no known actor (NER took
    "Haqqani" for a place): the words of the nearest earlier phrase with the same head noun and a
    proper-name modifier, within definite_window, for actor coding to read ("Haqqani network" is a
    known code); None when there is none."""
    for candidate in _earlier_same_heads(token):
        if any(c.dep_ in BARE_DEPS and c.pos_ == "PROPN" for c in candidate.subtree if c.i < candidate.i):
            return phrase_text(candidate)
    return None


def _nearest_role_noun(pronoun: Token) -> Token | None:
    """The nearest singular person-role noun (speakers.yaml person_role_heads) before the pronoun,
    within person_description_window_sentences before its own sentence; a plural one ("two
    leaders") does not agree with "he" and is passed over."""
    rules = speaker_rules()
    heads = frozenset(rules["person_role_heads"])
    sentences = list(pronoun.doc.sents)
    own = next(i for i, sent in enumerate(sentences) if sent.start <= pronoun.i < sent.end)
    earliest = sentences[max(0, own - int(rules["person_description_window_sentences"]))].start
    for noun in reversed(pronoun.doc[earliest : pronoun.i]):
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in heads and noun.tag_ == "NN":
            return noun
    return None


def described_antecedent(pronoun: Token, index: MentionIndex) -> tuple[ActorMention | None, str]:
    """ "The first Haqqani leader was responsible for ... He also financed fighters": a person
    pronoun no person or body resolved (speakers.pronoun_referent) stands for the nearest person-role
    description before it. A description naming a body by a proper name gives its words for actor
    coding to read ("The first Haqqani leader" -> AFGREB); a bare definite one ("The facilitator")
    is what its own antecedent is (definite_antecedent, antecedent_phrase: "a Taliban facilitator").
    None, with the pronoun's own text, when no description is in reach, it names no body or the
    pronoun is inside a direct quote."""
    # Inside a direct quote "he" is never its speaker, who may be the description before it.
    noun = None if in_direct_quote(pronoun, index) else _nearest_role_noun(pronoun)
    if noun is None:
        return None, pronoun.text
    if _is_bare_definite(noun):
        mention = definite_antecedent(noun, index)
        if mention is not None:
            return mention, pronoun.text
        return None, antecedent_phrase(noun) or pronoun.text
    if any(c.dep_ in BARE_DEPS and c.pos_ == "PROPN" for c in noun.lefts):
        return None, phrase_text(noun)
    return None, pronoun.text


def _modifier_actor(noun: Token, index: MentionIndex) -> ActorMention | None:
    """The known actor that modifies the head noun itself ("the senior Taliban leader for eastern
    Chimtal district, Balkh province": Taliban), when the phrase's first actor is none (Balkh, a
    place NER took for a person, deeper in the phrase)."""
    for modifier in noun.children:
        mention = index.at(modifier) if modifier.dep_ in ("compound", "amod", "poss", "nmod") else None
        if mention is not None and is_definite_antecedent(mention):
            return mention
    return None


# ---------------------------------------------------------------- arguments, place, date


@dataclass
class Arguments:
    source: Token | None
    target: Token | None
    voice: str


def verb_arguments(token: Token) -> Arguments:
    patient = reduced_passive_patient(token)  # "insurgents killed during the engagement"
    if is_passive(token) or is_reduced_passive(token):
        # a small clause ("got Panama removed") parses its patient as a plain subject
        target = patient or child(token, "nsubjpass") or child(token, "nsubj")
        return Arguments(passive_agent(token), target, "passive")
    source = subject_token(token)
    target = child(token, "dobj") or child(token, "dative")
    if target is None:
        objects = prep_objects(token, TARGET_PREPS)
        target = objects[0] if objects else None
    return Arguments(source, target, "active")


# Nominals of intransitive verbs: their "of" object is the one who acts ("the withdrawal of U.S.
# forces" = the forces withdraw), not a target.
INTRANSITIVE_NOMINALS = frozenset(["withdrawal", "pullout", "drawdown", "departure", "retreat", "arrival"])


# A place, or a state named by its nationality ("a Panamanian firm ... the firm"), is no
# antecedent of a definite description: the firm is not Panama.
DEFINITE_SKIP_TYPES = frozenset(("location", "state"))
BARE_DEPS = frozenset(("det", "amod", "compound"))


def support_verbs() -> frozenset[str]:
    """Light verbs whose subject acts in their object noun's event (resources/arguments.yaml)."""
    return frozenset(argument_rules()["support_verbs"])


def support_verb_subject(noun: Token) -> Token | None:
    """ "The patrol conducted a raid": the subject of the light verb the event noun is the object of."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or is_passive(verb):
        return None
    particle = child(verb, "prt")
    lemma = verb.lemma_.lower() + (f" {particle.lower_}" if particle is not None else "")
    return subject_token(verb) if lemma in support_verbs() else None


def noun_arguments(token: Token) -> Arguments:
    agent = prep_objects(token, ("by",))
    poss = child(token, "poss")
    of_objects = prep_objects(token, ("of",))
    if token.lemma_.lower() in INTRANSITIVE_NOMINALS and not agent and of_objects:
        return Arguments(of_objects[0], None, "nominal")
    if (
        poss is not None
        and not agent
        and not of_objects
        and token.lemma_.lower() in argument_rules()["patient_nominals"]
    ):
        return Arguments(None, poss, "nominal")  # "Neu's arrest": Neu is arrested (arguments.yaml)
    if agent:
        return Arguments(agent[0], poss or (of_objects[0] if of_objects else None), "nominal")
    if poss is None and (light := support_verb_subject(token)) is not None:
        return Arguments(light, of_objects[0] if of_objects else None, "nominal")
    return Arguments(poss, of_objects[0] if of_objects else None, "nominal")


def choose_arguments(
    token: Token, args: Arguments, index: MentionIndex
) -> tuple[ActorMention | None, str | None, ActorMention | None, str | None]:
    source = target = None
    source_text = target_text = None
    if args.source is not None:
        # The subject phrase is the actor: "Hunter Biden's former partner claimed" is not Biden.
        source, source_text = resolve_argument(args.source, index, speaker_in_phrase)
        joint = joint_force_actor(args.source, source, index)
        if joint is not None:
            source, source_text = joint, joint.text  # "Afghan National Security and ISAF forces": ISAF
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


def _noun_actor(
    noun: Token, index: MentionIndex, in_phrase: Callable[[Token, MentionIndex], ActorMention | None] = actor_in_phrase
) -> ActorMention | None:
    """The actor of a noun phrase, else of the phrases it is conjoined with / in apposition to."""
    mention = in_phrase(noun, index)
    if mention is not None:
        return mention
    for relative in _np_relatives(noun):
        mention = in_phrase(relative, index)
        if mention is not None:
            return mention
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
    if is_passive(verb) or is_reduced_passive(verb):
        agent = passive_agent(verb)
        return (_noun_actor(agent, index), "governing_subject") if agent is not None else (None, None)
    subj = child(verb, "nsubj")
    dep, head = verb.dep_, verb.head
    if subj is not None:
        return _own_subject_source(verb, acting_subject(verb, subj), index)
    if head is verb:
        return None, None
    if dep == "relcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _noun_actor(head, index), "relative_head"
    if dep == "conj":
        return _conjunct_source(head, index, depth)
    if dep not in SHARED_SUBJECT_DEPS or not is_non_finite(verb):
        return None, None
    return _non_finite_source(verb, index, depth)


def _own_subject_source(verb: Token, subj: Token, index: MentionIndex) -> tuple[ActorMention | None, str | None]:
    """A clause with its own subject: the relative head, the subject's actor, or a pronoun's antecedent."""
    if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        # The relative's noun is the subject phrase, read as one: "a U.S. whistleblower who
        # revealed" is no U.S. act, as "a U.S. whistleblower revealed" is none.
        return _noun_actor(verb.head, index, speaker_in_phrase), "relative_head"
    mention = speaker_in_phrase(subj, index)
    if mention is not None:
        return joint_force_actor(subj, mention, index) or mention, "subject"
    if is_extraposed_it(subj):
        return None, None
    if subj.lower_ in GROUP_PRONOUNS:
        if in_direct_quote(subj, index):  # the speaker's discourse, not the narrator's subject chain
            return pronoun_referent(subj, index), "pronoun_antecedent"
        return pronoun_antecedent(verb, index) or pronoun_referent(subj, index), "pronoun_antecedent"
    if (official := officials_context(subj, index)) is not None:
        return official, "officials_context"  # "Officials said": the one state of the sentence/paragraph
    return None, None


def is_extraposed_it(subj: Token) -> bool:
    """ "it is safe to say ...": a placeholder subject (arguments.yaml extraposed_it), no actor."""
    rules = argument_rules()["extraposed_it"]
    copula = subj.head
    if subj.lower_ != "it" or copula.lemma_.lower() not in rules["copulas"]:
        return False
    deps = {c.dep_ for c in copula.children}
    return bool(deps & set(rules["complements"])) and bool(deps & set(rules["clauses"]))


def _conjunct_source(head: Token, index: MentionIndex, depth: int) -> tuple[ActorMention | None, str | None]:
    # "hosting talks and opening ties": a verb conjoined to a noun is a mis-attached verb
    # coordination; the first conjunct is the verb that noun is an argument of.
    first = head if head.pos_ in ("VERB", "AUX") else None
    if head.pos_ in ("NOUN", "PROPN"):
        first = governing_verb(head)
    if first is None:
        return None, None
    mention, _ = inherited_source(first, index, depth + 1)
    return mention, "conjunct"


def _non_finite_source(verb: Token, index: MentionIndex, depth: int) -> tuple[ActorMention | None, str | None]:
    """A non-finite clause: the controlling object, else the source of the governing verb."""
    dep, head = verb.dep_, verb.head
    if dep == "xcomp" and head.lemma_.lower() not in argument_rules()["instrument_verbs"]:
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

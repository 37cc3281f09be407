"""Sense conditions beyond a lexicon row: a verb's complement, object and tense decide its code.

The rules are data (`resources/senses.yaml`, with the reasons and examples). A lexicon row says
which code a lemma carries with which cue; four things a row cannot say are read off the parse:

* an intent verb ("plan", "promise", "vow") carries CAMEO 030 "express intent" only when it
  intends an act, so its code is read off its complement: none, a state, an act, or an act of force;
* a persuasion verb with an object and a to-infinitive ("encouraged firms to leave") appeals (020);
* a simple-present verb past the lead ("she opposes", "the airline flies") tells a habit or a
  stance, not an event of a day;
* two verb forms are no event: a speech participle that attributes its head verb's statement
  ("speaking to Reuters, he said"), and an imperative opening a sentence ("Enlarge this image");
* an act verb whose complement is an indicative that-clause ("suggested that the dam had
  cracked") states a proposition (010), "target" aimed at a date ("targeting March") sets a
  schedule, no attack, and "targeting" on an operation noun names the operation's aim.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.lexicon import Lexicon, LexiconEntry, match_entry
from newswh.events.syntax import child, is_passive, is_reduced_passive, passive_agent, subject_token

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
def _sense_file(path: str | None = None) -> dict:
    """senses.yaml parsed once; every rule loader below reads its own section from it."""
    return yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def load_intent_rule(path: str | None = None) -> IntentRule:
    rules = _sense_file(path)["intent_verbs"]
    return IntentRule(
        lemmas=frozenset(rules["lemmas"]),
        intent_code=str(rules["intent_code"]),
        state_lemmas=frozenset(rules["state_lemmas"]),
        threat_lemmas=frozenset(rules["threat_lemmas"]),
        threat_code=str(rules["threat_code"]),
        conflict_roots=frozenset(str(r) for r in rules["conflict_roots"]),
    )


@dataclass(frozen=True)
class TenseRule:
    tags: frozenset[str]
    kept_prefixes: tuple[str, ...]
    # Speech acts news reports in the present once they carry their content after the verb.
    content_prefixes: tuple[str, ...] = ()
    content_deps: frozenset[str] = frozenset()
    content_preps: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FormRule:
    """Verb forms that are no event: attribution participles and sentence-initial imperatives."""

    attribution_lemmas: frozenset[str]
    attribution_tags: frozenset[str]
    attribution_deps: frozenset[str]
    imperative_tag: str
    question_lemmas: frozenset[str] = frozenset()
    question_tags: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> tuple[dict[str, str], TenseRule, FormRule]:
    """(persuasion lemma -> appeal code, the generic-present rule, the verb-form rule) of senses.yaml."""
    rules = _sense_file(path)
    appeal = rules["appeal_complement"]
    tense = rules["generic_present"]
    attribution = rules["attribution_participles"]
    return (
        {str(lemma): str(appeal["code"]) for lemma in appeal["lemmas"]},
        TenseRule(
            frozenset(tense["tags"]),
            tuple(str(p) for p in tense["kept_code_prefixes"]),
            tuple(str(p) for p in tense["content_code_prefixes"]),
            frozenset(tense["content_deps"]),
            frozenset(tense["content_preps"]),
        ),
        FormRule(
            frozenset(attribution["lemmas"]),
            frozenset(attribution["tags"]),
            frozenset(attribution["deps"]),
            str(rules["sentence_initial_imperative"]["tag"]),
            frozenset(attribution["question_lemmas"]),
            frozenset(attribution["question_tags"]),
        ),
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
    if any(c.dep_ == "dobj" for c in token.children):
        return None  # "is planning a mission that will see ...": a thing planned, not an act intended
    if lemma in rule.threat_lemmas:
        intended = match_entry(complement, "VERB", lexicon)
        if intended is not None and intended.event_code[:2] in rule.conflict_roots:
            return replace(
                entry, event_code=rule.threat_code, note=f"{entry.note}; intends material conflict: a threat"
            )
    return entry


def appeal_sense(token: Token, entry: LexiconEntry) -> LexiconEntry:
    """'encouraged the firms to leave': an object asked to act is an appeal, not praise."""
    appeals, _, _ = load_rules()
    code = appeals.get(token.lemma_.lower())
    if code is None or entry.specificity or entry.event_code == code:
        return entry
    has_object = any(c.dep_ == "dobj" for c in token.children)
    infinitive = any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in token.children)
    if has_object and infinitive:
        return replace(entry, event_code=code, note=f"{entry.note}; asks its object to act: an appeal")
    return entry


def is_generic_present(token: Token, entry: LexiconEntry) -> bool:
    """A simple present past the article's first sentence: a habit or stance ("she opposes the tax")."""
    _, rule, _ = load_rules()
    if token.tag_ not in rule.tags or entry.event_code.startswith(rule.kept_prefixes):
        return False
    if entry.event_code.startswith(rule.content_prefixes) and carries_content(token, rule):
        return False
    # The first sentence is a headline or a release header, where the present reports the news.
    return token.sent.start > 0


def carries_content(token: Token, rule: TenseRule) -> bool:
    """What is asked, planned or charged follows the verb: "urges them to talk", "plans to open",
    "warns that ...", "accuses Washington of meddling" (a quotation before it is dialogue)."""
    return any(
        child.i > token.i
        and (child.dep_ in rule.content_deps or (child.dep_ == "prep" and child.lower_ in rule.content_preps))
        for child in token.children
    )


def is_no_event_form(token: Token) -> bool:
    """'speaking to Reuters, ... said' (the head verb is the statement); 'Enlarge this image' (page text)."""
    _, _, rule = load_rules()
    lemma = token.lemma_.lower()
    attributes = lemma in rule.attribution_lemmas and token.tag_ in rule.attribution_tags
    asks = lemma in rule.question_lemmas and token.tag_ in rule.question_tags
    if (attributes or asks) and token.dep_ in rule.attribution_deps:
        return True
    if _in_name(token):
        return True
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    return token.tag_ == rule.imperative_tag and _opens_sentence(token) and not has_subject


def _opens_sentence(token: Token) -> bool:
    """The first word of its sentence, after any stray punctuation or space the splitter left
    ('"  Enlarge this image' opens with the previous quote's closing mark) or a "please"."""
    skipped = _sense_file()["sentence_initial_imperative"]["skip_words"]
    first = next((t for t in token.sent if not (t.is_punct or t.is_space or t.lower_ in skipped)), None)
    return first is not None and first.i == token.i


def _in_name(token: Token) -> bool:
    """A capitalised word inside a named entity is part of the name ("the Committee to Protect
    Journalists", "Save the Children"), whatever the tagger made of it (senses.yaml names_are_no_verbs)."""
    labels = frozenset(_sense_file()["names_are_no_verbs"]["entity_labels"])
    return token.text[:1].isupper() and token.ent_type_ in labels and not token.is_sent_start


@dataclass(frozen=True)
class ComplementRules:
    """proposition_complement and schedule_target of senses.yaml."""

    proposition_lemmas: frozenset[str]
    proposition_code: str
    deontic_modals: frozenset[str]
    finite_tags: frozenset[str]
    schedule_lemmas: frozenset[str]
    schedule_labels: frozenset[str]
    schedule_nouns: frozenset[str]
    aim_preps: frozenset[str]
    purpose_lemmas: frozenset[str] = frozenset()
    purpose_deps: frozenset[str] = frozenset()
    purpose_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def load_complement_rules(path: str | None = None) -> ComplementRules:
    rules = _sense_file(path)
    proposition, schedule = rules["proposition_complement"], rules["schedule_target"]
    purpose = rules["purpose_participle"]
    return ComplementRules(
        proposition_lemmas=frozenset(proposition["lemmas"]),
        proposition_code=str(proposition["code"]),
        deontic_modals=frozenset(proposition["deontic_modals"]),
        finite_tags=frozenset(proposition["finite_tags"]),
        schedule_lemmas=frozenset(schedule["lemmas"]),
        schedule_labels=frozenset(schedule["entity_labels"]),
        schedule_nouns=frozenset(schedule["schedule_nouns"]),
        aim_preps=frozenset(schedule["aim_preps"]),
        purpose_lemmas=frozenset(purpose["lemmas"]),
        purpose_deps=frozenset(purpose["deps"]),
        purpose_heads=frozenset(purpose["head_nouns"]),
    )


def _indicative_clause(token: Token, rules: ComplementRules) -> bool:
    """A finite clausal complement that states ("that the dam had cracked"), not one that asks
    ("that the talks should resume", the subjunctive "that he resign")."""
    for clause in (c for c in token.children if c.dep_ == "ccomp" and c.i > token.i):
        auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in rules.deontic_modals for a in auxes):
            continue
        if clause.tag_ in rules.finite_tags or any(a.tag_ in rules.finite_tags for a in auxes):
            return True
    return False


def proposition_sense(token: Token, entry: LexiconEntry) -> LexiconEntry:
    """'suggested that the dam had cracked': an indicative that-clause is a statement, not an appeal."""
    rules = load_complement_rules()
    if token.lemma_.lower() not in rules.proposition_lemmas or entry.specificity:
        return entry
    if entry.event_code == rules.proposition_code or not _indicative_clause(token, rules):
        return entry
    return replace(entry, event_code=rules.proposition_code, note=f"{entry.note}; states a proposition")


def _is_schedule(head: Token, rules: ComplementRules) -> bool:
    return head.ent_type_ in rules.schedule_labels or head.lemma_.lower() in rules.schedule_nouns


def is_schedule_target(token: Token, entry: LexiconEntry) -> bool:
    """'targeting March', 'targeting a first flight', 'targeted for early next year': a schedule."""
    rules = load_complement_rules()
    if token.lemma_.lower() not in rules.schedule_lemmas or entry.specificity:
        return False
    aims = [c for c in token.children if c.dep_ in ("dobj", "npadvmod")]
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in rules.aim_preps):
        aims.extend(t for t in prep.subtree if t is not prep)
    return any(_is_schedule(head, rules) for head in aims)


def is_purpose_participle(token: Token) -> bool:
    """'an operation targeting a commander': the aim of the operation, which is the event."""
    rules = load_complement_rules()
    return (
        token.lemma_.lower() in rules.purpose_lemmas
        and token.dep_ in rules.purpose_deps
        and token.head.lemma_.lower() in rules.purpose_heads
    )


@lru_cache(maxsize=2)
def load_internal_audience(path: str | None = None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(staff nouns, possessives, object deps) of senses.yaml's internal_audience rule."""
    rule = _sense_file(path)["internal_audience"]
    return frozenset(rule["nouns"]), frozenset(rule["possessives"]), frozenset(rule["deps"])


def addresses_own_staff(token: Token) -> bool:
    """'warned its employees': a body addressing its own staff is internal, no event between actors."""
    nouns, possessives, deps = load_internal_audience()
    return any(
        c.dep_ in deps
        and c.lemma_.lower() in nouns
        and any(p.dep_ == "poss" and p.lower_ in possessives for p in c.children)
        for c in token.children
    )


@lru_cache(maxsize=2)
def load_comment_request(path: str | None = None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(verb lemmas, prepositions, nouns) of senses.yaml's comment_request rule."""
    rule = _sense_file(path)["comment_request"]
    return frozenset(rule["lemmas"]), frozenset(rule["preps"]), frozenset(rule["nouns"])


def is_comment_request(token: Token) -> bool:
    """'contacted Microsoft for comment': a reporter's request for comment, newsgathering, no event."""
    lemmas, preps, nouns = load_comment_request()
    if token.lemma_.lower() not in lemmas:
        return False
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in preps
        and any(o.dep_ == "pobj" and o.lower_ in nouns for o in prep.children)
        for prep in token.children
    )


def verb_sense(token: Token, entry: LexiconEntry, lexicon: Lexicon) -> LexiconEntry | None:
    """The entry a verbal trigger keeps after the sense rules, or None when it is no event."""
    kept = intent_sense(token, entry, lexicon)
    if kept is None or is_generic_present(token, kept) or is_no_event_form(token):
        return None
    if is_schedule_target(token, kept) or is_purpose_participle(token) or addresses_own_staff(token):
        return None
    if is_hearsay_passive(token, kept) or is_prepositional_participle(token) or is_nominal_gerund(token):
        return None
    if is_personal_aside(token, kept) or is_nominal_participle(token) or is_change_of_state(token, kept):
        return None
    if is_habitual(token) or is_causal_help(token, kept) or is_comment_request(token):
        return None
    return proposition_sense(token, appeal_sense(token, kept))


@lru_cache(maxsize=2)
def _hearsay_rule(path: str | None = None) -> tuple[tuple[str, ...], frozenset[str]]:
    """(code prefixes, state lemmas) of senses.yaml hearsay_passive."""
    rule = _sense_file(path)["hearsay_passive"]
    return tuple(str(p) for p in rule["code_prefixes"]), frozenset(rule["state_lemmas"])


def is_hearsay_passive(token: Token, entry: LexiconEntry) -> bool:
    """ "They are said to have ...", "it has been claimed": a statement verb's agentless passive
    (senses.yaml hearsay_passive) names no one who speaks; "armed with rifles" describes a state."""
    prefixes, state_lemmas = _hearsay_rule()
    if not entry.event_code.startswith(prefixes) and token.lemma_.lower() not in state_lemmas:
        return False
    passive = is_passive(token) or is_reduced_passive(token)
    return passive and passive_agent(token) is None


@lru_cache(maxsize=2)
def _prepositional_rule(path: str | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(tags, deps) of senses.yaml prepositional_participles."""
    rule = _sense_file(path)["prepositional_participles"]
    return frozenset(rule["tags"]), frozenset(rule["deps"])


def is_prepositional_participle(token: Token) -> bool:
    """ "interviewed residents regarding insurgent activity": a participle used as a preposition."""
    tags, deps = _prepositional_rule()
    return token.tag_ in tags and token.dep_ in deps


@lru_cache(maxsize=2)
def _gerund_rule(path: str | None = None) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(tags, prepositions, head parts of speech) of senses.yaml nominal_gerund."""
    rule = _sense_file(path)["nominal_gerund"]
    return frozenset(rule["tags"]), frozenset(rule["preps"]), frozenset(rule["head_pos"])


def is_nominal_gerund(token: Token) -> bool:
    """ "a long history of cooperating with police", "the challenges in battling the militants": a
    gerund after a noun's (or adjective's) preposition names an activity, a role or an aim, no act
    of a day; after a verb's it stays one ("accused of killing", "after meeting the envoy")."""
    tags, preps, head_pos = _gerund_rule()
    prep = token.head
    return (
        token.tag_ in tags
        and token.dep_ == "pcomp"
        and prep.lower_ in preps
        and prep.head.pos_ in head_pos
        and prep.head is not prep
    )


@dataclass(frozen=True)
class AsideRule:
    """personal_aside of senses.yaml."""

    pronouns: frozenset[str]
    comment_marks: frozenset[str]
    opinion_lemmas: frozenset[str]
    opinion_pronouns: frozenset[str]
    opinion_tags: frozenset[str]
    reader_pronouns: frozenset[str]


@lru_cache(maxsize=2)
def load_aside_rule(path: str | None = None) -> AsideRule:
    rule = _sense_file(path)["personal_aside"]
    return AsideRule(*(frozenset(rule[key]) for key in AsideRule.__dataclass_fields__))


def _subject_pronoun(token: Token) -> str | None:
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    return subject.lower_ if subject is not None and subject.pos_ == "PRON" else None


def is_first_person_opinion(token: Token) -> bool:
    """'I suspect there are many', 'we believe the figure is low': the speaker's own opinion."""
    rule = load_aside_rule()
    return (
        token.lemma_.lower() in rule.opinion_lemmas
        and token.tag_ in rule.opinion_tags
        and _subject_pronoun(token) in rule.opinion_pronouns
    )


def is_personal_aside(token: Token, entry: LexiconEntry) -> bool:
    """'As I said, ...', 'as you mentioned' (a statement pointing back at the conversation) and a
    first-person opinion ('I suspect there are many'): no event between actors."""
    rule = load_aside_rule()
    comment = entry.event_code.startswith("01") and any(
        c.dep_ == "mark" and c.lower_ in rule.comment_marks for c in token.children
    )
    if comment and _subject_pronoun(token) in rule.pronouns:
        return True
    return is_first_person_opinion(token) or _addresses_reader(token, entry, rule)


def _addresses_reader(token: Token, entry: LexiconEntry, rule: AsideRule) -> bool:
    """'you have to admit: ...': a statement whose acting subject is the reader (senses.yaml)."""
    subject = subject_token(token)
    return entry.event_code.startswith("01") and subject is not None and subject.lower_ in rule.reader_pronouns


def is_nominal_participle(token: Token) -> bool:
    """'visiting the wounded', 'most of the injured': a participle after a determiner is a noun."""
    rule = _sense_file()["nominal_participles"]
    return (
        token.tag_ in rule["tags"]
        and token.dep_ in rule["deps"]
        and any(c.dep_ == "det" and c.lower_ in rule["determiners"] for c in token.children)
    )


def is_change_of_state(token: Token, entry: LexiconEntry) -> bool:
    """'The bus overturned', 'hurting more than the operators', 'the fighting escalated': no
    object, no act on anyone (a cued row stands)."""
    rule = _sense_file()["change_of_state_verbs"]
    lemma = token.lemma_.lower()
    if lemma not in rule["lemmas"] or entry.specificity or passive_agent(token) is not None or is_passive(token):
        return False
    if is_reduced_passive(token) and lemma not in rule["participle_lemmas"]:
        return False  # "two soldiers hurt in the blast" were hurt by someone
    objects = [c for c in token.children if c.dep_ in rule["object_deps"] and c.tag_ not in rule["degree_tags"]]
    return not objects


def is_habitual(token: Token) -> bool:
    """'regularly attended cabinet meetings': a habit, no event of a day (senses.yaml habitual_adverbs)."""
    adverbs = _sense_file()["habitual_adverbs"]
    return any(c.dep_ == "advmod" and c.lower_ in adverbs for c in token.children)


def is_causal_help(token: Token, entry: LexiconEntry) -> bool:
    """'has helped transform the nation', 'help keep women safe': a contribution to an outcome, no
    aid to anyone (senses.yaml causal_help); a cued row or someone helped stands."""
    rule = _sense_file()["causal_help"]
    if token.lemma_.lower() not in rule["lemmas"] or entry.specificity:
        return False
    complements = [c for c in token.children if c.dep_ in rule["complement_deps"] and c.pos_ in ("VERB", "AUX")]
    if not complements or any(c.dep_ in rule["helped_deps"] for c in token.children):
        return False
    return not any(child(c, "nsubj") is not None for c in complements)

"""Who speaks: the speaker of a reporting verb or quote, and whether that speaker is institutional.

The rules are data (`resources/speakers.yaml`, which says what each rule means, with examples):

* the subject phrase of the reporting verb is the speaker; an actor inside it counts only when it
  is the same person (compound, apposition) or an institution ("a spokesman for the Taliban"),
  never another person reached through a possessive, preposition or participle;
* a pronoun takes the nearest earlier person of the article that is not a news outlet ("he"), or
  state/organisation of its sentence or the one before ("it"): `pronoun_referent`, the one
  resolver of the pipeline (the actor coding step codes what it found);
* a bare "officials" takes the one state/government/organisation of its sentence or paragraph;
* a statement by a speaker without institutional role is a bystander's quote, not an event, and
  so is one by an unnamed person or group no actor was resolved for ("one man said", "insiders say").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.lexicon import load_speech_verbs
from newswh.events.syntax import child
from newswh.nlp import doc_text
from newswh.records import ActorMention

RULES_FILE = Path(__file__).resolve().parent / "resources" / "speakers.yaml"
_PHRASE_DEPS = frozenset(
    ["compound", "poss", "prep", "pobj", "appos", "nmod", "amod", "conj", "det", "npadvmod", "case", "flat"]
)
_MAX_PHRASE_TOKENS = 40
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass"])


@lru_cache(maxsize=2)
def speaker_rules(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))


def is_outlet(mention: ActorMention) -> bool:
    """A news outlet the source registry knows ("Wikinews", "Dawn", "RT"), whatever NER called it."""
    from newswh.ingest.outlets import load_registry

    if load_registry().by_name(mention.text) is not None:
        return True
    return mention.actor_type == "media" and not _media_company(mention.actor_key)


def _media_company(actor_key: str | None) -> bool:
    """A company the dictionary files under the media sector (speakers.yaml `media_company_codes`)."""
    from newswh.actors.gazetteer import load_gazetteer

    record = load_gazetteer().actors.get(actor_key) if actor_key else None
    code = (record.cameo_code or "") if record is not None else ""
    return code.startswith(tuple(speaker_rules()["media_company_codes"]))


def _outlet_cue(token: Token, rules: dict) -> bool:
    """The article names this word an outlet: "broadcaster PBS", "a report from ABC Australia"."""
    nouns = frozenset(rules["outlet_nouns"])
    if any(c.dep_ in ("compound", "appos") and c.lemma_.lower() in nouns for c in token.children):
        return True
    if token.dep_ == "appos" and token.head.lemma_.lower() in nouns:
        return True
    head = token.head
    return (
        token.dep_ == "pobj"
        and head.lower_ in rules["outlet_report_preps"]
        and head.head.lemma_.lower() in rules["outlet_report_nouns"]
    )


def named_as_outlet(mention: ActorMention, index, doc) -> bool:
    """A news outlet: one the registry knows, or an organisation no dictionary codes that the article
    itself names as one (a mention of the same actor with an outlet cue, `_outlet_cue`)."""
    if is_outlet(mention):
        return True
    rules = speaker_rules()
    if mention.actor_type not in rules["outlet_cue_types"] or mention.title:
        return False
    from newswh.actors.gazetteer import load_gazetteer

    if mention.actor_key in load_gazetteer().actors:
        return False
    for other in index.mentions:
        if other.actor_key != mention.actor_key:
            continue
        span = doc.char_span(other.start, other.end, alignment_mode="expand")
        if span is not None and _outlet_cue(span.root, rules):
            return True
    return False


def is_person_antecedent(mention: ActorMention) -> bool:
    """A pronoun's possible antecedent: a person, never an outlet ("told Wikinews ... He stated")."""
    # NER's PERSON label counts only when the gazetteer gave no other type ("Chibok" the town is no "she").
    is_person = mention.actor_type == "person" or (mention.actor_type is None and mention.label == "PERSON")
    return is_person and not is_outlet(mention)


def is_group_antecedent(mention: ActorMention) -> bool:
    """A group pronoun's possible antecedent: a state, government, organisation or IGO, never an outlet."""
    return mention.actor_type in speaker_rules()["group_antecedent_types"] and not is_outlet(mention)


def _window_start(token: Token, sentences: int) -> int:
    """Where the sentence `sentences` before the token's own starts (the token's own when 0)."""
    sent = token.sent
    for _ in range(sentences):
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sent.start_char


def _is_subject(mention: ActorMention, doc) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in _SUBJECT_DEPS


def _own_subject_span(token: Token) -> tuple[int, int]:
    """The character span of the subject of the clause an object pronoun belongs to (else empty)."""
    if token.dep_ in _SUBJECT_DEPS:
        return (0, 0)
    verb = token.head.head if token.dep_ == "pobj" else token.head
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        return (0, 0)
    tokens = list(subject.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _group_referent(token: Token, index) -> ActorMention | None:
    """ "it"/"they": a state, government, organisation or IGO of the sentence or the one before; a
    subject before an object ("The ministry hosted the Taliban envoy. It said ..." is the ministry),
    then the nearest; never the subject of the pronoun's own clause ("Russia welcomed it")."""
    earliest = _window_start(token, int(speaker_rules()["group_pronoun_window_sentences"]))
    own_start, own_end = _own_subject_span(token)
    candidates = [
        m
        for m in index.mentions
        if earliest <= m.start
        and m.end <= token.idx
        and is_group_antecedent(m)
        and not (own_start <= m.start < own_end)
    ]
    subjects = [m for m in candidates if _is_subject(m, token.doc)]
    ranked = subjects or candidates
    return ranked[-1] if ranked else None


def _described_person(token: Token, index) -> ActorMention | None:
    """ "... detained a Taliban leader. He coordinated attacks": the body that modifies the nearest
    earlier person-role noun (`person_role_heads`) within the window; a state only on a head that a
    nationality makes its state's ("a Russian diplomat"). The nearest role noun decides: one that
    no body modifies ("a leader of the group") gives none."""
    rules = speaker_rules()
    heads = frozenset(rules["person_role_heads"])
    earliest = _window_start(token, int(rules["person_description_window_sentences"]))
    for noun in reversed(token.doc[: token.i]):
        if noun.idx < earliest:
            return None
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in heads:
            continue
        stately = noun.lemma_.lower() in rules["officials_nouns"] + rules["nationality_heads"]
        for modifier in noun.children:
            mention = index.at(modifier) if modifier.dep_ in ("compound", "amod", "nmod", "poss") else None
            if mention is not None and is_group_antecedent(mention) and (stately or mention.actor_type != "state"):
                return mention
        return None
    return None


def pronoun_referent(token: Token, index) -> ActorMention | None:
    """The one pronoun resolver of the pipeline (speaker, source and target; the coding step takes
    its answer): "he"/"she" the nearest earlier person that is no outlet, else the body of a person
    the text only described (`_described_person`), "it"/"they" as `_group_referent` says."""
    word = token.lower_
    rules = speaker_rules()
    if word in rules["person_pronouns"]:
        speaker = quote_speaker(token, index)

        def accept(mention: ActorMention) -> bool:
            return is_person_antecedent(mention) and (speaker is None or mention.actor_key != speaker)

        nearest = index.nearest_before(token.idx, accept)
        reporter = reporter_referent(token, index, accept)
        # Gender is unknown: the reporter wins only over a name inside a clause on its subject.
        if reporter is not None and nearest is not None and _inside_subject_clause(nearest, token):
            return reporter
        return nearest or _described_person(token, index)
    if word not in rules["group_pronouns"]:
        return None
    quote = _enclosing_quote(token, index)
    if quote is not None:
        return _quoted_group_referent(token, index, quote, rules)
    return reporter_referent(token, index, _is_group_reporter) or _group_referent(token, index)


def _is_group_reporter(mention: ActorMention) -> bool:
    # An outlet that reports is itself the group that speaks ("The Global Times said it ...").
    rules = speaker_rules()
    return mention.actor_type in rules["group_antecedent_types"] + rules["reporter_media_types"] or is_outlet(mention)


def _reporting_subject(token: Token) -> Token | None:
    """The subject of the reporting verb whose reported clause the subject pronoun `token` is in."""
    if token.dep_ not in _SUBJECT_DEPS or token.head.dep_ not in speaker_rules()["reporter_pronoun_deps"]:
        return None
    verb = token.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in load_speech_verbs().reported_clause:
        return None
    return child(verb, "nsubj")


def _inside_subject_clause(mention: ActorMention, token: Token) -> bool:
    """Whether the mention is inside a clause modifying the reporting subject ("Buhari, who vowed to
    destroy Boko Haram, said he"); a possessor or an apposition's name ("Biden's partner said he",
    "a rival of Weber said he") may well be the one meant, so they do not count."""
    subject = _reporting_subject(token)
    if subject is None:
        return False
    deps = speaker_rules()["reporter_pronoun_over"]
    for clause in (c for c in subject.subtree if c.dep_ in deps):
        tokens = list(clause.subtree)
        if tokens[0].idx <= mention.start and mention.end <= tokens[-1].idx + len(tokens[-1]):
            return True
    return False


def reporter_referent(token: Token, index, accept) -> ActorMention | None:
    """The subject pronoun of a clause a reporting verb reports is its reporter (speakers.yaml
    `reporter_pronoun`): "Buhari, who vowed to destroy Boko Haram, said he welcomed ..." is Buhari,
    not the nearer name; "Amazon told Newsweek it is investigating" is Amazon."""
    subject = _reporting_subject(token)
    mention = index.at(subject) if subject is not None else None
    return mention if mention is not None and accept(mention) else None


def _quoted_group_referent(token: Token, index, quote: tuple, rules: dict) -> ActorMention | None:
    """A group pronoun inside someone's direct quote: "we" is the speaker's side, "they"/"it" are in
    the speaker's discourse, which the narrator's sentences do not give (speakers.yaml quoted_pronouns)."""
    _start, _end, key, _named = quote
    # "we" takes the speaker even when the attribution names it by a pronoun ("He noted ...,
    # saying, “we have thanked her”"): the pronoun was resolved to its person, who says "we".
    if token.lower_ not in rules["quoted_pronouns"]["speaker"] or key is None:
        return None
    candidates = [m for m in index.mentions if m.actor_key == key]
    return min(candidates, key=lambda m: abs(m.start - token.idx)) if candidates else None


_QUOTES_KEY = "newswh.direct_quote_speakers"


def quote_speaker(token: Token, index) -> str | None:
    """The actor key of whoever speaks the direct quote holding the token, if any.

    Inside a quote, a speaker says "I": "he"/"she" there is someone else ("“He knows there is no
    border crisis, and he admits ...”, said Becerra" is Trump admitting, not Becerra).
    """
    quote = _enclosing_quote(token, index)
    # A speaker the attribution only names by a pronoun ("she explained") was itself guessed
    # as the nearest person: it proves nothing about who "he" is, so it excludes no one.
    return quote[2] if quote is not None and quote[3] else None


def in_direct_quote(token: Token, index) -> bool:
    """The token is inside a direct quote: a group pronoun there is the speaker's (pronoun_referent)."""
    return _enclosing_quote(token, index) is not None


def _enclosing_quote(token: Token, index) -> tuple[int, int, str | None, bool] | None:
    """(start, end, speaker key, speaker named) of the direct quote holding the token, if any.

    The quotes of a parse are found once and kept on the Doc for the index they were resolved with.
    """
    from newswh.events.quotes import direct_quotes  # quotes builds on this module

    cache = token.doc.user_data.setdefault(_QUOTES_KEY, {})
    if id(index) not in cache:
        rules = speaker_rules()
        pronouns = frozenset(rules["person_pronouns"] + rules["group_pronouns"])
        quotes = [
            (q.start, q.end, q.speaker_actor_key, (q.speaker_text or "").lower() not in pronouns)
            for q in direct_quotes(token.doc, index)
        ]
        # The index is kept with its quotes so that its id cannot be reused by another index.
        cache[id(index)] = (index, quotes)
    _index, quotes = cache[id(index)]
    return next((q for q in quotes if q[0] <= token.idx < q[1]), None)


def speaker_in_phrase(token: Token, index) -> ActorMention | None:
    """The actor a speaker phrase names: its head, the same person, or the institution it belongs to.

    A person reached through a possessive, preposition or participle is someone else ("Hunter
    Biden's former partner", "a friend of William Shatner"); an institution reached that way is
    the speaker's affiliation ("a spokesman for the Taliban").
    """
    head = index.at(token)
    if head is not None:
        return head
    rules = speaker_rules()
    if non_state_officials(token):
        return None
    same_person = frozenset(rules["same_person_deps"])
    # "a Chinese engineer" is no Chinese state speaking; "a Russian diplomat" is.
    heads = rules["officials_nouns"] + rules["nationality_heads"]
    # The lists hold plurals too ("troops", "forces"): the lemma "troop" alone would miss them.
    nationality_counts = token.lemma_.lower() in heads or token.lower_ in heads
    # A title's phrase names its holder wherever the parser hangs the name ("US Ambassador to
    # Germany Richard Grenell": the name parses as the object of "to").
    titled = token.lemma_.lower() in rules["nationality_heads"]
    # "officials in Kabul" are the state's officials; "protesters in Hong Kong" are only there.
    whereabouts_apply = token.lemma_.lower() not in rules["officials_nouns"]
    queue: list[tuple[Token, bool]] = [(token, True)]
    affiliation: ActorMention | None = None
    seen = 0
    while seen < len(queue) and seen < _MAX_PHRASE_TOKENS:
        current, direct = queue[seen]
        seen += 1
        mention = index.at(current)
        if mention is not None and mention.actor_type == "person":
            if direct or titled or current.dep_ == "appos":  # an apposition renames, even when misattached
                return mention
        elif (
            mention is not None
            and mention.actor_type != "location"
            and not (whereabouts_apply and _is_whereabouts(current, mention, rules))
        ):
            if not _is_nationality(current, mention, rules) or nationality_counts:
                affiliation = affiliation or mention
        queue.extend((c, direct and c.dep_ in same_person) for c in current.children if c.dep_ in _PHRASE_DEPS)
    return affiliation


def non_state_officials(token: Token) -> bool:
    """'Hospital officials', 'company officials': officials of an unnamed institution that is no state."""
    rules = speaker_rules()
    if token.lemma_.lower() not in rules["officials_nouns"] and token.lower_ not in rules["officials_nouns"]:
        return False
    modifiers = frozenset(rules["non_state_official_modifiers"])
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in modifiers for c in token.children)


def _is_nationality(token: Token, mention: ActorMention, rules: dict) -> bool:
    """'a Chinese engineer', 'a United States whistleblower': the modifier says where someone is from."""
    return token.dep_ == "amod" or (
        token.dep_ == "compound" and mention.actor_type in rules["nationality_compound_types"]
    )


def _is_whereabouts(token: Token, mention: ActorMention, rules: dict) -> bool:
    """'protesters in Hong Kong': a state after a place preposition says where, not for whom."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in rules["place_preps"]
        and mention.actor_type in rules["place_types"]
    )


def _paragraph_start(token: Token) -> int:
    return doc_text(token.doc).rfind("\n", 0, token.idx) + 1


def officials_context(subject: Token, index) -> ActorMention | None:
    """'Officials said': the one state/government/organisation named in the sentence, else the paragraph.

    The sentence is searched whole; the paragraph only before the subject. Two distinct
    candidates (or none) leave the speaker uncoded.
    """
    rules = speaker_rules()
    if subject.lower_ not in rules["officials_nouns"] or non_state_officials(subject):
        return None
    types = frozenset(rules["official_context_types"])
    sentence = subject.sent
    scopes = [(sentence.start_char, sentence.end_char), (_paragraph_start(subject), sentence.start_char)]
    for start, end in scopes:
        found = {
            m.actor_key: m
            for m in index.mentions
            if start <= m.start < end and m.actor_type in types and not is_outlet(m)
        }
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return None
    return None


def _tied_to_institution(mention: ActorMention, index, doc) -> bool:
    """'Tom Lee, head of Acme Corp' / 'Jane Doe of the World Bank': an institution hangs off the person."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    types = frozenset(speaker_rules()["institutional_types"])
    for token in span.root.subtree:
        other = index.at(token)
        if other is not None and other is not mention and other.actor_type in types:
            return True
    return False


def is_institutional(mention: ActorMention | None, index, doc) -> bool:
    """The speaker has an institutional role: an institution, a titled or known person, or one tied to one."""
    if mention is None:
        return False
    rules = speaker_rules()
    if mention.actor_type in rules["institutional_types"]:
        return True
    if mention.title or _titled_elsewhere(mention, index):
        return True
    from newswh.actors.gazetteer import load_gazetteer

    if mention.actor_key and mention.actor_key in load_gazetteer().actors:
        return True
    return _tied_to_institution(mention, index, doc)


def _titled_elsewhere(mention: ActorMention, index) -> bool:
    """'said Dujarric' after 'UN Spokesperson Stephane Dujarric': a lone name linked to a full name
    (one actor key) holds the title the article gave that person once; coding reads it the same way
    (newswh.actors.coding: titles by actor key)."""
    if not mention.actor_key:
        return False
    return any(other.title and other.actor_key == mention.actor_key for other in index.mentions)


def is_unnamed_speaker(subject: Token | None) -> bool:
    """'one man said', 'insiders say', 'most of the victims say': a subject that names nobody with a
    role (speakers.yaml unnamed_speakers)."""
    if subject is None:
        return False
    rules = speaker_rules()
    names = set(rules["unnamed_speaker_name_entities"])
    if any(t.pos_ == "PROPN" or t.ent_type_ in names for t in subject.subtree):
        return False
    nouns = set(rules["unnamed_speaker_nouns"])
    head = subject.lemma_.lower()
    if head in nouns:
        return True
    if head not in rules["unnamed_speaker_quantifiers"]:
        return False
    of_objects = [p for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
    return all(p.lemma_.lower() in nouns for p in of_objects if p.dep_ == "pobj")

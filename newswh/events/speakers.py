"""Who speaks: the speaker of a reporting verb or quote, and whether that speaker is institutional.

The rules are data (`resources/speakers.yaml`, which says what each rule means, with examples):

* the subject phrase of the reporting verb is the speaker; an actor inside it counts only when it
  is the same person (compound, apposition) or an institution ("a spokesman for the Taliban"),
  never another person reached through a possessive, preposition or participle;
* a pronoun speaker takes the nearest earlier person of the article that is not a news outlet;
* a bare "officials" takes the one state/government/organisation of its sentence or paragraph;
* a statement by a speaker without institutional role is a bystander's quote, not an event.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.nlp import doc_text
from newswh.records import ActorMention

RULES_FILE = Path(__file__).resolve().parent / "resources" / "speakers.yaml"
_PHRASE_DEPS = frozenset(
    ["compound", "poss", "prep", "pobj", "appos", "nmod", "amod", "conj", "det", "npadvmod", "case", "flat"]
)
_MAX_PHRASE_TOKENS = 40


@lru_cache(maxsize=2)
def speaker_rules(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))


def is_outlet(mention: ActorMention) -> bool:
    """A news outlet the source registry knows ("Wikinews", "Dawn", "RT"), whatever NER called it."""
    from newswh.ingest.outlets import load_registry

    return mention.actor_type == "media" or load_registry().by_name(mention.text) is not None


def is_person_antecedent(mention: ActorMention) -> bool:
    """A pronoun's possible antecedent: a person, never an outlet ("told Wikinews ... He stated")."""
    # NER's PERSON label counts only when the gazetteer gave no other type ("Chibok" the town is no "she").
    is_person = mention.actor_type == "person" or (mention.actor_type is None and mention.label == "PERSON")
    return is_person and not is_outlet(mention)


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
    same_person = frozenset(rules["same_person_deps"])
    # "a Chinese engineer" is no Chinese state speaking; "a Russian diplomat" is.
    nationality_counts = token.lemma_.lower() in rules["officials_nouns"] + rules["nationality_heads"]
    # A title's phrase names its holder wherever the parser hangs the name ("US Ambassador to
    # Germany Richard Grenell": the name parses as the object of "to").
    titled = token.lemma_.lower() in rules["nationality_heads"]
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
        elif mention is not None and mention.actor_type != "location":
            if current.dep_ != "amod" or nationality_counts:
                affiliation = affiliation or mention
        queue.extend((c, direct and c.dep_ in same_person) for c in current.children if c.dep_ in _PHRASE_DEPS)
    return affiliation


def _paragraph_start(token: Token) -> int:
    return doc_text(token.doc).rfind("\n", 0, token.idx) + 1


def officials_context(subject: Token, index) -> ActorMention | None:
    """'Officials said': the one state/government/organisation named in the sentence, else the paragraph.

    The sentence is searched whole; the paragraph only before the subject. Two distinct
    candidates (or none) leave the speaker uncoded.
    """
    rules = speaker_rules()
    if subject.lower_ not in rules["officials_nouns"]:
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
    if mention.title:
        return True
    from newswh.actors.gazetteer import load_gazetteer

    if mention.actor_key and mention.actor_key in load_gazetteer().actors:
        return True
    return _tied_to_institution(mention, index, doc)

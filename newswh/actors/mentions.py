"""Actor mentions within one article, from the entities the ruler corrected.

`extract_actor_mentions(doc)` drops page furniture, peels titles off person names into the
`title` attribute, links a bare surname (or another word of one person's name: "Xi" after
"Xi Jinping") to the full name mentioned earlier in the article,
and resolves collective references ("the group") only when exactly one organization is in
reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span

from newswh.actors.agents import agent_mentions, load_agent_lexicon
from newswh.actors.country_cues import load_country_cues
from newswh.actors.gazetteer import (
    TYPE_TO_LABEL,
    Gazetteer,
    load_gazetteer,
    normalize_name,
    slugify,
)
from newswh.actors.ruler import REFERENCE_DIR_KEY
from newswh.records import ActorMention

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
# Organizations that "the group"/"the movement" can point back to; a media outlet or a state
# in reach does not compete (they are never called "the group").
_COLLECTIVE_TARGET_TYPES = frozenset({"organization", "government", "igo"})
_COLLECTIVE_WINDOW = 2  # sentences before the cue's own sentence
MENTION_WORDS_FILE = Path(__file__).resolve().parent / "resources" / "mention_words.yaml"


@lru_cache(maxsize=2)
def load_title_modifiers(path: str | None = None) -> frozenset[str]:
    """title_modifiers of resources/mention_words.yaml: words that stand inside a title (documented there)."""
    data = yaml.safe_load(Path(path or MENTION_WORDS_FILE).read_text(encoding="utf-8"))
    return frozenset(data["title_modifiers"])


@lru_cache(maxsize=2)
def load_affiliation_prepositions(path: str | None = None) -> frozenset[str]:
    """affiliation_prepositions of resources/mention_words.yaml: "a spokesman for X" (documented there)."""
    data = yaml.safe_load(Path(path or MENTION_WORDS_FILE).read_text(encoding="utf-8"))
    return frozenset(data.get("affiliation_prepositions") or ())


_TITLE_MODIFIERS = load_title_modifiers()


def _mention_words(key: str) -> frozenset[str]:
    data = yaml.safe_load(MENTION_WORDS_FILE.read_text(encoding="utf-8"))
    return frozenset(str(w).lower() for w in data.get(key) or ())


_ORGANIZATION_TYPES = _mention_words("organization_type_nouns")
_NAMING_WORDS = _mention_words("naming_words")
_AFFILIATION_PREPOSITIONS = load_affiliation_prepositions()
# The words an appositive title may span: a body's full name and the title after it ("Col. Rafael
# Torres, International Security Assistance Force Joint Command Combined Joint Operations Center
# director", 11 words); the scan still stops at a verb, preposition, pronoun or punctuation.
APPOSITIVE_TITLE_WORDS = 12
_DASHES = frozenset({"-", "–", "—", ":"})
_DETERMINERS = frozenset({"the", "a", "an"})


@dataclass
class _Draft:
    """A mention while it is being corrected; frozen into ActorMention at the end."""

    start: int  # token offsets
    end: int
    label: str
    actor_key: str | None
    method: str
    sentence_index: int
    title: str | None = None
    alias_kind: str | None = None


def extract_actor_mentions(doc: Doc, gazetteer: Gazetteer | None = None) -> list[ActorMention]:
    """Corrected actor mentions of one processed Doc (cleaned body text), in text order."""
    gaz = gazetteer or _gazetteer_of(doc)
    sentence_of = _sentence_index(doc)
    drafts = [d for ent in doc.ents if (d := _draft_from_entity(doc, ent, gaz, sentence_of)) is not None]
    drafts = sorted(drafts + _names_after_titles(doc, drafts, gaz, sentence_of), key=lambda d: d.start)
    for draft in drafts:
        _attach_title(doc, draft, gaz)
    drafts = _link_surnames(doc, drafts, gaz, sentence_of)
    drafts = [d for d in drafts if d.actor_key is not None or d.label != "NORP"]
    mentions = [_freeze(doc, d, gaz) for d in drafts]
    mentions += _collective_mentions(doc, mentions, gaz, sentence_of)
    agents, absorbed = agent_mentions(
        doc, mentions, gaz, load_agent_lexicon(doc.user_data.get(REFERENCE_DIR_KEY)), sentence_of
    )
    mentions = [m for number, m in enumerate(mentions) if number not in absorbed] + agents
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _gazetteer_of(doc: Doc) -> Gazetteer:
    # The ruler leaves its reference dir on the Doc so both stages read the same seed.
    return load_gazetteer(doc.user_data.get(REFERENCE_DIR_KEY))


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    if not (doc.has_annotation("SENT_START")):
        return index
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _trim(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """Strip caption prefixes ("FILE -"), determiners, possessives and punctuation off a span."""
    furniture = gaz.terms("furniture")
    while start < end and (
        doc[start].lower_ in _DETERMINERS
        or doc[start].text in _DASHES
        or doc[start].is_space
        or doc[start].is_punct
        or (doc[start].lower_ in furniture and start + 1 < end and doc[start + 1].text in _DASHES)
    ):
        start += 1
    while start < end and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    return start, end


def _strip_leading_titles(doc: Doc, start: int, end: int, gaz: Gazetteer) -> int:
    """The model sometimes swallows the title into a PERSON ("Councilor", "Foreign Minister X")."""
    titles = gaz.terms("title")
    i = start
    while i < end and (doc[i].lower_ in titles or doc[i].lower_ in _TITLE_MODIFIERS):
        i += 1
    return i


def _draft_from_entity(doc: Doc, ent: Span, gaz: Gazetteer, sentence_of: list[int]) -> _Draft | None:
    if ent.label_ not in ACTOR_LABELS:
        return None
    start, end = _trim(doc, ent.start, ent.end, gaz)
    if ent.label_ == "PERSON" and not ent.kb_id_:
        start = _strip_leading_titles(doc, start, end, gaz)
    if start >= end:
        return None
    text = doc[start:end].text
    norm = normalize_name(text)
    if _is_furniture(text, norm, gaz):
        return None
    key = ent.kb_id_ or None
    alias_kind = None
    method = "ruler" if key else "ner"
    if key is None and norm in gaz.alias_index:
        key, alias_kind = gaz.alias_index[norm]
        method = "alias"
    elif key is None and (company := _company_key(doc, ent, start, norm, gaz)) is not None:
        key, alias_kind, method = company, "short_name", "alias"
    elif key is None and (state := _nationality_state(ent, doc[start:end], norm, gaz)) is not None:
        key, alias_kind, method = state, "demonym", "alias"
    elif key is not None:
        alias_kind = gaz.alias_index.get(norm, (key, None))[1]
    label = ent.label_
    if key is not None:
        actor = gaz.actors.get(key)
        label = "NORP" if alias_kind == "demonym" else TYPE_TO_LABEL.get(actor.actor_type, label) if actor else label
        if alias_kind == "surname":
            method = "surname"
    return _Draft(start, end, label, key, method, sentence_of[start], alias_kind=alias_kind)


def _company_key(doc: Doc, ent: Span, start: int, norm: str, gaz: Gazetteer) -> str | None:
    """ "Amazon said": a company the model found (label ORG), known to Phoenix by its full name
    (AMAZON.COM). A company's name takes no article: "the Amazon" is the river, whatever the label."""
    if ent.label_ != "ORG" or norm not in gaz.company_index:
        return None
    if doc[ent.start].lower_ == "the" or (start > 0 and doc[start - 1].lower_ == "the"):
        return None
    return gaz.company_index[norm]


_STATES_BY_CODE: dict[int, tuple[Gazetteer, dict[str, str]]] = {}


def _state_keys(gaz: Gazetteer) -> dict[str, str]:
    """CAMEO country code -> the gazetteer's state of that code (built once per gazetteer)."""
    cached = _STATES_BY_CODE.get(id(gaz))
    if cached is None or cached[0] is not gaz:
        states = {a.cameo_code: a.actor_key for a in gaz.actors.values() if a.actor_type == "state" and a.cameo_code}
        cached = _STATES_BY_CODE[id(gaz)] = (gaz, states)
    return cached[1]


@lru_cache(maxsize=1)
def _state_body_heads() -> frozenset[str]:
    """Nouns a nationality adjective makes a state's body: newswh/events/resources/speakers.yaml's
    nationality_heads and officials_nouns ("court", "embassy", "officials"), less the agents'
    phrases ("police", "army", "forces"): "Nigerian police" is coded by its own words (NGACOP),
    never by the state alone."""
    from newswh.events.speakers import speaker_rules

    rules = speaker_rules()
    heads = frozenset(rules["nationality_heads"]) | frozenset(rules["officials_nouns"])
    return heads - frozenset(load_agent_lexicon().phrases)


def _nationality_state(ent: Span, span: Span, norm: str, gaz: Gazetteer) -> str | None:
    """ "An Egyptian court", "Nigerian police": a nationality adjective the model tags NORP and the
    curated aliases lack is its state, by the Phoenix country cues (resources/country_cues.csv),
    as the curated "Russian" is, when it modifies a state body's noun. "Israelis said" names
    people, and "a Nigerian scam", "Swiss banks" name no state acting: both stay no mention."""
    if ent.label_ != "NORP" or any(t.pos_ != "ADJ" for t in span if t.is_alpha):
        return None
    head = span.root.head
    if head.i < span.end or (head.lemma_.lower() not in _state_body_heads() and head.lower_ not in _state_body_heads()):
        return None
    code = load_country_cues().get(norm)
    return _state_keys(gaz).get(code) if code else None


def _is_furniture(text: str, norm: str, gaz: Gazetteer) -> bool:
    return not norm or norm in gaz.terms("furniture") or norm in gaz.terms("non_actor") or "@" in text or "/" in text


def _attach_title(doc: Doc, draft: _Draft, gaz: Gazetteer) -> None:
    """A title right before a name ("Foreign Minister Lavrov") makes it a person."""
    left = _left_title(doc, draft.start, gaz)
    if left is not None and draft.label in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        if draft.actor_key is None or draft.label == "PERSON":
            draft.title = left
            draft.label = "PERSON"
            return
    if draft.label == "PERSON":
        draft.title = _appositive_title(doc, draft.end, gaz)
    elif draft.label == "ORG" and draft.actor_key is None and len(doc[draft.start : draft.end]) >= 2:
        # The model tags some unfamiliar full names ORG ("Mallam Garba Shehu, spokesman for
        # Nigerian President Muhammadu Buhari"): a person's title after the comma names a person.
        draft.title = _appositive_title(doc, draft.end, gaz)
        draft.label = "PERSON" if draft.title else draft.label
    if draft.label == "ORG" and draft.actor_key is None and draft.title is None:
        draft.title = _organization_description(doc, draft.start, draft.end)


def _organization_description(doc: Doc, start: int, end: int) -> str | None:
    """What the article calls a body no dictionary knows, when the phrase ends in an organization
    type noun (mention_words.yaml): "a Panamanian firm called Mossack Fonseca", "the German newspaper
    Süddeutsche Zeitung", "Golden Star Aviation, a Panamanian company". Kept as the mention's title,
    which actor coding reads as a description (country and sector: PANBUS, DEUMED), only when it
    names the body's country: "the television broadcaster PBS", in a sentence on Saudi Arabia,
    would take the sentence's country (SAUMED), and a wrong code is worse than none."""
    found = _description_before(doc, start) or _description_after(doc, end)
    return found if found is not None and _names_a_country(found) else None


def _names_a_country(text: str) -> bool:
    words = text.lower().split()
    cues = load_country_cues()
    return any(" ".join(words[i : i + n]) in cues for n in (1, 2, 3) for i in range(len(words)))


def _is_description_word(token) -> bool:
    return (
        token.is_alpha
        and not token.is_sent_start
        and token.pos_ in ("ADJ", "NOUN", "PROPN")
        and token.ent_type_ in ("", "NORP")
    )


def _description_before(doc: Doc, start: int) -> str | None:
    i = start - 1
    if i >= 0 and doc[i].lower_ in _NAMING_WORDS | {"the"}:
        i -= 1  # "a firm called X", "the British tabloid the Mirror"
    if i < 0 or doc[i].lower_ not in _ORGANIZATION_TYPES:
        return None
    first = i
    while first > 0 and first > i - APPOSITIVE_TITLE_WORDS and _is_description_word(doc[first - 1]):
        first -= 1
    return doc[first : i + 1].text


def _description_after(doc: Doc, end: int) -> str | None:
    if end >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ in _DETERMINERS)
    last = first
    while last < len(doc) and last < first + APPOSITIVE_TITLE_WORDS and _is_description_word(doc[last]):
        last += 1
    if last == first or doc[last - 1].lower_ not in _ORGANIZATION_TYPES:
        return None
    return doc[first:last].text


def _title_head_end(doc: Doc, end: int, gaz: Gazetteer) -> int | None:
    """If a title term ends at token `end` (exclusive), return where it starts."""
    titles = gaz.terms("title")
    for width in (3, 2, 1):
        start = end - width
        if start >= 0 and " ".join(t.lower_ for t in doc[start:end]).replace(" '", "'") in titles:
            return start
        if start >= 0 and doc[start:end].text.lower() in titles:
            return start
    return None


def _left_title(doc: Doc, start: int, gaz: Gazetteer) -> str | None:
    head_start = _title_head_end(doc, start, gaz)
    if head_start is None or doc[start - 1].sent.start != doc[start].sent.start:
        return None
    i = head_start
    # Extend over the modifiers of the title: "Russian Foreign Ministry spokesperson", "former President".
    while i > 0 and i > head_start - 8:
        token = doc[i - 1]
        if token.is_sent_end or token.is_space:
            break
        if (
            token.lower_ in _TITLE_MODIFIERS
            or token.lower_ in gaz.terms("title")
            or ((token.is_title or token.is_upper) and token.is_alpha)
            or token.ent_iob_ != "O"  # "Taliban foreign ministry spokesman"
        ):
            i -= 1
            continue
        if token.text in ("'s", "’s", "."):
            i -= 1
            continue
        break
    while i < head_start and doc[i].lower_ in ("and", "'s", "’s", "."):
        i += 1
    return doc[i:start].text


def _appositive_title(doc: Doc, end: int, gaz: Gazetteer) -> str | None:
    """ "Amir Khan Muttaqi, the Taliban foreign minister" - the title follows a comma."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    first = end + 1
    if first < len(doc) and doc[first].lower_ in _DETERMINERS:
        first += 1
    best = None
    for j in range(first, min(first + APPOSITIVE_TITLE_WORDS, len(doc))):
        token = doc[j]
        if _title_head_end(doc, j + 1, gaz) is not None:
            best = j + 1  # keep scanning: "deputy" < "deputy spokesman"
            continue
        if best is not None and token.lower_ == "and":
            continue  # "the founder and chief executive of SpaceX": one title of two titles
        if best is not None and token.lower_ in _AFFILIATION_PREPOSITIONS:
            best = _affiliation_end(doc, j + 1, gaz) or best
            break
        if (
            best is not None
            or token.pos_ in ("VERB", "AUX", "ADP", "PRON", "SCONJ")
            or (token.is_punct and token.text not in ("'s", "’s"))
        ):
            break
    return doc[first:best].text if best is not None else None


def _affiliation_end(doc: Doc, start: int, gaz: Gazetteer) -> int | None:
    """Where the name after "a spokesman for" ends: titles, capitalised words and entity tokens
    ("President Muhammadu Buhari", "the Taliban"), with one entity token at least; None if none."""
    i = start + 1 if start < len(doc) and doc[start].lower_ == "the" else start
    named = False
    while i < len(doc) and i < start + APPOSITIVE_TITLE_WORDS:
        token = doc[i]
        if token.ent_iob_ != "O" and token.ent_type_ in ACTOR_LABELS:
            named = True
        elif not (token.lower_ in gaz.terms("title") or (token.is_title and token.is_alpha)):
            break
        i += 1
    return i if named else None


def _link_surnames(doc: Doc, drafts: list[_Draft], gaz: Gazetteer, sentence_of: list[int]) -> list[_Draft]:
    """A lone surname joins the full name mentioned earlier; also catches surnames the model missed."""
    surname_to_full: dict[str, _Draft] = {}
    other_names: dict[str, list[_Draft]] = {}  # a full name's other words -> the full names holding them
    covered = bytearray(len(doc))
    for draft in drafts:
        covered[draft.start : draft.end] = b"\x01" * (draft.end - draft.start)
    for draft in drafts:
        span = doc[draft.start : draft.end]
        if draft.label == "PERSON" and len(span) >= 2:
            surname_to_full.setdefault(span[-1].text, draft)
            for token in span[:-1]:
                other_names.setdefault(token.text, []).append(draft)
        elif (
            len(span) == 1
            and span.text in surname_to_full
            and (draft.actor_key is None or draft.alias_kind == "surname")
        ):
            _join_full_name(doc, draft, surname_to_full[span.text])
        elif len(span) == 1 and draft.label == "PERSON" and draft.actor_key is None:
            full = _one_person(other_names.get(span.text, ()), doc)
            if full is not None:
                _join_full_name(doc, draft, full)
    extra = []
    for token in doc:
        if covered[token.i] or token.text not in surname_to_full or not token.is_title:
            continue
        full = surname_to_full[token.text]
        if full.start < token.i:
            key = full.actor_key or slugify(doc[full.start : full.end].text)
            extra.append(_Draft(token.i, token.i + 1, "PERSON", key, "surname", sentence_of[token.i]))
    return sorted(drafts + extra, key=lambda d: d.start)


def _names_after_titles(doc: Doc, drafts: list[_Draft], gaz: Gazetteer, sentence_of: list[int]) -> list[_Draft]:
    """A full name the model missed right after a title ("UN Spokesperson Stephane Dujarric told"):
    two or more capitalised proper nouns in a row that no entity covers, after a title term in the
    same sentence, are a person (method "title"); one word alone may be anything."""
    covered = bytearray(len(doc))
    for draft in drafts:
        covered[draft.start : draft.end] = b"\x01" * (draft.end - draft.start)
    found = []
    i = 1
    while i < len(doc):
        end = i
        while end < len(doc) and not covered[end] and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        if end - i < 2 or doc[i].is_sent_start or _title_head_end(doc, i, gaz) is None:
            i += 1
            continue
        found.append(_Draft(i, end, "PERSON", None, "title", sentence_of[i]))
        i = end
    return found


def _join_full_name(doc: Doc, draft: _Draft, full: _Draft) -> None:
    draft.label = "PERSON"
    draft.actor_key = full.actor_key or slugify(doc[full.start : full.end].text)
    draft.method = "surname"


def _one_person(fulls, doc: Doc) -> _Draft | None:
    """The one person whose earlier full name holds a lone PERSON word not last in it: a family
    name written first ("Xi Jinping ... Xi urged"; "Zhu Congpeng ... Mr Zhu told"), the first of a
    double surname ("Álvaro Alemán Healy ... Alemán said"). Two people holding the word: none."""
    people = {full.actor_key or slugify(doc[full.start : full.end].text): full for full in fulls}
    return next(iter(people.values())) if len(people) == 1 else None


def _freeze(doc: Doc, draft: _Draft, gaz: Gazetteer) -> ActorMention:
    span = doc[draft.start : draft.end]
    key = draft.actor_key
    actor = gaz.actors.get(key) if key else None
    if actor is not None:
        canonical, actor_type = actor.canonical_name, actor.actor_type
    else:
        canonical, actor_type = span.text, infer_actor_type(draft.label, span.text, gaz)
        if actor_type != "location" and names_a_place(span, draft.label):
            actor_type = "location"
        key = key or slugify(span.text)
        if key in gaz.actors:  # a slug that happens to be a known key: trust the gazetteer record
            canonical, actor_type = gaz.actors[key].canonical_name, gaz.actors[key].actor_type
    return ActorMention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        actor_key=key,
        canonical_name=canonical,
        actor_type=actor_type,
        label=draft.label,
        method=draft.method,
        title=draft.title,
        sentence_index=draft.sentence_index,
    )


def names_a_place(span: Span, label: str) -> bool:
    """A name NER took for a person or body that is a place: one a place designator follows ("Jaji
    district", "Paktiya province": newswh/places/resources/place_rules.yaml), or a body's name that
    the place gazetteer knows and that modifies a public role noun ("Slidell police", "Omsk hospital
    officials"; not "Time magazine"), where a place stands for where the actor is, not for the actor."""
    from newswh.places import load_gazetteer as load_places
    from newswh.places.mentions import load_rules

    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is None:
        return False
    if after.lower_ in load_rules().designators:
        return True
    modifies_noun = after.pos_ == "NOUN" and any(t.dep_ == "compound" and t.head.i >= after.i for t in span)
    return label == "ORG" and modifies_noun and _public_role(after.lower_) and bool(load_places().lookup(span.text))


# A paper's or a firm's own name may be a place's ("Time magazine"): only a public role noun after
# the name makes it the place where that role is ("Slidell police", "Omsk hospital officials").
_OWN_NAME_SECTORS = frozenset(("MED", "BUS"))


def _public_role(noun: str) -> bool:
    from newswh.actors.coding import load_coding_rules

    sector = load_coding_rules().sectors.get(noun)
    return bool(sector) and sector not in _OWN_NAME_SECTORS


def infer_actor_type(label: str, text: str, gaz: Gazetteer) -> str:
    """Actor type of a name the seed does not know, from its NER label."""
    if label == "PERSON":
        return "person"
    if label in ("GPE", "LOC", "FAC"):
        return "location"
    lowered = text.lower()
    for keyword, code in gaz.cameo_type_keywords:
        if keyword in lowered:
            return {
                "GOV": "government",
                "MED": "media",
                "JUD": "government",
                "LEG": "government",
                "MIL": "government",
            }.get(code, "organization")
    return "organization"


def _collective_mentions(
    doc: Doc, mentions: list[ActorMention], gaz: Gazetteer, sentence_of: list[int]
) -> list[ActorMention]:
    """ "the group"/"the movement" resolve only if one organization is in reach, never by guess."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for term in gaz.terms("collective"):
        words = tuple(term.split())
        phrases.setdefault(words[0], []).append(words)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for token in doc:
        for words in sorted(phrases.get(token.lower_, ()), key=len, reverse=True):
            end = token.i + len(words)
            if end > len(doc) or tuple(t.lower_ for t in doc[token.i : end]) != words:
                continue
            after = doc[end] if end < len(doc) else None
            # "the group of seven", "the group Hamas" name something else.
            if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN"):
                break
            span = doc[token.i : end]
            if span.start_char in taken:
                break
            found.append(_resolve_collective(span, mentions, sentence_of[token.i]))
            break
    return found


def _resolve_collective(span: Span, mentions: list[ActorMention], sentence: int) -> ActorMention:
    candidates = {
        m.actor_key
        for m in mentions
        if m.end <= span.start_char
        and m.sentence_index is not None
        and sentence - _COLLECTIVE_WINDOW <= m.sentence_index <= sentence
        and m.actor_type in _COLLECTIVE_TARGET_TYPES
        and m.actor_key is not None
    }
    if len(candidates) == 1:
        key = next(iter(candidates))
        source = next(m for m in reversed(mentions) if m.actor_key == key)
        return ActorMention(
            span.start_char,
            span.end_char,
            span.text,
            key,
            source.canonical_name,
            source.actor_type,
            "ORG",
            "collective",
            None,
            sentence,
        )
    return ActorMention(
        span.start_char, span.end_char, span.text, None, None, None, "ORG", "collective_unresolved", None, sentence
    )

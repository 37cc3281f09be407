"""The agent an article establishes for an agentless passive ("two insurgents were detained").

PETRARCH codes no event whose clause names no agent. A press release names it once, in its lead
("An Afghan and coalition security force detained ..."), and tells the rest of the operation in
agentless passives ("Multiple insurgents were detained during the operation"). Such a passive takes
the source of an earlier asserted event of the article through one of two discourse links, written
with examples in `resources/implicit_agent.yaml`:

* `operation`: the passive is placed in an operation ("during the operation"): the agent is the
  source of the article's first asserted operation event (material conflict) with a coded source;
* `air_strike`: the passive is placed in an air strike, named before or not ("killed in an
  airstrike"): the same agent, only when it is a state or coalition force (`air_force_sectors`);
* an agentless accusation (`accusation_codes`: "The arrested leader is suspected of planning
  attacks") takes the force of the article's operation, which detained and accuses him; never
  the same_root link (an earlier accusation's source accuses nobody else);
* an active event whose subject is the operation itself ("The airstrike killed two insurgents")
  is an `operation` candidate too: an operation does not act, its force does;
* `same_root`: the nearest earlier asserted event of the same paragraph with the same three-digit
  CAMEO code, else of the article when all its earlier such events have one agent code (tried for
  every candidate, after the operation link);
* `article_force`, tried last: a passive of an operation act ("two suspected insurgents were
  detained") with neither link takes the article's one operating force, when all its earlier
  operation events have one coded source; a harm only of a coded adversary;
* `reported_by`, tried after `confirmed_by`: an agentless arrest or seizure a force or a court
  reports ("A man was arrested on Tuesday, police said") takes the reporter's source; never a harm;
* `confirmed_by`, tried first: an agentless passive or an agentless event noun that a force
  confirms ("Coalition forces confirmed three insurgents were killed", "Police confirmed the
  arrest of a man") takes the confirming force's source: a force reports its own operation. Only
  a force confirms so (`confirmer_sectors`), and a killing or an attack only of a coded adversary
  (`confirmed_harm_sectors`): "the army confirmed two people were killed" names no killer.

Only material acts are candidates (`candidate_roots`): a passive of words ("is said to", "were
urged to", "was revealed") names no act its article's agent did.

Extraction marks the candidates (`agentless_link`: the parse is needed to see the operation phrase;
a passive whose subject names nobody, "No civilians were harmed", is negated, newswh.events.modality); coding links them once every source has its code (`link_implicit_agents`).
A candidate with no link keeps no source and stays uncoded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.modality import negated_subject
from newswh.records import ActorMention, EventMention

RULES_FILE = Path(__file__).resolve().parent / "resources" / "implicit_agent.yaml"
BASIS = "implicit_agent"
OPERATION_FORCE = "operation_force"  # the source basis of a passive whose operation phrase names its force
OPERATION, SAME_ROOT, AIR_STRIKE = "operation", "same_root", "air_strike"
CONFIRMED_BY = "confirmed_by"  # extra key: the char offset of the verb that confirms an agentless act


@lru_cache(maxsize=2)
def implicit_agent_rules(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))


def _coordinated(token: Token) -> list[Token]:
    """The verb and the verbs coordinated with it, which share its adjuncts ("were seized and ...
    were detained during the operation")."""
    head = token
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    verbs, stack = [], [head]
    while stack:
        verb = stack.pop()
        verbs.append(verb)
        stack.extend(c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return verbs


def _the_operation(noun: Token, rules: dict) -> bool:
    """An operation noun the text has already introduced: 'the operation', 'this raid'."""
    if noun.pos_ != "NOUN" or noun.lower_ not in rules["operation_nouns"]:
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in rules["definite_determiners"] for c in noun.children)


def _an_air_strike(noun: Token, rules: dict) -> bool:
    """ "killed in an airstrike", "in a precision air strike": a strike from the air, named or not."""
    compounds = [t.lower_ for t in noun.lefts if t.dep_ == "compound"]
    return noun.pos_ == "NOUN" and " ".join([*compounds[-1:], noun.lower_]) in rules["air_strike_nouns"]


def _operation_phrases(token: Token, rules: dict) -> list[Token]:
    """The words of the trigger's (and its coordinated verbs') phrases of `operation_preps`."""
    preps = [
        c for v in _coordinated(token) for c in v.children if c.dep_ == "prep" and c.lower_ in rules["operation_preps"]
    ]
    return [t for p in preps for t in p.subtree]


def _operation_subject(token: Token, rules: dict) -> bool:
    """ "The airstrike killed two insurgents", "The operation seized a cache": the operation acts."""
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    return subject is not None and _the_operation(subject, rules)


def agentless_link(
    token: Token, voice: str | None, has_source: bool, rules: dict | None = None, has_actor: bool | None = None
) -> str | None:
    """For a passive trigger with no source: `operation`, `air_strike` or `same_root` (the link coding
    may find); for an active one whose subject is the operation itself and names no actor
    (`has_actor`, default `has_source`): `operation`. None when it is no candidate (a source found, a
    negated subject)."""
    rules = rules or implicit_agent_rules()
    if voice == "active" and not (has_source if has_actor is None else has_actor) and _operation_subject(token, rules):
        return OPERATION
    if voice != "passive" or has_source or negated_subject(token):
        return None
    if token.dep_ == "acl" and token.lemma_.lower() in rules["unlinked_reduced_relatives"]:
        return None  # "people accused of crimes": a description of whom it names, the accuser unnamed
    phrase = _operation_phrases(token, rules)
    if any(_the_operation(t, rules) for t in phrase):
        return OPERATION
    return AIR_STRIKE if any(_an_air_strike(t, rules) for t in phrase) else SAME_ROOT


def confirming_verb(token: Token, voice: str | None, has_source: bool, rules: dict | None = None) -> int | None:
    """The char offset of the verb of `confirm_verbs` whose complement the agentless act is: a passive
    clause ("confirmed [that] three insurgents were killed") or an event noun object ("confirmed the
    arrest of a Taliban leader"); None otherwise."""
    rules = rules or implicit_agent_rules()
    head = token.head
    if has_source or head is token or head.pos_ != "VERB" or head.lemma_.lower() not in rules["confirm_verbs"]:
        return None
    if (voice == "passive" and token.dep_ == "ccomp") or (voice == "nominal" and token.dep_ == "dobj"):
        return head.idx
    return None


def operation_force(
    token: Token, at: Callable[[Token], ActorMention | None], rules: dict | None = None
) -> ActorMention | None:
    """ "was detained during an Afghan and coalition operation", "killed in a raid by Afghan
    commandos": the operation phrase of an agentless passive names the operation's force (the text
    gives it: no link needed). Only the words before the operation noun and its by-phrase count, and
    never a place ("the Kandahar operation" names where, not who)."""
    rules = rules or implicit_agent_rules()
    for noun in _force_phrase_nouns(token, rules):
        by = [c for p in noun.children if p.dep_ == "prep" and p.lower_ == "by" for c in p.subtree]
        for word in [t for left in noun.lefts for t in left.subtree] + by:
            mention = at(word)
            if mention is not None and mention.actor_type != "location":
                return mention
    return None


def _phrase_nouns(token: Token, preps: list[str], nouns: list[str]) -> list[Token]:
    """The nouns of `nouns` heading a phrase of `preps` on the trigger or a verb coordinated with it."""
    found = [c for v in _coordinated(token) for c in v.children if c.dep_ == "prep" and c.lower_ in preps]
    return [c for p in found for c in p.children if c.dep_ == "pobj" and c.lower_ in nouns]


def _force_phrase_nouns(token: Token, rules: dict) -> list[Token]:
    """The operation nouns of the trigger's operation phrases; for an arrest or a charge
    (`investigation_act_lemmas`) also the investigation that led to it ("was arrested following an
    18-month investigation by Slidell Police Department's Financial Crimes Division")."""
    found = _phrase_nouns(token, rules["operation_preps"], rules["operation_nouns"])
    if token.lemma_.lower() in rules["investigation_act_lemmas"]:
        found += _phrase_nouns(token, rules["investigation_preps"], rules["investigation_nouns"])
    return found


def force_allowed(event: EventMention, source_code: str | None, target_code: str | None) -> bool:
    """An operation force named in the text is the agent unless the patient is one the operation's
    force protects (civilians hurt or killed, a state force: yaml's 'Never linked')."""
    return not source_code or _patient_allows(event, target_code, source_code, implicit_agent_rules())


def _is_candidate(event: EventMention, rules: dict) -> bool:
    """A marked passive that asserts a material act ('were detained'), not words ('is said to')."""
    return (
        (event.extra.get(BASIS) is not None or event.extra.get(CONFIRMED_BY) is not None)
        and event.modality == "asserted"
        and not event.extra.get("not_event_reason")
        and (_root(event) in rules["candidate_roots"] or _family(event) in rules["accusation_codes"])
    )


def _root(event: EventMention) -> str:
    return event.event_root_code or event.event_code[:2]


def _family(event: EventMention) -> str:
    """The three-digit CAMEO code: an arrest (173) and a sentence (172) share a root, not an agent."""
    return event.event_code[:3]


def _antecedent_ok(event: EventMention, code: str | None) -> bool:
    """An event that can lend its agent: asserted news of an event with its own coded source."""
    has_source = event.source_actor_key is not None or event.source_text is not None
    return bool(code) and has_source and event.modality == "asserted" and not event.extra.get("not_event_reason")


def _operation_agent(candidates: list[int], events: Sequence[EventMention], rules: dict) -> int | None:
    """The article's first operation event (material conflict) among the coded antecedents."""
    roots = set(rules["operation_roots"])
    return next((j for j in candidates if _root(events[j]) in roots), None)


def _same_root_agent(
    i: int,
    candidates: list[int],
    events: Sequence[EventMention],
    codes: Sequence[str | None],
    paragraph_of: Callable[[int], int],
) -> int | None:
    """The nearest earlier event of the candidate's CAMEO code (three digits) in its paragraph; before
    the paragraph, only when every earlier such event has one agent code (the article's one arresting
    force)."""
    same = [j for j in candidates if _family(events[j]) == _family(events[i])]
    paragraph = paragraph_of(events[i].trigger_start)
    in_paragraph = [j for j in same if paragraph_of(events[j].trigger_start) == paragraph]
    if in_paragraph:
        return in_paragraph[-1]
    return same[-1] if len({codes[j] for j in same}) == 1 else None


def _article_force_agent(
    i: int,
    candidates: list[int],
    events: Sequence[EventMention],
    codes: Sequence[str | None],
    target_code: str | None,
    rules: dict,
) -> int | None:
    """The article's one operating force: the last operation event of an earlier sentence, when every
    such event has that one source code of a force sector (yaml's article_force); a harm only of a
    coded adversary."""
    root = _root(events[i])
    if root not in rules["article_force_roots"]:
        return None
    if root in rules["article_force_harm_roots"] and (target_code or "")[3:6] not in rules["confirmed_harm_sectors"]:
        return None  # "two people were killed": the text names no killer
    roots = set(rules["operation_roots"])
    # Only earlier sentences: "Police raided a compound and five suspects were arrested" may be anyone's arrest.
    operations = [
        j for j in candidates if _root(events[j]) in roots and events[j].sentence_index < events[i].sentence_index
    ]
    if not operations or len({codes[j] for j in operations}) != 1:
        return None
    return operations[-1] if codes[operations[-1]][3:6] in rules["article_force_sectors"] else None


def _patient_allows(event: EventMention, target_code: str | None, agent_code: str, rules: dict) -> bool:
    """A state force, civilians hurt or killed, or the agent itself as the patient: no link (yaml's 'Never linked')."""
    if not target_code:
        return True
    sector = target_code[3:6]
    if sector == rules["civilian_sector"] and _root(event) in rules["unlinked_civilian_roots"]:
        return False
    return target_code != agent_code and sector not in rules["unlinked_target_sectors"]


def _confirmer_agent(
    i: int, events: Sequence[EventMention], codes: Sequence[str | None], target_code: str | None, rules: dict
) -> int | None:
    """The confirming event of a candidate a force confirms (`confirmed_by`), when its patient allows it."""
    start = events[i].extra.get(CONFIRMED_BY)
    j = next((k for k, e in enumerate(events) if start is not None and e.trigger_start == start), None)
    if j is None or not _antecedent_ok(events[j], codes[j]) or codes[j][3:6] not in rules["confirmer_sectors"]:
        return None
    harmed = _root(events[i]) in rules["confirmed_harm_roots"]
    if harmed and (target_code or "")[3:6] not in rules["confirmed_harm_sectors"]:
        return None  # "the army confirmed two people were killed": the text names no killer
    return j if _patient_allows(events[i], target_code, codes[j], rules) else None


def _reporter_agent(
    i: int, events: Sequence[EventMention], codes: Sequence[str | None], target_code: str | None, rules: dict
) -> int | None:
    """ "A man was arrested on Tuesday, police said": the reporting event (`reported_by`, after the
    act) of an agentless arrest or seizure (`reported_own_acts`) when its source is a force or a court
    (`reporter_sectors`): a force reports its own operation. Never a harm: "two people were killed,
    police said" names no killer."""
    start = events[i].extra.get("reported_by")
    if start is None or not events[i].event_code.startswith(tuple(rules["reported_own_acts"])):
        return None
    if start < events[i].trigger_start:
        return None  # "Police in Lagos said a man was arrested in Abuja": they relay news, not their release
    j = next((k for k, e in enumerate(events) if e.trigger_start == start), None)
    if j is None or not _antecedent_ok(events[j], codes[j]) or codes[j][3:6] not in rules["reporter_sectors"]:
        return None
    return j if _patient_allows(events[i], target_code, codes[j], rules) else None


def _discourse_agent(
    i: int,
    earlier: list[int],
    events: Sequence[EventMention],
    source_codes: Sequence[str | None],
    target_code: str | None,
    paragraph_of: Callable[[int], int],
    rules: dict,
) -> int | None:
    """The antecedent a marked candidate takes by its link (operation, air strike, same root)."""
    link = events[i].extra[BASIS]
    if _family(events[i]) in rules["accusation_codes"]:
        # "The arrested leader is suspected of ...": the force that arrested him accuses him.
        found = _operation_agent(earlier, events, rules)
    else:
        found = _operation_agent(earlier, events, rules) if link in (OPERATION, AIR_STRIKE) else None
        if link == AIR_STRIKE and found is not None and source_codes[found][3:6] not in rules["air_force_sectors"]:
            found = None  # Boko Haram's video claims girls were killed in airstrikes: not Boko Haram's
        if found is None:
            found = _same_root_agent(i, earlier, events, source_codes, paragraph_of)
        if found is None and link == SAME_ROOT:
            found = _article_force_agent(i, earlier, events, source_codes, target_code, rules)
    return found if found is not None and _patient_allows(events[i], target_code, source_codes[found], rules) else None


def link_implicit_agents(
    events: Sequence[EventMention],
    source_codes: Sequence[str | None],
    target_codes: Sequence[str | None],
    paragraph_of: Callable[[int], int],
    rules: dict | None = None,
) -> dict[int, int]:
    """Candidate index -> the index of the event whose source it takes (by the links above)."""
    rules = rules or implicit_agent_rules()
    order = sorted(range(len(events)), key=lambda k: events[k].trigger_start)
    links: dict[int, int] = {}
    for position, i in enumerate(order):
        if not _is_candidate(events[i], rules):
            continue
        found = _confirmer_agent(i, events, source_codes, target_codes[i], rules)
        if found is None:
            found = _reporter_agent(i, events, source_codes, target_codes[i], rules)
        if found is None and events[i].extra.get(BASIS) is not None:
            earlier = [j for j in order[:position] if _antecedent_ok(events[j], source_codes[j])]
            found = _discourse_agent(i, earlier, events, source_codes, target_codes[i], paragraph_of, rules)
        if found is not None:
            links[i] = found
    return links

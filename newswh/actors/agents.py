"""Generic agents ("police", "insurgents", "coalition forces") as coded actor mentions.

The phrases come from the Phoenix agents dictionary (`seeds/reference/phoenix/phoenix_agents.csv`)
plus the project's `actor_agents.csv`, which wins on the same phrase. An agent takes a country
prefix from a state name or demonym right before it ("Afghan police" -> AFGCOP), also across
"and" ("Afghan and coalition forces" -> AFGMIL and IGOMIL), or from a curated prefix word
("coalition" -> IGO), also across bridge words ("an Afghan-led combined security force" -> AFGMIL;
`actor_agents.csv` kind `bridge`). Without one, it takes the article's country when the article names
exactly one state; otherwise it stays unattributed (REB, COP ...). An agent right after a
non-state actor name ("a Taliban leader") is that actor's mention, not a generic one.

The agent actor's key is `<prefix>_<sector>` (`afg_cop`, `coalition_mil`, `agent_reb`), from
which `agent_record` rebuilds its record.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from newswh.actors.gazetteer import PHOENIX_DIR, ActorRecord, Gazetteer
from newswh.config import reference_dir as default_reference_dir
from newswh.records import ActorMention

AGENT_SPANS_KEY = "newswh_agents"
AGENT_METHOD = "agent"
AGENT_SOURCE = "agent"
UNATTRIBUTED = "agent"
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
_JOINERS = frozenset({"and", ",", "&"})
# Sectors coded as agents for now: armed and security actors, what violent events need. Phoenix's
# other sectors ("government", "officials", "journalists") would re-attribute the statements of
# named states and people in ordinary diplomatic news and are left for a later, measured step.
CODED_SECTORS = frozenset({"MIL", "COP", "REB", "UAF", "INS", "SEP", "SPY"})


@dataclass(frozen=True)
class AgentLexicon:
    phrases: dict[str, str]  # lower-case phrase -> sector code (COP, MIL, REB, ...)
    prefixed_only: frozenset[str]  # phrases coded only with a prefix ("forces")
    prefixes: dict[str, tuple[str, str, str]]  # word -> (key, CAMEO prefix, display name)
    sector_labels: dict[str, str]  # CAMEO type code -> label
    bridges: frozenset[str] = frozenset()  # words between a prefix and its agent ("Afghan-led combined force")


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@lru_cache(maxsize=4)
def load_agent_lexicon(reference_dir: str | None = None) -> AgentLexicon:
    ref = Path(reference_dir) if reference_dir else default_reference_dir()
    phrases = {
        r["phrase"]: r["sector"]
        for r in _rows(ref / PHOENIX_DIR / "phoenix_agents.csv")
        if r["sector"][:3] in CODED_SECTORS
    }
    prefixed_only: set[str] = set()
    prefixes: dict[str, tuple[str, str, str]] = {}
    bridges: set[str] = set()
    for row in _rows(ref / "actor_agents.csv"):
        if row["kind"] == "prefix":
            prefixes[row["phrase"].lower()] = (row["actor_key"], row["code"], row["label"])
            continue
        if row["kind"] == "bridge":
            bridges.add(row["phrase"].lower())
            continue
        phrases[row["phrase"].lower()] = row["code"]
        if row["kind"] == "agent_prefixed":
            prefixed_only.add(row["phrase"].lower())
    labels = {r["cameo_code"]: r["label"] for r in _rows(ref / "cameo_actor_types.csv")}
    return AgentLexicon(phrases, frozenset(prefixed_only), prefixes, labels, frozenset(bridges))


@dataclass(frozen=True)
class _Prefix:
    key: str
    code: str
    name: str
    start: int  # first token of the prefix


def agent_mentions(
    doc: Doc, mentions: list[ActorMention], gaz: Gazetteer, lexicon: AgentLexicon, sentence_of: list[int]
) -> tuple[list[ActorMention], set[int]]:
    """Agent mentions of one Doc, and the indices of `mentions` they absorb (their prefixes)."""
    spans = doc.spans.get(AGENT_SPANS_KEY, [])
    by_token = _mention_by_token(doc, mentions)
    default = _article_country(mentions, gaz)
    found: list[ActorMention] = []
    absorbed: set[int] = set()
    for span in spans:
        if any(i in by_token for i in range(span.start, span.end)) or _is_modifier(span):
            continue
        before = by_token.get(span.start - 1)
        if before is not None and not _is_state(mentions[before], gaz):
            continue  # "a Taliban leader": the named actor is the mention
        prefix = _prefix_at(doc, _bridged_start(doc, span.start, lexicon), mentions, by_token, gaz, lexicon)
        phrase = span.text.lower()
        if prefix is None and phrase in lexicon.prefixed_only:
            continue
        sector = lexicon.phrases.get(phrase) or span.label_
        chain = [prefix] if prefix else []
        while chain and (extra := _joined_prefix(doc, chain[-1].start, mentions, by_token, gaz, lexicon)):
            chain.append(extra)
        for number, item in enumerate(chain or [None]):
            start = item.start if item else span.start
            end = span.end if number == 0 else _prefix_end(doc, item)
            found.append(_mention(doc[start:end], item or default, sector, lexicon, sentence_of[start]))
            if item is not None:
                absorbed |= {by_token[i] for i in range(item.start, end) if i in by_token}
    return found, absorbed


def _bridged_start(doc: Doc, start: int, lex: AgentLexicon) -> int:
    """Where a prefix may end before the agent at token `start`: past the bridge words between them
    ("Afghan-led combined security force": "-", "led", "combined")."""
    while start > 0 and doc[start - 1].lower_ in lex.bridges:
        start -= 1
    return start


def _is_modifier(span: Span) -> bool:
    """ "a "terrorist" organization", "deputy spokesman", "police station": the agent word
    modifies a noun after it and names no actor itself."""
    last = span[-1]
    return last.dep_ in ("amod", "compound", "nmod") and last.head.i >= span.end


def _prefix_end(doc: Doc, prefix: _Prefix) -> int:
    end = prefix.start + 1
    while end < len(doc) and doc[end].lower_ not in _JOINERS and doc[end].ent_iob_ == "I":
        end += 1
    return end


def _mention_by_token(doc: Doc, mentions: list[ActorMention]) -> dict[int, int]:
    index: dict[int, int] = {}
    for number, mention in enumerate(mentions):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                index.setdefault(i, number)
    return index


def _is_state(mention: ActorMention, gaz: Gazetteer) -> bool:
    actor = gaz.actors.get(mention.actor_key or "")
    return actor is not None and actor.actor_type == "state" and bool(actor.cameo_code)


def _state_prefix(mention: ActorMention, start: int, gaz: Gazetteer) -> _Prefix:
    actor = gaz.actors[mention.actor_key or ""]
    return _Prefix(actor.actor_key, actor.cameo_code or "", actor.canonical_name, start)


def _prefix_at(
    doc: Doc, start: int, mentions: list[ActorMention], by_token: dict[int, int], gaz: Gazetteer, lex: AgentLexicon
) -> _Prefix | None:
    """The state or curated prefix word ending right before token `start`."""
    if start == 0:
        return None
    word = doc[start - 1].lower_
    if word in lex.prefixes:
        key, code, name = lex.prefixes[word]
        return _Prefix(key, code, name, start - 1)
    index = by_token.get(start - 1)
    if index is None or not _is_state(mentions[index], gaz):
        return None
    first = start - 1
    while first > 0 and by_token.get(first - 1) == index:
        first -= 1
    return _state_prefix(mentions[index], first, gaz)


def _joined_prefix(
    doc: Doc, start: int, mentions: list[ActorMention], by_token: dict[int, int], gaz: Gazetteer, lex: AgentLexicon
) -> _Prefix | None:
    """ "Afghan and coalition forces": the prefix before "and" gets the same agent."""
    if start < 2 or doc[start - 1].lower_ not in _JOINERS:
        return None
    return _prefix_at(doc, start - 1, mentions, by_token, gaz, lex)


def _article_country(mentions: list[ActorMention], gaz: Gazetteer) -> _Prefix | None:
    states = {m.actor_key for m in mentions if _is_state(m, gaz)}
    if len(states) != 1:
        return None
    actor = gaz.actors[next(iter(states))]
    return _Prefix(actor.actor_key, actor.cameo_code or "", actor.canonical_name, -1)


def agent_key(prefix_key: str | None, sector: str) -> str:
    return f"{prefix_key or UNATTRIBUTED}_{sector.lower()}"


def _mention(span: Span, prefix: _Prefix | None, sector: str, lex: AgentLexicon, sentence: int) -> ActorMention:
    key = agent_key(prefix.key if prefix else None, sector)
    return ActorMention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        actor_key=key,
        canonical_name=_canonical(prefix.name if prefix else None, sector, lex),
        actor_type=_type_of(prefix.code if prefix else "", sector),
        label="ORG",
        method=AGENT_METHOD,
        sentence_index=sentence,
    )


def _canonical(prefix_name: str | None, sector: str, lex: AgentLexicon) -> str:
    label = lex.sector_labels.get(sector[:3], sector)
    return f"{prefix_name}: {label}" if prefix_name else f"{label} (unattributed)"


def _type_of(prefix_code: str, sector: str) -> str:
    if prefix_code.startswith("IGO"):
        return "igo"
    if prefix_code and sector[:3] in _STATE_SECTORS:
        return "government"
    return "organization"


def agent_record(key: str, gaz: Gazetteer, lex: AgentLexicon) -> ActorRecord | None:
    """The actor behind an agent key (`afg_cop` -> Afghanistan: Police forces, AFGCOP)."""
    prefix_key, _, sector = key.rpartition("_")
    sector = sector.upper()
    if not prefix_key or not sector.isalpha():
        return None
    if prefix_key == UNATTRIBUTED:
        return ActorRecord(key, _canonical(None, sector, lex), "organization", None, sector, None, AGENT_SOURCE)
    curated = next((p for p in lex.prefixes.values() if p[0] == prefix_key), None)
    state = gaz.actors.get(prefix_key)
    if curated is not None:
        code, name, country = curated[1], curated[2], None
    elif state is not None and state.actor_type == "state":
        code, name, country = state.cameo_code or "", state.canonical_name, state.country_code
    else:
        return None
    actor_type = _type_of(code, sector)
    return ActorRecord(key, _canonical(name, sector, lex), actor_type, country, code + sector, None, AGENT_SOURCE)

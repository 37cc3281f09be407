"""Test support for the event/quote passes: stand-in actor mentions from spaCy entities.

The real mentions come from newswh.actors; the event tests must not depend on its
progress, so they resolve entities (and a few titled nouns) through a small alias table.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from newswh.events import code_family, extract_events
from newswh.records import ActorMention

ALIASES: dict[str, tuple[str, str]] = {
    # surface (lower-case) -> (actor_key, actor_type)
    "russia": ("RUS", "state"),
    "moscow": ("RUS", "state"),
    "russian government": ("RUS", "government"),
    "kremlin": ("RUS", "government"),
    "russian foreign ministry": ("RUS_MFA", "government"),
    "russia's foreign ministry": ("RUS_MFA", "government"),
    "foreign ministry": ("RUS_MFA", "government"),
    "russia’s foreign ministry": ("RUS_MFA", "government"),
    "supreme court": ("RUS_SUPREME_COURT", "government"),
    "lavrov": ("LAVROV", "person"),
    "sergey lavrov": ("LAVROV", "person"),
    "sergei lavrov": ("LAVROV", "person"),
    "zakharova": ("ZAKHAROVA", "person"),
    "maria zakharova": ("ZAKHAROVA", "person"),
    "putin": ("PUTIN", "person"),
    "vladimir putin": ("PUTIN", "person"),
    "zamir kabulov": ("KABULOV", "person"),
    "kabulov": ("KABULOV", "person"),
    "taliban": ("TAL", "organization"),
    "the taliban": ("TAL", "organization"),
    "islamic emirate": ("TAL", "government"),
    "islamic emirate of afghanistan": ("TAL", "government"),
    "taliban government": ("TAL", "government"),
    "the group": ("TAL", "organization"),
    "afghanistan": ("AFG", "state"),
    "kabul": ("AFG", "state"),
    "united states": ("USA", "state"),
    "u.s.": ("USA", "state"),
    "washington": ("USA", "state"),
    "us": ("USA", "state"),
    "state department": ("USA_STATE_DEPT", "government"),
    "china": ("CHN", "state"),
    "pakistan": ("PAK", "state"),
    "iran": ("IRN", "state"),
    "turkmenistan": ("TKM", "state"),
    "qatar": ("QAT", "state"),
    "tajikistan": ("TJK", "state"),
    "un": ("UN", "igo"),
    "u.n.": ("UN", "igo"),
    "united nations": ("UN", "igo"),
    "un security council": ("UNSC", "igo"),
    "united nations security council": ("UNSC", "igo"),
    "mujahid": ("MUJAHID", "person"),
    "zabihullah mujahid": ("MUJAHID", "person"),
    "neumann": ("NEUMANN", "person"),
    "ronald neumann": ("NEUMANN", "person"),
    "shaheen": ("SHAHEEN", "person"),
    "suhail shaheen": ("SHAHEEN", "person"),
    "gharwal": ("GHARWAL", "person"),
    "jamal nasir gharwal": ("GHARWAL", "person"),
    "muttaqi": ("MUTTAQI", "person"),
    "amir khan muttaqi": ("MUTTAQI", "person"),
    "balkhi": ("BALKHI", "person"),
    "abdul qahar balkhi": ("BALKHI", "person"),
    "samangani": ("SAMANGANI", "person"),
    "inammullah samangani": ("SAMANGANI", "person"),
    "dmitry zhirnov": ("ZHIRNOV", "person"),
    "zhirnov": ("ZHIRNOV", "person"),
    "voa": ("VOA", "media"),
    "tass": ("TASS", "media"),
    "aghbar": ("AGHBAR", "person"),
    "mohammad zahir aghbar": ("AGHBAR", "person"),
    "wang yi": ("WANG_YI", "person"),
}
_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for a in ALIASES), key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return re.sub(r"^the\s+", "", text.replace("’", "'").lower()).strip()


def stand_in_mentions(doc: Doc) -> list[ActorMention]:
    """Longest-alias matches over the text; PERSON entities outside the table stay unresolved."""
    mentions: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    for match in _PATTERN.finditer(doc.text.replace("’", "'")):
        raw = match.group(1).lower()
        alias = raw if raw in ALIASES else _norm(raw)
        if alias not in ALIASES:
            continue
        if alias in ("us",) and match.group(1) != "US":
            continue
        key, actor_type = ALIASES[alias]
        start, end = match.span(1)
        taken.append((start, end))
        mentions.append(
            ActorMention(
                start,
                end,
                doc.text[start:end],
                key,
                key,
                actor_type,
                "PERSON" if actor_type == "person" else "ORG",
                "stand_in",
            )
        )
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(s < ent.end_char and ent.start_char < e for s, e in taken):
            mentions.append(ActorMention(ent.start_char, ent.end_char, ent.text, None, None, "person", "PERSON", "ner"))
    return sorted(mentions, key=lambda m: m.start)


def events_of(nlp, text, timexes=()):
    doc = nlp(text)
    return extract_events(doc, stand_in_mentions(doc), list(timexes))


def find(events, family):
    return [e for e in events if code_family(e.event_code) == family or e.event_code.startswith(family)]


def one(nlp, sentence, family):
    hits = find(events_of(nlp, sentence), family)
    assert hits, f"no {family} event in {sentence!r}"
    return hits[0]


def extracted_rows(nlp, text: str) -> list[dict]:
    """The event mention rows `make run` extracts from the text (real actor mentions and codes), in text order."""
    from newswh.extract import ArticleInput, extract_doc

    rows = extract_doc(ArticleInput("a1", text, "hash"), nlp(text)).rows["event_mentions"]
    return sorted(rows, key=lambda r: r["trigger_start"])


def row_at(rows: list[dict], trigger: str) -> dict:
    """The first row of that trigger word."""
    return next(r for r in rows if r["trigger_text"] == trigger)

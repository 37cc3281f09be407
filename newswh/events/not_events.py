"""Sentences that are not news of an event, and statements that are not events.

An event mention found in such a sentence is kept (nothing silently dropped) with a reason, so
the warehouse founds no event on it (`unconsolidated_reason`). In order of precedence:

* caption          a photo caption or credit line merged into the body ("(Photo: ...)");
* quoted_document  the text of a bill, law or draft ("the bill says people visiting ...");
* discard_story    the article names a PETRARCH story-level discard ("+Champions League");
* discard_sentence the sentence names a PETRARCH sentence-level discard ("film festival");
* outlet_report    a mention (a statement or any other act) resolved to a news outlet that its own
                   subject does not name ("they said" after "a report from ABC", "NDTV reported
                   officials stated"): the outlet carries the words, someone else spoke or acted;
* bystander        a statement by a speaker with no institutional role (a fifth-grader), or by an
                   unnamed person or group no actor was resolved for ("one man said"): a quote.

PETRARCH's discards (`Phoenix.discards.txt`, MIT) are derived to
`resources/petrarch2/phoenix_discards.csv` by `python -m newswh.events.not_events SOURCE`: one
phrase per row, `story` for lines marked `+`, `sentence` otherwise. As in PETRARCH, a phrase
matches whole words, case-insensitively; a trailing `_` (an exact-word marker) is dropped.
`resources/discards_supplement.csv` adds the project's own phrases in the same form. The other
rules are in `resources/speakers.yaml`.
"""

from __future__ import annotations

import csv
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from newswh.events.lexicon import load_speech_verbs
from newswh.events.speakers import is_institutional, is_unnamed_speaker, named_as_outlet, speaker_rules
from newswh.events.syntax import subject_token
from newswh.nlp import doc_text
from newswh.records import ActorMention

DISCARDS_FILE = Path(__file__).resolve().parent / "resources" / "petrarch2" / "phoenix_discards.csv"
# The project's additions (American football, which PETRARCH's sports list lacks), with a note each.
SUPPLEMENT_FILE = Path(__file__).resolve().parent / "resources" / "discards_supplement.csv"
STORY, SENTENCE = "story", "sentence"


def parse_discards(lines: list[str]) -> list[tuple[str, str]]:
    """(phrase, level) rows of a PETRARCH discards file: `+` marks a story-level discard."""
    rows: list[tuple[str, str]] = []
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        level = STORY if text.startswith("+") else SENTENCE
        phrase = " ".join(text.lstrip("+").replace("_", " ").split()).lower()
        if phrase and (phrase, level) not in rows:
            rows.append((phrase, level))
    return rows


@dataclass(frozen=True)
class Discards:
    story: re.Pattern[str] | None
    sentence: re.Pattern[str] | None


def _alternation(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2)
def load_discards(path: str | None = None) -> Discards:
    """PETRARCH's discards plus the project's supplement, without the bare years (speakers.yaml)."""
    rows: list[dict[str, str]] = []
    for file in (Path(path) if path else DISCARDS_FILE, SUPPLEMENT_FILE):
        with file.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    skip = re.compile(speaker_rules()["discard_skip"])
    rows = [r for r in rows if not skip.match(r["phrase"])]
    return Discards(
        story=_alternation([r["phrase"] for r in rows if r["level"] == STORY]),
        sentence=_alternation([r["phrase"] for r in rows if r["level"] == SENTENCE]),
    )


@lru_cache(maxsize=2)
def _caption_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rules = speaker_rules()

    def joined(key: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in rules[key]), re.IGNORECASE)

    return (
        joined("caption_credit_patterns"),
        joined("caption_label_patterns"),
        re.compile(rules["caption_segment_break"]),
    )


def caption_spans(doc: Doc) -> list[tuple[int, int]]:
    """Char spans of captions: the segment before a credit, the segment after a label (speakers.yaml).

    A segment never leaves the sentence the marker is in.
    """
    credit, label, segment_break = _caption_patterns()
    text = doc_text(doc)
    starts = [s.start_char for s in doc.sents]
    ends = [s.end_char for s in doc.sents]
    spans = []
    for match in credit.finditer(text):
        floor = starts[bisect_right(starts, match.start()) - 1]
        before = [b.end() for b in segment_break.finditer(text, floor, match.start())]
        spans.append((before[-1] if before else floor, match.end()))
    for match in label.finditer(text):
        ceiling = ends[bisect_right(starts, match.start()) - 1]
        after = segment_break.search(text, match.end(), ceiling)
        spans.append((match.start(), after.start() if after else ceiling))
    return spans


def sentence_reasons(doc: Doc, discards: Discards | None = None) -> dict[int, str]:
    """Sentence index -> discard_story / discard_sentence, for the sentences that are no news."""
    discards = discards or load_discards()
    story = discards.story is not None and discards.story.search(doc_text(doc)) is not None
    reasons: dict[int, str] = {}
    for si, sentence in enumerate(doc.sents):
        if story:
            reasons[si] = "discard_story"
        elif discards.sentence is not None and discards.sentence.search(sentence.text):
            reasons[si] = "discard_sentence"
    return reasons


def _says_document(verb: Token) -> bool:
    """'the bill says', 'according to the draft': the reporting verb's speaker is a document."""
    nouns = speaker_rules()["document_nouns"]
    subject = subject_token(verb)
    if subject is not None and subject.lemma_.lower() in nouns:
        return True
    for prep in verb.children:
        if prep.lower_ == "according":
            if any(t.lemma_.lower() in nouns and t.dep_ == "pobj" for t in prep.subtree):
                return True
    return False


def in_quoted_document(trigger: Token) -> bool:
    """The trigger reports a document's text, or sits in the clause a document 'says'."""
    speech = load_speech_verbs()
    for verb in (trigger, *trigger.ancestors):
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in speech.reported_clause | speech.direct_quote:
            if _says_document(verb):
                return True
        if verb.dep_ == "ROOT":
            break
    return _says_document(trigger)


def is_statement(event_code: str) -> bool:
    return event_code.startswith(speaker_rules()["statement_code_prefix"])


def in_caption(trigger: Token, captions: list[tuple[int, int]]) -> bool:
    return any(start <= trigger.idx < end for start, end in captions)


def _capitalized(token: Token) -> bool:
    return token.text[:1].isupper()


def in_headline(trigger: Token) -> bool:
    """A verb in a title-case run ("Here's How Elon Musk Plans to Send Tourists"): a headline of a
    link list or a release header glued to the text, page text (speakers.yaml headline_case)."""
    rule = speaker_rules()["headline_case"]
    if trigger.pos_ != "VERB" or not _capitalized(trigger) or trigger.is_sent_start:
        return False
    words = [t for t in trigger.doc[max(trigger.i - rule["window"], trigger.sent.start) : trigger.i] if t.is_alpha]
    if not words or words[-1].i != trigger.i - 1 or trigger.nbor(-1).text in rule["openers"]:
        return False
    shared = [t for t in words if _capitalized(t) or t.lower_ in rule["minor_words"]]
    return len(shared) == len(words) and len(words) >= rule["min_words_before"]


def _names_the_speaker(trigger: Token, source: ActorMention) -> bool:
    """The trigger's own subject phrase names the source ("The Guardian reports"), no pronoun or
    other clause's subject standing for it ("they said", "NDTV reported officials stated")."""
    subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON":
        return False
    tokens = list(subject.subtree)
    return tokens[0].idx <= source.start and source.end <= tokens[-1].idx + len(tokens[-1])


def not_event_reason(
    trigger: Token, event_code: str, source: ActorMention | None, sentence_reason: str | None, index
) -> str | None:
    """Why this mention is no asserted event (see the module docstring), else None.

    `sentence_reason` is the caller's caption check ("caption") or the sentence's discard reason.
    """
    if sentence_reason == "caption":
        return sentence_reason
    if in_quoted_document(trigger):
        return "quoted_document"
    if sentence_reason is not None:
        return sentence_reason
    if source is None:
        # No actor resolved: an unnamed person or group ("one man said") is a bystander too.
        unnamed = is_statement(event_code) and is_unnamed_speaker(subject_token(trigger))
        return "bystander" if unnamed else None
    # Any code: an outlet the trigger's own subject does not name carries someone else's act.
    if named_as_outlet(source, index, trigger.doc) and not _names_the_speaker(trigger, source):
        return "outlet_report"
    if is_statement(event_code) and not is_institutional(source, index, trigger.doc):
        return "bystander"
    return None


def write_discards(source: Path, target: Path = DISCARDS_FILE) -> int:
    """Derive the discards CSV from PETRARCH's Phoenix.discards.txt; returns the row count."""
    rows = parse_discards(source.read_text(encoding="utf-8", errors="replace").splitlines())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["phrase", "level"])
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    """A one-off derivation, rerun when PETRARCH's discards change."""
    from newswh.cli import existing_path, script_parser

    parser = script_parser("newswh.events.not_events", f"Derive {DISCARDS_FILE.name} from PETRARCH's discards.")
    parser.add_argument("source", type=existing_path, help="Phoenix.discards.txt")
    print(write_discards(parser.parse_args(argv).source))
    return 0


if __name__ == "__main__":
    sys.exit(main())

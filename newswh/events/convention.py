"""News convention for the lead event of a datelined report.

A report filed under "KABUL, Afghanistan (Jan. 25, 2013)" that opens with "A coalition force
detained two insurgents in Helmand province." and gives no date for it reports something that
happened on the dateline's day or the day before: that is what a dateline promises. So an
undated, asserted, past-tense event of the lead sentence takes that two-day window (precision
"fuzzy": no single day is stated; basis "dateline_convention") instead of the month before
publication that undated facts inherit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from newswh.records import EventMention

CONVENTION_BASIS = "dateline_convention"
# The lead event happened on the dateline's day or this many days before it.
DAYS_BEFORE_DATELINE = 1
_PAST_AUXILIARIES = {"was", "were", "had", "did"}


def dateline_end(body_text: str, dateline: str | None) -> int:
    """Where the report starts: after the dateline when the body opens with it, else 0."""
    if not dateline or not body_text.startswith(dateline):
        return 0
    rest = body_text[len(dateline) :]
    return len(dateline) + len(rest) - len(rest.lstrip(" \u2013\u2014\u2212-"))


def dateline_window(dateline_date: date) -> dict:
    """The date columns of a lead event dated by convention."""
    return {
        "reported_date_start": dateline_date - timedelta(days=DAYS_BEFORE_DATELINE),
        "reported_date_end": dateline_date,
        "date_precision": "fuzzy",
        "date_basis": CONVENTION_BASIS,
    }


def is_past_tense(token) -> bool:
    """A verb in the simple past ("detained"), or a participle with a past auxiliary ("were killed");
    a noun trigger ("an airstrike") takes the tense of the verb that governs it."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUXILIARIES for c in verb.children
    )


def takes_dateline_window(row: dict, event: EventMention, doc, lead_sentence: int) -> bool:
    """Undated, asserted, past-tense and in the lead sentence."""
    if row["date_basis"] != "inherited" or event.modality != "asserted" or event.sentence_index != lead_sentence:
        return False
    token = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return token is not None and len(token) > 0 and is_past_tense(token[0])


def lead_sentence_index(doc, report_start: int) -> int | None:
    """The sentence holding the report's first character (the lead, after any dateline)."""
    for index, sentence in enumerate(doc.sents):
        if sentence.end_char > report_start and sentence.text.strip():
            return index
    return None


def apply_dateline_convention(
    rows: list[dict], events: Sequence[EventMention], doc, dateline_date: date, report_start: int
) -> None:
    """Date the undated past-tense lead events of ROWS (event_mention rows, in EVENTS order) by the dateline."""
    lead = lead_sentence_index(doc, report_start)
    if lead is None:
        return
    for row, event in zip(rows, events, strict=True):
        if takes_dateline_window(row, event, doc, lead):
            row.update(dateline_window(dateline_date))

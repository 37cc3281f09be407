"""Time: TimeML time expressions, document dates, and scoring against TimeML gold.

This package owns the tagger that finds time expressions and resolves them to TimeML
values and date intervals (`tagger`), the inference of when an article was really
written (`doc_date`), and the TempEval-3-style scorer (`timeml_eval`).

The tagger's rules are data in `resources/<language>/` (vocabulary, pattern pieces, one
record per rule with examples; see resources/README.md), loaded and checked by `rules`;
each rule's handling is a named function in `handlers`. Supporting modules: `vocabulary`
(the word tables, also read by newswh.ingest), `values` (calendar arithmetic and TimeML
values), `tense` (which way an underspecified date points) and `anchors` (dates written
against well-known events).
"""

from newswh.time.doc_date import BASES, DateInference, infer_published_date
from newswh.time.tagger import (
    AnchorEvent,
    governing_timex,
    interval_of,
    load_anchor_events,
    tag,
    takeover_period,
)

__all__ = [
    "BASES",
    "AnchorEvent",
    "DateInference",
    "governing_timex",
    "infer_published_date",
    "interval_of",
    "load_anchor_events",
    "tag",
    "takeover_period",
]

"""Time: TimeML time expressions, document dates, and scoring against TimeML gold.

This package owns the tagger that finds time expressions and resolves them to TimeML
values and date intervals (`tagger`), the inference of when an article was really
written (`doc_date`), and the TempEval-3-style scorer (`timeml_eval`).
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

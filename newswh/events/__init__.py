"""Events: CAMEO-coded predicates, quotes and citations, and their consolidation.

This package owns the verb lexicon and the CAMEO code table, the syntax helpers that find a
predicate's arguments and modality (`extraction`), quotes and cited sources (`quotes`),
the joining of mentions that report one real-world event (`consolidate`), and the
detection of copied text that must not count as corroboration (`reuse`).
"""

from newswh.events.consolidate import MentionForConsolidation, consolidate
from newswh.events.extraction import code_family, event_mention_id, extract_events, load_cameo, load_lexicon
from newswh.events.quotes import extract_citations, extract_quotes
from newswh.events.reuse import detect_reuse

__all__ = [
    "MentionForConsolidation",
    "code_family",
    "consolidate",
    "detect_reuse",
    "event_mention_id",
    "extract_citations",
    "extract_events",
    "extract_quotes",
    "load_cameo",
    "load_lexicon",
]

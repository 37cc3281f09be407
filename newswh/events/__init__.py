"""Events: CAMEO-coded predicates, quotes and citations, and their consolidation.

This package owns the verb lexicon, the speech-verb list and the CAMEO code table (`lexicon`),
the helpers over the dependency parse (`syntax`), a predicate's source and target actors and
their fallbacks (`arguments`) and its modality (`modality`), the assembly of events from those
(`extraction`), quotes and cited sources (`quotes`), the joining of mentions that report one
real-world event (`consolidate`), and the detection of copied text that must not count as
corroboration (`reuse`).
"""

from newswh.events.consolidate import MentionForConsolidation, consolidate
from newswh.events.extraction import event_mention_id, extract_events
from newswh.events.lexicon import code_family, load_cameo, load_lexicon, load_speech_verbs
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
    "load_speech_verbs",
]

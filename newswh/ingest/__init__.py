"""Ingest: from a corpus folder to clean articles or quarantine rows.

This package owns everything that happens before NLP: finding the files of a corpus and
splitting multi-record files (`discover`), decoding and quarantining bad input, cleaning
page furniture out of the body (`clean`), reading the dates that pages print
(`printed_dates`), and resolving the outlet that published a page (`outlets`).
"""

from newswh.ingest.clean import CleanResult, clean_document, mojibake_score, repair_text
from newswh.ingest.discover import (
    MAX_FILE_BYTES,
    ORIGINAL_BYTES_CAP,
    QUARANTINE_REASONS,
    Article,
    Quarantined,
    SourceRecord,
    discover,
    load_article,
    mark_duplicates,
)
from newswh.ingest.outlets import Source, SourceRegistry, load_registry
from newswh.ingest.printed_dates import parse_iso_datetime, parse_printed_date

__all__ = [
    "MAX_FILE_BYTES",
    "ORIGINAL_BYTES_CAP",
    "QUARANTINE_REASONS",
    "Article",
    "CleanResult",
    "Quarantined",
    "Source",
    "SourceRecord",
    "SourceRegistry",
    "clean_document",
    "discover",
    "load_article",
    "load_registry",
    "mark_duplicates",
    "mojibake_score",
    "parse_iso_datetime",
    "parse_printed_date",
    "repair_text",
]

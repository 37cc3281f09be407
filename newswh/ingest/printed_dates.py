"""Parsing the dates that pages print in their headers and metadata.

This is deliberately narrow: a line counts as a printed date only when the whole line
is a date (optionally with a weekday and a time). Dates inside running text are the
time tagger's business (`newswh.time.tagger`).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from newswh.time.vocabulary import MONTHS as VOCABULARY_MONTHS

# Month names come from the one time vocabulary (newswh/time/resources/english/vocabulary.yaml).
MONTHS = VOCABULARY_MONTHS
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
_PATTERNS = [
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(rf"^{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(
        r"^(?:published:?\s*)?(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$",
        re.I,
    ),
]


def parse_printed_date(text: str) -> date | None:
    """Return the date if the whole of `text` is a printed date, else None."""
    candidate = re.sub(r"^(published|updated|posted|last updated)( on)?:?\s+", "", text.strip(), flags=re.I)
    if len(candidate) > 60:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(candidate)
        if not match:
            continue
        month = match.group("month")
        month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        try:
            return date(int(match.group("year")), month_number, int(match.group("day")))
        except ValueError:
            return None
    return None


def parse_iso_datetime(value: object) -> date | None:
    """Dates from structured metadata (news-please `date_publish`), tolerant of its variants."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:19] if "%H" in fmt else text[:10], fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_printed_date(text)

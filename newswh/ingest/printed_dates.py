"""Parsing the dates that pages print in their headers and metadata.

This is deliberately narrow: a line counts as a printed date only when the whole line
is a date (optionally with a weekday and a time). Dates inside running text are the
time tagger's business (`newswh.time.tagger`). The forms are data, with tested examples:
resources/printed_dates.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from newswh.time.vocabulary import MONTHS as VOCABULARY_MONTHS

RULES_FILE = Path(__file__).resolve().parent / "resources" / "printed_dates.yaml"
# Month names come from the one time vocabulary (newswh/time/resources/english/vocabulary.yaml).
MONTHS = VOCABULARY_MONTHS
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True)
class PrintedDateForm:
    """A form of resources/printed_dates.yaml, compiled, with its examples."""

    name: str
    regex: re.Pattern[str]
    examples: tuple[dict, ...]


@dataclass(frozen=True)
class PrintedDateRules:
    prefix: re.Pattern[str]
    forms: tuple[PrintedDateForm, ...]


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> PrintedDateRules:
    """resources/printed_dates.yaml: the label prefix and the forms, pieces filled in (MONTH generated)."""
    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    pieces = {**data["pieces"], "MONTH": _MONTH}
    forms = tuple(
        PrintedDateForm(
            form["name"],
            re.compile(_PLACEHOLDER.sub(lambda m: pieces[m.group(1)], form["pattern"]), re.I),
            tuple(form["examples"]),
        )
        for form in data["forms"]
    )
    return PrintedDateRules(re.compile(data["prefix"], re.I), forms)


_RULES = load_rules()
_PATTERNS = [form.regex for form in _RULES.forms]


def parse_printed_date(text: str) -> date | None:
    """Return the date if the whole of `text` is a printed date, else None."""
    candidate = _RULES.prefix.sub("", text.strip(), count=1)
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

"""Anchor events: dates written against a well-known event ("since the takeover", "8-month-old").

The events come from seeds/reference/anchor_events.csv (users add rows); each yields a
matcher for "<preposition> ... <trigger>" and, when it has age nouns, for ages such as
"the 8-month-old government", which count from the event.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from newswh.config import reference_dir
from newswh.records import TimeExpression
from newswh.time.rules import load_pieces
from newswh.time.values import parse_number, shift, week_value
from newswh.time.vocabulary import ENGLISH

_NUMWORD_RE = load_pieces(ENGLISH)["NUMWORD"]


@dataclass(frozen=True)
class AnchorEvent:
    """A well-known event that texts date other things against ("since the takeover")."""

    anchor_id: str
    name: str
    date_start: date
    date_end: date
    precision: str
    trigger_phrases: tuple[str, ...]
    description: str = ""
    source: str = ""
    # Words that must occur near a trigger for it to mean *this* event, so that
    # "the Chinese takeover" of Hong Kong does not resolve to Kabul 2021.
    context_terms: tuple[str, ...] = ()
    # Nouns whose age ("8-month-old government") counts from this event.
    age_nouns: tuple[str, ...] = ()


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def default_anchor_path() -> Path:
    return reference_dir() / "anchor_events.csv"


def load_anchor_events(path: str | Path | None = None) -> tuple[AnchorEvent, ...]:
    """Anchor events from a CSV (default seeds/reference/anchor_events.csv).

    Users extend the list by adding rows; pipe-separated cells hold phrase lists.
    """
    path = Path(path) if path else default_anchor_path()
    return _load_anchor_events_cached(str(path), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=8)
def _load_anchor_events_cached(path: str, _mtime: float) -> tuple[AnchorEvent, ...]:
    p = Path(path)
    if not p.exists():
        return ()
    events = []
    with p.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not (row.get("anchor_id") or "").strip():
                continue
            events.append(
                AnchorEvent(
                    anchor_id=row["anchor_id"].strip(),
                    name=(row.get("name") or "").strip(),
                    date_start=date.fromisoformat(row["date_start"].strip()),
                    date_end=date.fromisoformat((row.get("date_end") or row["date_start"]).strip()),
                    precision=(row.get("precision") or "day").strip(),
                    trigger_phrases=_split(row.get("trigger_phrases")),
                    description=(row.get("description") or "").strip(),
                    source=(row.get("source") or "").strip(),
                    context_terms=_split(row.get("context_terms")),
                    age_nouns=_split(row.get("age_nouns")),
                )
            )
    return tuple(events)


@dataclass(frozen=True)
class _AnchorMatcher:
    anchor: AnchorEvent
    event_re: re.Pattern | None  # "since the takeover"
    age_re: re.Pattern | None  # "8-month-old government"
    context_re: re.Pattern | None


@lru_cache(maxsize=16)
def anchor_matchers(anchors: tuple[AnchorEvent, ...]) -> tuple[_AnchorMatcher, ...]:
    out = []
    for a in anchors:
        event_re = age_re = context_re = None
        if a.trigger_phrases:
            trig = "|".join(
                re.escape(t).replace(r"\ ", r"\s+") for t in sorted(a.trigger_phrases, key=len, reverse=True)
            )
            event_re = re.compile(
                r"(?<![\w-])(?P<prep>since|after|before|following|prior to|until|till|ahead of|in the wake of|"
                r"at the time of|during|in the run-up to|on the eve of|even before|shortly after|soon after|shortly before|"
                r"just before|just after|months after|weeks after|days after|years after|a year after|a month after)\s+"
                r"(?:(?:the|its|their|his|her)\s+)?(?:[\w'’]+\s+){0,2}?(?:(?:had|has|have)\s+)?(?P<trig>"
                + trig
                + r")(?![\w-])",
                re.IGNORECASE,
            )
        if a.age_nouns:
            nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in a.age_nouns)
            age_re = re.compile(
                rf"(?<![\w-])(?P<num>\d+|{_NUMWORD_RE})[- ](?P<unit>day|week|month|year)s?[- ]old(?=\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns})\b)",
                re.IGNORECASE,
            )
        if a.context_terms:
            context_re = re.compile("|".join(re.escape(t) for t in a.context_terms), re.IGNORECASE)
        out.append(_AnchorMatcher(a, event_re, age_re, context_re))
    return tuple(out)


def find_all(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def anchored_expression(text: str, m: re.Match, kind: str, a: AnchorEvent, dct: date | None) -> TimeExpression | None:
    s, e = m.span()
    basis = f"anchor:{a.anchor_id}"
    if kind == "age":
        n = parse_number(m["num"])
        if n is None:
            return None
        unit = m["unit"].lower()
        lo = shift(a.date_start, n, unit)
        step = {"day": 1, "week": 7}.get(unit)
        hi = lo + timedelta(days=step - 1) if step else shift(lo, 1, unit) - timedelta(days=1)
        if unit == "day":
            value = lo.isoformat()
        elif unit == "week":
            value = week_value(lo)
        elif unit == "month":
            value = f"{lo.year}-{lo.month:02d}"
        else:
            value = str(lo.year)
        prec = {"day": "day", "week": "week", "month": "month", "year": "year"}[unit]
        return TimeExpression(s, e, text[s:e], "DATE", value, lo, hi, prec, basis)
    prep = m["prep"].lower()
    value = a.date_start.isoformat() if a.precision == "day" else a.date_start.isoformat()[:7]
    if prep in ("since",) or prep.endswith("after") or prep in ("following", "in the wake of"):
        return TimeExpression(s, e, text[s:e], "DATE", value, a.date_start, dct, "fuzzy", basis)
    if prep in (
        "before",
        "prior to",
        "until",
        "till",
        "ahead of",
        "even before",
        "in the run-up to",
        "on the eve of",
    ) or prep.endswith("before"):
        return TimeExpression(s, e, text[s:e], "DATE", value, None, a.date_start, "fuzzy", basis)
    return TimeExpression(s, e, text[s:e], "DATE", value, a.date_start, a.date_end, a.precision, basis)

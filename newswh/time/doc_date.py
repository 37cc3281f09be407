"""Infer when an article was really written, and whether its printed date lies.

Scraped pages often print the crawl date, a site-wide header date or a
copyright year instead of the publication date. `infer_published_date` weighs
the date the page states against what the text itself implies:

* absolute dates the text reports in the past tense ("Sept. 9, 2021",
  "In July 2024", "Hours before the end of 2021") bound the writing date from
  below: nobody reports an event before it happens;
* a term named on a known day ("COVID-19", 2020-02-11; `named_since` in doc_dates.yaml)
  bounds the writing date from below: nobody names a thing before it has its name;
* a weekday + day-month pair without a year ("Thursday, July 3") fixes the year:
  the first year at or after that lower bound in which the weekday matches;
* anchor events (seeds/reference/anchor_events.csv) turn ages and relative
  references into intervals: "the 8-month-old government" = takeover + 8
  months, "the takeover ... last August" = within the 12 months after August 2021;
* a copyright line ("Copyright © 2024") is not a publication date, at most a
  weak upper hint; a relative stamp ("5 hours ago") means the stated date is
  the crawl date, not the publication date.

The content sets a published date only when it pins one (the rules and their measured
confidences are data: newswh/time/doc_dates.yaml): a date written with its weekday, or a
year-less weekday + day that fixes the year within a year of the content's lower bound
("weekday_anchored"), or a content window of at most two months ("the 8-month-old government"
+ "last August": "content_window"). The date is then the day after the lower bound, clipped to
the upper one (basis "content_inferred"). Anything else ("the day after the latest year
mentioned") was within a week of the truth for 12% of unseen pages (make eval-dates), so the
date stays null with basis "bounded": `lower_bound`/`upper_bound` (the warehouse's
published_date_min/max) say what is known. `reference_date` is the day relative expressions are
resolved against: the published date, else the day after the lower bound (never reported as a
publication date).

The stated date wins when it is consistent with the content: not before the
lower bound and not more than a month after a content upper bound. Otherwise
`date_conflict` is set. After the stated and the metadata date comes the day the page's own
address carries ("/2016/04/04/", newswh/ingest/url_dates.py; basis "url"), held to the same
consistency test: it is the page's evidence, not a date field of the crawl. Last comes the day in
the address of the page's lead image (basis "image_url"): an upload day, mostly the filing day, at
times an old stock photograph's; its path's day, else the upload stamp its file name carries (Unix
time, a short date: `image_stamps` in url_dates.yaml).

A dateline date ("KABUL, Afghanistan (Jan. 25, 2013)", newswh/ingest/datelines.py) is the
writer's own statement of the day, so it wins over everything (basis "dateline"); a printed or
metadata date more than a day before or two days after it, or content reporting events after
it, sets `date_conflict`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from newswh.records import TimeExpression
from newswh.time.tagger import (
    FUTURE,
    PAST,
    AnchorEvent,
    add_months,
    doc_direction,
    lexical_direction,
    load_anchor_events,
    tag,
)
from newswh.time.values import month_day_in, nearest_on_weekday
from newswh.time.vocabulary import MONTH_NAMES, month_by_prefix, weekday_by_prefix

BASES = ("dateline", "stated", "json_metadata", "url", "image_url", "content_inferred", "bounded", "unknown")
RULES_FILE = Path(__file__).with_name("doc_dates.yaml")
# Signals whose date is written with a weekday that agrees with it: they pin the publication.
WEEKDAY_SIGNALS = ("weekday_pinned", "absolute_weekday")

# A page may be dated a little before an event it announces as scheduled, and
# a little after an upper bound derived from an age ("8-month-old") rounding.
_LOWER_SLACK = timedelta(days=1)
_UPPER_SLACK = timedelta(days=31)
# A page may print its dateline's day, or a day or two later (time zones, wire delays).
_DATELINE_EARLIER = timedelta(days=1)
_DATELINE_LATER = timedelta(days=2)


@dataclass
class DateInference:
    published_date: date | None
    basis: str  # one of BASES
    confidence: float  # 0..1
    date_conflict: bool = False
    lower_bound: date | None = None
    upper_bound: date | None = None
    evidence: list[dict] = field(default_factory=list)
    reference_date: date | None = None  # what relative expressions resolve against

    def __post_init__(self) -> None:
        if self.reference_date is None:
            self.reference_date = self.published_date


@lru_cache(maxsize=1)
def rules() -> dict:
    """newswh/time/doc_dates.yaml: pinning thresholds and measured confidences."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def confidence_of(name: str) -> float:
    return float(rules()["confidence"][name]["value"])


_COPYRIGHT_RE = re.compile(r"(?i)copyright|©|\(c\)[^\S\n]*\d{4}|all rights reserved")  # never across a line
_AGO_RE = re.compile(
    r"(?i)\b(?:\d+|an?|one|two|three|few)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?)\s+ago\b|\bjust now\b|\byesterday\b|\btoday\b"
)
_WD_MD_RE = re.compile(
    r"(?i)^(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+"
    r"(?P<mon>[a-z]+)\.?\s+(?P<day>\d{1,2})"
)
_WEEKDAY_RE = re.compile(
    r"(?i)^(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b"
)
_LAST_MONTH_RE = re.compile(r"(?i)^last\s+(?P<mon>" + "|".join(n.lower() for n in MONTH_NAMES) + ")$")


def _evidence(
    t: TimeExpression | None,
    signal: str,
    *,
    implied: date | None = None,
    lower: date | None = None,
    upper: date | None = None,
    text: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> dict:
    return {
        "text": t.text if t is not None else text,
        "start": t.start if t is not None else start,
        "end": t.end if t is not None else end,
        "signal": signal,
        "implied_date": implied.isoformat() if implied else None,
        "lower_bound": lower.isoformat() if lower else None,
        "upper_bound": upper.isoformat() if upper else None,
    }


@lru_cache(maxsize=4)
def _line_index(text: str) -> tuple[list[int], list[int]]:
    """Newline positions and copyright-cue positions of a text, found once per text."""
    newlines = [m.start() for m in re.finditer("\n", text)]
    return newlines, [m.start() for m in _COPYRIGHT_RE.finditer(text)]


def _on_copyright_line(text: str, start: int) -> bool:
    """Whether the line holding START carries a copyright cue (a bisect, not a scan of the line:
    a page of dates on one long line made the scan quadratic)."""
    newlines, cues = _line_index(text)
    at = bisect_right(newlines, start)
    lo = newlines[at - 1] + 1 if at else 0
    hi = newlines[at] if at < len(newlines) else len(text)
    first_cue = bisect_left(cues, lo)
    return first_cue < len(cues) and cues[first_cue] < hi


def _direction(text: str, t: TimeExpression, doc) -> int:
    if doc is not None:
        d = doc_direction(doc, t.start, t.end)
        if d:
            return d
    return lexical_direction(text, t.start, t.end)


def _is_absolute(t: TimeExpression) -> bool:
    return (
        t.type in ("DATE", "TIME")
        and t.basis == "absolute"
        and t.date_start is not None
        and t.value[:1].isdigit()
        and t.precision not in ("fuzzy", "decade")
    )


def _weekday_pinned(t: TimeExpression, lower: date | None, around_year: int | None) -> date | None:
    """'Thursday, July 3' -> the first matching year at/after the lower bound."""
    m = _WD_MD_RE.match(t.text)
    if not m or not t.value.startswith("XXXX-"):
        return None
    wd = weekday_by_prefix(m["wd"])
    mon = month_by_prefix(m["mon"])
    if wd is None or mon is None:
        return None
    day = int(m["day"])
    if lower is not None:
        years = range(lower.year, lower.year + 1 + rules()["weekday_pin_max_years"])
        return nearest_on_weekday(lower, mon, day, wd, years, FUTURE)
    if around_year is None:
        return None
    # Without a lower bound: the latest matching year not after the hint year.
    return nearest_on_weekday(date(around_year, 12, 31), mon, day, wd, range(around_year, around_year - 7, -1), PAST)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], at most 300 characters either side.

    The searches stop at those 300 characters: unbounded, each one read to the text's ends, and a
    page of "last August" with no full stop took time quadratic in its length.
    """
    floor, ceiling = max(0, start - 300), end + 300
    lo = max(text.rfind(". ", floor, start), text.rfind("\n\n", floor, start), floor)
    hi_candidates = [i for i in (text.find(". ", end, ceiling + 1), text.find("\n\n", end, ceiling + 1)) if i >= 0]
    hi = min([*hi_candidates, ceiling])
    return text[lo:hi]


def _anchor_relative(
    text: str, t: TimeExpression, anchors: Sequence[AnchorEvent]
) -> tuple[AnchorEvent, date, date] | None:
    """'the takeover ... last August': the writing date lies in the year after the anchor."""
    m = _LAST_MONTH_RE.match(t.text.strip())
    low = t.text.lower().strip()
    if not m and low != "last year":
        return None
    sentence = _sentence(text, t.start, t.end).lower()
    for a in anchors:
        if not any(p.lower() in sentence for p in a.trigger_phrases):
            continue
        if a.context_terms and not any(c.lower() in sentence for c in a.context_terms):
            continue
        if m:
            if month_by_prefix(m["mon"]) != a.date_start.month:
                continue
            first_after = add_months(a.date_start.replace(day=1), 1)
            last = add_months(a.date_start.replace(day=1), 13) - timedelta(days=1)
            return a, first_after, last
        return a, date(a.date_start.year + 1, 1, 1), date(a.date_start.year + 1, 12, 31)
    return None


@dataclass
class _Bounds:
    """What the content says so far: lower and upper bounds on the writing date, and why."""

    lowers: list[date] = field(default_factory=list)
    uppers: list[date] = field(default_factory=list)
    # Lower bounds from days the text reports ("on Dec. 26, 2017"), not from a bare year or month
    # (often a plan: "by 2024") nor from a year-less day read in the latest year: what a URL date
    # must not precede.
    day_lowers: list[date] = field(default_factory=list)
    strong_upper: bool = False  # an upper bound that comes from the content itself
    evidence: list[dict] = field(default_factory=list)

    @property
    def lower(self) -> date | None:
        return max(self.lowers) if self.lowers else None

    @property
    def upper(self) -> date | None:
        return min(self.uppers) if self.uppers else None


def infer_published_date(
    body_text: str,
    stated_date: date | None,
    stated_date_text: str | None,
    metadata_date: date | None,
    anchors: Sequence[AnchorEvent] | None = None,
    doc=None,
    dateline_date: date | None = None,
    url_date: date | None = None,
    image_date: date | None = None,
) -> DateInference:
    """Publication date of an article from its dateline, stated/metadata/URL dates and its content."""
    if anchors is None:
        anchors = load_anchor_events()
    text = body_text or ""
    claims = (stated_date, metadata_date, url_date, image_date)
    timexes = tag(text, None, doc=doc, anchors=anchors)
    b = _Bounds()
    crawl_stamp = _crawl_stamp(text, stated_date, stated_date_text, b.evidence)
    _bound_by_names(text, b)
    deferred = [t for t in timexes if not _bound_by(t, text, anchors, doc, b)]
    stated_or_metadata = stated_date or metadata_date or url_date
    unpinned = _pin_weekdays(deferred, b, stated_or_metadata.year if stated_or_metadata else None)
    unpinned = _pin_month_days(text, unpinned, b, doc)
    _agreeing_weekday(text, unpinned, b, doc)
    _weekday_ahead(text, unpinned, b, doc)
    lower, upper = b.lower, b.upper
    if lower is not None and upper is not None and upper < lower:
        # Contradictory content: keep the lower bounds (reported events are hard facts).
        upper, b.strong_upper = None, False
    content_point = _content_point(lower, upper)
    _add_relative_months(b.evidence, unpinned, content_point)
    if dateline_date is not None:
        return _from_dateline(dateline_date, claims[:3], lower, b.evidence)
    # A URL's day is the filing day the site stamped, never a crawl or header date: only a day the
    # text reports after it overrules it. A printed or metadata date must not precede any bound.
    day_lower = max(b.day_lowers, default=None)
    claimed = [(basis, d, day_lower if "url" in basis else lower) for basis, d in _claimed(*claims, crawl_stamp)]
    return _decide(claimed, stated_date, crawl_stamp, lower, upper, b.strong_upper, content_point, b.evidence)


def _crawl_stamp(text: str, stated_date: date | None, stated_date_text: str | None, evidence: list[dict]) -> bool:
    """Does the page show a relative stamp ("5 hours ago"), so that its stated date is the crawl date?"""
    crawl_stamp = False
    if stated_date_text and _AGO_RE.search(stated_date_text):
        crawl_stamp = True
        evidence.append(_evidence(None, "relative_stamp", upper=stated_date, text=stated_date_text))
    for m in _AGO_RE.finditer(text[:2000]):
        if "ago" in m.group().lower():
            evidence.append(_evidence(None, "relative_stamp", text=m.group(), start=m.start(), end=m.end()))
            return True
    return crawl_stamp


@lru_cache(maxsize=1)
def _named_since() -> tuple[tuple[re.Pattern, date], ...]:
    return tuple((re.compile(e["pattern"]), e["since"]) for e in rules().get("named_since") or ())


def _bound_by_names(text: str, b: _Bounds) -> None:
    """A term named on a known day ("COVID-19") was written about on or after that day
    (doc_dates.yaml, named_since): a lower bound like a bare year's, no reported day."""
    for pattern, since in _named_since():
        m = pattern.search(text)
        if m is not None:
            b.lowers.append(since)
            b.evidence.append(_evidence(None, "named_since", lower=since, text=m.group(), start=m.start(), end=m.end()))


def _bound_by(t: TimeExpression, text: str, anchors: Sequence[AnchorEvent], doc, b: _Bounds) -> bool:
    """Record what one expression says about the writing date; False if it must wait for a bound."""
    if t.basis.startswith("anchor:"):
        _bound_by_anchor(t, b)
        return True
    if _is_absolute(t):
        _bound_by_absolute(t, text, doc, b)
        return True
    rel = _anchor_relative(text, t, anchors)
    if rel is None:
        return False
    a, lo, hi = rel
    b.lowers.append(lo)
    b.uppers.append(hi)
    b.strong_upper = True
    b.evidence.append(_evidence(t, f"anchor_relative:{a.anchor_id}", lower=lo, upper=hi))
    return True


def _bound_by_anchor(t: TimeExpression, b: _Bounds) -> None:
    if t.date_start is not None and t.date_end is not None and t.precision != "fuzzy":
        b.lowers.append(t.date_start)
        b.uppers.append(t.date_end)
        b.strong_upper = True
        b.evidence.append(_evidence(t, "anchor_age", implied=t.date_start, lower=t.date_start, upper=t.date_end))
    elif t.date_start is not None:
        b.lowers.append(t.date_start)
        b.evidence.append(_evidence(t, "anchor_reference", lower=t.date_start))


def _bound_by_absolute(t: TimeExpression, text: str, doc, b: _Bounds) -> None:
    if _on_copyright_line(text, t.start):
        b.evidence.append(_evidence(t, "copyright", upper=t.date_end))
    elif _scheduled(text, t):
        b.evidence.append(_evidence(t, "scheduled", implied=t.date_start))
    elif t.precision == "day" and _post_stamp(text, t.start):
        b.lowers.append(t.date_start)
        b.day_lowers.append(t.date_start)
        b.evidence.append(_evidence(t, "post_stamp", implied=t.date_start, lower=t.date_start))
    elif _direction(text, t, doc) == FUTURE:
        b.evidence.append(_evidence(t, "future_absolute", implied=t.date_start))
    else:
        b.lowers.append(t.date_start)
        if t.precision == "day":
            b.day_lowers.append(t.date_start)
        signal = "absolute_weekday" if _weekday_agrees(t) else "absolute_past"
        b.evidence.append(_evidence(t, signal, implied=t.date_start, lower=t.date_start))


@lru_cache(maxsize=1)
def _post_stamp_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in rules()["post_stamp_before"])


def _post_stamp(text: str, start: int) -> bool:
    """Is the date at START the stamp of an embedded post ("— Name (@handle) February 5, 2018")?"""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    before = text[max(line_start, start - 200) : start]
    return any(p.search(before) for p in _post_stamp_patterns())


@lru_cache(maxsize=1)
def _scheduled_patterns() -> dict[str, tuple[re.Pattern, ...]]:
    return {side: tuple(re.compile(p) for p in patterns) for side, patterns in rules()["scheduled"].items()}


def _scheduled(text: str, t: TimeExpression) -> bool:
    """Does the text schedule this date (a deadline, a target, an edition) rather than report it?"""
    patterns = _scheduled_patterns()
    before, after = text[max(0, t.start - 60) : t.start], text[t.end : t.end + 60]
    if any(p.search(before) for p in patterns["before"]) or any(p.search(after) for p in patterns["after"]):
        return True
    return (
        t.precision == "year"
        and any(p.search(before) for p in patterns["year_before"])
        and any(p.search(after) for p in patterns["year_after"])
    )


def _weekday_agrees(t: TimeExpression) -> bool:
    """'Monday, Dec. 25, 2017': a day written with its weekday, and the two agree."""
    m = _WEEKDAY_RE.match(t.text)
    return bool(m) and t.precision == "day" and weekday_by_prefix(m["wd"]) == t.date_start.weekday()


def _pin_weekdays(deferred: list[TimeExpression], b: _Bounds, hint_year: int | None) -> list[TimeExpression]:
    """Fix the year of "Thursday, July 3" from the bound so far; the rest stays unpinned."""
    unpinned: list[TimeExpression] = []
    for t in deferred:
        pinned = _weekday_pinned(t, b.lower, hint_year)
        if pinned is None:
            unpinned.append(t)
        else:
            b.lowers.append(pinned)
            b.day_lowers.append(pinned)
            b.evidence.append(_evidence(t, "weekday_pinned", implied=pinned, lower=pinned))
    return unpinned


_BARE_WEEKDAY_RE = re.compile(r"XXXX-WXX-([1-7])")


def _latest_reported_day(b: _Bounds) -> date | None:
    """The lower bound, if a full day the text reports set it (doc_dates.yaml weekday_agrees_signals)."""
    lower = b.lower
    if lower is None or lower not in b.day_lowers:
        return None
    signals = set(rules()["weekday_agrees_signals"])
    if not any(e["signal"] in signals and e["lower_bound"] == lower.isoformat() for e in b.evidence):
        return None
    return lower


def _agreeing_weekday(text: str, deferred: list[TimeExpression], b: _Bounds, doc) -> None:
    """A bare weekday ("on Monday") naming the weekday of the latest reported full day marks that
    day as the news of the last days (doc_dates.yaml, weekday_agrees)."""
    lower = _latest_reported_day(b)
    if lower is None:
        return
    for t in deferred:
        m = _BARE_WEEKDAY_RE.fullmatch(t.value)
        if m and int(m[1]) - 1 == lower.weekday() and _direction(text, t, doc) != FUTURE:
            b.evidence.append(_evidence(t, "weekday_agrees", implied=lower, lower=lower))
            return


def _weekday_ahead(text: str, deferred: list[TimeExpression], b: _Bounds, doc) -> None:
    """A bare weekday the text puts ahead ("when it launches on Tuesday") naming the weekday after
    the latest reported full day: the report was written between the two (doc_dates.yaml,
    weekday_ahead). A weekday ahead always names one of the next seven days, so only the next
    day is a test the page can fail."""
    lower = _latest_reported_day(b)
    if lower is None:
        return
    ahead = lower + timedelta(days=1)
    for t in deferred:
        m = _BARE_WEEKDAY_RE.fullmatch(t.value)
        if m and int(m[1]) - 1 == ahead.weekday() and _direction(text, t, doc) == FUTURE:
            b.uppers.append(ahead)
            b.evidence.append(_evidence(t, "weekday_ahead", implied=lower, lower=lower, upper=ahead))
            return


def _content_point(lower: date | None, upper: date | None) -> date | None:
    """The day after the latest reported event, clipped to the upper bound."""
    if lower is None:
        return None
    point = lower + timedelta(days=1)
    return upper if upper is not None and point > upper else point


def _pin_month_days(text: str, deferred: list[TimeExpression], b: _Bounds, doc) -> list[TimeExpression]:
    """A past "March 31" with no year, later in the year than the latest dated fact, raises the bound.

    Articles name the year once ("February 2022") and then write bare days ("on March 31");
    read in the year of the latest absolute date, such a day is a later reported event.
    """
    if not b.lowers:
        return deferred
    remaining = []
    for t in deferred:
        # A holiday named without a year ("over Christmas") recurs like a weekday: it is the latest
        # one before the writing, not a day in the year of the latest dated fact.
        m = re.fullmatch(r"XXXX-(\d\d)-(\d\d)", t.value) if re.search(r"\d", t.text) else None
        lower = b.lower
        implied = month_day_in(lower.year, int(m[1]), int(m[2])) if m else None
        if (
            implied is None
            or implied <= lower
            or _nearer_the_year_before(implied, lower, b.day_lowers)
            or _direction(text, t, doc) == FUTURE
            or _scheduled(text, t)
        ):
            remaining.append(t)
            continue
        b.lowers.append(implied)
        b.evidence.append(_evidence(t, "month_day_in_latest_year", implied=implied, lower=implied))
    return remaining


def _nearer_the_year_before(implied: date, lower: date, day_lowers: list[date]) -> bool:
    """Is a year-less day nearer the latest reported full day read in the year before it?

    A year named alone ("in 2016") names the year its bare days are read in; a full day does
    not: after "a protest on January 5, 2016" the "attacks on Nov 13" are 53 days before it
    (2015), not 313 days after it. Only then, the day is read nearest the latest full day, as a
    reader reads a bare day nearest the time the text speaks of, and a past day bounds nothing.
    """
    if lower not in day_lowers:
        return False
    before = month_day_in(implied.year - 1, implied.month, implied.day)
    return before is not None and (lower - before) < (implied - lower)


def _add_relative_months(evidence: list[dict], deferred: list[TimeExpression], point: date | None) -> None:
    """Record what bare months resolve to once the writing date is known (no bound)."""
    if point is None:
        return
    for t in deferred:
        m = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", t.value)
        if not m:
            continue
        mon, day = int(m[1]), int(m[2] or 1)
        year = point.year if (mon, day) <= (point.month, point.day) else point.year - 1
        implied = month_day_in(year, mon, day)
        if implied is not None:
            evidence.append(_evidence(t, "relative_month_day" if m[2] else "relative_month", implied=implied))


def _from_dateline(
    dateline: date, claimed: tuple[date | None, ...], lower: date | None, evidence: list[dict]
) -> DateInference:
    """The dateline's day; a printed/metadata date or reported events that disagree are a conflict."""
    evidence.append(_evidence(None, "dateline", implied=dateline, text=dateline.isoformat()))
    disagree = [d for d in claimed if d is not None and not (-_DATELINE_EARLIER <= d - dateline <= _DATELINE_LATER)]
    conflict = bool(disagree) or (lower is not None and lower > dateline + _LOWER_SLACK)
    confidence = confidence_of("dateline_conflict" if conflict else "dateline")
    return DateInference(dateline, "dateline", confidence, conflict, lower, None, evidence)


def _consistent(d: date, lower: date | None, upper: date | None, strong_upper: bool) -> bool:
    if lower is not None and d < lower - _LOWER_SLACK:
        return False
    return not (strong_upper and upper is not None and d > upper + _UPPER_SLACK)


def _claimed(
    stated: date | None, metadata: date | None, url_date: date | None, image_date: date | None, crawl_stamp: bool
) -> list[tuple[str, date]]:
    """The dates the page claims, strongest first: printed, metadata, its URL's day, its image's."""
    claimed: list[tuple[str, date]] = []
    if stated is not None and not crawl_stamp:
        claimed.append(("stated", stated))
    if metadata is not None:
        claimed.append(("json_metadata", metadata))
    if url_date is not None:
        claimed.append(("url", url_date))
    if image_date is not None:
        claimed.append(("image_url", image_date))
    return claimed


def _content_pin(lower: date | None, upper: date | None, strong_upper: bool, evidence: list[dict]) -> str | None:
    """Which rule of doc_dates.yaml lets the content pin the date, if any."""
    if lower is None:
        return None
    deciding = [e for e in evidence if e["lower_bound"] == lower.isoformat()]
    if any(e["signal"] in WEEKDAY_SIGNALS for e in deciding):
        mark = next(e for e in deciding if e["signal"] in WEEKDAY_SIGNALS)
        mark["decides"] = True
        return "weekday_anchored"
    for signal in ("weekday_agrees", "weekday_ahead"):
        agreeing = next((e for e in deciding if e["signal"] == signal), None)
        if agreeing is not None:
            agreeing["decides"] = True
            return signal
    if strong_upper and upper is not None and (upper - lower).days <= rules()["pin_window_days"]:
        for e in deciding:
            e["decides"] = True
        return "content_window"
    return None


def _decide(
    claimed: list[tuple[str, date, date | None]],
    stated: date | None,
    crawl_stamp: bool,
    lower: date | None,
    upper: date | None,
    strong_upper: bool,
    content_point: date | None,
    evidence: list[dict],
) -> DateInference:
    conflict = False
    for basis, d, tested_lower in claimed:
        if _consistent(d, tested_lower, upper, strong_upper):
            return DateInference(d, basis, confidence_of(basis), False, tested_lower, upper, evidence)
        conflict = True
    pin = _content_pin(lower, upper, strong_upper, evidence)
    if pin is not None:
        confidence = confidence_of(pin) - (confidence_of("conflict_penalty") if conflict else 0.0)
        return DateInference(content_point, "content_inferred", round(confidence, 2), conflict, lower, upper, evidence)
    if crawl_stamp and stated is not None:
        # Only a crawl date: the article is at most that old.
        upper = stated if upper is None else min(upper, stated)
    if lower is None and upper is None:
        return DateInference(None, "unknown", 0.0, conflict, None, None, evidence)
    # Nothing pins the day: say what is known, and resolve relative expressions near the lower bound.
    return DateInference(None, "bounded", 0.0, conflict, lower, upper, evidence, reference_date=content_point)


__all__ = ["BASES", "DateInference", "infer_published_date"]

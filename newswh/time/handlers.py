"""Handlers: one small named function per time rule, turning its match into a TimeML value.

Each handler is registered for the rule(s) it serves with `@handler("rule_name")`; the
loader (`newswh.time.rules`) refuses a rule in resources/<language>/rules.yaml that has no
handler here, and a handler whose rule is missing. A handler gets the regex match and a
`Context` (the text, the document creation time, and a tense oracle) and returns a
`Value`, or None to drop the match ("a second term" is not a duration).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from newswh.records import TimeExpression
from newswh.time.rules import HandlerRegistry
from newswh.time.tense import FUTURE, PAST, UNKNOWN
from newswh.time.values import (
    SEASON_MONTHS,
    add_months,
    day_of,
    interval_of,
    iso_duration,
    leaned_distance,
    month_day_in,
    month_end,
    month_of,
    nearest_on_weekday,
    on_side,
    parse_number,
    shift,
    spelled_year,
    week_value,
    weekday_of,
    year_value,
)
from newswh.time.vocabulary import MONTHS, VOCABULARY, WEEKDAYS, Holiday

HANDLERS = HandlerRegistry()
handler = HANDLERS.register

_ORDINALS = VOCABULARY.ordinals
_DECADE_WORDS = VOCABULARY.decade_words
_UNITS = VOCABULARY.units
_SEASONS = VOCABULARY.seasons
_PARTS_OF_DAY = VOCABULARY.parts_of_day
_SET_ADVERBS = VOCABULARY.set_adverbs
_WEEKDAYS = WEEKDAYS
_MONTHS = MONTHS


@dataclass(frozen=True)
class Context:
    text: str
    dct: date | None
    direction: Callable[[int, int], int]
    # The expressions already resolved, in text order: what "the next day" counts from.
    earlier: list[TimeExpression] = field(default_factory=list)


def _nearest_month(dct: date, month: int, direction: int) -> int:
    """Year of the bare month closest to dct in the tense's direction (or either way)."""
    if direction == UNKNOWN:
        back = (dct.month - month) % 12
        return dct.year if month <= dct.month else (dct.year - 1 if back <= 12 - back else dct.year)
    if direction == FUTURE:
        return dct.year if month >= dct.month else dct.year + 1
    return dct.year if month <= dct.month else dct.year - 1


def _nearest_month_day(dct: date, month: int, day: int, direction: int) -> date | None:
    return _nearest_occurrence(dct, lambda y: month_day_in(y, month, day), direction)


def _weekday_agreeing(dct: date, month: int, day: int, weekday: int, direction: int) -> date | None:
    """The month/day falling on `weekday` nearest dct on the tense's side, or None.

    Only years within vocabulary.yaml's weekday_year_window of the DCT's count; the same sides and
    lean as _nearest_occurrence, so a weekday that agrees changes nothing the tense decided.
    """
    window = VOCABULARY.weekday_year_window
    return nearest_on_weekday(dct, month, day, weekday, range(dct.year - window, dct.year + window + 1), direction)


def _nearest_occurrence(dct: date, make: Callable[[int], date | None], direction: int) -> date | None:
    """The yearly date make(year) nearest dct in the tense's direction (or either way, leaning back)."""
    ahead = make(dct.year)
    if ahead is None or not on_side(ahead, dct, FUTURE):
        ahead = make(dct.year + 1)
    behind = make(dct.year)
    if behind is None or not on_side(behind, dct, PAST):
        behind = make(dct.year - 1)
    if direction == FUTURE:
        return ahead
    if direction == PAST or ahead is None or behind is None:
        return behind or ahead
    # No tense to go by: the nearer occurrence ("Congress reconvenes Jan. 24"), with news's
    # lean to the past (values.FUTURE_LEAN); on a tie, the past one.
    return min((behind, ahead), key=lambda d: leaned_distance(dct, d))


def _weekday_date(dct: date, weekday: int, direction: int, rel: str = "") -> date:
    rel = rel.lower()
    delta = weekday - dct.weekday()
    if rel == "next":
        return dct + timedelta(days=(delta % 7) or 7)
    if rel == "last" or rel == "this past":
        return dct - timedelta(days=((-delta) % 7) or 7)
    if rel == "this coming":
        return dct + timedelta(days=(delta % 7) or 7)
    if direction == FUTURE:
        return dct + timedelta(days=delta % 7)
    return dct - timedelta(days=(-delta) % 7)


@dataclass
class Value:
    type: str
    value: str
    basis: str = "absolute"
    interval: tuple[date | None, date | None, str | None] | None = None
    mod: str | None = None  # TimeML mod: START, MID, END


def _day_val(d: date | None, month: int, day: int, basis: str) -> Value:
    if d is None:
        return Value("DATE", f"XXXX-{month:02d}-{day:02d}", "unresolved")
    return Value("DATE", d.isoformat(), basis)


def _resolve_md(ctx: Context, start: int, end: int, month: int, day: int, wd: str | None, rel: str = "") -> Value:
    if ctx.dct is None:
        return _day_val(None, month, day, "")
    rel = rel.lower()
    direction = FUTURE if rel in ("next", "this coming") else PAST if rel == "last" else ctx.direction(start, end)
    d = _nearest_month_day(ctx.dct, month, day, direction)
    if wd and d is not None and d.weekday() != weekday_of(wd):
        # The weekday picks the year; none agreeing nearby is likelier a misprint, so d stands.
        d = _weekday_agreeing(ctx.dct, month, day, weekday_of(wd), direction) or d
    return _day_val(d, month, day, "relative:dct")


def timeml_mod(mod: str | None) -> str | None:
    """TimeML's mod for 'early'/'the beginning of' (START), 'mid' (MID), 'late'/'the end of' (END)."""
    mod = (mod or "").lower().strip(" -")
    if mod.startswith(("early", "the beginning", "the start")):
        return "START"
    if mod.startswith(("late", "the end")):
        return "END"
    return "MID" if mod.startswith(("mid", "the middle")) else None


def _modded(value: str, mod: str | None, basis: str = "absolute") -> Value:
    """A DATE whose modifier narrows its interval ("early 2021") and is kept as TimeML's mod."""
    return Value("DATE", value, basis, interval=_mod_interval(value, mod), mod=timeml_mod(mod))


def _mod_interval(value: str, mod: str | None) -> tuple[date | None, date | None, str | None] | None:
    """Narrow the interval for 'early 2021', 'the end of 2021', 'mid-November'."""
    s, e, _p = interval_of(value)
    if not mod or s is None or e is None:
        return None
    mod = mod.lower().strip(" -")
    span = (e - s).days + 1
    third = max(1, span // 3)
    if mod.startswith(("early", "the beginning", "the start")):
        return s, s + timedelta(days=third - 1), "fuzzy"
    if mod.startswith(("late", "the end")):
        return e - timedelta(days=third - 1), e, "fuzzy"
    if mod.startswith(("mid", "the middle")):
        return s + timedelta(days=third), e - timedelta(days=third), "fuzzy"
    return None


# --------------------------------------------------------------------------
# Calendar dates
# --------------------------------------------------------------------------


@handler("date_mdy", "date_iso", "date_slash")
def full_date(m: re.Match, ctx: Context) -> Value | None:
    year = int(m["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    mon = month_of(m["mon"]) if not m["mon"].isdigit() else int(m["mon"])
    try:
        d = date(year, mon, day_of(m["day"]))
    except ValueError:
        return None
    return Value("DATE", d.isoformat())


def _holiday_date(h: Holiday, year: int) -> date:
    if h.day is not None:
        return date(year, h.month, h.day)
    first = date(year, h.month, h.from_day)
    return first + timedelta(days=(h.weekday - first.weekday()) % 7 + 7 * (h.nth - 1))


@handler("holiday")
def holiday(m: re.Match, ctx: Context) -> Value | None:
    written = re.sub(r"\s+", " ", m["name"]).replace("’", "'").lower()
    h = next(h for h in VOCABULARY.holidays if written in (f.lower() for f in h.forms))
    if ctx.dct is None:
        return Value("DATE", f"XXXX-{h.month:02d}-" + (f"{h.day:02d}" if h.day else "XX"), "unresolved")
    rel = (m["rel"] or "").lower()
    direction = {"last": PAST, "next": FUTURE}.get(rel) or ctx.direction(*m.span())
    d = _nearest_occurrence(ctx.dct, lambda y: _holiday_date(h, y), direction)
    return Value("DATE", d.isoformat(), "relative:dct")


@handler("date_dmy")
def day_month(m: re.Match, ctx: Context) -> Value | None:
    """'17 August 2021' is a full date; '17 August' resolves like 'August 17'."""
    return full_date(m, ctx) if m["year"] else month_day(m, ctx)


@handler("date_md", "date_md_and")
def month_day(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    text = m.group()
    day = g.get("day")
    if day is None:
        day = str(_ORDINALS.get((g.get("ordday") or g.get("ordw") or "").lower(), 0))
    if g.get("ordw") and not g.get("wd") and not re.match(r"(?i)this|next|last", text):
        # "May second" reads as a date only with a weekday or relative cue.
        return None
    mon, dnum = month_of(g["mon"]), day_of(day)
    if not 1 <= dnum <= 31:
        return None
    rel = re.match(r"(?i)(this coming|next|last)\b", text)
    start, end = m.span()
    return _resolve_md(ctx, start, end, mon, dnum, g.get("wd"), rel.group(1) if rel else "")


@handler("week_of")
def week_of(m: re.Match, ctx: Context) -> Value | None:
    if m["year"]:
        try:
            return Value("DATE", week_value(date(int(m["year"]), month_of(m["mon"]), day_of(m["day"]))))
        except ValueError:
            return None
    day = month_day(m, ctx)
    if day is None or day.value.startswith("X"):
        return day and Value("DATE", "XXXX-WXX", "unresolved")
    return Value("DATE", week_value(date.fromisoformat(day.value)), day.basis)


@handler("month_year")
def month_year(m: re.Match, ctx: Context) -> Value | None:
    year = int(m["year"]) if m["year"].isdigit() else spelled_year(m["year"])
    if year is None:
        return None
    value = f"{year}-{month_of(m['mon']):02d}"
    return _modded(value, m["mod"])


@handler("month_rel")
def month_relative(m: re.Match, ctx: Context) -> Value | None:
    g, dct = m.groupdict(), ctx.dct
    mon = month_of(g.get("mon") or g.get("mon2"))
    rel = (g.get("rel") or g.get("rel2") or "").lower()
    if dct is None:
        return Value("DATE", f"XXXX-{mon:02d}", "unresolved")
    if g.get("mon2"):
        year = dct.year + {"last": -1, "next": 1}.get(rel, 0)
    elif rel in ("last", "this past", "the past"):
        # "last February" written in March means a year ago; "last month" would name the recent one.
        year = dct.year if mon < dct.month - 1 else dct.year - 1
    elif rel in ("next", "the coming", "this coming"):
        year = dct.year if mon > dct.month else dct.year + 1
    else:
        year = dct.year
    return Value("DATE", f"{year}-{mon:02d}", "relative:dct")


@handler("month_bare")
def month_bare(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    mon = month_of(g.get("mon") or g.get("mon2") or g.get("mon3"))
    if ctx.dct is None:
        return Value("DATE", f"XXXX-{mon:02d}", "unresolved")
    year = _nearest_month(ctx.dct, mon, ctx.direction(*m.span()))
    value = f"{year}-{mon:02d}"
    return _modded(value, g.get("mod"), "relative:dct")


# --------------------------------------------------------------------------
# Years, decades, centuries, halves
# --------------------------------------------------------------------------


def _year_value(m: re.Match) -> Value | None:
    year = int(m["year"]) if m["year"].isdigit() else spelled_year(m["year"])
    if year is None:
        return None
    mod = (m["mod"] or "").lower()
    prefix = "FY" if "fiscal" in mod else ""
    val = _modded(str(year), mod)
    val.value = f"{prefix}{year}"
    return val


@handler("year")
def year(m: re.Match, ctx: Context) -> Value | None:
    if m["side"]:
        return _year_side(int(m["year"]), m["side"].lower())
    if not m["mod"] and not _plausible_bare_year(ctx.text, *m.span()):
        return None
    return _year_value(m)


def _year_side(y: int, side: str) -> Value:
    """'post-1959': the time after the year (TimeML mod AFTER); 'pre-1990': before it (BEFORE)."""
    if side == "post":
        return Value("DATE", str(y), "absolute", interval=(date(y + 1, 1, 1), None, "fuzzy"), mod="AFTER")
    return Value("DATE", str(y), "absolute", interval=(None, date(y - 1, 12, 31), "fuzzy"), mod="BEFORE")


@handler("year_spelled")
def year_spelled(m: re.Match, ctx: Context) -> Value | None:
    return _year_value(m)


@handler("decade")
def decade(m: re.Match, ctx: Context) -> Value | None:
    if m["dec"]:
        value = m["dec"][:3]
    elif m["dec2"]:
        value = ("19" + m["dec2"])[:3]
    else:
        value = str(_DECADE_WORDS[m["decw"].lower()])
    return _modded(value, m["mod"])


@handler("decade_rel")
def decade_relative(m: re.Match, ctx: Context) -> Value | None:
    if ctx.dct is None:
        return Value("DATE", "XXX", "unresolved")
    rel = m["rel"].lower()
    step = (
        -1 if ("last" in rel or "past" in rel or "previous" in rel) else 1 if ("next" in rel or "coming" in rel) else 0
    )
    return Value("DATE", str(ctx.dct.year // 10 + step), "relative:dct")


@handler("century")
def century(m: re.Match, ctx: Context) -> Value | None:
    if m["num"]:
        n = int(m["num"])
    else:
        ordinal = m["ord"].lower()
        n = {"twenty-first": 21, "twenty-second": 22}.get(ordinal, _ORDINALS.get(ordinal, 0))
    return Value("DATE", f"{n - 1:02d}") if n else None


@handler("half")
def half_year(m: re.Match, ctx: Context) -> Value | None:
    h = 1 if m["ord"].lower() == "first" else 2
    if m["year"]:
        return Value("DATE", f"{m['year']}-H{h}")
    if ctx.dct is None:
        return Value("DATE", f"XXXX-H{h}", "unresolved")
    year = ctx.dct.year + {"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0)
    return Value("DATE", f"{year}-H{h}", "relative:dct")


# --------------------------------------------------------------------------
# Days and times relative to the DCT
# --------------------------------------------------------------------------


@handler("part_of_day")
def part_of_day(m: re.Match, ctx: Context) -> Value | None:
    if ctx.dct is None:
        return None
    part = _PARTS_OF_DAY[(m["part"] or m["part2"]).lower()]
    rel = (m["rel"] or "this").lower()
    d = ctx.dct + timedelta(days={"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0))
    return Value("TIME", f"{d.isoformat()}T{part}", "relative:dct")


@handler("weekend")
def weekend(m: re.Match, ctx: Context) -> Value | None:
    dct = ctx.dct
    if dct is None:
        return Value("DATE", "XXXX-WXX-WE", "unresolved")
    first = m.group().lower().split()[0]
    direction = {"last": PAST, "next": FUTURE}.get(first) or ctx.direction(*m.span())
    if direction == FUTURE:
        sat = dct + timedelta(days=(5 - dct.weekday()) % 7)
    else:
        sat = dct - timedelta(days=(dct.weekday() - 5) % 7)
    return Value("DATE", week_value(sat) + "-WE", "relative:dct")


@handler("year_end")
def year_end(m: re.Match, ctx: Context) -> Value | None:
    dct = ctx.dct
    if dct is None:
        return None
    if m["w"].lower() == "year":
        return Value("DATE", f"{dct.year}-12-31", "relative:dct")
    return Value("DATE", month_end(dct.year, dct.month).isoformat(), "relative:dct")


# --------------------------------------------------------------------------
# Vague references, durations
# --------------------------------------------------------------------------


@handler("present_ref", "current")
def present_ref(m: re.Match, ctx: Context) -> Value | None:
    return Value("DATE", "PRESENT_REF", "relative:dct")


@handler("past_ref")
def past_ref(m: re.Match, ctx: Context) -> Value | None:
    return Value("DATE", "PAST_REF", "relative:dct")


@handler("future_ref", "future_one_day")
def future_ref(m: re.Match, ctx: Context) -> Value | None:
    return Value("DATE", "FUTURE_REF", "relative:dct")


@handler("nth_day")
def nth_day(m: re.Match, ctx: Context) -> Value | None:
    # "today is the eighth day of ...": the present tense puts the day at the reference date.
    if ctx.dct is None:
        return None
    return Value("DATE", ctx.dct.isoformat(), "relative:dct")


_OF_NEXT = re.compile(r"\s+of\b")


@handler("duration_vague")
def duration_vague(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
    if not (g.get("pre") or g.get("rel") or g.get("skip")):
        return None
    if (g.get("pre") or "").lower() == "the" and not g.get("rel") and unit not in ("year",):
        return None
    if (g.get("rel") or "").lower() == "the early" and unit == "hour" and _OF_NEXT.match(ctx.text, m.end()):
        return None  # "the early hours of Thursday" is a time of that day, no stretch of hours
    val = Value("DURATION", iso_duration(None, unit), "relative:dct")
    if (g.get("rel") or "").lower() == "recent" and ctx.dct is not None:
        val.interval = _recent_interval(ctx.dct, unit)
    return val


@handler("duration_misc")
def duration_misc(m: re.Match, ctx: Context) -> Value | None:
    return Value("DURATION", "PXM" if m["w"].lower() == "some time" else "PXX")


@handler("duration_long")
def duration_long(m: re.Match, ctx: Context) -> Value | None:
    unit = m["unit"].lower().replace("centuries", "century")
    plural = unit.endswith("s") and not m["num"]
    n = None if plural else (parse_number(m["num"]) if m["num"] else 1)
    return Value("DURATION", iso_duration(n, unit.rstrip("s")))


@handler("set_a")
def set_per_unit(m: re.Match, ctx: Context) -> Value | None:
    return Value("SET", iso_duration(1, m["unit"].lower()))


def _recent_interval(dct: date, unit: str) -> tuple[date, date, str]:
    """'in recent months' -> a fuzzy stretch ending at dct (three units back)."""
    back = {
        "day": timedelta(days=3),
        "week": timedelta(weeks=3),
        "hour": timedelta(days=1),
        "minute": timedelta(days=1),
    }
    if unit in back:
        return dct - back[unit], dct, "fuzzy"
    months = {"month": 3, "year": 36, "decade": 240, "century": 1200}.get(unit, 3)
    return add_months(dct, -months), dct, "fuzzy"


def _plausible_bare_year(text: str, start: int, end: int) -> bool:
    """A bare 4-digit number is a year unless the context says it is a quantity."""
    before = text[max(0, start - 20) : start]
    after = text[end : end + 12]
    if re.search(r"[#$€£¥]\s*$|\bNo\.\s*$|\bNumber\s*$|\broute\s*$|\bflight\s*$", before, re.I):
        return False
    return not re.match(r"\s*(?:-\s*\d|[:/]\d|(?:units|copies|troops|soldiers|people|members|cases)\b)", after)


@handler("quarter")
def quarter(m: re.Match, ctx: Context) -> Value | None:
    g, low, (start, end) = m.groupdict(), m.group().lower(), m.span()
    dct = ctx.dct
    if g.get("q"):
        return Value("DATE", f"{g['year2']}-{g['q'].upper()}")
    ordw = (g.get("ord") or "").lower()
    q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(ordw)
    rel = (g.get("rel") or "").lower()
    rel2 = (g.get("rel2") or "").lower()
    if q is None and not rel and not rel2:
        return None  # a bare "quarter" is usually "a quarter of the vote"
    if rel in ("a", "its", "their") and q is None:
        return None
    if g.get("year"):
        return Value("DATE", f"{g['year']}-Q{q}") if q else Value("DATE", g["year"])
    if dct is None:
        return Value("DATE", f"XXXX-Q{q}" if q else "XXXX-QX", "unresolved")
    cur_q = (dct.month - 1) // 3 + 1
    year = dct.year
    if (
        "last year" in low
        or "year-ago" in low
        or "year-earlier" in low
        or rel2 in ("comparable",)
        or "comparable" in rel
    ):
        year -= 1
    if q is None:
        if rel == "last" or rel == "the previous":
            q, year = (cur_q - 1, year) if cur_q > 1 else (4, year - 1)
        elif rel == "next":
            q, year = (cur_q + 1, year) if cur_q < 4 else (1, year + 1)
        else:
            q = cur_q
        if "year-ago" in low or "comparable" in low or "year-earlier" in low:
            q = cur_q - 1 or 4
        return Value("DATE", f"{year}-Q{q}", "relative:dct")
    if "last year" not in low and "year-ago" not in low and q > cur_q and ctx.direction(start, end) != FUTURE:
        # News reports results for the quarter just closed: Q4 in a Q1 article is last year's.
        year -= 1
    return Value("DATE", f"{year}-Q{q}", "relative:dct")


def _last_season_year(dct: date, code: str) -> int:
    """The year of the latest such season over by the DCT: "last spring" in April is the year
    before's spring (this one is not over), "last winter" in January the winter before the one
    under way, "last fall" in February the fall just past."""
    year = dct.year
    while interval_of(f"{year}-{code}")[1] >= dct:
        year -= 1
    return year


@handler("season")
def season(m: re.Match, ctx: Context) -> Value | None:
    g, (start, end) = m.groupdict(), m.span()
    code = _SEASONS[g["season"].lower()]
    rel = (g.get("rel") or "").lower()
    if g.get("year"):
        year = int(g["year"]) if g["year"].isdigit() else spelled_year(g["year"])
        return Value("DATE", f"{year}-{code}") if year else None
    if not rel:
        return None  # "fall" / "spring" alone are usually verbs or nouns
    dct = ctx.dct
    if dct is None:
        return Value("DATE", f"XXXX-{code}", "unresolved")
    year = dct.year
    first_month = SEASON_MONTHS[code][0]
    if rel in ("last", "this past"):
        year = _last_season_year(dct, code)
    elif rel in ("next", "this coming"):
        year = dct.year + 1 if first_month <= dct.month else dct.year
    elif rel in ("the", "early", "late", "mid"):
        direction = ctx.direction(start, end)
        if direction == PAST and first_month > dct.month:
            year -= 1
    return _modded(f"{year}-{code}", rel, "relative:dct")


@handler("deictic_day")
def deictic_day(m: re.Match, ctx: Context) -> Value | None:
    g, dct = m.groupdict(), ctx.dct
    if dct is None:
        return None
    word = g["word"].lower()
    if word == "tonight":
        return Value("TIME", f"{dct.isoformat()}TNI", "relative:dct")
    d = dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    if g.get("part"):
        return Value("TIME", f"{d.isoformat()}T{_PARTS_OF_DAY[g['part'].lower()]}", "relative:dct")
    return Value("DATE", d.isoformat(), "relative:dct")


@handler("overnight")
def overnight(m: re.Match, ctx: Context) -> Value | None:
    """The night before the reference day, as "last night" (part_of_day) reads it."""
    if ctx.dct is None:
        return None
    night = ctx.dct - timedelta(days=1)
    return Value("TIME", f"{night.isoformat()}T{_PARTS_OF_DAY['night']}", "relative:dct")


@handler("weekday")
def weekday(m: re.Match, ctx: Context) -> Value | None:
    g, (start, end) = m.groupdict(), m.span()
    wd = weekday_of(g["wd"])
    if g.get("plural") or g.get("plural2"):
        part = _PARTS_OF_DAY.get((g.get("part") or "").lower())
        return Value("SET", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""))
    dct = ctx.dct
    part = _PARTS_OF_DAY.get((g.get("part") or "").lower())
    if dct is None:
        return Value("TIME" if part else "DATE", f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else ""), "unresolved")
    rel = (g.get("rel") or "").lower()
    direction = ctx.direction(start, end)
    d = _weekday_date(dct, wd, direction, rel if rel in ("last", "next", "this coming", "this past") else "")
    if g.get("side"):
        # "the day before last Tuesday's hearing": the weekday resolved, then one day off it.
        d += timedelta(days=-1 if g["side"].lower() == "before" else 1)
    if part:
        return Value("TIME", f"{d.isoformat()}T{part}", "relative:dct")
    return Value("DATE", d.isoformat(), "relative:dct")


@handler("clock")
def clock_time(m: re.Match, ctx: Context) -> Value | None:
    g, (start, end) = m.groupdict(), m.span()
    dct = ctx.dct
    if g.get("word"):
        hh, mi = (24, 0) if g["word"].lower() == "midnight" else (12, 0)
    else:
        hh = int(g["h"])
        mi = int(g["mi"] or 0)
        ampm = g["ampm"].lower()
        if ampm.startswith("p") and hh < 12:
            hh += 12
        if ampm.startswith("a") and hh == 12:
            hh = 0
    if hh > 24:
        return None
    if dct is None:
        return Value("TIME", f"XXXX-XX-XXT{hh:02d}:{mi:02d}", "unresolved")
    d = dct
    wd = (g.get("wd") or "").lower()
    if wd in _WEEKDAYS:
        d = _weekday_date(dct, _WEEKDAYS[wd], ctx.direction(start, end))
    elif wd:
        d = dct + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(wd, 0))
    else:
        # "On Friday ... the blast occurred at 10:35 a.m.": the day last named, not the DCT.
        d = narrative_anchor(ctx, "day") or dct
        return Value("TIME", f"{d.isoformat()}T{hh:02d}:{mi:02d}", "relative:text")
    return Value("TIME", f"{d.isoformat()}T{hh:02d}:{mi:02d}", "relative:dct")


@handler("rel_period")
def relative_period(m: re.Match, ctx: Context) -> Value | None:
    g, dct = m.groupdict(), ctx.dct
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    if g["unit"][0].isupper() and g["rel"][0].isupper():
        return None  # "This Week" is a programme title, not a date
    if unit == "century":
        if dct is None:
            return None
        c = dct.year // 100 + (
            -1 if rel in ("last", "the last", "the past", "the previous") else 1 if "next" in rel else 0
        )
        return Value("DATE", f"{c:02d}", "relative:dct")
    step = {"last": -1, "the past": -1, "the previous": -1, "the last": -1, "the preceding": -1,
            "next": 1, "the coming": 1, "the next": 1, "the following": 1}.get(rel, 0)  # fmt: skip
    if rel in ("the same", "the following"):
        return None  # relative to some other time in the text, not to dct
    if dct is None:
        return Value(
            "DATE",
            {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX"}[unit],
            "unresolved",
        )
    if unit in ("week", "weekend"):
        # TimeML week values are ISO weeks (Monday to Sunday): "last week" written on a Sunday
        # is the ISO week before the Sunday's own (TimeBank APW19980301: 1998-W08).
        value = week_value(dct + timedelta(weeks=step)) + ("-WE" if unit == "weekend" else "")
    elif unit == "month":
        d = add_months(dct, step)
        value = f"{d.year}-{d.month:02d}"
    else:
        value = str(dct.year + step)
    return Value("DATE", value, "relative:dct")


# The value a narrative anchor must have to count from it at a granularity: "the next day"
# needs a day, "later that month" a month, "the following year" a year.
_ANCHOR_VALUE_RE = {
    "day": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "week": re.compile(r"(\d{4})-(\d{2})-(\d{2})"),
    "month": re.compile(r"(\d{4})-(\d{2})()"),
    "year": re.compile(r"(\d{4})()()"),
}


def narrative_anchor(ctx: Context, granularity: str) -> date | None:
    """The last date the text itself named, fine enough for `granularity`; else the DCT.

    HeidelTime's reference time: "the next day", "later that year", "two days later" count
    from the narrative's last date ("returned to Cuba in June 1998 ... later that year"),
    not from the day the article was written.
    """
    regex = _ANCHOR_VALUE_RE[granularity]
    for t in reversed(ctx.earlier):
        m = regex.match(t.value) if t.type in ("DATE", "TIME") else None
        if m:
            return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    return ctx.dct


_MONTH_VALUE_RE = re.compile(r"\d{4}-\d{2}$")


def _coarser_month(ctx: Context) -> str | None:
    """The month the text last named when it named no day since ('killed last October ...
    crossed out that same day' is a day of October 1998, not the DCT's week's Thursday)."""
    for t in reversed(ctx.earlier):
        if t.type in ("DATE", "TIME") and re.match(r"\d{4}", t.value):
            return t.value if _MONTH_VALUE_RE.match(t.value) else None
    return None


def calendar_value(d: date, granularity: str) -> str:
    if granularity == "day":
        return d.isoformat()
    if granularity == "week":
        return week_value(d)
    return f"{d.year}-{d.month:02d}" if granularity == "month" else str(d.year)


@handler("narrative_rel")
def narrative_relative(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    rel = (g.get("rel") or "the next").lower()
    unit = (g.get("unit") or g.get("unit_d")).lower()
    granularity = unit if unit in ("week", "month", "year") else "day"
    anchor = narrative_anchor(ctx, granularity)
    if anchor is None:
        return None
    step = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(rel, 0)
    coarse = _coarser_month(ctx) if granularity == "day" and step == 0 else None
    if coarse:
        return Value("DATE", f"{coarse}-XX", "relative:text")
    return Value("DATE", calendar_value(shift(anchor, step, granularity), granularity), "relative:text")


# "before" followed by a noun phrase names the event it counts from ("before the shooting").
_EVENT_AFTER_RE = re.compile(r"\s+(?:the|his|her|its|their|a|an)\s+[a-z]")


@handler("ago")
def ago(m: re.Match, ctx: Context) -> Value | None:
    g, dct = m.groupdict(), ctx.dct
    n = parse_number(g["num"])
    unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
    direction = -1 if g["dir"].lower() in ("ago", "earlier", "before") else 1
    if unit not in _UNITS:
        return None
    if dct is None:
        return Value("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", "unresolved")
    if n is None:
        # "a few years ago": the decade/year digit is unknown.
        if unit == "year":
            return Value("DATE", f"{str(dct.year)[:3]}X", "relative:dct")
        return Value("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", "relative:dct")
    k = direction * n
    if g["dir"].lower() == "before" and _EVENT_AFTER_RE.match(ctx.text, m.end()):
        # "ten days before the shooting" counts from the shooting, whose date is not ours to
        # know: the amount is what the text gives, and no later expression may count from it.
        return Value("DURATION", iso_duration(n, unit))
    if g["dir"].lower() in ("later", "earlier") and unit in ("second", "minute", "hour"):
        # "an hour later" counts from a clock time of the story, which a day-level reference
        # cannot place: the amount is what the text gives (TimeBank "a minute and a half later",
        # AQUAINT "over an hour later": DURATION), never the DCT's day.
        return Value("DURATION", iso_duration(n, unit))
    if g["dir"].lower() in ("later", "earlier") and unit in ("day", "week", "month", "year"):
        # "two days later" counts from the narrative's last date, "two days ago" from the DCT.
        anchor = narrative_anchor(ctx, unit)
        return Value("DATE", calendar_value(shift(anchor, k, unit), unit), "relative:text")
    if unit in ("second", "minute", "hour"):
        hours = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1}[unit] * abs(k)
        d = dct - timedelta(days=int(hours // 24)) if direction < 0 else dct + timedelta(days=int(hours // 24))
        # A day-level dct cannot place "5 hours ago" inside a day: the interval
        # covers the day before as well when the hours could cross midnight.
        lo, hi = (d - timedelta(days=1), d) if direction < 0 else (d, d + timedelta(days=1))
        return Value("TIME", d.isoformat(), "relative:dct", interval=(lo, hi, "fuzzy"))
    if unit == "day":
        return Value("DATE", (dct + timedelta(days=int(k))).isoformat(), "relative:dct")
    if unit in ("week", "weekend"):
        return Value("DATE", week_value(dct + timedelta(weeks=int(k))), "relative:dct")
    if unit == "month":
        d = add_months(dct, int(k))
        return Value("DATE", f"{d.year}-{d.month:02d}", "relative:dct")
    if unit == "quarter":
        d = add_months(dct, int(3 * k))
        return Value("DATE", f"{d.year}-Q{(d.month - 1) // 3 + 1}", "relative:dct")
    if unit == "year":
        return Value("DATE", year_value(dct.year + int(k)), "relative:dct")
    if unit == "decade":
        return Value("DATE", str((dct.year + int(10 * k)) // 10), "relative:dct")
    return Value("DATE", f"{(dct.year + int(100 * k)) // 100:02d}", "relative:dct")


@handler("end_of")
def end_of(m: re.Match, ctx: Context) -> Value | None:
    g, (start, end) = m.groupdict(), m.span()
    dct = ctx.dct
    which = g["which"].lower()
    if g.get("year"):
        year, mon = int(g["year"]), None
    elif g.get("mon"):
        mon = month_of(g["mon"])
        if g.get("year2"):
            year = int(g["year2"])
        elif dct is not None:
            year = _nearest_month(dct, mon, ctx.direction(start, end))
        else:
            return None
    elif dct is not None:
        unit = g["unit"].lower()
        if unit == "year":
            year, mon = dct.year, None
        elif unit == "month":
            year, mon = dct.year, dct.month
        elif unit == "week":
            return Value("DATE", week_value(dct), "relative:dct")
        else:
            return Value("DATE", str(dct.year // 10), "relative:dct")
    else:
        return None
    value = f"{year}-{mon:02d}" if mon else str(year)
    if g.get("lead") and which == "the end":
        # "Hours before the end of 2021" is the last day of the period.
        last = month_end(year, mon) if mon else date(year, 12, 31)
        return Value("DATE", last.isoformat(), "absolute" if g.get("year") or g.get("year2") else "relative:dct")
    return _modded(value, which)


@handler("duration")
def duration(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    num_text = g["num"].lower()
    unit = g["unit"].lower().rstrip("s").replace("centurie", "century")
    if unit not in _UNITS:
        return None
    if g.get("old") and unit == "year" and num_text not in ("a", "an"):
        # "a 6-year-old boy", "37 years old": a person's age is not a TimeML duration. Ages in
        # months or weeks are mostly of things ("an 8-month-old truce") and stay.
        return None
    n = parse_number(num_text)
    if g.get("half") and n is not None:
        n += 0.5
    if num_text in ("a", "an") and unit == "second":
        return None  # "a second term"
    if g["unit"][0].isupper() and not g["unit"].isupper() and num_text[0].isdigit():
        return None  # a title-cased unit after digits names something: CBS's "60 Minutes", "48 Hours"
    if num_text in ("many", "several", "a few", "few", "a couple of", "couple of"):
        n = 2 if "couple" in num_text else None
    if num_text.replace(".", "").isdigit() and g.get("the") is None and unit == "year" and n and n > 1000:
        return None
    rel = (g.get("rel") or "").lower()
    val = Value("DURATION", iso_duration(n, unit))
    if (
        rel in ("last", "past", "recent", "previous")
        and ctx.dct is not None
        and n is not None
        and unit in ("day", "week", "month", "year", "hour")
    ):
        # "the last twenty four hours": a stretch ending at dct.
        lo = shift(ctx.dct, -n, unit)
        val.interval = (lo, ctx.dct, "fuzzy")
        val.basis = "relative:dct"
    elif (
        rel in ("next", "coming", "following")
        and ctx.dct is not None
        and n is not None
        and unit in ("day", "week", "month", "year")
    ):
        val.interval = (ctx.dct, shift(ctx.dct, n, unit), "fuzzy")
        val.basis = "relative:dct"
    return val


@handler("set")
def recurring_set(m: re.Match, ctx: Context) -> Value | None:
    g = m.groupdict()
    if g.get("adv"):
        return Value("SET", _SET_ADVERBS[g["adv"].lower()])
    unit = g["unit"]
    lu = unit.lower().rstrip(".")
    num = g.get("num")
    if lu in _WEEKDAYS and unit[0].isupper():
        return Value("SET", f"XXXX-WXX-{_WEEKDAYS[lu] + 1}")
    if lu in _MONTHS and unit[0].isupper():
        return Value("SET", f"XXXX-{_MONTHS[lu]:02d}")
    if lu in _PARTS_OF_DAY:
        return Value("SET", f"XXXX-XX-XXT{_PARTS_OF_DAY[lu]}")
    base = lu.rstrip("s")
    if base not in _UNITS:
        return None
    n = 2 if (num or "").lower() == "other" else (parse_number(num) if num else 1)
    return Value("SET", iso_duration(n, base))

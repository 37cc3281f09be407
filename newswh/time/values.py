"""Calendar arithmetic and TimeML values: intervals of values, ISO durations, numbers in words."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta

from newswh.time.tense import FUTURE, PAST
from newswh.time.vocabulary import VOCABULARY, WEEKDAYS, month_number

_UNITS = VOCABULARY.units
_ONES = VOCABULARY.ones
_TENS = VOCABULARY.tens
SEASON_MONTHS = VOCABULARY.season_months


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# An untensed date is read forward only if it is this many times nearer ahead than behind: news
# looks back more often than ahead ("since the Oct. 23 slaying" half a year either way is the past one).
FUTURE_LEAN = 2


def month_day_in(year: int, month: int, day: int) -> date | None:
    """month/day in that year, or None (February 29 of a common year)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def on_side(d: date, anchor: date, direction: int) -> bool:
    """Whether d lies on the tense's side of anchor: the past reaches the day after anchor (a
    document dated the evening before its news), the future starts at anchor; no tense takes both."""
    if direction == PAST:
        return d <= anchor + timedelta(days=1)
    if direction == FUTURE:
        return d >= anchor
    return True


def leaned_distance(anchor: date, d: date) -> timedelta:
    """How far d is from anchor, a day ahead counting FUTURE_LEAN days behind."""
    return (d - anchor) * FUTURE_LEAN if d > anchor else anchor - d


def nearest_on_weekday(
    anchor: date, month: int, day: int, weekday: int, years: Iterable[int], direction: int
) -> date | None:
    """The month/day of one of `years` that falls on `weekday` (0 = Monday), on the direction's
    side of anchor and nearest it by leaned_distance (the earlier year on a tie), or None.

    A weekday fixes the year of a year-less date (HeidelTime's lesson): the tagger asks it around
    the DCT, the document dater from a bound the content set.
    """
    days = (month_day_in(year, month, day) for year in years)
    agreeing = [d for d in days if d is not None and d.weekday() == weekday and on_side(d, anchor, direction)]
    return min(agreeing, key=lambda d: leaned_distance(anchor, d), default=None)


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def interval_of(value: str) -> tuple[date | None, date | None, str | None]:
    """Inclusive calendar interval and precision of a TimeML DATE/TIME value."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$", value)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    m = re.match(r"^(\d{4})-W(\d{2})(-WE)?$", value)
    if m:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + timedelta(days=5), monday + timedelta(days=6), "week"
        return monday, monday + timedelta(days=6), "week"
    m = re.match(r"^(?:FY)?(\d{4})-(\d{2})$", value)
    if m:
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), month_end(y, mo), "month"
    m = re.match(r"^(\d{4})-Q([1-4])$", value)
    if m:
        y, q = int(m[1]), int(m[2])
        return date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter"
    m = re.match(r"^(\d{4})-H([12])$", value)
    if m:
        y, h = int(m[1]), int(m[2])
        return date(y, 6 * h - 5, 1), month_end(y, 6 * h), "fuzzy"
    m = re.match(r"^(\d{4})-(SP|SU|FA|WI)$", value)
    if m:
        y, (a, b) = int(m[1]), SEASON_MONTHS[m[2]]
        return date(y, a, 1), month_end(y + (1 if b < a else 0), b), "season"
    m = re.match(r"^(?:FY)?(\d{4})$", value)
    if m:
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31), "year"
    m = re.match(r"^(\d{3})$", value)
    if m:
        y = int(m[1]) * 10
        return date(y, 1, 1), date(y + 9, 12, 31), "decade"
    m = re.match(r"^(\d{2})$", value)
    if m:
        y = int(m[1]) * 100
        return date(max(y, 1), 1, 1), date(y + 99, 12, 31), "fuzzy"
    return None, None, None


def iso_duration(n: float | None, unit: str) -> str:
    """P3M, PT5H, PXY ... (X when the amount is vague)."""
    code, is_time = _UNITS[unit]
    if code == "WE":
        code, is_time = "WE", False
    if code == "DE":
        code, n = "Y", None if n is None else n * 10
    elif code == "CE":
        code, n = "Y", None if n is None else n * 100
    elif code == "Q":
        code, n = "M", None if n is None else n * 3
    if n is None:
        amount = "X"
    elif code == "H" and is_time and n == 24:
        # "twenty four hours" is the idiom for a day (TimeBank: P1D); other counts keep
        # their unit ("at least 72 hours" PT72H in AQUAINT, "48 hours" is no "2 days").
        return "P1D"
    elif float(n).is_integer():
        amount = str(int(n))
    else:
        whole = int(n)
        if code == "Y":
            return f"P{whole}Y{round((n - whole) * 12)}M" if whole else f"P{round(n * 12)}M"
        if code == "D" and not is_time:
            return f"P{whole}DT{round((n - whole) * 24)}H" if whole else f"PT{round(n * 24)}H"
        if is_time and code in ("H", "M"):
            # "5 1/2 hours" -> PT5H30M: TimeML writes the fraction in the next smaller unit.
            smaller = "M" if code == "H" else "S"
            rest = round((n - whole) * 60)
            return f"PT{whole}{code}{rest}{smaller}" if whole else f"PT{rest}{smaller}"
        amount = str(n)
    return f"PT{amount}{code}" if is_time else f"P{amount}{code}"


def year_value(year: int) -> str:
    """A TimeML year: four digits ("0998"), and before year 1 "BC" with the year BC
    ("two thousand years ago" read in 1998 is 3 BC: "BC0003"; there is no year 0)."""
    return f"{year:04d}" if year >= 1 else f"BC{1 - year:04d}"


def parse_number(text: str) -> float | None:
    """'twenty four' -> 24, 'a' -> 1, '2 1/2' -> 2.5, 'several' -> None (vague)."""
    t = text.lower().strip().replace("-", " ")
    t = re.sub(r"\s+", " ", t)
    if t in ("a", "an", "one"):
        return 1.0
    if t in ("a dozen", "dozen"):
        return 12.0
    if t in ("a hundred", "hundred"):
        return 100.0
    half = 0.0
    if t.endswith(" and a half"):
        half, t = 0.5, t[: -len(" and a half")]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        return float(t.replace(",", "")) + half  # "2,000 years": the comma groups thousands
    if t.endswith(" thousand"):
        # "two thousand years", "a thousand years": the amount before it, in thousands.
        lead = parse_number(t[: -len(" thousand")])
        return lead * 1000 + half if lead else None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (\d)/(\d))?", t)
    if m:
        return float(m[1]) + (int(m[2]) / int(m[3]) if m[2] else 0.0)
    parts = t.split(" ")
    total = 0
    for p in parts:
        if p in _TENS:
            total += _TENS[p]
        elif p in _ONES:
            total += _ONES[p]
        else:
            return None
    return total + half if total else None


def spelled_year(text: str) -> int | None:
    t = text.lower().replace("-", " ")
    t = re.sub(r"^the year ", "", t)
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        n = parse_number(rest) if rest else 0
        return None if n is None else 2000 + int(n)
    words = t.split()
    if len(words) < 2:
        return None
    century = {"nineteen": 19, "twenty": 20}.get(words[0])
    if century is None:
        return None
    if words[1] == "hundred":
        return century * 100
    rest = parse_number(" ".join(words[1:]))
    return None if rest is None else century * 100 + int(rest)


def month_of(token: str) -> int:
    return month_number(token)


def weekday_of(token: str) -> int:
    return WEEKDAYS[token.lower().rstrip(".")]


def day_of(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def shift(d: date, n: float, unit: str) -> date:
    if unit == "hour":
        return d + timedelta(days=int(n // 24))
    if unit == "day":
        return d + timedelta(days=int(n))
    if unit == "week":
        return d + timedelta(weeks=int(n))
    if unit == "month":
        return add_months(d, int(n))
    return add_months(d, int(12 * n))

"""The day a page's URL path carries ("/2016/04/04/", "/2017/dec/31/", "/20190312/").

The forms are data (resources/url_dates.yaml, each with tested examples); `url_date(url)` tries
them in order on the URL's path and returns the first real calendar day within the configured
years, or None. The host and the query string are never read: a number there is an id.
`image_date(url)` reads a lead image's address: its path's day, else the upload stamp its file
name carries (Unix time, a short date; `image_stamps` in the same file). When no form reads a
day, a time-based UUID (RFC 4122 version 1) in the path gives the day it was minted: content
systems name articles with one ("/article_5a984248-ea63-11e7-b6b4-e7a0448030c5.html"; `uuid_v1`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import yaml

from newswh.time.vocabulary import MONTH_NAMES, month_by_prefix

RULES_FILE = Path(__file__).parent / "resources" / "url_dates.yaml"


@dataclass(frozen=True)
class UrlForm:
    name: str
    regex: re.Pattern
    examples: tuple[dict, ...]


def _month_word() -> str:
    names = [n.lower() for n in MONTH_NAMES]
    return "(?:" + "|".join(sorted({*names, *(n[:3] for n in names), "sept"}, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def load_forms() -> tuple[tuple[UrlForm, ...], tuple[int, int]]:
    """The forms of url_dates.yaml, compiled, and the (first, last) year a URL date may have."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    month_word = _month_word()
    forms = tuple(
        UrlForm(f["name"], re.compile(f["pattern"].replace("{MONTH_WORD}", month_word), re.I), tuple(f["examples"]))
        for f in raw["forms"]
    )
    first, last = raw["years"]
    return forms, (int(first), int(last))


def _day(m: re.Match, years: tuple[int, int]) -> date | None:
    year = int(m["year"])
    groups = m.groupdict()
    month = int(groups["month"]) if groups.get("month") else month_by_prefix(groups.get("mon") or "")
    if month is None or not years[0] <= year <= years[1]:
        return None
    try:
        return date(year, month, int(m["day"]))
    except ValueError:
        return None


def url_date_with_form(url: str | None) -> tuple[date, str] | None:
    """(day, form name) of the first form that reads a real day from URL's path."""
    if not url:
        return None
    path = urlsplit(url.strip()).path
    forms, years = load_forms()
    for form in forms:
        for m in form.regex.finditer(path):
            d = _day(m, years)
            if d is not None:
                return d, form.name
    minted = uuid_v1_date(path)
    return (minted, "uuid_v1") if minted is not None else None


# RFC 4122: a version-1 UUID counts 100-nanosecond ticks since the Gregorian reform, in UTC.
_UUID_EPOCH = datetime(1582, 10, 15, tzinfo=UTC)


@lru_cache(maxsize=1)
def load_uuid_v1() -> tuple[re.Pattern, tuple[dict, ...]]:
    """The uuid_v1 pattern of url_dates.yaml and its examples."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["uuid_v1"]
    return re.compile(raw["pattern"], re.I), tuple(raw["examples"])


def uuid_v1_date(path: str) -> date | None:
    """The UTC day the first version-1 UUID in PATH was minted (within the configured years), or None."""
    pattern, _examples = load_uuid_v1()
    for m in pattern.finditer(path):
        ticks = int(m["hi"] + m["mid"] + m["low"], 16)
        day = _in_years((_UUID_EPOCH + timedelta(microseconds=ticks // 10)).date())
        if day is not None:
            return day
    return None


def url_date(url: str | None) -> date | None:
    """The day URL's path carries, or None."""
    found = url_date_with_form(url)
    return found[0] if found else None


class ImageStamps(NamedTuple):
    unix_time: re.Pattern
    short_date: re.Pattern
    examples: tuple[dict, ...]
    php_uniqid: re.Pattern


@lru_cache(maxsize=1)
def load_image_stamps() -> ImageStamps:
    """The patterns of url_dates.yaml's image_stamps and their examples."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["image_stamps"]
    return ImageStamps(
        re.compile(raw["unix_time"]),
        re.compile(raw["short_date"]),
        tuple(raw["examples"]),
        re.compile(raw["php_uniqid"]),
    )


def _in_years(d: date | None) -> date | None:
    first, last = load_forms()[1]
    return d if d is not None and first <= d.year <= last else None


def _unix_day(m: re.Match) -> date | None:
    return _in_years(datetime.fromtimestamp(int(m["seconds"]), UTC).date())


def _short_days(digits: str) -> set[date]:
    """Every real day DIGITS reads as: YYMMDD or MMDDYY (six digits), YYMMDDhhmmss (twelve)."""
    if len(digits) == 12:
        hh, mm, ss = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        if hh > 23 or mm > 59 or ss > 59:
            return set()
        readings = [(digits[0:2], digits[2:4], digits[4:6])]
    else:
        readings = [(digits[0:2], digits[2:4], digits[4:6]), (digits[4:6], digits[0:2], digits[2:4])]
    days = set()
    for yy, mo, dd in readings:
        try:
            day = _in_years(date(2000 + int(yy), int(mo), int(dd)))
        except ValueError:
            continue
        if day is not None:
            days.add(day)
    return days


def image_stamp_date(url: str | None) -> date | None:
    """The upload day a lead image's file name carries: a Unix stamp (also in hex, PHP's uniqid), else a
    short date read one way only."""
    if not url:
        return None
    path = urlsplit(url.strip()).path
    stamps = load_image_stamps()
    for m in stamps.unix_time.finditer(path):
        day = _unix_day(m)
        if day is not None:
            return day
    name = path.rsplit("/", 1)[-1]
    for m in stamps.php_uniqid.finditer(name):
        day = _in_years(datetime.fromtimestamp(int(m["seconds"], 16), UTC).date())
        if day is not None:
            return day
    for m in stamps.short_date.finditer(name):
        days = _short_days(m["digits"])
        if len(days) == 1:
            return days.pop()
    return None


def image_date(url: str | None) -> date | None:
    """The day a lead image's address carries: its path's day, else its file name's upload stamp."""
    return url_date(url) or image_stamp_date(url)


__all__ = [
    "image_date",
    "image_stamp_date",
    "load_forms",
    "load_image_stamps",
    "load_uuid_v1",
    "url_date",
    "url_date_with_form",
    "uuid_v1_date",
]

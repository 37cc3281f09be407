"""The day a page's URL path carries ("/2016/04/04/", "/2017/dec/31/", "/20190312/").

The forms are data (resources/url_dates.yaml, each with tested examples); `url_date(url)` tries
them in order on the URL's path and returns the first real calendar day within the configured
years, or None. The host and the query string are never read: a number there is an id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
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
    return None


def url_date(url: str | None) -> date | None:
    """The day URL's path carries, or None."""
    found = url_date_with_form(url)
    return found[0] if found else None


__all__ = ["load_forms", "url_date", "url_date_with_form"]

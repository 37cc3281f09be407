"""Reading a news dateline ("KABUL, Afghanistan (Jan. 25, 2013)", "MOSCOW, July 3 (Reuters) -").

A dateline states where and when a report was filed. Its date is the article's own date, so it
is read before the line leaves the body as furniture; its place is kept for geolocation. The
forms are data (`resources/datelines.yaml`, documented in `resources/README.md`); this module
only compiles them and checks what they capture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from newswh.time.vocabulary import MONTHS, WEEKDAYS

RESOURCE = Path(__file__).resolve().parent / "resources" / "datelines.yaml"
_GENERATED = {
    "MONTH": "(?i:" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?",
    "DASH_CHARS": "\\-\u2013\u2014\u2212",
}
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# What may follow a dateline that opens a paragraph: the report's first word or quotation.
_REPORT_START = re.compile(r"\s*[A-Z\"“‘'0-9]")
_HEADER_YEAR_MONTH = re.compile(r"\b((?:19|20)\d\d)(?:[-/](0[1-9]|1[0-2])\b)?")


@dataclass(frozen=True)
class Dateline:
    text: str  # the dateline as written, without its trailing dash
    end: int  # where the report starts in the line it was read from
    form: str
    place: str
    region: str | None = None
    agency: str | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None

    @property
    def place_text(self) -> str:
        """Place as written with its region ("KABUL, Afghanistan"), for a later geolocation step."""
        return f"{self.place}, {self.region}" if self.region else self.place

    def date(self, hint: tuple[int, int | None] | None = None) -> date | None:
        """The stated day; a dateline without a year takes the year that puts it nearest the hint."""
        if self.month is None or self.day is None:
            return None
        if self.year is not None:
            return _safe_date(self.year, self.month, self.day)
        if hint is None:
            return None
        year, month = hint
        if month is None:
            return _safe_date(year, self.month, self.day)
        target = date(year, month, 15)
        candidates = [d for y in (year - 1, year, year + 1) if (d := _safe_date(y, self.month, self.day))]
        return min(candidates, key=lambda d: abs((d - target).days), default=None)


@dataclass(frozen=True)
class _Form:
    name: str
    regex: re.Pattern[str]
    examples: tuple[dict, ...]


@dataclass(frozen=True)
class DatelineRules:
    forms: tuple[_Form, ...]
    not_places: frozenset[str]
    headline: _Form | None = None
    issue_headline: _Form | None = None
    # Words that, just before a headline's closing date, make it an event's day ("... on May 5, 2022").
    issue_not_after: frozenset[str] = frozenset()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _expand(text: str, pieces: dict[str, str], seen: tuple[str, ...] = ()) -> str:
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _GENERATED:
            return _GENERATED[name]
        if name not in pieces:
            raise ValueError(f"datelines.yaml: unknown piece {{{name}}}")
        if name in seen:
            raise ValueError(f"datelines.yaml: pieces refer to each other in a cycle: {' -> '.join((*seen, name))}")
        return _expand(pieces[name], pieces, (*seen, name))

    return _PLACEHOLDER.sub(one, text)


@lru_cache(maxsize=4)
def load_dateline_rules(path: Path = RESOURCE) -> DatelineRules:
    """Compile the dateline forms; a generated piece written in the file is refused."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pieces: dict[str, str] = data.get("pieces") or {}
    if clash := sorted(set(pieces) & set(_GENERATED)):
        raise ValueError(f"datelines.yaml: pieces {clash} are generated; do not write them")
    forms = []
    for record in data["forms"]:
        if not record.get("examples"):
            raise ValueError(f"datelines.yaml: form {record['name']} has no examples")
        regex = re.compile(_expand(record["pattern"], pieces))
        forms.append(_Form(record["name"], regex, tuple(record["examples"])))
    refused = {w.lower() for w in data.get("not_places") or []} | set(MONTHS) | set(WEEKDAYS)
    issue = data.get("headline_issue_date") or {}
    return DatelineRules(
        tuple(forms),
        frozenset(refused),
        _headline_form("headline_date", data.get("headline_date"), pieces),
        _headline_form("headline_issue_date", issue or None, pieces),
        frozenset(str(w).lower() for w in issue.get("not_after") or []),
    )


def _headline_form(name: str, record: dict | None, pieces: dict[str, str]) -> _Form | None:
    if not record:
        return None
    return _Form(name, re.compile(_expand(record["pattern"], pieces)), tuple(record["examples"]))


def parse_dateline(line: str, *, whole_line: bool = True, rules: DatelineRules | None = None) -> Dateline | None:
    """The dateline that is LINE (whole_line) or that opens it, else None."""
    rules = rules or load_dateline_rules()
    for form in rules.forms:
        found = _match_form(form, line, whole_line)
        if found is not None and _plausible(found, rules):
            return found
    return None


def _match_form(form: _Form, line: str, whole_line: bool) -> Dateline | None:
    m = form.regex.fullmatch(line.rstrip()) if whole_line else form.regex.match(line)
    if m is None or (not whole_line and not _REPORT_START.match(line, m.end())):
        return None
    groups = m.groupdict()
    day_text = groups.get("day") or groups.get("day_first")
    if groups.get("mon") and (day_text is None or (groups.get("day") and groups.get("day_first"))):
        return None  # a month with no day, or two days: not a dateline date
    month = MONTHS[groups["mon"].lower().rstrip(".")] if groups.get("mon") else None
    return Dateline(
        text=m.group(0).rstrip(" \u2013\u2014\u2212-").rstrip(),
        end=m.end(),
        form=form.name,
        place=groups["place"],
        region=groups.get("region"),
        agency=groups.get("agency"),
        month=month,
        day=int(day_text) if day_text else None,
        year=int(groups["year"]) if groups.get("year") else None,
    )


def parse_headline_date(title: str | None, rules: DatelineRules | None = None) -> Dateline | None:
    """The day a headline opens with ("Dec. 6: Operations Conducted in ..."), else the full date of
    the issue it ends with ("... Operational Update June 13, 2011"), as a placeless Dateline."""
    rules = rules or load_dateline_rules()
    m = rules.headline.regex.match(title) if title and rules.headline else None
    if m is None:
        return _issue_date(title, rules)
    month = MONTHS[m.group("mon").lower().rstrip(".")]
    year = int(m.group("year")) if m.group("year") else None
    if _safe_date(year or 2000, month, int(m.group("day"))) is None:
        return None
    return Dateline(
        m.group(0)[:-1].rstrip().rstrip(":"),
        m.end() - 1,
        "headline_date",
        "",
        month=month,
        day=int(m.group("day")),
        year=year,
    )


def _issue_date(title: str | None, rules: DatelineRules) -> Dateline | None:
    """The dated issue a headline ends with, unless a preposition makes the date an event's."""
    m = rules.issue_headline.regex.fullmatch(title.strip()) if title and rules.issue_headline else None
    if m is None or m.group("lead").split()[-1].lower().strip(",") in rules.issue_not_after:
        return None
    month, day, year = MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day")), int(m.group("year"))
    if _safe_date(year, month, day) is None:
        return None
    text = title.strip()[m.end("lead") :].strip(" ,")
    return Dateline(text, m.end(), "headline_issue_date", "", month=month, day=day, year=year)


def _plausible(found: Dateline, rules: DatelineRules) -> bool:
    """A place (or agency) that is a common word, a weekday or a month, or an impossible day, is no dateline."""
    first_word = found.place.split()[0].lower().rstrip(".")
    if first_word in rules.not_places or found.place.lower() in rules.not_places:
        return False
    if found.agency and found.agency.lower().rstrip(".") in rules.not_places:
        return False
    if found.month is not None and found.day is not None:
        return _safe_date(found.year or 2000, found.month, found.day) is not None
    return True


def header_year_hint(lines: list[str]) -> tuple[int, int | None] | None:
    """The first year (with its month, when written "2012-04") in the page's header lines."""
    for line in lines:
        if m := _HEADER_YEAR_MONTH.search(line):
            return int(m.group(1)), int(m.group(2)) if m.group(2) else None
    return None


__all__ = [
    "Dateline",
    "DatelineRules",
    "header_year_hint",
    "load_dateline_rules",
    "parse_dateline",
    "parse_headline_date",
]

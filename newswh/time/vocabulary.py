"""The English time vocabulary (resources/english/vocabulary.yaml) as Python tables.

Month and weekday names, numbers in words, units, seasons and parts of day are written
once, in the resource file; the tagger, the document-date inference and the printed-date
parser read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).resolve().parent / "resources"
ENGLISH = RESOURCES / "english"


@dataclass(frozen=True)
class Named:
    """A month or weekday: its number and how it is written."""

    number: int
    name: str
    abbreviations: tuple[str, ...]
    abbreviation_needs_dot: bool = False
    also_a_verb: bool = False

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.abbreviations)


@dataclass(frozen=True)
class Holiday:
    """A named day: a fixed month-day, or the nth weekday of a month on or after from_day."""

    forms: tuple[str, ...]
    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int = 1
    from_day: int = 1


@dataclass(frozen=True)
class Vocabulary:
    months: tuple[Named, ...]
    weekdays: tuple[Named, ...]
    ones: dict[str, int]
    tens: dict[str, int]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    units: dict[str, tuple[str, bool]]
    seasons: dict[str, str]
    season_months: dict[str, tuple[int, int]]
    parts_of_day: dict[str, str]
    set_adverbs: dict[str, str]
    holidays: tuple[Holiday, ...] = ()
    # Years from the DCT's within which a weekday may move a year-less month-day (vocabulary.yaml).
    weekday_year_window: int = 1

    def table(self, name: str) -> dict[str, Any]:
        """A word table by name (months and weekdays map every lower-case form to its number)."""
        if name in ("months", "weekdays"):
            return {f.lower(): n.number for n in getattr(self, name) for f in n.forms}
        value = getattr(self, name, None)
        if not isinstance(value, dict):
            raise KeyError(name)
        return value


def _named(rows: list[dict]) -> tuple[Named, ...]:
    return tuple(
        Named(
            number=int(r["number"]),
            name=r["name"],
            abbreviations=tuple(r.get("abbreviations") or ()),
            abbreviation_needs_dot=bool(r.get("abbreviation_needs_dot")),
            also_a_verb=bool(r.get("also_a_verb")),
        )
        for r in rows
    )


def load_vocabulary(folder: Path = ENGLISH) -> Vocabulary:
    raw = yaml.safe_load((Path(folder) / "vocabulary.yaml").read_text(encoding="utf-8"))
    return Vocabulary(
        months=_named(raw["months"]),
        weekdays=_named(raw["weekdays"]),
        ones={str(k): int(v) for k, v in raw["ones"].items()},
        tens={str(k): int(v) for k, v in raw["tens"].items()},
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        decade_words={str(k): int(v) for k, v in raw["decade_words"].items()},
        units={str(k): (str(v["code"]), bool(v["time"])) for k, v in raw["units"].items()},
        seasons={str(k): str(v) for k, v in raw["seasons"].items()},
        season_months={str(k): (int(v[0]), int(v[1])) for k, v in raw["season_months"].items()},
        parts_of_day={str(k): str(v) for k, v in raw["parts_of_day"].items()},
        set_adverbs={str(k): str(v) for k, v in raw["set_adverbs"].items()},
        holidays=tuple(_holiday(r) for r in raw.get("holidays") or ()),
        weekday_year_window=int(raw["weekday_year_window"]),
    )


def _holiday(row: dict) -> Holiday:
    return Holiday(
        forms=tuple(str(f) for f in row["forms"]),
        month=int(row["month"]),
        day=int(row["day"]) if "day" in row else None,
        weekday=int(row["weekday"]) if "weekday" in row else None,
        nth=int(row.get("nth", 1)),
        from_day=int(row.get("from_day", 1)),
    )


VOCABULARY = load_vocabulary()

# Every lower-case written form of a month ("january", "jan", "sept") -> 1..12.
MONTHS: dict[str, int] = VOCABULARY.table("months")
# Every lower-case written form of a weekday ("thurs") -> 0..6, Monday = 0.
WEEKDAYS: dict[str, int] = VOCABULARY.table("weekdays")
MONTH_NAMES: tuple[str, ...] = tuple(m.name for m in VOCABULARY.months)
WEEKDAY_NAMES: tuple[str, ...] = tuple(w.name for w in VOCABULARY.weekdays)


def month_number(token: str) -> int:
    """'Sept.' -> 9 (KeyError for anything that is not a month)."""
    return MONTHS[token.lower().rstrip(".")]


_MONTH_PREFIXES = {f[:3]: n for f, n in MONTHS.items()}
_WEEKDAY_PREFIXES = {f[:3]: n for f, n in WEEKDAYS.items()}


def month_by_prefix(token: str) -> int | None:
    """'Septembre' -> 9: months by their first three letters, for loosely written dates."""
    return _MONTH_PREFIXES.get(token.lower()[:3])


def weekday_by_prefix(token: str) -> int | None:
    return _WEEKDAY_PREFIXES.get(token.lower()[:3])


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of literal words, longest first so that no word hides a longer one."""
    return "|".join(sorted(words, key=len, reverse=True))


__all__ = [
    "ENGLISH",
    "MONTHS",
    "MONTH_NAMES",
    "RESOURCES",
    "VOCABULARY",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "Named",
    "Vocabulary",
    "alternation",
    "load_vocabulary",
    "month_by_prefix",
    "month_number",
    "weekday_by_prefix",
]

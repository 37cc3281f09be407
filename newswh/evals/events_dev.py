"""Scoring the warehouse's violent events against a hand-labelled dev set (pure functions).

The dev set (`../shared/events_dev/isaf_dev.jsonl`, see its README) holds press releases, each
`{"text", "gold"}`; the gold gives the operation's day (`start_date`) and lower bounds of the
people killed and captured. Per release:

* `event_detect`: the warehouse holds an asserted event of CAMEO root 17-20 from the release;
* `date_exact`: one such event is dated exactly the gold `start_date` at day precision;
* `dct_acc`: the release's published_date equals its dateline's day. The gold has no dateline
  field, so the dateline is read from the text here, with a pattern of its own (not the
  pipeline's parser, which is what is being measured); releases without one are not scored;
* `killed` / `captured`: the release's events' num_killed / num_detained sum to the gold
  min_killed / min_captured (not scored when the warehouse has no count columns);
* `province`: one such event is located (`location_admin1`) in a gold province. Names are
  compared as the places gazetteer reads them, so "paktya" is Paktia by the alternate names of
  seeds/reference/places.csv; releases whose gold names no province ("??") are not scored.

Releases split deterministically into a tune half and a check half by a hash of the text,
so that a change tuned on one half is checked on the other.

A date_exact miss is given a reason (`date_miss_reason`), so that the misses dating could fix are
told from those no honest rule can: `stated_day_missed` (a time expression of the report, after
the dateline, denotes the gold day at day precision, yet no violent event took it),
`no_publication_day` (nothing states the gold day and the release has no publication date for
"yesterday" to resolve against) and `day_not_stated` (the release has a publication date, but no
expression of its report denotes the gold day: the gold disagrees with the text, or the text
gives no day for the event, which the dateline convention dates only to a window).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from newswh.places.gazetteer import fold, load_gazetteer
from newswh.time.vocabulary import month_by_prefix

VIOLENT_ROOTS = frozenset({"17", "18", "19", "20"})
METRICS = ("event_detect", "date_exact", "dct_acc", "killed", "captured", "province")
# The targets of issue 10 on the dev set, and issue 13's for the province.
TARGETS = {
    "event_detect": 0.95,
    "date_exact": 0.90,
    "dct_acc": 0.99,
    "killed": 0.85,
    "captured": 0.85,
    "province": 0.90,
}
SPLITS = ("tune", "check")

# "KABUL, Afghanistan (Jan. 25, 2013)" and "(Jan. 28)": the dateline these releases print. The
# pattern is the gold's own, independent of the pipeline's dateline rules; month names come from
# the one month vocabulary (newswh.time.vocabulary), as they are calendar facts, not rules.
_GOLD_DATELINE = re.compile(r"[A-Z]{3,}, Afghanistan \(([A-Z][a-z]{2})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?\)")
# A release number ("2012-04-S-053") gives the year (and month) a dateline leaves out.
_RELEASE_NUMBER = re.compile(r"\b(20\d\d)-(\d\d)-[A-Z]{1,3}-\d+")


@dataclass(frozen=True)
class PredictedEvent:
    """One event the warehouse holds for a release."""

    root_code: str | None
    modality: str
    date_start: date | None
    date_end: date | None
    precision: str | None
    num_killed: int | None = None
    num_detained: int | None = None
    location_admin1: str | None = None


@dataclass(frozen=True)
class Prediction:
    """What the warehouse says about one release; counts_available is False without count columns."""

    published_date: date | None
    events: tuple[PredictedEvent, ...] = ()
    counts_available: bool = False
    # The days the report's time expressions (after the dateline) denote at day precision.
    stated_days: frozenset[date] = frozenset()


def split_of(text: str) -> str:
    """tune or check, from a hash of the text: stable across runs and machines."""
    return SPLITS[hashlib.sha256(text.encode("utf-8")).digest()[0] % 2]


def gold_dateline(text: str) -> date | None:
    """The dateline's day, read independently of the pipeline; None when the release has none."""
    m = _GOLD_DATELINE.search(text)
    month = month_by_prefix(m.group(1)) if m else None
    if month is None:
        return None
    day = int(m.group(2))
    year = int(m.group(3)) if m.group(3) else _release_year(text, month)
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def report_start(text: str) -> int:
    """Where the report starts: after the dateline the gold pattern finds, else at the beginning."""
    m = _GOLD_DATELINE.search(text)
    return m.end() if m else 0


def _release_year(text: str, month: int) -> int | None:
    m = _RELEASE_NUMBER.search(text)
    if m is None:
        return None
    year, release_month = int(m.group(1)), int(m.group(2))
    # A December dateline on a January release number belongs to the year before, and vice versa.
    if month == 12 and release_month == 1:
        return year - 1
    if month == 1 and release_month == 12:
        return year + 1
    return year


def violent(events: Iterable[PredictedEvent]) -> list[PredictedEvent]:
    """Asserted events of CAMEO roots 17-20 (coerce, assault, fight, mass violence)."""
    return [e for e in events if e.root_code in VIOLENT_ROOTS and e.modality == "asserted"]


def dated_exactly(event: PredictedEvent, day: date) -> bool:
    return event.precision == "day" and event.date_start == day and event.date_end == day


def _count(events: Sequence[PredictedEvent], field: str) -> int:
    return sum(getattr(e, field) or 0 for e in events)


@lru_cache(maxsize=4096)
def admin1_keys(name: str) -> frozenset[str]:
    """What a province name denotes: the gazetteer's admin-1 codes for it, else the folded name itself."""
    codes = {p.admin1_code for p in load_gazetteer().lookup(name) if p.kind == "admin1" and p.admin1_code}
    return frozenset(codes) if codes else frozenset({fold(name)})


def in_gold_province(
    events: Iterable[PredictedEvent], provinces: Sequence[str], keys: Callable[[str], frozenset[str]] = admin1_keys
) -> bool | None:
    """Whether one event lies in one of the gold provinces; None when the gold names none."""
    wanted = [name for name in provinces if name and name.strip("?").strip()]
    if not wanted:
        return None
    gold = frozenset().union(*map(keys, wanted))
    return any(e.location_admin1 and keys(e.location_admin1) & gold for e in events)


def score_release(
    text: str, gold: Mapping, predicted: Prediction, keys: Callable[[str], frozenset[str]] = admin1_keys
) -> dict[str, bool | None]:
    """Each metric of one release: True, False, or None when it cannot be scored."""
    events = violent(predicted.events)
    gold_day = date.fromisoformat(gold["start_date"]) if gold.get("start_date") else None
    dateline = gold_dateline(text)
    counts = predicted.counts_available
    return {
        "event_detect": bool(events),
        "date_exact": None if gold_day is None else any(dated_exactly(e, gold_day) for e in events),
        "dct_acc": None if dateline is None else predicted.published_date == dateline,
        "killed": _count(events, "num_killed") == int(gold.get("min_killed") or 0) if counts else None,
        "captured": _count(events, "num_detained") == int(gold.get("min_captured") or 0) if counts else None,
        "province": in_gold_province(events, _gold_provinces(gold), keys),
    }


DATE_MISS_REASONS = ("stated_day_missed", "no_publication_day", "day_not_stated")


def date_miss_reason(scores: Mapping[str, bool | None], gold: Mapping, predicted: Prediction) -> str | None:
    """Why date_exact failed (one of DATE_MISS_REASONS, see the module docstring); None unless it failed."""
    if scores.get("date_exact") is not False:
        return None
    if date.fromisoformat(gold["start_date"]) in predicted.stated_days:
        return "stated_day_missed"
    return "no_publication_day" if predicted.published_date is None else "day_not_stated"


def miss_breakdown(per_release: Sequence[Mapping]) -> dict[str, dict[str, int]]:
    """Per split and in total: how many date_exact misses have each reason (rows carry `date_miss`)."""
    breakdown = {}
    for column in (*SPLITS, "total"):
        reasons = [r.get("date_miss") for r in per_release if column == "total" or r["split"] == column]
        breakdown[column] = {reason: reasons.count(reason) for reason in DATE_MISS_REASONS}
    return breakdown


def _gold_provinces(gold: Mapping) -> list[str]:
    provinces = gold.get("province") or []
    return [provinces] if isinstance(provinces, str) else [str(p) for p in provinces]


def aggregate(scores: Iterable[Mapping[str, bool | None]]) -> dict[str, dict]:
    """Per metric: the share of scored releases that pass, how many were scored, and the target."""
    scores = list(scores)
    result = {}
    for metric in METRICS:
        scored = [s[metric] for s in scores if s.get(metric) is not None]
        result[metric] = {
            "value": round(sum(scored) / len(scored), 4) if scored else None,
            "n": len(scored),
            "target": TARGETS[metric],
        }
    return result


def summarise(per_release: Sequence[Mapping]) -> dict[str, dict]:
    """Figures for the tune half, the check half and all releases (rows carry a `split` key)."""
    figures = {split: aggregate(r["scores"] for r in per_release if r["split"] == split) for split in SPLITS}
    figures["total"] = aggregate(r["scores"] for r in per_release)
    return figures


def format_figures(figures: Mapping[str, Mapping[str, Mapping]]) -> list[str]:
    """A table: one row per metric, one column per split, the target beside."""
    columns = [*SPLITS, "total"]
    lines = [f"{'metric':<14}" + "".join(f"{c:>18}" for c in columns) + f"{'target':>9}"]
    for metric in METRICS:
        cells = []
        for column in columns:
            cell = figures[column][metric]
            cells.append("n/a" if cell["value"] is None else f"{cell['value']:.3f} (n={cell['n']})")
        lines.append(f"{metric:<14}" + "".join(f"{c:>18}" for c in cells) + f"{'≥' + str(TARGETS[metric]):>9}")
    return lines


__all__ = [
    "DATE_MISS_REASONS",
    "METRICS",
    "SPLITS",
    "TARGETS",
    "PredictedEvent",
    "Prediction",
    "admin1_keys",
    "aggregate",
    "date_miss_reason",
    "dated_exactly",
    "format_figures",
    "gold_dateline",
    "in_gold_province",
    "miss_breakdown",
    "report_start",
    "score_release",
    "split_of",
    "summarise",
    "violent",
]

"""Event mentions dated after their article's publication: re-resolved, or left for the flag.

A report cannot tell as done what happens after it is published. When an asserted (or negated)
event's date starts after the publication's latest day and was written without a year ("on
March 4"), the tagger read it in the wrong year: it meant the previous one, so it moves back
(date_basis "reresolved"). The rule is data (`after_publication` in newswh/time/doc_dates.yaml).
What cannot be re-resolved keeps its date and is flagged reported_after_publication by dbt.
"""

from __future__ import annotations

import re
from datetime import date

from newswh.time.doc_date import rules

_WRITTEN_YEAR = re.compile(r"\b\d{4}\b|'\d\d\b")


def _shift(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # February 29
        return d.replace(year=d.year - years, day=28)


def _reresolvable(row: dict, settings: dict) -> bool:
    return (
        row.get("modality") in settings["reresolve_modalities"]
        and row.get("date_basis") in ("explicit", "relative")
        and row.get("date_precision") in settings["yearless_precisions"]
        and not _WRITTEN_YEAR.search(row.get("date_text") or "")
    )


def reresolve_after_publication(rows: list[dict], latest: date | None) -> int:
    """Move year-less past dates that fall after LATEST (the publication's latest day) back a year.

    Returns how many rows moved; rows of planned or dated-with-a-year facts are left as they are."""
    if latest is None:
        return 0
    settings = rules()["after_publication"]
    moved = 0
    for row in rows:
        start, end = row.get("reported_date_start"), row.get("reported_date_end")
        if start is None or start <= latest or not _reresolvable(row, settings):
            continue
        earlier = _shift(start, settings["shift_years"])
        if earlier > latest:
            continue
        row["reported_date_start"] = earlier
        row["reported_date_end"] = _shift(end, settings["shift_years"]) if end is not None else None
        row["date_basis"] = "reresolved"
        moved += 1
    return moved

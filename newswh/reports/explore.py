"""What the interactive pages share: escaped hover text, CAMEO root colours, the dense date range,
and writing a Plotly figure as one self-contained HTML file.

The pages open offline: plotly.js is written inside the file (`include_plotlyjs=True`), no
MathJax, no map tiles or topojson. Titles and sentences come from scraped pages and are hostile
input: every value is HTML-escaped before it reaches Plotly, whose hover labels read a subset of
HTML (`<br>`, `<b>`), so `<img src=x onerror=...>` shows as text.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newswh.ingest.printed_dates import parse_iso_datetime
from newswh.reports.events import root_name, root_of

# 20 distinguishable colours, one per CAMEO root (01-20), in code order: d3's category20 with
# the violent roots 17-20 in the saturated reds and purples an analyst looks for first.
_PALETTE = [
    "#1f77b4",
    "#aec7e8",
    "#17becf",
    "#9edae5",
    "#2ca02c",
    "#98df8a",
    "#bcbd22",
    "#dbdb8d",
    "#8c564b",
    "#c49c94",
    "#7f7f7f",
    "#c7c7c7",
    "#ff7f0e",
    "#ffbb78",
    "#e377c2",
    "#f7b6d2",
    "#9467bd",
    "#d62728",
    "#ff9896",
    "#393b79",
]
ROOT_COLOURS: dict[str, str] = {f"{n:02d}": colour for n, colour in enumerate(_PALETTE, start=1)}
UNKNOWN_ROOT_COLOUR = "#444444"
WRAP = 90  # hover lines wrap at this many characters: a sentence is one line otherwise
DENSE_PERCENTILES = (5, 95)
MIN_PAD = timedelta(days=15)
FENCE_MIN = timedelta(days=60)


def root_colour(root: str) -> str:
    return ROOT_COLOURS.get(root, UNKNOWN_ROOT_COLOUR)


def _wrapped(text: str, width: int = WRAP) -> str:
    """Escaped, wrapped into hover lines: wrapping first, so that no entity is cut in two."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(" ".join(text.split()), width) or [""])


def date_text(row: Mapping[str, Any]) -> str:
    """'2013-01-24 (day)', '2022-02-01 – 2022-03-31 (month)', or 'undated'."""
    start = parse_iso_datetime(row.get("date_start"))
    end = parse_iso_datetime(row.get("date_end")) or start
    if start is None:
        return "undated"
    span = start.isoformat() if end == start else f"{start.isoformat()} – {end.isoformat()}"
    return f"{span} ({row.get('date_precision') or 'fuzzy'})"


def place_text(row: Mapping[str, Any]) -> str:
    """'Andar, Ghazni'; a province named once when the place is the province itself."""
    parts = [str(row[key]) for key in ("location_name", "location_admin1") if row.get(key)]
    return ", ".join(dict.fromkeys(parts))


def hover_html(row: Mapping[str, Any]) -> str:
    """One event's hover label: code name, actors, date with precision, evidence and its article."""
    code = f"{row.get('event_code') or '?'} {row.get('event_label') or ''}".strip()
    actors = f"{row.get('source_name') or '(no source)'} → {row.get('target_name') or '(no target)'}"
    article = row.get("title") or row.get("source_uri") or "(unknown article)"
    lines = [
        f"<b>{html.escape(code)}</b>",
        html.escape(actors),
        html.escape(date_text(row)),
    ]
    if row.get("location_name"):
        lines.append(html.escape("at " + place_text(row)))
    lines.append("“" + _wrapped(str(row.get("sentence_text") or "(no evidence sentence)")) + "”")
    lines.append("<i>" + _wrapped(str(article)) + "</i>")
    if row.get("title") and row.get("source_uri"):
        lines.append(_wrapped(str(row["source_uri"])))
    return "<br>".join(lines)


def _percentile(ordered: Sequence[date], percent: float) -> date:
    """Linear-interpolated percentile of sorted dates."""
    position = percent / 100 * (len(ordered) - 1)
    below = ordered[int(position)]
    above = ordered[min(int(position) + 1, len(ordered) - 1)]
    return below + (above - below) * (position - int(position))


def dense_range(
    dates: Sequence[date], percentiles: tuple[float, float] = DENSE_PERCENTILES
) -> tuple[date, date] | None:
    """The date range the axis opens on: between the percentiles, padded by a tenth of its width.

    One event of 2003 among a handful of 2012 must not stretch the axis over a decade, and with
    few events a percentile is the outlier itself: dates beyond Tukey's far-out fences (three
    interquartile ranges, at least FENCE_MIN) are left out first. They stay one zoom-out away.
    None without dates.
    """
    ordered = sorted(d for d in dates if d is not None)
    if not ordered:
        return None
    q1, q3 = _percentile(ordered, 25), _percentile(ordered, 75)
    reach = max(FENCE_MIN, (q3 - q1) * 3)
    inside = [d for d in ordered if q1 - reach <= d <= q3 + reach]
    low, high = _percentile(inside, percentiles[0]), _percentile(inside, percentiles[1])
    pad = max(MIN_PAD, (high - low) / 10)
    return low - pad, high + pad


def grouped_by_root(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Rows per CAMEO root, roots in code order: one trace (and legend entry) per root."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(root_of(row), []).append(row)
    return dict(sorted(groups.items()))


def legend_name(root: str) -> str:
    return html.escape(root_name(root))


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
p.help {{ color: #444; max-width: 60em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p class="help">{intro}</p>
<p class="help">Hover a point for the event, its actors, its date and the sentence that reports it.
Drag to zoom, double-click to zoom out. Click a CAMEO root in the legend to hide it, double-click
it to show it alone.</p>
{figure}
</body>
</html>
"""


def write_page(fig, path: str | Path, title: str, intro: str) -> Path:
    """FIG as one HTML file with plotly.js inside it: it opens without any network."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure = fig.to_html(
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        div_id="figure",
        config={"displaylogo": False, "responsive": True, "scrollZoom": True},
    )
    page = PAGE.format(title=html.escape(title), intro=html.escape(intro), figure=figure)
    path.write_text(page, encoding="utf-8")
    return path

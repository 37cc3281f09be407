"""A timeline picture of events: PNG for reports, a self-contained HTML page for browsing,
and (given `explore_path`) an interactive page to zoom, filter by CAMEO root and hover.

Each event is drawn over the interval its date really covers: a point when the date is
known to the day, a bar when only the week, month, quarter, season, year or decade is
known, so that vague dates look vague. Rows are grouped on the y axis by `label` (an actor
pair or a CAMEO code family) and coloured by position relative to the Taliban takeover.
Undated events cannot be placed and are counted instead.

The interactive page (Plotly, every script inlined: `newswh.reports.explore`) shows the same
events coloured by CAMEO root instead, and opens on the dense range of their dates.

The module is pure: it reads only its arguments and writes only the paths it is given.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newswh.config import TAKEOVER_DATE
from newswh.ingest.printed_dates import parse_iso_datetime
from newswh.reports.explore import (
    dense_range,
    grouped_by_root,
    hover_html,
    legend_name,
    root_colour,
    write_page,
)

# Colour-blind-safe (Okabe-Ito) colours, one per takeover period.
PERIOD_COLOURS: dict[str, str] = {
    "pre_takeover": "#0072B2",
    "spans_takeover": "#E69F00",
    "post_takeover": "#009E73",
}
PERIOD_LABELS: dict[str, str] = {
    "pre_takeover": "before takeover",
    "spans_takeover": "spans takeover",
    "post_takeover": "after takeover",
}
UNKNOWN_PERIOD_COLOUR = "#999999"
TABLE_COLUMNS = (
    "event_id",
    "label",
    "date_start",
    "date_end",
    "date_precision",
    "takeover_period",
    "event_code",
    "modality",
)


@dataclass(frozen=True)
class PlacedEvent:
    """One event that can be drawn: its interval and how to draw it."""

    event_id: str
    label: str
    start: date
    end: date
    is_point: bool
    period: str


def place(row: Mapping[str, Any]) -> PlacedEvent | None:
    """The drawable form of a row, or None when it has no date to place it by."""
    start = parse_iso_datetime(row.get("date_start"))
    end = parse_iso_datetime(row.get("date_end")) or start
    if row.get("takeover_period") == "undated" or start is None:
        return None
    if end < start:  # defensive: draw a reversed interval the right way round rather than fail
        start, end = end, start
    precision = str(row.get("date_precision") or "fuzzy")
    return PlacedEvent(
        event_id=str(row.get("event_id", "")),
        label=str(row.get("label") or "(no label)"),
        start=start,
        end=end,
        is_point=precision == "day" or start == end,
        period=str(row.get("takeover_period") or "undated"),
    )


def label_order(events: Sequence[PlacedEvent]) -> list[str]:
    """Labels ordered by their earliest event, so the picture reads top-down in time."""
    first: dict[str, date] = {}
    for event in events:
        first[event.label] = min(first.get(event.label, event.start), event.start)
    return sorted(first, key=lambda label: (first[label], label))


def _draw_events(ax, events: Sequence[PlacedEvent], y_of: Mapping[str, int]) -> None:
    import matplotlib.dates as mdates

    for event in events:
        colour = PERIOD_COLOURS.get(event.period, UNKNOWN_PERIOD_COLOUR)
        y = y_of[event.label]
        if event.is_point:
            ax.plot(
                mdates.date2num(event.start),
                y,
                "o",
                color=colour,
                markersize=7,
                markeredgecolor="black",
                markeredgewidth=0.5,
            )
        else:
            # A bar covers the whole span the date may mean; end dates are inclusive.
            start = mdates.date2num(event.start)
            width = mdates.date2num(event.end + timedelta(days=1)) - start
            ax.barh(y, width, left=start, height=0.5, color=colour, alpha=0.75, edgecolor="black", linewidth=0.4)


def _mark_takeover(ax) -> None:
    import matplotlib.dates as mdates

    takeover = mdates.date2num(TAKEOVER_DATE)
    ax.axvline(takeover, color="#D55E00", linestyle="--", linewidth=1.2)
    ax.annotate(
        f"Taliban takeover {TAKEOVER_DATE.isoformat()}",
        xy=(takeover, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        color="#D55E00",
        fontsize=9,
    )


def _style_axes(ax, labels: Sequence[str], title: str) -> None:
    import matplotlib.dates as mdates

    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-0.8, max(len(labels) - 0.2, 0.8))
    ax.invert_yaxis()
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.set_axisbelow(True)  # grid lines behind the bars, not across them
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_title(title)


def _add_legend(ax) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(color=colour, label=PERIOD_LABELS[period]) for period, colour in PERIOD_COLOURS.items()]
    handles.append(Line2D([], [], marker="o", linestyle="", color="black", label="dated to the day"))
    handles.append(Patch(facecolor="white", edgecolor="black", label="bar: week to decade"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


def _draw_png(events: Sequence[PlacedEvent], png_path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: the picture is written to a file only
    import matplotlib.pyplot as plt

    labels = label_order(events)
    height = max(3.0, 1.2 + 0.45 * len(labels))
    fig, ax = plt.subplots(figsize=(11, height), dpi=100)
    try:
        _draw_events(ax, events, {label: index for index, label in enumerate(labels)})
        _mark_takeover(ax)
        _style_axes(ax, labels, title)
        _add_legend(ax)
        if not events:
            ax.text(0.5, 0.5, "no dated events", transform=ax.transAxes, ha="center", va="center", color="#666666")
        fig.tight_layout()
        fig.savefig(png_path, format="png")
    finally:
        plt.close(fig)


def _cell(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def _html_page(rows: Sequence[Mapping[str, Any]], png_bytes: bytes, title: str, counts: Mapping[str, int]) -> str:
    """One page with the PNG inlined as a data: URI and every event (undated included) in a table."""
    image = base64.b64encode(png_bytes).decode("ascii")
    header = "".join(f"<th>{column}</th>" for column in TABLE_COLUMNS)
    body = "\n".join(
        f'<tr class="{_cell(row.get("takeover_period"))}">'
        + "".join(f"<td>{_cell(row.get(column))}</td>" for column in TABLE_COLUMNS)
        + "</tr>"
        for row in rows
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
img {{ max-width: 100%; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
th, td {{ border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }}
tr.undated td {{ color: #888; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{counts["drawn"]} events drawn, {counts["undated"]} undated (listed below, not drawn).
Points are dated to the day; bars span the week, month, quarter, season, year or decade a vaguer date covers.</p>
<img alt="timeline of events" src="data:image/png;base64,{image}">
<table>
<thead><tr>{header}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def _interval_trace(go, events: Sequence[PlacedEvent], root: str):
    """The spans of vaguer dates as thick lines (None breaks the line between events)."""
    xs: list[date | None] = []
    ys: list[str | None] = []
    for event in events:
        if not event.is_point:
            xs += [event.start, event.end + timedelta(days=1), None]
            ys += [html.escape(event.label), html.escape(event.label), None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": root_colour(root), "width": 9},
        opacity=0.45,
        legendgroup=root,
        showlegend=False,
        hoverinfo="skip",
    )


def _midpoint(event: PlacedEvent) -> date:
    return event.start + (event.end - event.start) / 2


def timeline_figure(rows: Iterable[Mapping[str, Any]], title: str = "Events"):
    """A Plotly timeline: one trace per CAMEO root, a marker per event (at the middle of its span)."""
    import plotly.graph_objects as go

    drawn = [(row, event) for row in rows if (event := place(row)) is not None]
    labels = label_order([event for _, event in drawn])
    fig = go.Figure()
    for root, group in grouped_by_root([row for row, _ in drawn]).items():
        events = [place(row) for row in group]
        if any(not event.is_point for event in events):
            fig.add_trace(_interval_trace(go, events, root))
        fig.add_trace(
            go.Scatter(
                x=[_midpoint(event) for event in events],
                y=[html.escape(event.label) for event in events],
                mode="markers",
                marker={"color": root_colour(root), "size": 11, "line": {"color": "black", "width": 0.6}},
                name=legend_name(root),
                legendgroup=root,
                hovertext=[hover_html(row) for row in group],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    _layout_timeline(fig, [html.escape(label) for label in labels], [_midpoint(e) for _, e in drawn], title)
    return fig


def _layout_timeline(fig, labels: Sequence[str], dates: Sequence[date], title: str) -> None:
    window = dense_range(dates)
    fig.add_shape(type="line", xref="x", yref="paper", x0=TAKEOVER_DATE, x1=TAKEOVER_DATE, y0=0, y1=1,
                  line={"color": "#D55E00", "dash": "dash", "width": 1.2})  # fmt: skip
    fig.add_annotation(x=TAKEOVER_DATE, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False,
                       text=f"Taliban takeover {TAKEOVER_DATE.isoformat()}", font={"color": "#D55E00"})  # fmt: skip
    fig.update_layout(
        title=html.escape(title),
        height=max(420, 160 + 30 * len(labels)),
        hovermode="closest",
        hoverlabel={"align": "left"},
        legend={"title": {"text": "CAMEO root"}},
        xaxis={"type": "date", "range": list(window) if window else None, "title": "event date"},
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": list(labels), "autorange": "reversed"},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5")


def render_timeline(
    rows: Iterable[Mapping[str, Any]],
    png_path: str | Path,
    html_path: str | Path,
    title: str = "Russia–Taliban events",
    explore_path: str | Path | None = None,
) -> dict[str, Any]:
    """Draw ROWS to PNG_PATH and a self-contained page to HTML_PATH; return counts and paths.

    Each row needs event_id, label, date_start, date_end, date_precision, takeover_period,
    event_code and modality. Rows with takeover_period 'undated' (or no start date) are not
    drawn but are counted and listed in the HTML table. With EXPLORE_PATH, the interactive page
    is written there too; its hover labels read the rows of `newswh.reports.events.read_events`.
    """
    rows = list(rows)
    png_path, html_path = Path(png_path), Path(html_path)
    placed = [event for event in map(place, rows) if event is not None]
    counts = {"rows": len(rows), "drawn": len(placed), "undated": len(rows) - len(placed)}
    png_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _draw_png(placed, png_path, title)
    html_path.write_text(_html_page(rows, png_path.read_bytes(), title, counts), encoding="utf-8")
    if explore_path is not None:
        intro = f"{counts['drawn']} events drawn ({counts['undated']} undated are not). A point is the middle of the event's date; a band spans a date known only to the week, month or year."
        write_page(timeline_figure(rows, title), explore_path, title, intro)
    by_period: dict[str, int] = {}
    for event in placed:
        by_period[event.period] = by_period.get(event.period, 0) + 1
    return {
        **counts,
        "points": sum(event.is_point for event in placed),
        "bars": sum(not event.is_point for event in placed),
        "labels": len({event.label for event in placed}),
        "by_period": by_period,
        "png_path": str(png_path),
        "html_path": str(html_path),
        "explore_path": None if explore_path is None else str(explore_path),
    }

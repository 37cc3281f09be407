"""Events by place: a PNG for reports and an interactive page, both drawn offline.

A point is one place and one CAMEO root, sized by how many events of that root happened there
and coloured by the root. No outline data is bundled with the project (and Plotly's maps fetch
theirs from a CDN), so the picture is a plain longitude/latitude scatter at equal scale, with
each country's name written at the middle of its points.

The module is pure: it reads only its arguments and writes only the paths it is given.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newswh.reports.events import root_name, root_of
from newswh.reports.explore import hover_html, legend_name, place_text, root_colour, write_page

HOVER_EVENTS = 5  # events listed in a point's hover label; the rest are counted


@dataclass
class PlacePoint:
    """The events of one CAMEO root at one place."""

    place_id: str
    name: str
    country: str
    root: str
    latitude: float
    longitude: float
    events: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.events)


def _coordinates(row: Mapping[str, Any]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        return None
    return lat, lon


def place_points(rows: Iterable[Mapping[str, Any]]) -> list[PlacePoint]:
    """Rows grouped by (place, root); rows without usable coordinates are left out."""
    points: dict[tuple[str, str], PlacePoint] = {}
    for row in rows:
        coordinates = _coordinates(row)
        if coordinates is None:
            continue
        place_id = str(row.get("geonames_id") or f"{coordinates[0]:.4f},{coordinates[1]:.4f}")
        key = (place_id, root_of(row))
        if key not in points:
            name = place_text(row) or place_id
            country = str(row.get("country_name") or row.get("location_country_code") or "")
            points[key] = PlacePoint(place_id, name, country, key[1], *coordinates)
        points[key].events.append(row)
    return sorted(points.values(), key=lambda p: (p.root, -p.count, p.name))


def country_labels(points: Sequence[PlacePoint]) -> list[tuple[str, float, float]]:
    """(country, latitude, longitude): each country named at the mean position of its places."""
    sums: dict[str, list[float]] = {}
    for point in {p.place_id: p for p in points}.values():
        acc = sums.setdefault(point.country, [0.0, 0.0, 0.0])
        acc[0] += point.latitude
        acc[1] += point.longitude
        acc[2] += 1
    return sorted((country, lat / n, lon / n) for country, (lat, lon, n) in sums.items() if country)


def marker_size(count: int) -> float:
    """Area grows with the count: a place with four times the events has twice the diameter."""
    return 8 + 7 * math.sqrt(count)


def point_hover(point: PlacePoint) -> str:
    """The place, the root and its count, then the first events (each as on the timeline)."""
    head = f"<b>{html.escape(point.name)}</b> ({html.escape(point.country)})<br>{point.count} × {html.escape(root_name(point.root))}"
    shown = [hover_html(row) for row in point.events[:HOVER_EVENTS]]
    more = point.count - len(shown)
    tail = [f"… and {more} more"] if more > 0 else []
    return "<br>―――<br>".join([head, *shown, *tail])


def _draw_png(points: Sequence[PlacePoint], png_path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: the picture is written to a file only
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11, 7), dpi=100)
    try:
        for root in sorted({p.root for p in points}):
            group = [p for p in points if p.root == root]
            ax.scatter(
                [p.longitude for p in group],
                [p.latitude for p in group],
                s=[marker_size(p.count) ** 2 / 2 for p in group],
                color=root_colour(root),
                alpha=0.75,
                edgecolors="black",
                linewidths=0.5,
                label=root_name(root),
            )
        for country, lat, lon in country_labels(points):
            ax.annotate(
                country,
                (lon, lat),
                xytext=(0, 14),
                textcoords="offset points",
                ha="center",
                fontsize=10,
                color="#333333",
            )
        _style_png(ax, points, title)
        fig.tight_layout()
        fig.savefig(png_path, format="png")
    finally:
        plt.close(fig)


def _style_png(ax, points: Sequence[PlacePoint], title: str) -> None:
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal", adjustable="datalim")
    ax.grid(color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(title)
    if points:
        ax.legend(
            title="CAMEO root", loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, markerscale=0.5
        )
    else:
        ax.text(0.5, 0.5, "no located events", transform=ax.transAxes, ha="center", va="center", color="#666666")


def places_figure(points: Sequence[PlacePoint], title: str = "Events by place"):
    """A Plotly scatter on longitude/latitude: one trace per CAMEO root, country names as text."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for root in sorted({p.root for p in points}):
        group = [p for p in points if p.root == root]
        fig.add_trace(
            go.Scatter(
                x=[p.longitude for p in group],
                y=[p.latitude for p in group],
                mode="markers",
                marker={
                    "color": root_colour(root),
                    "size": [marker_size(p.count) for p in group],
                    "opacity": 0.75,
                    "line": {"color": "black", "width": 0.6},
                },
                name=legend_name(root),
                legendgroup=root,
                hovertext=[point_hover(p) for p in group],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    labels = country_labels(points)
    fig.add_trace(
        go.Scatter(
            x=[lon for _, _, lon in labels],
            y=[lat for _, lat, _ in labels],
            mode="text",
            text=[html.escape(country) for country, _, _ in labels],
            textposition="top center",
            textfont={"size": 14, "color": "#333333"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.update_layout(
        title=html.escape(title),
        height=700,
        hovermode="closest",
        hoverlabel={"align": "left"},
        legend={"title": {"text": "CAMEO root"}},
        xaxis={"title": "longitude", "showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False},
        yaxis={"title": "latitude", "showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False, "scaleanchor": "x"},
        plot_bgcolor="white",
    )
    return fig


def render_places(
    rows: Iterable[Mapping[str, Any]],
    png_path: str | Path,
    html_path: str | Path,
    title: str = "Events by place",
) -> dict[str, Any]:
    """Draw ROWS (`newswh.reports.events.read_events`) to PNG_PATH and an interactive HTML_PATH."""
    rows = list(rows)
    png_path, html_path = Path(png_path), Path(html_path)
    points = place_points(rows)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    _draw_png(points, png_path, title)
    located = sum(p.count for p in points)
    intro = f"{located} events at {len({p.place_id for p in points})} places ({len(rows) - located} without a place are not drawn). A point is one place and one CAMEO root, sized by its number of events."
    write_page(places_figure(points, title), html_path, title, intro)
    return {
        "rows": len(rows),
        "located": located,
        "places": len({p.place_id for p in points}),
        "countries": len(country_labels(points)),
        "roots": sorted({p.root for p in points}),
        "png_path": str(png_path),
        "html_path": str(html_path),
    }

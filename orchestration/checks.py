"""Python asset checks for what dbt tests cannot express: shares and distributions.

Each check is a thin Dagster wrapper around a plain measurement function that takes a DuckDB
connection, so the measurement is tested on tiny hand-made warehouses without Dagster.
"""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

# Below this share of events dated from their own sentence (an explicit or relative date, not the
# article's month inherited by a dateless sentence), the timeline mostly repeats publication
# months. The seeds sit at 0.45: news prose reports background events without dates. Warn only.
MIN_TEXT_DATED_EVENT_SHARE = 0.4
TEXT_DATE_BASES = ("explicit", "relative")


def text_dated_event_share(con) -> dict:
    """Events with at least one mention dated from its own sentence, over all events."""
    events = con.execute("select count(*) from fct_events").fetchone()[0]
    text_dated = con.execute(
        "select count(distinct m.event_id) from fct_event_mentions m join fct_events e using (event_id) "
        "where m.date_basis in (?, ?)",
        list(TEXT_DATE_BASES),
    ).fetchone()[0]
    with_interval = con.execute("select count(*) from fct_events where event_date_start is not null").fetchone()[0]
    share = text_dated / events if events else 0.0
    return {
        "passed": events > 0 and share >= MIN_TEXT_DATED_EVENT_SHARE,
        "events": events,
        "events_dated_from_their_own_sentence": text_dated,
        "share_dated_from_their_own_sentence": round(share, 3),
        "share_with_date_interval": round(with_interval / events, 3) if events else 0.0,
    }


def article_date_health(con) -> dict:
    """Every article dated or bounded, and every printed date the content contradicts overruled by the content.

    A bounded article (no published_date, published_date_min/max known) is an honest answer, not a miss."""
    rows = con.execute(
        "select published_date_basis, count(*), count(*) filter (where date_conflict) "
        "from dim_articles group by 1 order by 1"
    ).fetchall()
    undated = con.execute(
        "select count(*) from dim_articles where published_date is null and published_date_basis <> 'bounded'"
    ).fetchone()[0]
    unresolved = con.execute(
        "select count(*) from dim_articles "
        "where date_conflict and published_date_basis not in ('content_inferred', 'bounded')"
    ).fetchone()[0]
    by_basis = {basis: count for basis, count, _ in rows}
    return {
        "passed": undated == 0 and unresolved == 0,
        "articles": sum(by_basis.values()),
        "content_inferred": by_basis.get("content_inferred", 0),
        "stated": by_basis.get("stated", 0),
        "json_metadata": by_basis.get("json_metadata", 0),
        "url": by_basis.get("url", 0),
        "image_url": by_basis.get("image_url", 0),
        "bounded": by_basis.get("bounded", 0),
        "unknown": by_basis.get("unknown", 0),
        "date_conflicts": sum(conflict for _, _, conflict in rows),
        "conflicts_not_resolved_from_content": unresolved,
        "undated_articles": undated,
    }


def _result(measured: dict) -> dg.AssetCheckResult:
    metadata = {key: value for key, value in measured.items() if key != "passed"}
    return dg.AssetCheckResult(passed=measured["passed"], severity=dg.AssetCheckSeverity.WARN, metadata=metadata)


@dg.asset_check(
    asset=dg.AssetKey("fct_events"),
    description=(
        "Share of events with a mention dated from its own sentence (an explicit or relative date), "
        f"not inherited from the article or its paragraph; warns below {MIN_TEXT_DATED_EVENT_SHARE}."
    ),
)
def events_dated_from_their_own_text(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        return _result(text_dated_event_share(con))


@dg.asset_check(
    asset=dg.AssetKey("dim_articles"),
    description=(
        "Every article has a publication date, and every printed date its content contradicts is "
        "overruled by the content. Articles per date basis are reported, not checked: a warehouse "
        "of stated dates only passes."
    ),
)
def articles_dated_and_conflicts_resolved(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        return _result(article_date_health(con))

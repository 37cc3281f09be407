"""Python asset checks for what dbt tests cannot express: shares and distributions."""

import dagster as dg
from dagster_duckdb import DuckDBResource

# Below this share of dated events the timeline is mostly guesswork; warn, don't fail the run.
MIN_DATED_EVENT_SHARE = 0.8


@dg.asset_check(
    asset=dg.AssetKey("fct_events"),
    description="Share of events whose date comes from the text, not inherited from the article.",
)
def events_have_resolved_dates(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        explicit = con.execute(
            "select count(distinct event_id) from fct_event_mentions where date_basis in ('explicit', 'relative')"
        ).fetchall()[0][0]
        events = con.execute("select count(*) from fct_events").fetchall()[0][0]
        dated_events = con.execute("select count(*) from fct_events where event_date_start is not null").fetchall()[0][
            0
        ]
    share = dated_events / events if events else 0.0
    share_text = explicit / events if events else 0.0
    return dg.AssetCheckResult(
        passed=share >= MIN_DATED_EVENT_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "events": events,
            "share_with_date_interval": round(share, 3),
            "share_dated_from_their_own_sentence": round(share_text, 3),
        },
    )


@dg.asset_check(
    asset=dg.AssetKey("dim_articles"),
    description="Articles dated from their content, and page dates contradicted by it.",
)
def article_dates_inferred_from_content(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as con:
        rows = con.execute(
            "select published_date_basis, count(*), count(*) filter (where date_conflict) from dim_articles group by 1 order by 1"
        ).fetchall()
        undated = con.execute("select count(*) from dim_articles where published_date is null").fetchall()[0][0]
    by_basis = {basis: count for basis, count, _ in rows}
    conflicts = sum(conflict for _, _, conflict in rows)
    total = sum(by_basis.values())
    return dg.AssetCheckResult(
        # Every conflict must have been resolved from the content, and every article dated.
        passed=undated == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "articles": total,
            "content_inferred": by_basis.get("content_inferred", 0),
            "stated": by_basis.get("stated", 0),
            "json_metadata": by_basis.get("json_metadata", 0),
            "unknown": by_basis.get("unknown", 0),
            "date_conflicts": conflicts,
            "undated_articles": undated,
        },
    )

"""The Dagster code location: assets, checks, sensor and resources."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.cross_article import consolidate_events, resolve_actors
from orchestration.assets.extract import extract_articles
from orchestration.assets.ingest import ingest_articles
from orchestration.assets.reports import events_by_place, story_timeline
from orchestration.assets.warehouse import warehouse_models
from orchestration.checks import articles_dated_and_conflicts_resolved, events_dated_from_their_own_text
from orchestration.distributed import extract_to_raw_layer
from orchestration.resources import build_resources
from orchestration.sensors import ingest_job, new_article_files

defs = dg.Definitions(
    assets=[
        ingest_articles,
        extract_articles,
        resolve_actors,
        consolidate_events,
        warehouse_models,
        story_timeline,
        events_by_place,
    ],
    asset_checks=[events_dated_from_their_own_text, articles_dated_and_conflicts_resolved],
    jobs=[ingest_job, extract_to_raw_layer],  # the second: `make run-distributed` launches it
    sensors=[new_article_files],
    resources=build_resources(),
    executor=dg.in_process_executor,
)

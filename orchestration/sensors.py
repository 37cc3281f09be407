"""Sensor: register a partition for every new article file dropped into the corpus folder."""

import dagster as dg

from newswh.ingest import discover
from orchestration.partitions import article_partitions
from orchestration.resources import CorpusResource

ingest_job = dg.define_asset_job(
    "ingest_and_extract",
    selection=dg.AssetSelection.groups("ingest", "extract"),
    partitions_def=article_partitions,
)


@dg.sensor(job=ingest_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED)
def new_article_files(context: dg.SensorEvaluationContext, corpus: CorpusResource) -> dg.SensorResult:
    """Add a partition per new article in ARTICLES_DIR and request its ingest and extraction."""
    known = set(context.instance.get_dynamic_partitions(article_partitions.name))
    new_ids = [record.article_id for record in discover(corpus.path) if record.article_id not in known]
    if not new_ids:
        return dg.SensorResult(skip_reason="no new article files")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=article_id, run_key=article_id) for article_id in new_ids],
        dynamic_partitions_requests=[article_partitions.build_add_request(new_ids)],
    )

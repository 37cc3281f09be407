"""Sensor: new article files get a partition and a run; files edited in place get a run again."""

import json
import os

import dagster as dg

from newswh.ingest import SourceRecord, discover
from orchestration.partitions import article_partitions
from orchestration.resources import CorpusResource

ingest_job = dg.define_asset_job(
    "ingest_and_extract",
    selection=dg.AssetSelection.groups("ingest", "extract"),
    partitions_def=article_partitions,
)


def _file_stamp(record: SourceRecord) -> str:
    """A cheap version stamp of the file behind a record: reading every file each tick would not scale."""
    try:
        info = os.stat(record.path, follow_symlinks=False)
    except OSError:
        return "missing"
    return f"{info.st_mtime_ns}:{info.st_size}"


@dg.sensor(job=ingest_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED)
def new_article_files(context: dg.SensorEvaluationContext, corpus: CorpusResource) -> dg.SensorResult:
    """Request ingest and extraction for each new article in ARTICLES_DIR, and for each one whose file changed.

    The cursor keeps every article's file stamp; a changed stamp gets a run with a new run key.
    Articles already registered when the sensor first runs (by `make run`) are only remembered.
    """
    known = set(context.instance.get_dynamic_partitions(article_partitions.name))
    seen = json.loads(context.cursor) if context.cursor else {}
    stamps = {record.article_id: _file_stamp(record) for record in discover(corpus.path)}
    new_ids = [article_id for article_id in stamps if article_id not in known]
    changed = [a for a, stamp in stamps.items() if a in known and a in seen and seen[a] != stamp]
    cursor = json.dumps(stamps, sort_keys=True)
    if not new_ids and not changed:
        return dg.SensorResult(skip_reason="no new or changed article files", cursor=cursor)
    requests = [
        dg.RunRequest(partition_key=article_id, run_key=f"{article_id}@{stamps[article_id]}")
        for article_id in new_ids + changed
    ]
    partitions = [article_partitions.build_add_request(new_ids)] if new_ids else []
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partitions, cursor=cursor)

"""Sensor: new article files get partitions and a run; files edited in place get a run again."""

import json
import os

import dagster as dg

from newswh.ingest import SourceRecord, discover
from newswh.store import article_batches
from orchestration.partitions import article_batch_partitions
from orchestration.resources import CorpusResource

ingest_job = dg.define_asset_job(
    "ingest_and_extract",
    # Partitioned by article batch, as the selected assets are (Dagster infers it from them).
    selection=dg.AssetSelection.groups("ingest", "extract"),
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
    """Request ingest and extraction for each new batch in ARTICLES_DIR, and for each one whose file changed.

    A batch is a file, or up to NEWSWH_BATCH_ARTICLES records of one. The cursor keeps every
    batch's file stamp; a changed stamp gets a run with a new run key. Batches already registered
    when the sensor first runs (by `make run`) are only remembered.
    """
    known = set(context.instance.get_dynamic_partitions(article_batch_partitions.name))
    seen = json.loads(context.cursor) if context.cursor else {}
    records = discover(corpus.path)
    record_of = {record.article_id: record for record in records}
    stamps = {key: _file_stamp(record_of[ids[0]]) for key, ids in article_batches(records).items()}
    new_ids = [key for key in stamps if key not in known]
    changed = [key for key, stamp in stamps.items() if key in known and key in seen and seen[key] != stamp]
    cursor = json.dumps(stamps, sort_keys=True)
    if not new_ids and not changed:
        return dg.SensorResult(skip_reason="no new or changed article files", cursor=cursor)
    requests = [dg.RunRequest(partition_key=key, run_key=f"{key}@{stamps[key]}") for key in new_ids + changed]
    partitions = [article_batch_partitions.build_add_request(new_ids)] if new_ids else []
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partitions, cursor=cursor)

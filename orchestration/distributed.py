"""Distributed extraction: a fan-out job on dagster-celery whose steps write the raw layer's Parquet files.

`python -m orchestration.run --distributed` (what `make run-distributed` calls, through
`orchestration.cluster`) lists the corpus on the coordinator, sends the article batches with
work to do to the Celery workers as tasks of `extract_to_raw_layer` (each worker ingests and
extracts its batches into their files), settles duplicates across batches, loads the files into
the coordinator's raw store, and then runs the same asset job as `make run`: ingest and
extraction find nothing left to do, and the steps across articles and dbt run once, here.
The batching and the files are `newswh.store.rawfiles` and `newswh.store.rawingest`; this
module only wires them to Dagster.
"""

import os

import dagster as dg
from dagster_celery import celery_executor

from newswh.config import positive_int_setting

BROKER_SETTING = "NEWSWH_BROKER_URL"


class DistributedRunError(RuntimeError):
    """The distributed part of a build failed; the message says what, and names the broker."""


def broker_url() -> str:
    """The Celery broker (and result backend): NEWSWH_BROKER_URL, a Redis URL."""
    url = os.environ.get(BROKER_SETTING, "").strip()
    if not url:
        raise DistributedRunError(f"{BROKER_SETTING} is not set: the Redis broker, e.g. redis://127.0.0.1:6379/0")
    return url


def celery_settings() -> dict:
    """Settings the coordinator and every worker share (celery's lowercase names)."""
    return {
        "worker_prefetch_multiplier": 1,  # a worker holds one task, so an idle worker can take the next
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "broker_connection_retry_on_startup": False,
    }


def broker_problem(url: str, timeout_seconds: float = 3.0) -> str | None:
    """Why the broker cannot be used, or None when it answers a ping."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=timeout_seconds, socket_timeout=timeout_seconds).ping()
    except (redis.RedisError, OSError, ValueError) as error:
        return f"the Celery broker {url} is not reachable ({error}); start redis-server there or set {BROKER_SETTING}"
    return None


class ExtractionPlan(dg.Config):
    root: str
    chunks: list[list[str]]


@dg.op(out=dg.DynamicOut(dict))
def plan_extraction_tasks(config: ExtractionPlan):
    """One task per chunk of article batches (see newswh.store.rawfiles.task_chunks)."""
    for index, batch_keys in enumerate(config.chunks):
        yield dg.DynamicOutput({"root": config.root, "batch_keys": batch_keys}, mapping_key=f"task_{index:04d}")


@dg.op(retry_policy=dg.RetryPolicy(max_retries=2, delay=1))
def ingest_extract_task(context: dg.OpExecutionContext, task: dict) -> int:
    """Ingest, then extract, each batch of the task into its Parquet files; the articles extracted."""
    from newswh.store import extract_batch_files, ingest_batch_files

    read = extracted = 0
    for key in task["batch_keys"]:
        read += ingest_batch_files(task["root"], key)
        extracted += extract_batch_files(task["root"], key)
    context.log.info(f"{len(task['batch_keys'])} batches: {read} records ingested, {extracted} articles extracted")
    return extracted


@dg.op
def extraction_done(counts: list[int]) -> int:
    return sum(counts)


@dg.job(executor_def=celery_executor)
def extract_to_raw_layer():
    """Article batches spread over the Celery workers, each ingesting and extracting into its own files under the root."""
    extraction_done(plan_extraction_tasks().map(ingest_extract_task).collect())


def job_config(root: str, chunks: list[list[str]], url: str, quiet: bool) -> dict:
    config = {
        "ops": {"plan_extraction_tasks": {"config": {"root": root, "chunks": chunks}}},
        "execution": {"config": {"broker": url, "backend": url, "config_source": celery_settings()}},
    }
    if quiet:
        config["loggers"] = {"console": {"config": {"log_level": "WARNING"}}}
    return config


def workers_setting() -> int:
    """Workers the batches are spread over (NEWSWH_WORKERS, default 2): sets how many tasks there are."""
    return positive_int_setting("NEWSWH_WORKERS", 2)


def task_articles_setting() -> int:
    """At most this many articles per task (NEWSWH_TASK_ARTICLES, default 25): a lost worker redoes no more."""
    return positive_int_setting("NEWSWH_TASK_ARTICLES", 25)


def _run_tasks(instance: dg.DagsterInstance, root: str, chunks: list[list[str]], url: str, quiet: bool) -> None:
    if not chunks:
        return
    result = dg.execute_job(
        dg.reconstructable(extract_to_raw_layer), instance=instance, run_config=job_config(root, chunks, url, quiet)
    )
    if not result.success:
        raise DistributedRunError(f"distributed extraction run {result.run_id} failed (broker {url})")


def extract_on_workers(instance: dg.DagsterInstance, records: dict, quiet: bool = True) -> str:
    """List the corpus here, ingest and extract the batches with work on the workers, load their files; a summary.

    The raw tables (and the state of the steps across articles) live in the coordinator's own file
    (NEWSWH_RAW_STORE), never in the warehouse: dbt reads the files and writes the warehouse alone.
    """
    from newswh import config
    from newswh import extract as ex
    from newswh.store import (
        INGEST_TABLES,
        RECORDS_FOLDER,
        article_batches,
        connect,
        load_raw_batches,
        prepare_batch_tasks,
        prune_vanished_batches,
        raw_layer_root,
        remember_worker_reads,
        settle_duplicates,
        statuses_before_reading,
    )

    url = broker_url()
    root = raw_layer_root()
    batches = article_batches(records.values())
    tables = [*INGEST_TABLES, *ex.EXTRACT_TABLES]
    with connect(config.raw_store_path()) as con:
        todo, changed, chunks = prepare_batch_tasks(
            con, root, records, batches, workers_setting(), task_articles_setting()
        )
        prune_vanished_batches(con, root, [RECORDS_FOLDER, *(table.name for table in tables)], list(batches))
    before = statuses_before_reading([records[article_id] for article_id in changed])
    _run_tasks(instance, root, chunks, url, quiet)
    with connect(config.raw_store_path()) as con:
        duplicates = settle_duplicates(con, root, list(todo), changed, records)
        loaded = load_raw_batches(con, root, todo, tables)
        remember_worker_reads(con, before, records, changed)
    return (
        f"distributed ingest and extraction: {len(todo)} batches in {len(chunks)} tasks, {loaded} articles"
        f" loaded from {root}, {duplicates} duplicates quarantined across batches"
    )


def use_raw_files() -> None:
    """Switch this process (and what it starts: dbt, the asset steps) to the distributed build's layout.

    The Python steps write the coordinator's file instead of the warehouse, and dbt's raw sources
    read the raw layer's Parquet files instead of the warehouse's raw schema.
    """
    from newswh import config
    from newswh.store import RAW_FILES_SETTING, dbt_source_template, raw_layer_root

    os.environ.setdefault(config.RAW_STORE_SETTING, str(config.coordinator_store_path()))
    os.environ[RAW_FILES_SETTING] = dbt_source_template(raw_layer_root())

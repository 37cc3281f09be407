"""The distributed section of `make bench`: ingest + extraction wall time on 1 and 2 Celery workers.

The shared corpus is repeated to DISTRIBUTED_ARTICLES articles (copies varied, as in the scale
section) in batches of BATCH_ARTICLES. For each worker count, the coordinator lists the corpus
into an empty raw store and layer (each batch's records file), then a fresh redis-server and that
many workers run the `extract_to_raw_layer` job over every batch (ingest and extraction on the
workers), timed from submission to the last file; each worker loads spaCy once, inside the timed span, as it would in a build. Reported: wall
time, seconds per 1,000 articles (wall) and worker-seconds per 1,000 articles (the cost if each
worker is a paid machine), and whether two workers took at most TARGET_RATIO of one's time.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

DISTRIBUTED_ARTICLES = 420
BATCH_ARTICLES = 10
WORKER_COUNTS = (1, 2)
TARGET_RATIO = 0.65
TASK_ARTICLES = 25


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _prepare(size: int, corpus: Path, tmp: Path) -> tuple[dict, dict]:
    """The records of the repeated corpus, and its batches."""
    from bench.scale import write_corpus
    from newswh.store import article_batches, records_by_id

    articles_dir = tmp / "articles"
    write_corpus(articles_dir, size, corpus)
    records = records_by_id(articles_dir)
    return records, article_batches(records.values(), max_articles=BATCH_ARTICLES)


def _time_workers(workers: int, records: dict, batches: dict, tmp: Path) -> dict:
    import dagster as dg

    from newswh.store import connect, prepare_batch_tasks
    from orchestration.cluster import celery_workers, redis_server
    from orchestration.distributed import extract_to_raw_layer, job_config

    root = tmp / f"raw_layer_{workers}"
    shutil.rmtree(root, ignore_errors=True)
    with connect(tmp / f"raw_store_{workers}.duckdb") as con:
        todo, _changed, chunks = prepare_batch_tasks(con, str(root), records, batches, workers, TASK_ARTICLES)
    articles = sum(len(ids) for ids in todo.values())
    home = tmp / f"dagster_{workers}"
    home.mkdir(exist_ok=True)
    with (
        redis_server() as url,
        celery_workers(workers, url, tmp / f"logs_{workers}"),
        dg.DagsterInstance.local_temp(str(home)) as instance,
    ):
        started = time.perf_counter()
        config = job_config(str(root), chunks, url, quiet=True)
        result = dg.execute_job(dg.reconstructable(extract_to_raw_layer), instance=instance, run_config=config)
        wall = time.perf_counter() - started
    return {
        "articles": articles,
        "tasks": len(chunks),
        "success": result.success,
        "wall_s": round(wall, 1),
        "s_per_1000_articles": round(wall / articles * 1000, 1),
        "worker_s_per_1000_articles": round(wall * workers / articles * 1000, 1),
    }


def bench_distributed(size: int, corpus: Path, tmp: Path) -> dict:
    """Extraction on 1 and 2 workers over the same `size` articles; the ratio against TARGET_RATIO."""
    records, batches = _prepare(size, corpus, tmp)
    runs = {str(workers): _time_workers(workers, records, batches, tmp) for workers in WORKER_COUNTS}
    one, two = runs["1"]["wall_s"], runs["2"]["wall_s"]
    ratio = round(two / one, 2) if one else None
    return {
        "articles": size,
        "batch_articles": BATCH_ARTICLES,
        "workers": runs,
        "two_over_one": ratio,
        "ratio_target": TARGET_RATIO,
        "all_runs_succeeded": _verdict(all(run["success"] for run in runs.values())),
        "two_workers_speedup": _verdict(ratio is not None and ratio <= TARGET_RATIO),
        "cores": len(os.sched_getaffinity(0)),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
    }

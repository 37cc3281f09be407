"""`make run`: materialize every asset over the corpus folder, in process, and print a summary.

Partitions (batches: a file, or up to NEWSWH_BATCH_ARTICLES records of one) are registered for
the corpus (as the sensor would), then one run covers
the whole partition range, so Python, spaCy and dbt each start once. When no file changed
and the marts exist, nothing runs at all.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from newswh import config
from newswh.cli import package_version

EVENT_BATCH_SIZE = 1000

MARTS = (
    "dim_articles",
    "fct_sources",
    "fct_events",
    "fct_event_mentions",
    "fct_actors",
    "fct_quotes",
    "quarantined_articles",
)


def _marts_exist() -> bool:
    import duckdb

    path = config.duckdb_path()
    if not path.exists():
        return False
    with duckdb.connect(str(path), read_only=True) as con:
        names = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_schema = 'main'"
            ).fetchall()
        }
    return all(mart in names for mart in MARTS)


def _work_needed(records: dict) -> tuple[dict[str, str], bool, dict[str, str]]:
    """New or changed articles (to ingest) with why (new, its file or the ingest code changed), whether
    any was removed, and every kept article whose extraction is out of date with why (its text, or the
    extraction code, rules or model changed)."""
    from newswh.store import NOT_INGESTED, connect, ingested_state, stale_extractions, stale_ingests

    path = config.raw_store_path()
    if not path.exists():
        return dict.fromkeys(records, NOT_INGESTED), True, {}
    with connect(path) as con:
        stale = stale_ingests(con, records)
        held = set(ingested_state(con))
        extractions = {a: why for a, why in stale_extractions(con).items() if a in records}
    removed = bool(held - set(records))
    return stale, removed, extractions


def _plan_line(stale: dict[str, str], extractions: dict[str, str]) -> str:
    """What the build will do, e.g. "3 new or changed articles; 142 to ingest (ingest code changed)",
    or "0 new or changed articles; 142 to extract (extraction code changed)"."""
    from newswh.store import INGEST_CODE_CHANGED

    again = sum(why == INGEST_CODE_CHANGED for why in stale.values())
    parts = [f"{len(stale) - again} new or changed articles"]
    parts += [f"{again} to ingest ({INGEST_CODE_CHANGED})"] if again else []
    reasons = Counter(why for article_id, why in extractions.items() if article_id not in stale)
    parts += [f"{count} to extract ({why})" for why, count in sorted(reasons.items())]
    return "; ".join(parts)


def summary_lines(path=None) -> list[str]:
    import duckdb

    raw_path = path or config.raw_store_path()  # the warehouse itself, except in a distributed build
    path = path or config.duckdb_path()
    with duckdb.connect(str(raw_path), read_only=True) as con:
        ingested = con.execute("select count(*) from raw.articles").fetchone()[0]
        quarantined = con.execute("select count(*) from raw.quarantined_articles").fetchone()[0]
        reasons = con.execute(
            "select reason, count(*) from raw.quarantined_articles group by reason order by reason"
        ).fetchall()
    with duckdb.connect(str(path), read_only=True) as con:
        marts = con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and (table_name like 'fct_%' or table_name like 'dim_%' or table_name = 'quarantined_articles') order by 1"
        ).fetchall()
        counts = [(name, con.execute(f'select count(*) from main."{name}"').fetchone()[0]) for (name,) in marts]
    lines = [f"warehouse: {path}", f"articles ingested: {ingested}", f"articles quarantined: {quarantined}"]
    lines += [f"  - {reason}: {count}" for reason, count in reasons]
    lines.append("rows per mart:")
    lines += [f"  {name:<28} {count:>7}" for name, count in counts]
    return lines


def register_partitions(instance, batch_keys) -> tuple[list[str], list[str]]:
    """Make the dynamic partitions equal the corpus: add new batch keys, delete vanished ones."""
    from orchestration.partitions import article_batch_partitions

    name = article_batch_partitions.name
    registered = list(instance.get_dynamic_partitions(name))
    wanted = set(batch_keys)
    vanished = [key for key in registered if key not in wanted]
    for key in vanished:
        instance.delete_dynamic_partition(name, key)
    known = set(registered)
    new = [key for key in batch_keys if key not in known]
    if new:
        instance.add_dynamic_partitions(name, new)
    return new, vanished


def run_keys(keys: list[str], batches: dict[str, tuple[str, ...]], stale: list[str] | None) -> list[str]:
    """The partitions a run covers, in registered order: all of them (stale None: a full refresh), else
    from the first batch holding a new or changed article to the last. A new file's batch is registered
    last, so adding one article runs its one partition, not one per article of the warehouse."""
    if stale is None:
        return keys
    wanted = set(stale)
    first = next((i for i, key in enumerate(keys) if wanted.intersection(batches.get(key, ()))), 0)
    return keys[first:]


def materialize_corpus(
    instance,
    records: dict,
    resources: dict | None = None,
    quiet: bool = os.environ.get("NEWSWH_VERBOSE") is None,
    stale: list[str] | None = None,
):
    """One in-process run of every asset over the partition range (see `run_keys`)."""
    import dagster as dg

    from newswh.store import article_batches
    from orchestration.definitions import defs
    from orchestration.partitions import article_batch_partitions

    batches = article_batches(records.values())
    new, vanished = register_partitions(instance, list(batches))
    keys = run_keys(list(instance.get_dynamic_partitions(article_batch_partitions.name)), batches, stale)
    job = defs.resolve_implicit_global_asset_job_def()
    tags = (
        {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]} if keys else {}
    )
    run_config = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}} if quiet else {}
    if resources is None:
        result = job.execute_in_process(instance=instance, tags=tags, raise_on_error=False, run_config=run_config)
    else:
        assets = list(defs.assets or [])
        result = dg.materialize(
            assets, resources=resources, instance=instance, tags=tags, raise_on_error=False, run_config=run_config
        )
    summary = (
        f"{len(records)} articles in {len(batches)} batches: {len(new)} new partitions, {len(vanished)} removed,"
        f" {len(keys)} run"
    )
    return result, summary


def _register_in_new_instance(records: dict) -> None:
    """A warehouse built before it had its own instance: give the new one its partitions."""
    import dagster as dg

    from newswh.store import article_batches

    new, _vanished = register_partitions(dg.DagsterInstance.get(), list(article_batches(records.values())))
    print(f"registered {len(new)} article batch partitions in the new Dagster instance {config.dagster_home()}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.run",
        description="Build the warehouse $DUCKDB_PATH from the corpus folder $ARTICLES_DIR (what `make run` does).",
    )
    parser.add_argument("--summary", action="store_true", help="print the warehouse summary only; build nothing")
    parser.add_argument(
        "--distributed",
        action="store_true",
        help="extract on the Celery workers of $NEWSWH_BROKER_URL (what `make run-distributed` does)",
    )
    parser.add_argument("--version", action="version", version=f"newswh {package_version()}")
    return parser.parse_args(argv)


def _report_dbt() -> bool:
    """Print each dbt warning with its count, and each error; True when dbt had no error.

    Plausibility tests warn rather than fail the build; their counts still belong in the output.
    An errored node or a failed error-level test did not stop the steps after dbt (the timeline,
    the Python checks), but the build is not a success.
    """
    from newswh.store import dbt_errors, dbt_warnings, format_errors, format_warnings

    results = config.dbt_target_dir() / "run_results.json"
    lines = format_warnings(dbt_warnings(results))
    print("\n".join(lines) if lines else "dbt warnings: none")
    errors = format_errors(dbt_errors(results))
    if errors:
        print("\n".join(errors), file=sys.stderr)
    return not errors


def _one_builder_at_a_time():
    """An exclusive lock on the warehouse's build, held until this process exits.

    DuckDB allows one writer, so a second `make run` on the same warehouse would fail halfway with
    a lock error; it is refused up front instead, naming the process that holds the build.
    """
    import fcntl

    lock_path = config.logs_dir() / "make_run.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        print(
            f"error: {config.duckdb_path()} is being built by {holder}; wait for it to finish, then run again",
            file=sys.stderr,
        )
        handle.close()
        return None
    handle.truncate(0)
    handle.write(f"process {os.getpid()}")
    handle.flush()
    return handle  # the lock lives as long as the open file


def _warehouse_in_use() -> str | None:
    """What holds the warehouse file open, when something does; None when the build can write it.

    A reader (`duckdb -readonly`, `newswh query`, a notebook) holds a lock that DuckDB's one
    writer cannot take, so the build would stop with a traceback at its first connection; it is
    refused up front instead, naming the process to close.
    """
    import duckdb

    from newswh.store import is_lock_error, lock_holder_pid

    for path in dict.fromkeys((config.raw_store_path(), config.duckdb_path())):
        if not path.exists():
            continue
        try:
            duckdb.connect(str(path)).close()
        except duckdb.IOException as error:
            if not is_lock_error(str(error)):
                raise
            pid = lock_holder_pid(str(error))
            holder = f"process {pid}" if pid is not None else "another process"
            return f"{path} is open in {holder} (a reader such as `duckdb -readonly` or `newswh query`)"
    return None


def _build_marker() -> Path:
    """Present while a build is unfinished: written before the run starts, removed when it succeeds.

    A build that failed, or was killed, leaves it behind, so the next `make run` redoes the work
    (and keeps exiting non-zero until a build succeeds) instead of reporting "nothing changed".
    """
    return config.logs_dir() / "build_incomplete"


def _broker_problem() -> str | None:
    from orchestration.distributed import DistributedRunError, broker_problem, broker_url

    try:
        return broker_problem(broker_url())
    except DistributedRunError as error:
        return str(error)


def _extract_on_workers(instance, records: dict) -> str:
    """The distributed extraction's summary line, or "failed" after printing why on the real stderr."""
    from newswh.store import CorpusChangedError
    from orchestration.distributed import DistributedRunError, extract_on_workers

    try:
        return extract_on_workers(instance, records)
    except (DistributedRunError, CorpusChangedError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.__stderr__)
        return "failed"


def _prepare_instance_home() -> int | None:
    """Point DAGSTER_HOME at the warehouse's instance; the exit code when that cannot be done."""
    from orchestration.instance import HomeTakenError, prepare_home

    try:
        # The instance follows the warehouse, whatever DAGSTER_HOME the shell may hold.
        os.environ["DAGSTER_HOME"] = str(prepare_home())
    except HomeTakenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # DUCKDB_PATH in a folder that cannot be made or written
        print(
            f"error: DUCKDB_PATH {config.duckdb_path()}: {error.strerror or error}: {error.filename}", file=sys.stderr
        )
        return 2
    return None


def _nothing_changed(articles_dir: Path, records: dict, fresh_instance: bool, started: float) -> int:
    print(f"nothing changed in {articles_dir} ({len(records)} articles): no work done")
    if fresh_instance:
        _register_in_new_instance(records)
    print("\n".join(summary_lines()))
    print(f"done in {time.perf_counter() - started:.1f}s")
    return 0


def _build(args, records: dict, only_new: list[str] | None, plan: str, started: float) -> int:
    """Materialize the corpus (`only_new` articles, or every one when None), report, and the exit code."""
    import contextlib

    import dagster as dg

    # Dagster then stores the events it plans at the run's start (one per dbt test and model) in
    # one transaction per shard (orchestration/event_log.py), not one each: ~400 commits fewer.
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", str(EVENT_BATCH_SIZE))
    instance = dg.DagsterInstance.get()
    # dbt's progress lines (hundreds of them) go to a log file; the terminal gets the summary.
    log_path = config.logs_dir() / "make_run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building the warehouse ({plan}); log: {log_path}", flush=True)
    os.environ["NEWSWH_PROGRESS"] = "1"  # ingest and extract report on the real stderr, not the log
    _build_marker().write_text(f"build started; log: {log_path}\n", encoding="utf-8")
    with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        distributed = _extract_on_workers(instance, records) if args.distributed else None
        result, summary = (
            materialize_corpus(instance, records, stale=only_new) if distributed != "failed" else (None, "")
        )
    if distributed == "failed":
        print(f"run failed; see {log_path}", file=sys.stderr)
        return 1
    print("\n".join(line for line in (distributed, summary) if line))
    if not result.success:
        for event in result.all_events:
            if event.is_failure:
                print(event.message, file=sys.stderr)
        print(f"run failed; see {log_path}", file=sys.stderr)
        return 1
    # A fresh process reads the file as dbt left it; this one may hold a stale DuckDB instance.
    import subprocess

    subprocess.run([sys.executable, "-m", "orchestration.run", "--summary"], check=True)
    if not _report_dbt():
        print(f"the dbt build had errors (above); see {log_path}", file=sys.stderr)
        return 1
    _build_marker().unlink(missing_ok=True)
    print(f"done in {time.perf_counter() - started:.1f}s")
    return 0


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(argv)
    if args.summary:
        print("\n".join(summary_lines()))
        return 0
    if args.distributed and (problem := _broker_problem()):
        print(f"error: {problem}", file=sys.stderr)
        return 2  # before anything is written: the warehouse stays as it was
    if args.distributed:
        from orchestration.distributed import use_raw_files

        use_raw_files()
    fresh_instance = not config.dagster_home().exists()
    if (refused := _prepare_instance_home()) is not None:
        return refused
    from newswh.store import records_by_id

    articles_dir = config.articles_dir()
    if not articles_dir.is_dir():
        print(f"error: ARTICLES_DIR {articles_dir} is not a folder", file=sys.stderr)
        return 2
    builder = _one_builder_at_a_time()  # held open until main returns: the lock lives with it
    if builder is None:
        return 3
    if in_use := _warehouse_in_use():
        print(f"error: {in_use}; close it, then run again", file=sys.stderr)
        return 3
    records = records_by_id(articles_dir)
    ingest_stale, removed, extractions = _work_needed(records)
    ingesting = set(ingest_stale)
    stale = [article_id for article_id in records if article_id in ingesting or article_id in extractions]
    unfinished = _build_marker().exists()
    if unfinished:
        print(f"the last build of {config.duckdb_path()} did not finish: building again", flush=True)
    if not stale and not removed and not unfinished and _marts_exist():
        return _nothing_changed(articles_dir, records, fresh_instance, started)
    # Only new or changed articles run, unless something needs the whole corpus: a removed file (its
    # rows are pruned by a run over every batch), an unfinished build, a new instance or missing marts.
    only_new = None if removed or unfinished or fresh_instance or not _marts_exist() else stale
    return _build(args, records, only_new, _plan_line(ingest_stale, extractions), started)


if __name__ == "__main__":
    sys.exit(main())

"""`make run-distributed`: extraction on Celery workers gives the same warehouse as `make run`.

The test starts its own redis-server on a free loopback port and two workers, builds the seed
corpus through `python -m orchestration.run --distributed`, and kills one worker's process
while it extracts a batch: the batch must be redone elsewhere and no row may appear twice, so
every mart must equal the one of the embedded session build (`built_warehouse`). The shared
corpus (142 articles) takes longer than CI can spend; NEWSWH_DISTRIBUTED_CORPUS=<folder> runs
the same comparison on it (`make bench` does, see bench/run_bench.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SEEDS_DIR
from tests.support import readme_worker_command

pytestmark = pytest.mark.integration

BUILD_TIMEOUT = 1200


def _needs_redis() -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("needs Debian's redis-server (make test installs it: the Makefile's redis-deps)")


def mart_names(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and (table_name like 'fct_%' or table_name like 'dim_%' or table_name = 'quarantined_articles') "
            "order by 1"
        ).fetchall()
    return [row[0] for row in rows]


def mart_rows(path: Path, mart: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f'select * from main."{mart}" order by all').fetchall()


def distributed_env(duckdb_path: Path, articles_dir: Path, broker: str, workers: int) -> dict:
    return {
        **os.environ,
        "DUCKDB_PATH": str(duckdb_path),
        "ARTICLES_DIR": str(articles_dir),
        "NEWSWH_BROKER_URL": broker,
        "NEWSWH_WORKERS": str(workers),
        "PATH": f"{PROJECT_ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
    }


def run_distributed(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration.run", "--distributed"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )


class WorkerKiller(threading.Thread):
    """Kills (SIGKILL) the process of the first worker named `target@...` seen running an extraction step."""

    def __init__(self, broker: str, target: str):
        super().__init__(daemon=True)
        self.broker = broker
        self.target = f"{target}@"
        self.killed: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        from celery import Celery

        app = Celery("newswh-test", broker=self.broker)
        while not self.done.is_set() and not self.killed:
            active = app.control.inspect(timeout=1.0, destination=None).active() or {}
            for name, tasks in active.items():
                if not name.startswith(self.target):
                    continue
                extracting = [task for task in tasks if "extract_task" in str(task.get("kwargs"))]
                if extracting:
                    time.sleep(1.0)  # into the batch: spaCy loading or extracting
                    os.kill(extracting[0]["worker_pid"], signal.SIGKILL)
                    self.killed.append(extracting[0]["worker_pid"])
                    return
            time.sleep(0.3)


@contextlib.contextmanager
def readme_worker(broker: str, log_dir: Path):
    """A worker started exactly as the README tells a second machine to start one (its log: readme.log)."""
    from orchestration.cluster import stop

    env, argv = readme_worker_command((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), broker)
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / "readme.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            argv, cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            stop(process)


@pytest.fixture(scope="module")
def distributed_build(tmp_path_factory):
    """The seeds built by two Celery workers, one of which loses its process mid-batch.

    One worker is started by `make run-distributed`'s code, the other by the README's one
    command for a worker on another machine, so that command is what a build runs on.
    """
    _needs_redis()
    from orchestration.cluster import celery_workers, redis_server

    root = tmp_path_factory.mktemp("distributed")
    articles_dir = Path(os.environ.get("NEWSWH_DISTRIBUTED_CORPUS") or SEEDS_DIR)
    duckdb_path = root / "warehouse.duckdb"
    started = time.perf_counter()
    with (
        redis_server() as broker,
        celery_workers(1, broker, root / "workers"),
        readme_worker(broker, root / "workers") as joined,
    ):
        killer = WorkerKiller(broker, target="celery")  # the README's command names its worker celery@<host>
        killer.start()
        completed = run_distributed(distributed_env(duckdb_path, articles_dir, broker, workers=2))
        killer.done.set()
        killer.join(5)
        joined_alive = joined.poll() is None
    seconds = time.perf_counter() - started
    print(f"distributed build of {articles_dir}: {seconds:.0f}s")
    return duckdb_path, articles_dir, completed, killer.killed, root, joined_alive


def test_the_distributed_build_succeeds_after_losing_a_worker_process(distributed_build):
    _path, _articles, completed, killed, root, joined_alive = distributed_build
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "distributed ingest and extraction:" in completed.stdout
    assert killed, "no worker was seen extracting: the kill did not happen"
    logs = "".join(path.read_text(encoding="utf-8") for path in (root / "workers").glob("*.log"))
    assert "WorkerLostError" in logs or "exited with 'signal 9" in logs, logs[-2000:]
    # the killed process was the README-started worker's: that worker took a batch, lost it, went on
    readme_log = (root / "workers" / "readme.log").read_text(encoding="utf-8")
    assert "WorkerLostError" in readme_log or "exited with 'signal 9" in readme_log, readme_log[-2000:]
    assert joined_alive, "the worker started by the README's command stopped during the build"


@pytest.fixture(scope="module")
def embedded_path(distributed_build, request, tmp_path_factory) -> Path:
    """The embedded (`make run`) warehouse of the same corpus."""
    articles_dir = distributed_build[1]
    if articles_dir == SEEDS_DIR:  # the session's embedded build of the seeds
        return request.getfixturevalue("built_warehouse").duckdb_path
    from tests.support import build_warehouse  # another corpus: an embedded build of its own

    return build_warehouse(tmp_path_factory.mktemp("embedded"), articles_dir).duckdb_path


def test_every_mart_has_the_same_rows_as_the_embedded_build(distributed_build, embedded_path):
    duckdb_path, _articles_dir, completed, _killed, _root, _joined = distributed_build
    assert completed.returncode == 0, completed.stderr[-3000:]
    marts = mart_names(embedded_path)
    assert len(marts) >= 10 and mart_names(duckdb_path) == marts
    different = [mart for mart in marts if mart_rows(duckdb_path, mart) != mart_rows(embedded_path, mart)]
    assert different == [], f"marts whose rows differ from the embedded build: {different}"


def test_ingest_rows_quarantine_and_duplicates_included_equal_the_embedded_builds(distributed_build, embedded_path):
    """Ingest ran on the workers and duplicates were settled after: the coordinator's raw tables and
    the layer's files hold what `make run`'s raw tables hold, row for row."""
    duckdb_path, _articles_dir, completed, _killed, _root, _joined = distributed_build
    assert completed.returncode == 0, completed.stderr[-3000:]
    layer = duckdb_path.parent / "raw_layer"
    for table in ("articles", "article_furniture", "quarantined_articles"):
        query = f"select * from raw.{table} order by all"
        with duckdb.connect(str(embedded_path), read_only=True) as con:
            embedded = con.execute(query).fetchall()
        with duckdb.connect(str(duckdb_path.parent / "raw_store.duckdb"), read_only=True) as con:
            assert con.execute(query).fetchall() == embedded, table
        with duckdb.connect() as con:
            files = con.execute(f"select * from read_parquet('{layer}/{table}/*.parquet') order by all").fetchall()
        assert files == embedded, table
        assert table != "articles" or len(embedded) > 0


def test_each_batch_has_one_file_per_table_and_no_temporary_file_is_left(distributed_build):
    duckdb_path, articles_dir, _completed, _killed, _root, _joined = distributed_build
    if articles_dir != SEEDS_DIR:
        pytest.skip("the seeds have one article per file; another corpus may quarantine some")
    layer = duckdb_path.parent / "raw_layer"
    sentence_files = sorted(path.name for path in (layer / "sentences").iterdir())
    with duckdb.connect() as con:
        articles = con.execute(f"select count(*) from read_parquet('{layer}/articles/*.parquet')").fetchone()[0]
        total, distinct = con.execute(
            f"select count(*), count(distinct sentence_id) from read_parquet('{layer}/sentences/*.parquet')"
        ).fetchone()
    assert len(sentence_files) == articles == len(list(articles_dir.iterdir()))
    assert list(layer.rglob("*.tmp")) == []
    assert total == distinct > 0


def test_only_dbt_writes_the_warehouse_and_it_reads_the_raw_layer_files(distributed_build):
    duckdb_path, _articles, completed, _killed, _root, _joined = distributed_build
    assert completed.returncode == 0, completed.stderr[-3000:]
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        schemas = {
            row[0] for row in con.execute("select distinct table_schema from information_schema.tables").fetchall()
        }
    assert "raw" not in schemas and "main" in schemas  # the raw tables live in the coordinator's file
    with duckdb.connect(str(duckdb_path.parent / "raw_store.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.event_clusters").fetchone()[0] > 0
    compiled = (duckdb_path.parent / "dbt" / "target" / "compiled").rglob("stg_raw__*.sql")
    sources = {path.stem: path.read_text(encoding="utf-8") for path in compiled}
    layer = duckdb_path.parent / "raw_layer"
    assert f"read_parquet('{layer}/sentences/*.parquet')" in sources["stg_raw__sentences"]
    assert f"read_parquet('{layer}/event_clusters/*.parquet')" in sources["stg_raw__event_clusters"]


def test_a_broker_that_is_down_is_named_and_nothing_is_written(tmp_path):
    from orchestration.cluster import free_loopback_port

    broker = f"redis://127.0.0.1:{free_loopback_port()}/0"  # nothing listens there
    completed = run_distributed(distributed_env(tmp_path / "warehouse.duckdb", SEEDS_DIR, broker, workers=2))
    assert completed.returncode == 2
    assert broker in completed.stderr and "not reachable" in completed.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()
    assert not (tmp_path / "raw_layer").exists()


def test_without_a_broker_setting_the_build_names_the_setting(monkeypatch, capsys, tmp_path):
    from orchestration.run import main

    monkeypatch.delenv("NEWSWH_BROKER_URL", raising=False)
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    assert main(["--distributed"]) == 2
    assert "NEWSWH_BROKER_URL is not set" in capsys.readouterr().err
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_make_run_distributed_starts_a_broker_and_n_workers_runs_the_build_and_stops_them(monkeypatch, tmp_path):
    """`make run-distributed WORKERS=2` (orchestration.cluster) around a stand-in build: seconds, no NLP."""
    _needs_redis()
    from orchestration import cluster, run
    from orchestration.distributed import broker_problem

    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    seen = {}

    def stand_in_build(argv):
        url = os.environ["NEWSWH_BROKER_URL"]
        seen.update(argv=argv, workers=os.environ["NEWSWH_WORKERS"], broker_up=broker_problem(url) is None)
        seen["alive"] = [process.poll() is None for process in started]
        return 7  # the build's exit code is make's

    monkeypatch.setattr(cluster.subprocess, "Popen", recording_popen)
    monkeypatch.setattr(cluster.signal, "signal", lambda *_args: None)  # keep pytest's own SIGTERM handling
    monkeypatch.setattr(run, "main", stand_in_build)
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "warehouse.duckdb"))
    assert cluster.main(["--workers", "2"]) == 7
    assert seen == {"argv": ["--distributed"], "workers": "2", "broker_up": True, "alive": [True, True, True]}
    assert len(started) == 3 and all(process.poll() is not None for process in started)  # redis + 2 workers
    assert sorted((tmp_path / "logs" / "workers").iterdir()) == [
        tmp_path / "logs" / "workers" / "worker1.log",
        tmp_path / "logs" / "workers" / "worker2.log",
    ]

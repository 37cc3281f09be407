"""The instance's SQLite storage, with one open connection per event-log shard in use.

Dagster's SQLite event log builds a new SQLAlchemy engine, opens a connection, commits and closes it
for every event it records, and a `dbt build` records over a thousand: a check planned and evaluated
per dbt test, an output and a materialization per model. Closing the last connection to a WAL-mode
file checkpoints it with an fsync. Here the connection of each shard in use stays open (commits in
WAL mode, synchronous NORMAL, no fsync), and a batch of events is one transaction per shard. Rows,
files and their layout are Dagster's own: any Dagster process reads the same history with the stock
storage class.

Each warehouse's home names this class in its dagster.yaml (`event_log_storage:`, written by
`orchestration.instance.prepare_home`), so every process that opens the home builds it through Dagster's
ConfigurableClass mechanism: `make run`, `make ui`'s webserver, daemon and run workers, and the tests.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

# The index shard and the few runs in use; a run's shard is written only while the run goes on.
KEPT_SHARDS = 4


def _commit_without_fsync(dbapi_connection, _record) -> None:
    # The shards are in WAL mode (Dagster sets it): with synchronous NORMAL a commit is written to the
    # WAL without an fsync, and survives the process being killed; only a power cut can lose the
    # last events (SQLite's own guarantee for WAL + NORMAL). A commit and close cost 10-18 ms under
    # load (the fsync of the WAL checkpoint a closing connection runs), one per event.
    dbapi_connection.execute("pragma synchronous = normal")


class KeptEngineEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with one open connection per shard in use (the index and the latest runs).

    WAL mode lets another process (the UI, a second build waiting for the lock) read while a
    connection is open, and see each event once it is committed.
    """

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, Engine] = {}
        self._engines_lock = threading.Lock()
        # The connections of the batch this thread is storing (store_event_batch), by shard.
        self._batch = threading.local()
        # Index tables known to exist: Dagster's migrations add tables and never drop one.
        self._tables_seen: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> KeptEngineEventLogStorage:
        """Built by Dagster from the `event_log_storage:` block of the home's dagster.yaml (prepare_home writes it)."""
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                # One connection per shard, kept open: SQLite checkpoints the WAL and fsyncs when the
                # last connection to a file closes, so a connection per event paid that each time.
                # Every use of it is serialized by the storage's lock (_connect).
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    poolclass=StaticPool,
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
                )
                event.listen(engine, "connect", _commit_without_fsync)
            self._engines[shard] = engine  # most recently used last
            while len(self._engines) > KEPT_SHARDS:  # the UI reads many runs: close the oldest
                self._engines.pop(next(iter(self._engines))).dispose()
            return engine

    def _initialized_engine(self, shard: str) -> Engine:
        engine = self._engine(shard)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        held = getattr(self._batch, "connections", None)
        if held is not None:  # inside store_event_batch, which holds the lock
            if shard not in held:
                conn = self._initialized_engine(shard).connect()
                conn.begin()
                held[shard] = conn
            yield held[shard]
            return
        with self._db_lock, self._initialized_engine(shard).connect() as conn, conn.begin():
            yield conn

    def has_table(self, table_name: str) -> bool:
        """Whether the index has the table, asked once per table rather than once per event.

        The stock method opens and closes a new engine on the index file each time it is asked, and
        it is asked for every asset check result and materialization stored (`supports_asset_checks`,
        the asset event tags): ~730 times for a dbt build on the seeds, a quarter of the time spent
        storing its events (measured with cProfile). A table not yet there is asked again next time.
        """
        if table_name not in self._tables_seen and super().has_table(table_name):
            self._tables_seen.add(table_name)
        return table_name in self._tables_seen

    def wipe(self) -> None:
        self.dispose_engines()  # the run files are deleted: a kept connection would write to a deleted file
        super().wipe()

    def store_event_batch(self, events) -> None:
        """Every event as `store_event` stores it, in one transaction per shard instead of one per write.

        Dagster sends batches when DAGSTER_EVENT_BATCH_SIZE is set (`make run` sets it): the events it
        plans at a run's start (a check planned per dbt test) and a partitioned step's outputs. On an
        error nothing of the batch is kept, and Dagster stores the events one by one instead.
        """
        with self._db_lock:
            self._batch.connections = held = {}
            try:
                for event in events:
                    self.store_event(event)
                for conn in held.values():
                    conn.commit()
            finally:
                self._batch.connections = None
                for conn in held.values():
                    conn.close()  # rolls back what was not committed

    def dispose_engines(self) -> None:
        with self._engines_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def dispose(self) -> None:
        self.dispose_engines()
        super().dispose()

"""`newswh query "SQL"`: one read-only query against the warehouse, printed for a human.

The warehouse is opened read-only, so DuckDB itself refuses writes; this module turns
DuckDB's errors into messages an analyst can act on (build the warehouse, wait for the
running materialization, or rephrase the statement) and formats the result.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMATS = ("table", "csv", "json")

# Exit codes: 0 ok, 1 the query itself failed (bad SQL), 2 the warehouse cannot be used as asked.
EXIT_OK = 0
EXIT_QUERY_ERROR = 1
EXIT_UNUSABLE = 2


class QueryError(Exception):
    """A failure with a message meant for the analyst, and the exit code to return."""

    def __init__(self, message: str, exit_code: int = EXIT_UNUSABLE):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # True when --limit cut rows off


_PID_PATTERN = re.compile(r"\(PID (\d+)\)|PID[ :=]+(\d+)", re.IGNORECASE)


def lock_holder_pid(message: str) -> int | None:
    """The PID DuckDB names in a 'Conflicting lock is held in ... (PID 1234)' message, if any."""
    match = _PID_PATTERN.search(message)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def is_lock_error(message: str) -> bool:
    lowered = message.lower()
    return "lock" in lowered and ("conflicting" in lowered or "could not set lock" in lowered)


def lock_message(path: Path, duckdb_message: str) -> str:
    pid = lock_holder_pid(duckdb_message)
    holder = f"process {pid}" if pid is not None else "another process"
    return (
        f"the warehouse at {path} is locked by {holder} (probably a running materialization: "
        f"`make run`, a Dagster run or a dbt build). Wait for it to finish and try again."
    )


def is_write_refusal(message: str) -> bool:
    """DuckDB's wording when a read-only connection is asked to change something."""
    lowered = message.lower()
    return "read-only mode" in lowered or "read only mode" in lowered or "cannot execute statement of type" in lowered


# Every connection `newswh query` makes, even the one that only parses, runs with file and
# network access off, extensions never fetched nor loaded, and the settings locked, so that a
# query can read the warehouse and nothing else: no read_csv('/etc/passwd'), no COPY ... TO over
# the warehouse, no download of httpfs or fts.
SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}

# DESCRIBE, SHOW, SUMMARIZE and table-valued PRAGMAs (table_info, version) parse as SELECT;
# EXPLAIN is allowed only around a SELECT, since EXPLAIN ANALYZE runs the statement it explains.
READ_ONLY_STATEMENT_TYPES = frozenset({"SELECT", "EXPLAIN"})
_EXPLAIN_MODIFIERS = frozenset({"analyze", "analyse"})
_TOKEN_TEXT = re.compile(r"\w+|\S")


def sandboxed_connection(path: Path | None = None):
    """A DuckDB connection that can read PATH (read-only) and nothing outside it."""
    import duckdb

    if path is None:
        return duckdb.connect(":memory:", config=SANDBOX_CONFIG)
    return duckdb.connect(str(path), read_only=True, config=SANDBOX_CONFIG)


def statement_types(sql: str) -> list[str]:
    """DuckDB's parse of SQL into statement type names, e.g. ['SELECT'] (raises on a syntax error)."""
    with sandboxed_connection() as parser:
        return [statement.type.name for statement in parser.extract_statements(sql)]


def _explained_statement_type(sql: str) -> str:
    """The type of the statement an EXPLAIN wraps ('COPY' for EXPLAIN ANALYZE COPY ...).

    The prefix is found with DuckDB's own tokenizer, which skips comments and whitespace, so
    `/* c */ EXPLAIN -- c` + newline + `ANALYZE COPY ...` is seen as the COPY it runs.
    """
    import duckdb

    starts = [position for position, _kind in duckdb.tokenize(sql)]
    words = [_TOKEN_TEXT.match(sql, start).group(0).lower() for start in starts]
    if not words or words[0] != "explain":
        return "UNKNOWN"
    index = _after_options(words, 1)
    while index < len(words) and words[index] in _EXPLAIN_MODIFIERS:
        index += 1
    if index >= len(words):
        return "UNKNOWN"
    types = statement_types(sql[starts[index] :])
    return types[0] if len(types) == 1 else "UNKNOWN"


def _after_options(words: list[str], index: int) -> int:
    """The index past a parenthesised option list starting at INDEX, as in EXPLAIN (FORMAT json) ..."""
    if words[index : index + 1] != ["("]:
        return index
    depth = 0
    for position, word in enumerate(words[index:], start=index):
        depth += {"(": 1, ")": -1}.get(word, 0)
        if depth == 0:
            return position + 1
    return len(words)


def check_read_only(sql: str) -> None:
    """Refuse anything but exactly one reading statement, before the warehouse is opened."""
    import duckdb

    try:
        types = statement_types(sql)
        if len(types) == 1 and types[0] == "EXPLAIN":
            types = [_explained_statement_type(sql)]
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {exc}", exit_code=EXIT_QUERY_ERROR) from exc
    if len(types) != 1:
        raise QueryError(f"give exactly one SQL statement (got {len(types)})", exit_code=EXIT_QUERY_ERROR)
    if types[0] not in READ_ONLY_STATEMENT_TYPES:
        raise QueryError(
            f"refused: {types[0]} statements change things, and `newswh query` only reads "
            "(SELECT, EXPLAIN of a SELECT, DESCRIBE, SHOW, SUMMARIZE). The warehouse is built by `make run`."
        )


def _open(path: Path):
    import duckdb

    if not path.exists():
        raise QueryError(f"no warehouse at {path}: run `make run` first")
    try:
        return sandboxed_connection(path)
    except duckdb.IOException as exc:
        if is_lock_error(str(exc)):
            raise QueryError(lock_message(path, str(exc))) from exc
        raise QueryError(f"cannot open the warehouse at {path}: {exc}") from exc


def _execute(con, sql: str):
    import duckdb

    try:
        return con.execute(sql)
    except duckdb.PermissionException as exc:
        raise QueryError(
            "refused: `newswh query` reads the warehouse only; files, URLs, extensions and settings "
            f"are out of its reach (DuckDB said: {exc})"
        ) from exc
    except duckdb.Error as exc:
        if is_write_refusal(str(exc)):
            raise QueryError(
                f"refused: `newswh query` only reads; the warehouse is built by `make run` (DuckDB said: {exc})"
            ) from exc
        raise QueryError(f"query failed: {exc}", exit_code=EXIT_QUERY_ERROR) from exc


def run_query(path: Path, sql: str, limit: int | None = None) -> QueryResult:
    """Open PATH read-only, run SQL, and return at most LIMIT rows (all when LIMIT is None)."""
    check_read_only(sql)
    con = _open(path)
    try:
        cursor = _execute(con, sql)
        if cursor.description is None:
            # Statements such as SET or PRAGMA return no relation; there is nothing to print.
            return QueryResult(columns=[], rows=[], truncated=False)
        columns = [column[0] for column in cursor.description]
        # Fetch one row more than asked for, to know whether the limit cut anything off.
        rows = [tuple(row) for row in (cursor.fetchmany(limit + 1) if limit is not None else cursor.fetchall())]
        truncated = limit is not None and len(rows) > limit
        return QueryResult(columns=columns, rows=rows[:limit] if limit is not None else rows, truncated=truncated)
    finally:
        con.close()


def _json_value(value: Any) -> Any:
    """Make DuckDB values (dates, decimals, blobs, UUIDs) representable in JSON."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def format_result(result: QueryResult, fmt: str) -> str:
    """The result as an aligned table, CSV or a JSON array of objects."""
    if fmt == "json":
        records = [dict(zip(result.columns, map(_json_value, row), strict=False)) for row in result.rows]
        return json.dumps(records, indent=2, ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "table":
        from tabulate import tabulate

        return tabulate(
            result.rows, headers=result.columns, tablefmt="simple", missingval="NULL", disable_numparse=True
        )
    raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")


def cli_main(sql: str, fmt: str = "table", limit: int | None = None, path: Path | None = None) -> int:
    """Run the query and print it; errors go to stderr with exit code 1 (bad SQL) or 2."""
    from newswh import config

    path = path or config.duckdb_path()
    if limit is not None and limit < 0:
        print("error: --limit must be zero or more", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        result = run_query(path, sql, limit=limit)
    except QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if result.columns:
        print(format_result(result, fmt))
    if result.truncated:
        # On stderr, so that csv/json on stdout stay machine-readable.
        print(f"(showing the first {limit} rows; raise --limit to see more)", file=sys.stderr)
    return EXIT_OK

"""The `newswh` command line: thin argument parsing over the pure core.

Conventions: an unknown argument is a usage error (exit 2), a missing file or a bad date is one
clear line on stderr and exit 2, and `--help` and `--version` work on every command.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def _readable_file(text: str) -> Path:
    """A file the tagger can read as UTF-8 text; anything else is one clear usage line, not a traceback."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"not a file: {text}")
    try:
        path.read_bytes().decode("utf-8")
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot read {text}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise argparse.ArgumentTypeError(
            f"not UTF-8 text: {text} (byte {error.object[error.start]:#04x} at offset {error.start})"
        ) from None
    return path


def existing_path(text: str) -> Path:
    """An input a maintainer's script reads: one clear usage line when it is missing."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {text}")
    return path


def script_parser(module: str, description: str) -> argparse.ArgumentParser:
    """The parser of a `python -m MODULE` script: --help answers, a stray argument is a usage error."""
    return argparse.ArgumentParser(prog=f"python -m {module}", description=description)


def package_version() -> str:
    try:
        return version("newswh")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newswh", description="News-event warehouse tools")
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    timex = sub.add_parser("timex", help="print every time expression in FILE as JSON lines")
    timex.add_argument("--dct", required=True, type=_iso_date, help="reference date, YYYY-MM-DD")
    timex.add_argument("file", type=_readable_file)

    query = sub.add_parser("query", help="run one read-only SQL query against the warehouse (DUCKDB_PATH)")
    query.add_argument("sql", help='the query, e.g. "select * from dim_articles"')
    query.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format (default table)"
    )
    query.add_argument("--limit", type=int, default=None, help="print at most N rows")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "timex":
        from newswh.time.tagger import cli_main

        return cli_main(str(args.file), args.dct.isoformat())
    from newswh.store.query import cli_main as query_main

    return query_main(args.sql, fmt=args.format, limit=args.limit)


if __name__ == "__main__":
    sys.exit(main())

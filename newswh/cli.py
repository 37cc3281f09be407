"""The `newswh` command line: thin argument parsing over the pure core."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newswh", description="News-event warehouse tools")
    sub = parser.add_subparsers(dest="command", required=True)

    timex = sub.add_parser("timex", help="print every time expression in FILE as JSON lines")
    timex.add_argument("--dct", required=True, help="reference date, YYYY-MM-DD")
    timex.add_argument("file")

    query = sub.add_parser("query", help="run one read-only SQL query against the warehouse (DUCKDB_PATH)")
    query.add_argument("sql", help='the query, e.g. "select * from dim_articles"')
    query.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format (default table)"
    )
    query.add_argument("--limit", type=int, default=None, help="print at most N rows")

    args, _rest = parser.parse_known_args(argv)
    if args.command == "timex":
        from newswh.time.tagger import cli_main

        return cli_main(args.file, args.dct)
    if args.command == "query":
        from newswh.store.query import cli_main as query_main

        return query_main(args.sql, fmt=args.format, limit=args.limit)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())

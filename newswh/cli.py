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

    args, _rest = parser.parse_known_args(argv)
    if args.command == "timex":
        from newswh.timex import cli_main

        return cli_main(args.file, args.dct)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())

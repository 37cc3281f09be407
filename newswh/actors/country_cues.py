"""Country cues: the words that name a country inside a description ("a Russian diplomat").

The cues are the names of PETRARCH's country blocks in `Phoenix.Countries.actors.txt`
(`RUSSIAN_FEDERATION_ [RUS]` with `+RUSSIAN`, `+AFGHAN_`, `+KABUL_` ...): nationality
adjectives, short names and the cities the dictionary lists as standing for the country. A cue
that two countries share, or of fewer than three letters (an abbreviation with dots such as
"U.S." stays; "US" would match the pronoun), is dropped. `python -m newswh.actors.country_cues ../shared/reference/petrarch2` writes
`newswh/actors/resources/country_cues.csv` (README.md there); a unit test checks that the
committed file is what this converter writes.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent / "resources"
CUES_FILE = RESOURCES / "country_cues.csv"
COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
_BLOCK = re.compile(r"^([A-Z][A-Z0-9_.'\-]*)\s+\[([A-Z]{3})\]\s*(#.*)?$")
_MIN_LETTERS = 3


def _phrase(token: str) -> str:
    """PETRARCH's `AFGHAN_` / `WASHINGTON_D.C._` as text: underscores are spaces."""
    return " ".join(token.strip("_").split("_")).lower()


def _alias(line: str) -> str | None:
    body = line[1:].split("#", 1)[0].strip()
    if not body or "(" in body:
        return None
    return _phrase(body)


def block_cues(lines: Iterable[str]) -> Iterator[tuple[str, str, int]]:
    """(cue, CAMEO country code, line number) for the name and `+` aliases of each country block."""
    code = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        block = _BLOCK.match(line)
        if block:
            code = block.group(2)
            yield _phrase(block.group(1)), code, number
        elif line.startswith("+") and code is not None:
            cue = _alias(line)
            if cue:
                yield cue, code, number
        elif line.strip() and not line.startswith("#"):
            code = None  # any other entry ends the country block


def country_cues(lines: Iterable[str]) -> list[dict[str, str]]:
    """Unambiguous cues, sorted: a cue two countries claim, or of fewer than 3 letters, is dropped."""
    first: dict[str, tuple[str, int]] = {}
    claimed: dict[str, set[str]] = {}
    for cue, code, number in block_cues(lines):
        claimed.setdefault(cue, set()).add(code)
        first.setdefault(cue, (code, number))
    return [
        {"cue": cue, "country_code": first[cue][0], "source_line": str(first[cue][1])}
        for cue in sorted(first)
        if len(claimed[cue]) == 1 and (sum(ch.isalpha() for ch in cue) >= _MIN_LETTERS or "." in cue)
    ]


def write_cues(petrarch_dir: Path, target: Path = CUES_FILE) -> int:
    with (petrarch_dir / COUNTRIES_FILE).open(encoding="utf-8", errors="replace") as handle:
        rows = country_cues(handle)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["cue", "country_code", "source_line"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


@lru_cache(maxsize=2)
def load_country_cues(path: str | None = None) -> dict[str, str]:
    """Lower-case cue -> CAMEO country code."""
    with Path(path or CUES_FILE).open(encoding="utf-8", newline="") as handle:
        return {row["cue"]: row["country_code"] for row in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> int:
    from newswh.cli import existing_path, script_parser

    parser = script_parser("newswh.actors.country_cues", f"Derive {CUES_FILE.name} from PETRARCH2's country list.")
    parser.add_argument("petrarch_dir", type=existing_path, help=f"the folder holding {COUNTRIES_FILE}")
    print(write_cues(parser.parse_args(argv).petrarch_dir), "cues written to", CUES_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())

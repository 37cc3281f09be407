"""Converter for the Phoenix (PETRARCH2) actor and agent dictionaries.

Pure functions turn the TABARI-style text of `Phoenix.*.actors.txt` and `Phoenix.agents.txt`
into plain records; `python -m newswh.actors.phoenix SOURCE_DIR TARGET_DIR` writes the
derived CSV files documented in `seeds/reference/README_actors.md`. The output depends only
on the input text, so re-running it gives byte-identical files.

Format (see the PETRARCH2 docs, `dictionaries.rst`): a name line (`HAMID_KARZAI_`), `+`
alias lines, and codes either on the name line or on tab-indented lines after it. A code may
carry a date restriction: `[RUSGOV >080508]` from that day, `[RUSGOV <080508]` until it,
`[RUSELI 700101-990809]` between (YYMMDD, with 00-30 read as 20YY, or YYYYMMDD). An undated
code is the default outside every dated one; `[---]` codes nothing. `#` starts a comment.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

# The newest date the dictionaries themselves state (Phoenix.Countries: "Generated at: Thu Jan 30
# 2014", from CountryInfo.140130). A role still open then is known to hold until this day only:
# the project does not extend a 2014 dictionary into later years.
PHOENIX_VINTAGE = date(2014, 1, 30)
# "<YYMMDD" (until) gives no start; this stands for "any earlier date".
OPEN_START = date(1900, 1, 1)
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
NULL_CODE = "---"

_CODE = re.compile(r"\[([^\]]*)\]")
_DIGITS = re.compile(r"\d+")
_PAREN = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class PhoenixCode:
    code: str
    valid_from: date | None  # None with valid_to None: the default (undated) code
    valid_to: date | None
    raw: str  # the bracket text, for the basis column


@dataclass
class PhoenixEntry:
    """One actor block: a name, its aliases and its codes, in file order."""

    name: str
    source_file: str
    line: int
    aliases: list[str] = field(default_factory=list)
    codes: list[PhoenixCode] = field(default_factory=list)
    from_country_info: bool = False  # "# CountryInfo.txt": a leader from the CountryInfo lists
    skipped_codes: int = 0  # codes whose date could not be read
    bracketed: bool = False  # any [..] seen, even [---]


@dataclass(frozen=True)
class PhoenixAgent:
    phrase: str  # lower case, words separated by spaces
    sector: str  # CAMEO agent code without the "~": COP, MIL, REB, GOVMIL ...
    line: int


def parse_phoenix_date(text: str) -> date | None:
    """YYMMDD (00-30 -> 20YY, else 19YY) or YYYYMMDD; anything else (e.g. 7 digits) is None."""
    try:
        if len(text) == 6:
            year = int(text[:2])
            return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return None


def parse_code(raw: str) -> PhoenixCode | None:
    """`RUSGOV >080508` -> a dated code; None for `---` or an unreadable date."""
    parts = raw.split(None, 1)
    if not parts or parts[0] == NULL_CODE:
        return None
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not rest:
        return PhoenixCode(code, None, None, raw.strip())
    numbers = _DIGITS.findall(rest)
    days = [parse_phoenix_date(n) for n in numbers]
    if not days or any(d is None for d in days):
        return None
    if rest.startswith(">") and len(days) == 1:
        return PhoenixCode(code, days[0], None, raw.strip())
    if rest.startswith("<") and len(days) == 1:
        return PhoenixCode(code, OPEN_START, days[0], raw.strip())
    if "-" in rest and len(days) == 2 and days[0] <= days[1]:
        return PhoenixCode(code, days[0], days[1], raw.strip())
    return None


def display_name(phrase: str) -> str:
    """`SERGEY_V._LAVROV_` -> `Sergey V. Lavrov`; parenthesised acronyms are dropped."""
    text = _PAREN.sub("", phrase.replace("_", " ")).strip()
    words = [w if any(c.islower() for c in w) else _title_word(w) for w in text.split()]
    return " ".join(words)


def _title_word(word: str) -> str:
    # "AL-QAEDA" -> "Al-Qaeda", "U.N." and short all-consonant acronyms stay as written.
    if "." in word or (len(word) <= 4 and not any(c in "AEIOUY" for c in word)):
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


def _strip_comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.rstrip(), comment


def parse_actor_lines(lines: Iterable[str], source_file: str) -> list[PhoenixEntry]:
    """Actor blocks of one dictionary file, in file order."""
    entries: list[PhoenixEntry] = []
    current: PhoenixEntry | None = None
    for number, raw_line in enumerate(lines, start=1):
        if not raw_line.strip() or raw_line.lstrip().startswith(("#", "<")):
            continue
        if "---STOP---" in raw_line:
            break
        body, comment = _strip_comment(raw_line.rstrip("\n"))
        if not body.strip():
            continue
        codes_text = _CODE.findall(body)
        head = _CODE.sub(" ", body).strip()
        if raw_line[0] in "\t " and not head:
            if current is not None:
                _add_codes(current, codes_text)
            continue
        if head.startswith("+"):
            if current is not None:
                current.aliases.extend(a for a in head[1:].split("+") if a.strip("_ "))
                _add_codes(current, codes_text)
            continue
        if current is not None and not current.bracketed and not codes_text and not current.aliases:
            # A code-less name right after another code-less one shares its codes (PETRARCH's reading).
            current.aliases.append(head)
            continue
        current = PhoenixEntry(head, source_file, number, from_country_info="CountryInfo" in comment)
        _add_codes(current, codes_text)
        entries.append(current)
    return entries


def _add_codes(entry: PhoenixEntry, codes_text: Sequence[str]) -> None:
    entry.bracketed = entry.bracketed or bool(codes_text)
    for text in codes_text:
        code = parse_code(text)
        if code is not None:
            entry.codes.append(code)
        elif text.strip() and text.split()[0] != NULL_CODE:
            entry.skipped_codes += 1


def dated_roles(entry: PhoenixEntry, vintage: date = PHOENIX_VINTAGE) -> list[tuple[PhoenixCode, date, date]]:
    """Non-overlapping (code, from, to) intervals: where dated codes overlap, the one listed
    first wins (PETRARCH tries them in file order); an open end stops at the vintage."""
    covered: list[tuple[date, date]] = []
    out: list[tuple[PhoenixCode, date, date]] = []
    for code in entry.codes:
        if code.valid_from is None:
            continue
        end = code.valid_to if code.valid_to is not None else vintage
        if code.valid_from > end:
            continue
        for start, stop in _subtract(code.valid_from, end, covered):
            out.append((code, start, stop))
        covered.append((code.valid_from, end))
    return sorted(out, key=lambda item: (item[1], item[2], item[0].code))


def _subtract(start: date, end: date, covered: list[tuple[date, date]]) -> list[tuple[date, date]]:
    pieces = [(start, end)]
    one = timedelta(days=1)
    for c_start, c_end in covered:
        next_pieces = []
        for p_start, p_end in pieces:
            if c_end < p_start or c_start > p_end:
                next_pieces.append((p_start, p_end))
                continue
            if p_start < c_start:
                next_pieces.append((p_start, c_start - one))
            if c_end < p_end:
                next_pieces.append((c_end + one, p_end))
        pieces = next_pieces
    return pieces


def default_code(entry: PhoenixEntry) -> str | None:
    """The undated code, else the one code every dated role shares, else None."""
    undated = [c.code for c in entry.codes if c.valid_from is None]
    if undated:
        return undated[0]
    dated = {c.code for c in entry.codes}
    return dated.pop() if len(dated) == 1 else None


def parse_agent_lines(lines: Iterable[str]) -> list[PhoenixAgent]:
    """Agent phrases with PETRARCH's plural rules: `{}` no plural, `{X}` plural X, else -S/-ES/-IES;
    `!PERSON!` markers expand to their `!PERSON! = MAN, MEN, ...` lists."""
    markers: dict[str, list[str]] = {}
    agents: list[PhoenixAgent] = []
    for number, raw_line in enumerate(lines, start=1):
        body, _ = _strip_comment(raw_line.rstrip("\n"))
        if not body.strip():
            continue
        if "!" in body and "=" in body:
            name, _, values = body.partition("=")
            markers[name.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        match = _CODE.search(body)
        if match is None:
            continue
        sector = match.group(1).strip().lstrip("~")
        phrase = body[: match.start()].strip()
        for singular, plural in _agent_forms(phrase):
            for form in _expand_markers(singular, markers) + _expand_markers(plural, markers):
                agents.append(PhoenixAgent(_agent_text(form), sector, number))
    return agents


def _agent_forms(phrase: str) -> list[tuple[str, str]]:
    if "{" in phrase and "}" in phrase:
        singular = phrase[: phrase.index("{")].strip()
        return [(singular, phrase[phrase.index("{") + 1 : phrase.index("}")].strip())]
    if "!" in phrase:
        return [(phrase, "")]
    if phrase.endswith("Y"):
        return [(phrase, phrase[:-1] + "IES")]
    if phrase.endswith("S"):
        return [(phrase, phrase + "ES")]
    return [(phrase, phrase + "S")]


def _expand_markers(phrase: str, markers: dict[str, list[str]]) -> list[str]:
    if not phrase:
        return []
    if phrase.count("!") < 2:
        return [phrase]
    before, name, after = phrase.split("!", 2)
    return [before + value + after for value in markers.get(name, [])]


def _agent_text(form: str) -> str:
    return " ".join(form.replace("_", " ").lower().split())


def read_actor_file(path: Path) -> list[PhoenixEntry]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return parse_actor_lines(handle, path.name)


def read_agent_file(path: Path) -> list[PhoenixAgent]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return parse_agent_lines(handle)


def main(argv: list[str] | None = None) -> int:
    """Thin CLI over newswh.actors.phoenix_export."""
    from newswh.actors.phoenix_export import export_phoenix
    from newswh.cli import existing_path, script_parser

    parser = script_parser("newswh.actors.phoenix", "Derive the actor tables from PETRARCH2's Phoenix dictionaries.")
    parser.add_argument("source_dir", type=existing_path, help="the folder holding the Phoenix dictionaries")
    parser.add_argument("target_dir", type=Path, help="the folder to write the CSV files to")
    args = parser.parse_args(argv)
    export_phoenix(args.source_dir, args.target_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

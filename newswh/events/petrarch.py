"""Convert the PETRARCH2 CAMEO verb dictionary into the project's lexicon format (a seed CSV).

Run `python -m newswh.events.petrarch [CAMEO.2.0.txt] [out.csv]` (or `make cameo-lexicon`). The
output is deterministic: the same dictionary gives the same file, byte for byte.

The dictionary (openeventdata/petrarch2, MIT) has synonym sets (`&WEAPON` + members) and verb
blocks: a header `--- KILL [190] ---`, the block's verbs (`MURDER [190]`, multi-word verbs
`+SHOOT_DOWN`), then phrase patterns `- {AIR STRIKE} * [195]` that apply to every verb of the
block. `*` is the verb; words left of it are the subject side, words right of it the object
side; `{A B}` is a noun phrase, `(IN X)` a prepositional phrase, `+`/`$`/`%`/`^` are actor slots,
and `[---]` discards the match ("killed in an accident" is no attack).

A pattern becomes one row: `particle` (the first preposition), `object_cue` (the first noun of the
object side), `context_cue` (the noun of a prepositional phrase, when an object cue is also set),
`subject_cue` (the subject-side noun), `roles` (`reversed` for a code written `[:111]`: the
subject is the target, "X faced criticism"). Synonym sets are expanded into `|`-separated
alternatives; a noun phrase becomes its last two words joined by a space ("air strike"), which the
matcher compares with "modifier head" pairs of the parse (a phrase of two large synsets keeps only
the head's alternatives). `lemma` lists every verb of the block
(`|`-separated), so one row serves the whole block. A code missing from cameo_event_codes.csv
falls back to its longest listed prefix; `[a:b]` keeps `a` (else `b`).

A pattern serves the verb(s) its comment names ("# MONITOR"), when they are verbs of the block:
the dictionary's header says the comment shows the verb the pattern was originally found under
(the per-verb TABARI dictionary), and a merged block mixes senses ("head to" = travel, "monitor an
election" = 090, in a block that also holds "lead" and "conduct"). An uncommented pattern serves
the whole block, as in PETRARCH. Excluded lemmas (cameo_verb_exclusions.csv) lose their bare row;
a `light` exclusion (come, get) also loses its rows whose only cue is a particle ("come to"); an
`all` exclusion loses every row ("mark": "marking a step" evaluates another event).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

COLUMNS = ("lemma", "pos", "particle", "object_cue", "context_cue", "subject_cue", "event_code", "roles", "note")
# PETRARCH's `[:111]` (a code after a bare colon) reverses the roles: the subject side is the target
# and the actor the pattern does not name is the source ("Buhari faced criticism" = someone criticized
# Buhari). Kept as `roles` = reversed (LexiconEntry.reversed_roles), not dropped with the colon.
REVERSED = "reversed"
DISCARD = "---"

WORDS_FILE = Path(__file__).resolve().parent / "resources" / "cameo_converter.yaml"


@dataclass(frozen=True)
class PatternWords:
    """The word classes of resources/cameo_converter.yaml (documented there)."""

    particles: frozenset[str]
    articles: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=2)
def load_pattern_words(path: str | None = None) -> PatternWords:
    data = yaml.safe_load(Path(path or WORDS_FILE).read_text(encoding="utf-8"))
    return PatternWords(**{key: frozenset(words) for key, words in data.items()})


PARTICLES = load_pattern_words().particles
ARTICLES = load_pattern_words().articles
FUNCTION_WORDS = load_pattern_words().function_words
MAX_COMPOUNDS = 120
_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Block:
    name: str
    code: str
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> own code
    phrasal: list[tuple[str, str, str]] = field(default_factory=list)  # (lemma, second word, code)
    patterns: list[tuple[str, str, str]] = field(default_factory=list)  # (text, code, comment)


def parse_code(raw: str) -> str:
    """`190` -> 190, `193:193` -> 193, `:110` -> 110, `---` or empty -> `---`."""
    raw = raw.strip().rstrip("-").strip() if raw.strip() != DISCARD else DISCARD
    if raw == DISCARD:
        return DISCARD
    parts = [p.strip() for p in raw.split(":") if p.strip()]
    return parts[0] if parts else DISCARD


def _word(raw: str) -> str:
    """PETRARCH spelling -> lower-case words: `PRIME_MINISTER` -> `prime minister`, `KRONE_` -> `krone`."""
    return raw.strip("_").replace("_", " ").lower()


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text.startswith("&"):
            current = sets.setdefault(text.split()[0], [])
        elif text.startswith("+") and current is not None:
            current.append(_word(text[1:].split()[0]))
        elif not text:
            current = None
    return sets


def read_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        header = _HEADER.match(line)
        if header:
            blocks.append(Block(header.group(1), reversed_code(header.group(2))))
            continue
        text = line.split("#", 1)[0].strip()
        if not text or not blocks:
            continue
        _block_line(blocks[-1], text, line)
    return blocks


def reversed_code(raw: str) -> str:
    """`:111` -> `:111` (roles reversed, the mark kept for the row), `193:193` -> 193, `111` -> 111."""
    code = parse_code(raw)
    return f":{code}" if raw.strip().startswith(":") and code != DISCARD else code


def _block_line(block: Block, text: str, line: str) -> None:
    found = _CODE.search(text)
    own = reversed_code(found.group(1)) if found else block.code
    if text.startswith("-"):
        if found:
            comment = line.split("#", 1)[1].strip() if "#" in line else ""
            block.patterns.append((text[1 : found.start()].strip(), own, comment))
        return
    head = re.split(r"[\s{\[]", text.lstrip("+"), maxsplit=1)[0]
    words = [w for w in head.split("_") if w]
    if not words or any(w in ("AND", "OR") for w in words):
        return  # "+KILLED_AND": PETRARCH's conjunction hack, no verb sense of its own
    if len(words) == 1:
        block.verbs.setdefault(words[0].lower(), own)
    else:
        block.phrasal.append((words[0].lower(), words[1].lower(), own))


# ---------------------------------------------------------------- patterns


def _tokens(text: str) -> list[str]:
    """Pattern text split into words, keeping `{`, `}`, `(`, `)` and `*` as their own tokens."""
    return re.findall(r"[{}()*]|[^\s{}()*]+", text)


def _phrases(tokens: list[str], synsets: dict[str, list[str]]) -> list[tuple[bool, list[str]]]:
    """Content phrases of one side: (inside a prepositional phrase?, alternatives)."""
    phrases: list[tuple[bool, list[str]]] = []
    depth_paren = 0
    group: list[str] | None = None
    for token in tokens:
        if token in "()":
            depth_paren += 1 if token == "(" else -1
        elif token == "{":
            group = []
        elif token == "}":
            if group:
                phrases.append((depth_paren > 0, _compound(group, synsets)))
            group = None
        elif group is not None:
            group.append(token)
        elif _is_content(token):
            phrases.append((depth_paren > 0, _alternatives(token, synsets)))
    return phrases


def _two_word_phrases(
    tokens: list[str], phrases: list[tuple[bool, list[str]]], synsets: dict[str, list[str]]
) -> list[tuple[bool, list[str]]]:
    """An object side that is exactly two plain words ("* FIRST MOVE", "* EACH OTHER") is one phrase, as
    PETRARCH matches them in sequence: "make" needs "first move", not any "first" ("made headlines
    for the first soft landing" is no demand). Synsets, braces, parentheses or longer runs keep
    the first phrase as before."""
    plain = [t for t in tokens if t not in "*"]
    if len(plain) == 2 and all(t.isalpha() and t.isupper() and _is_content(t) for t in plain):
        return [(False, _compound(plain, synsets))]
    return phrases


def _is_content(token: str) -> bool:
    word = _word(token)
    return bool(word) and token[0] not in "+$%^" and word not in FUNCTION_WORDS and word not in PARTICLES


def _alternatives(token: str, synsets: dict[str, list[str]]) -> list[str]:
    return list(synsets.get(token, [])) if token.startswith("&") else [_word(token)]


def _compound(words: list[str], synsets: dict[str, list[str]]) -> list[str]:
    """`{AIR STRIKE}` -> ["air strike"]; `{&CAR &WEAPON}` -> the head's alternatives with the modifier's."""
    content = [w for w in words if _is_content(w)]
    if not content:
        return []
    head = _alternatives(content[-1], synsets)
    if len(content) == 1:
        return head
    modifiers = _alternatives(content[-2], synsets)
    if len(modifiers) * len(head) > MAX_COMPOUNDS:
        return head  # two synsets ({&CAR &WEAPON}): the head alone, not a thousand pairs
    return [f"{m.split()[-1]} {h.split()[-1]}" for m in modifiers for h in head]


def _first_particle(tokens: list[str]) -> str:
    return next((_word(t) for t in tokens if _word(t) in PARTICLES and t[0].isalpha()), "")


def pattern_cues(text: str, synsets: dict[str, list[str]]) -> tuple[str, list[str], list[str], list[str]] | None:
    """(particle, object cues, context cues, subject cues) of a pattern, or None without any requirement."""
    tokens = _tokens(text)
    if "*" not in tokens or any(_word(t) in FUNCTION_WORDS - ARTICLES for t in tokens if t[0].isalpha()):
        return None  # "WILL NOT * (TOWARDS +)": a modal or clause cue the lexicon cannot express
    if any(t.startswith("&") and t not in synsets for t in tokens):
        # A synset the dictionary never defines ("&FIGHT_GAMES") is a requirement no sentence can
        # meet; dropping only that word would leave a broader pattern ("started in" = 062).
        return None
    star = tokens.index("*")
    left, right = tokens[:star], tokens[star + 1 :]
    subject = [alts for _, alts in _phrases(left, synsets)]
    objects = _two_word_phrases(right, _phrases(right, synsets), synsets)
    plain = [alts for in_pp, alts in objects if not in_pp]
    in_pp = [alts for in_pp, alts in objects if in_pp]
    object_cue = plain[0] if plain else (in_pp[0] if in_pp else [])
    context = in_pp[0] if plain and in_pp else []
    particle = _first_particle(right)
    cues = (particle, object_cue, context, subject[-1] if subject else [])
    return cues if any(cues) else None


# ---------------------------------------------------------------- rows


def _cameo_codes(path: Path) -> set[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["event_code"] for row in csv.DictReader(handle)}


def known_code(code: str, codes: set[str]) -> str:
    """The code itself, else its longest prefix in the table (1715 -> 171); `---` stays a discard;
    a reversed code keeps its mark (`:1112` -> `:111`)."""
    if code.startswith(":"):
        return ":" + known_code(code[1:], codes)
    if code == DISCARD:
        return code
    for size in range(len(code), 1, -1):
        if code[:size] in codes:
            return code[:size]
    return DISCARD


def _join(values: list[str]) -> str:
    return "|".join(sorted(set(values)))


@dataclass(frozen=True)
class Exclusions:
    """cameo_verb_exclusions.csv: lemmas without a bare row; `light` ones also without particle-only rows."""

    bare: frozenset[str] = frozenset()
    light: frozenset[str] = frozenset()
    every: frozenset[str] = frozenset()  # `all`: no row at all ("mark": evaluative in news)


def origin_verbs(comment: str, block: Block) -> list[str]:
    """The block verbs a pattern's comment names ("# STEP_UP , STEPPED_UP" -> step); empty = none named."""
    own = set(block.verbs) | {lemma for lemma, _, _ in block.phrasal}
    named = (_word(w).split()[0] for w in re.split(r"[\s,]+", comment) if _word(w))
    return sorted({w for w in named if w in own})


def block_rows(
    block: Block, synsets: dict[str, list[str]], codes: set[str], excluded: Exclusions = Exclusions()
) -> Iterator[dict[str, str]]:
    """Bare-verb rows (not for excluded lemmas), phrasal-verb rows, then one row per pattern."""
    note = f"petrarch2 {block.name} [{block.code}]"
    by_code: dict[str, list[str]] = {}
    for lemma, own in block.verbs.items():
        if own != DISCARD and lemma not in excluded.bare | excluded.light | excluded.every:
            by_code.setdefault(known_code(own, codes), []).append(lemma)
    for code, lemmas in sorted(by_code.items()):
        yield _row(_join(lemmas), "", [], [], [], code, note)
    for lemma, second, own in block.phrasal:
        if lemma in excluded.every or (second in PARTICLES and lemma in excluded.light):
            continue
        cue = ([], "") if second in PARTICLES else ([second], "")
        yield _row(lemma, "" if cue[0] else second, cue[0], [], [], known_code(own, codes), note + " phrasal")
    if not block.verbs:
        return
    for text, own, comment in block.patterns:
        cues = pattern_cues(text, synsets)
        if cues is None:
            continue
        particle, objects, context, subject = cues
        lemmas = [lemma for lemma in origin_verbs(comment, block) or block.verbs if lemma not in excluded.every]
        if not (objects or context or subject):
            lemmas = [lemma for lemma in lemmas if lemma not in excluded.light]
        if lemmas:
            code = known_code(own, codes)
            yield _row(_join(lemmas), particle, objects, context, subject, code, f"{note} - {text} # {comment}".strip())


def _row(lemma, particle, objects, context, subject, code, note) -> dict[str, str]:
    roles = REVERSED if code.startswith(":") else ""
    return {
        "lemma": lemma,
        "pos": "VERB",
        "particle": particle,
        "object_cue": _join(objects),
        "context_cue": _join(context),
        "subject_cue": _join(subject),
        "event_code": code.removeprefix(":"),
        "roles": roles,
        "note": " ".join(note.split()),
    }


def read_exclusions(path: Path | None) -> Exclusions:
    """cameo_verb_exclusions.csv: `drop` is `bare` (the default), `light` or `all`."""
    if path is None:
        return Exclusions()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(row["lemma"].strip().lower(), (row.get("drop") or "bare").strip()) for row in csv.DictReader(handle)]
    return Exclusions(
        bare=frozenset(lemma for lemma, drop in rows if drop not in ("light", "all")),
        light=frozenset(lemma for lemma, drop in rows if drop == "light"),
        every=frozenset(lemma for lemma, drop in rows if drop == "all"),
    )


def convert(dictionary: Path, cameo_codes: Path, exclusions: Path | None = None) -> list[dict[str, str]]:
    lines = dictionary.read_text(encoding="utf-8", errors="replace").splitlines()
    split = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    synsets = read_synsets(lines[:split])
    codes = _cameo_codes(cameo_codes)
    excluded = read_exclusions(exclusions)
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for block in read_blocks(lines[split:]):
        for row in block_rows(block, synsets, codes, excluded):
            key = tuple(row[c] for c in COLUMNS[:-1])
            if key not in seen:  # the dictionary repeats some patterns verbatim
                seen.add(key)
                rows.append(row)
    return rows


def write_rows(rows: list[dict[str, str]], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    from newswh.cli import existing_path, script_parser
    from newswh.config import reference_dir

    ref = reference_dir()
    parser = script_parser("newswh.events.petrarch", "Derive the CAMEO verb lexicon from PETRARCH2's verb dictionary.")
    default_source = Path(__file__).resolve().parents[2] / "../shared/reference/petrarch2/CAMEO.2.0.txt"
    parser.add_argument("source", nargs="?", type=existing_path, default=str(default_source), help="CAMEO.2.0.txt")
    out_help = "the CSV to write (default seeds/reference/cameo_verb_lexicon.csv)"
    parser.add_argument("out", nargs="?", type=Path, default=ref / "cameo_verb_lexicon.csv", help=out_help)
    args = parser.parse_args(argv)
    rows = convert(args.source, ref / "cameo_event_codes.csv", ref / "cameo_verb_exclusions.csv")
    write_rows(rows, args.out)
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

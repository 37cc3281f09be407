"""Load the time rules from their resource folder (resources/<language>/), or refuse to.

A language folder holds three files (format in resources/README.md):

* `vocabulary.yaml`: word tables (months, weekdays, numbers in words, units ...);
* `patterns.yaml`: named regex pieces, written `{NAME}` in patterns;
* `rules.yaml`: one record per rule (name, pattern, priority, key words, examples).

Each rule is paired with the handler registered under its name (`newswh.time.handlers`).
The loader raises `RuleError` for anything that would otherwise fail silently later:
an unknown placeholder or key-word set, a duplicate rule or piece name, a rule with no
handler, a handler with no rule, a rule with no example, a pattern that does not compile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newswh.time.vocabulary import Vocabulary, alternation, load_vocabulary

DIGITS = "#digits"  # the key word that stands for any run of digits
_PLACEHOLDER_RE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
_KEY_RE = re.compile(r"[a-z]+")


class RuleError(ValueError):
    """A time-rule resource folder that cannot be loaded as it is."""


Handler = Callable[..., Any]


class HandlerRegistry:
    """Rule name -> handler function; `register` is used as a decorator."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, *names: str) -> Callable[[Handler], Handler]:
        def decorate(fn: Handler) -> Handler:
            for name in names:
                if name in self._handlers:
                    raise RuleError(f"two handlers for rule {name!r}: {self._handlers[name].__name__}, {fn.__name__}")
                self._handlers[name] = fn
            return fn

        return decorate

    def get(self, name: str) -> Handler | None:
        return self._handlers.get(name)

    def names(self) -> frozenset[str]:
        return frozenset(self._handlers)


@dataclass(frozen=True)
class Example:
    """A sentence, its document date, and the expression the rule must find in it."""

    text: str
    dct: date | None
    expect: str  # the exact span
    type: str
    value: str


@dataclass(frozen=True)
class Trim:
    """Start the span at group `start_at` when group `when` matched and `unless` did not."""

    start_at: str
    when: str
    unless: str


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    priority: int  # breaks ties between equally long overlapping matches
    keys: frozenset[str]  # a match needs one of these words (or DIGITS) nearby
    handler: Handler
    examples: tuple[Example, ...]
    trim: Trim | None = None


def _read_yaml(path: Path) -> Any:
    if not path.exists():
        raise RuleError(f"missing resource file {path}")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {exc}") from exc


def generated_pieces(vocab: Vocabulary) -> dict[str, str]:
    """The pieces that spell words of vocabulary.yaml, so that no word is written twice."""
    months, weekdays = vocab.months, vocab.weekdays
    abbreviations = [rf"{a}\." if m.abbreviation_needs_dot else rf"{a}\.?" for m in months for a in m.abbreviations]
    return {
        "MONTH": "(?:" + "|".join([m.name for m in months] + abbreviations) + ")",
        "SAFE_BARE_MONTH": "(?:" + "|".join(m.name for m in months if not m.also_a_verb) + ")",
        "WEEKDAY": "(?:" + "|".join(w.name for w in weekdays) + ")",
        "ONES": alternation(list(vocab.ones)),
        "TENS": alternation(list(vocab.tens)),
        "ORDINAL": alternation(list(vocab.ordinals)),
        "HOLIDAY": "(?:"
        + "|".join(
            re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]")
            for f in sorted((f for h in vocab.holidays for f in h.forms), key=len, reverse=True)
        )
        + ")",
    }


def _substitute(text: str, pieces: dict[str, str], where: str) -> str:
    def one(m: re.Match) -> str:
        if m[1] not in pieces:
            raise RuleError(f"{where}: unknown placeholder {{{m[1]}}}")
        return pieces[m[1]]

    return _PLACEHOLDER_RE.sub(one, text)


def _expand_pieces(raw: dict[str, str], generated: dict[str, str]) -> dict[str, str]:
    """Pieces with every placeholder inside them replaced, refusing cycles and unknown names."""
    done = dict(generated)

    def expand(name: str, path: tuple[str, ...]) -> str:
        if name in done:
            return done[name]
        if name in path:
            raise RuleError(f"patterns.yaml: pieces refer to each other in a cycle: {' -> '.join((*path, name))}")
        if name not in raw:
            raise RuleError(f"patterns.yaml: piece {path[-1]} uses unknown placeholder {{{name}}}")
        text = _PLACEHOLDER_RE.sub(lambda m: expand(m[1], (*path, name)), raw[name])
        done[name] = text
        return text

    for name in raw:
        expand(name, ())
    return done


def _load_pieces(folder: Path, vocab: Vocabulary) -> dict[str, str]:
    raw = _read_yaml(folder / "patterns.yaml") or {}
    generated = generated_pieces(vocab)
    for name, text in raw.items():
        if not isinstance(name, str) or not _PLACEHOLDER_RE.fullmatch("{" + name + "}"):
            raise RuleError(f"patterns.yaml: piece name {name!r} must be upper case (A-Z, 0-9, _)")
        if name in generated:
            raise RuleError(f"patterns.yaml: piece {name} is generated from vocabulary.yaml; do not write it")
        if not isinstance(text, str):
            raise RuleError(f"patterns.yaml: piece {name} must be a string")
    return _expand_pieces(raw, generated)


@lru_cache(maxsize=8)
def load_pieces(folder: Path) -> dict[str, str]:
    """Every pattern piece of a language folder, fully expanded."""
    folder = Path(folder)
    return _load_pieces(folder, load_vocabulary(folder))


def _keys(record: dict, key_sets: dict[str, list[str]], vocab: Vocabulary) -> frozenset[str]:
    name = record["name"]
    out: set[str] = set()
    for key in record.get("keys") or ():
        key = str(key)
        if key.startswith("@"):
            out |= _key_set(key[1:], key_sets, vocab, name)
        elif key == DIGITS or _KEY_RE.fullmatch(key):
            out.add(key)
        else:
            raise RuleError(f"rule {name}: key word {key!r} must be lower-case letters, {DIGITS} or @set")
    if not out:
        raise RuleError(f"rule {name}: no key words (the rule would never run)")
    return frozenset(out)


def _key_set(set_name: str, key_sets: dict[str, list[str]], vocab: Vocabulary, rule: str) -> set[str]:
    if set_name in key_sets:
        return {str(k) for k in key_sets[set_name]}
    try:
        return set(vocab.table(set_name))
    except (KeyError, AttributeError):
        raise RuleError(f"rule {rule}: unknown key-word set @{set_name}") from None


def _examples(record: dict) -> tuple[Example, ...]:
    name = record["name"]
    rows = record.get("examples") or ()
    if not rows:
        raise RuleError(f"rule {name}: no examples (every rule shows at least one)")
    out = []
    for row in rows:
        missing = {"text", "expect", "type", "value"} - set(row)
        if missing:
            raise RuleError(f"rule {name}: example {row!r} lacks {sorted(missing)}")
        if not isinstance(row["value"], str):
            raise RuleError(f"rule {name}: example value {row['value']!r} must be quoted (a string)")
        dct = row.get("dct")
        dct = date.fromisoformat(dct) if isinstance(dct, str) else dct
        out.append(Example(row["text"], dct, row["expect"], row["type"], row["value"]))
    return tuple(out)


def _compile(record: dict, pieces: dict[str, str]) -> re.Pattern:
    name = record["name"]
    pattern = record.get("pattern")
    if isinstance(pattern, list):
        pattern = "".join(pattern)
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(f"rule {name}: pattern must be a string or a list of strings")
    expanded = _substitute(pattern, pieces, f"rule {name}")
    try:
        return re.compile(expanded, re.IGNORECASE if record.get("ignore_case") else 0)
    except re.error as exc:
        raise RuleError(f"rule {name}: pattern does not compile: {exc}") from exc


def _trim(record: dict, regex: re.Pattern) -> Trim | None:
    raw = record.get("trim")
    if raw is None:
        return None
    trim = Trim(raw["start_at"], raw["when"], raw["unless"])
    for group in (trim.start_at, trim.when, trim.unless):
        if group not in regex.groupindex:
            raise RuleError(f"rule {record['name']}: trim names group {group!r}, which the pattern lacks")
    return trim


def _rule(record: dict, pieces: dict, key_sets: dict, vocab: Vocabulary, registry: HandlerRegistry) -> Rule:
    name = record.get("name")
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise RuleError(f"rules.yaml: rule name {name!r} must be lower_case_with_underscores")
    regex = _compile(record, pieces)
    handler = registry.get(name)
    if handler is None:
        raise RuleError(f"rule {name}: no handler registered (add @handler({name!r}) in newswh/time/handlers.py)")
    priority = record.get("priority")
    if not isinstance(priority, int):
        raise RuleError(f"rule {name}: priority must be an integer")
    keys = _keys(record, key_sets, vocab)
    return Rule(name, regex, priority, keys, handler, _examples(record), _trim(record, regex))


def load_rules(folder: Path, registry: HandlerRegistry) -> tuple[Rule, ...]:
    """The compiled rules of a language folder, in file order, each with its handler."""
    folder = Path(folder)
    vocab = load_vocabulary(folder)
    pieces = _load_pieces(folder, vocab)
    raw = _read_yaml(folder / "rules.yaml") or {}
    key_sets = raw.get("key_sets") or {}
    rules: list[Rule] = []
    seen: set[str] = set()
    for record in raw.get("rules") or ():
        rule = _rule(record, pieces, key_sets, vocab, registry)
        if rule.name in seen:
            raise RuleError(f"rules.yaml: duplicate rule name {rule.name!r}")
        seen.add(rule.name)
        rules.append(rule)
    orphans = registry.names() - seen
    if orphans:
        raise RuleError(f"handlers with no rule in {folder / 'rules.yaml'}: {sorted(orphans)}")
    return tuple(rules)


__all__ = [
    "DIGITS",
    "Example",
    "HandlerRegistry",
    "Rule",
    "RuleError",
    "Trim",
    "generated_pieces",
    "load_pieces",
    "load_rules",
]

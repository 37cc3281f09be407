"""Rule-based TimeML time-expression tagger (TIMEX3 type + value + interval).

`tag(text, dct, doc=None)` finds every time expression in `text` and resolves
it against the reference date `dct` (document creation time):

* absolute dates ("March 31, 2022", "Tuesday, Aug. 17, 2021", "August 2021");
* relative ones ("last August", "Last month", "on Saturday", "5 hours ago",
  "in recent months", "the third quarter") resolved against `dct`;
* anchored ones ("8-month-old government", "since the takeover") resolved
  against an anchor event from seeds/reference/anchor_events.csv;
* durations ("a month" -> P1M) and sets ("each year" -> P1Y).

Direction ("on Saturday" before or after dct?) comes from the tense of the
clause: the spaCy parse when the caller passes `doc`, otherwise a cheap
lexical heuristic (future modals / "plans to" versus past-tense verbs). Two
cues overrule the clause: a date that modifies a noun ("the Jan. 14 deadline",
"Wednesday's ruling") takes no direction from it, and "as early as" or a
deferral's "until" point forward. Unresolvable years stay underspecified, e.g.
XXXX-12-17.

News and narrative reference, HeidelTime's two modes, are decided per
expression rather than per document: deictic expressions ("yesterday", "on
Saturday", "two days ago") count from dct, while expressions that name their
reference as an earlier time of the story ("the next day", "later that year",
"two days later", a clock time with no day) count from the last date the text
itself named at a granularity it has, falling back to dct.

Why hand-written regexes rather than dateparser or spaCy DATE entities: on the
60 TimeBank files spaCy's DATE/TIME entities reach a lower extraction recall
than these patterns (they miss "now", "the past", bare weekdays in some
contexts and split/merge spans differently from TimeML), and neither library
produces TimeML values or tense-dependent resolution. dateparser was measured
at milliseconds per call, far too slow for the hot path; the patterns below are
compiled once and run in linear time over the text (see timeml_eval for
figures).

The rules are data, HeidelTime-style: patterns, key words and examples live in
resources/english/ (see resources/README.md), each rule's handling in a named
function in `handlers`, and `rules` loads and checks them at import.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from newswh.config import TAKEOVER_DATE
from newswh.records import TimeExpression
from newswh.time.anchors import (
    AnchorEvent,
    anchor_matchers,
    anchored_expression,
    find_all,
    load_anchor_events,
)
from newswh.time.handlers import HANDLERS, Context, Value
from newswh.time.rules import DIGITS, Rule, load_rules
from newswh.time.tense import FUTURE, PAST, UNKNOWN, attributive, doc_direction, forward_cue, lexical_direction
from newswh.time.values import add_months, interval_of, parse_number
from newswh.time.vocabulary import ENGLISH

# Loaded and checked once, at import: a broken resource folder fails here, loudly.
RULES: tuple[Rule, ...] = load_rules(ENGLISH, HANDLERS)
_HANDLER_OF = {rule.name: rule.handler for rule in RULES}
_ALL_KEYS = frozenset().union(*(rule.keys for rule in RULES))

# --------------------------------------------------------------------------
# Matching and overlap resolution
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    priority: int
    rule: str
    match: re.Match | None
    anchored: TimeExpression | None = None


# Every rule needs at least one of its key words (or a digit) inside a match.
# Tokenising once and running each rule only in small windows around its own
# key words is many times faster than running ~35 regexes over the whole text:
# the per-position cost of Python's regex engine dominates on long texts.
_TOKEN_RE = re.compile(r"[A-Za-z]+|\d+")
_WINDOW = 70


def _key_positions(text: str) -> dict[str, list[tuple[int, int]]]:
    pos: dict[str, list[tuple[int, int]]] = {}
    for m in _TOKEN_RE.finditer(text):
        w = m.group()
        key = DIGITS if w[0].isdigit() else w.lower()
        if key in _ALL_KEYS:
            pos.setdefault(key, []).append(m.span())
    return pos


def _windows(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        s, e = max(0, a - _WINDOW), min(n, b + _WINDOW)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _candidates(text: str, skip: frozenset[str] = frozenset()) -> list[_Cand]:
    cands = []
    positions = _key_positions(text)
    n = len(text)
    for rule in RULES:
        if rule.name in skip:
            continue
        spans = [sp for k in rule.keys for sp in positions.get(k, ())]
        if not spans:
            continue
        for ws, we in _windows(spans, n):
            for m in rule.regex.finditer(text, ws, we):
                s, e = m.span()
                if "skip" in rule.regex.groupindex and m.group("skip"):
                    s = m.end("skip")  # context the pattern needs but TimeML leaves out
                elif rule.trim is not None and m.group(rule.trim.when) and not m.group(rule.trim.unless):
                    s = m.start(rule.trim.start_at)  # e.g. "a five year low": TimeML leaves the article out
                # Leading whitespace from optional groups is trimmed, not matched.
                while s < e and text[s].isspace():
                    s += 1
                if s < e:
                    cands.append(_Cand(s, e, rule.priority, rule.name, m))
    return cands


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match wins; ties go to the higher-priority rule, then leftmost."""
    chosen: list[_Cand] = []
    # Chosen spans never overlap, so sorted by start they are sorted by end too: a candidate
    # overlaps a chosen span only if it overlaps one of its two neighbours there (no linear scan).
    starts: list[int] = []
    ends: list[int] = []
    # Anchored readings go first: "8-month-old government" is a date, not a duration.
    for c in sorted(cands, key=lambda c: (c.anchored is None, -(c.end - c.start), -c.priority, c.start)):
        at = bisect_right(starts, c.start)
        if (at and ends[at - 1] > c.start) or (at < len(starts) and starts[at] < c.end):
            continue
        chosen.append(c)
        starts.insert(at, c.start)
        ends.insert(at, c.end)
    return sorted(chosen, key=lambda c: c.start)


def matched_rules(text: str) -> list[tuple[int, int, str]]:
    """(start, end, rule name) of every span the rules claim in `text`, before handlers judge them.

    Shows which rule stands behind an expression, e.g. to check a rule's examples.
    """
    return [(c.start, c.end, c.rule) for c in _select(_candidates(text))]


def _anchored_candidates(text: str, dct: date | None, anchors: Sequence[AnchorEvent]) -> list[_Cand]:
    out = []
    low = text.lower()
    for am in anchor_matchers(tuple(anchors)):
        a = am.anchor
        for regex, kind, keys in ((am.event_re, "event", a.trigger_phrases), (am.age_re, "age", ("old",))):
            if regex is None:
                continue
            spans = [(i, i + len(k)) for k in keys for i in find_all(low, k.lower())]
            for m in (m for ws, we in _windows(spans, len(text)) for m in regex.finditer(text, max(0, ws - 60), we)):
                if am.context_re is not None and not am.context_re.search(text, max(0, m.start() - 300), m.end() + 300):
                    continue
                tx = anchored_expression(text, m, kind, a, dct)
                if tx is not None:
                    out.append(_Cand(tx.start, tx.end, 9, "anchor", None, tx))
    return out


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def tag(
    text: str,
    dct: date | None,
    doc=None,
    anchors: Sequence[AnchorEvent] | None = None,
    skip_rules: frozenset[str] = frozenset(),
) -> list[TimeExpression]:
    """Every time expression in `text`, resolved against `dct`.

    `doc` is an optional spaCy Doc over exactly `text`; when given, its parse
    decides tense, otherwise a lexical heuristic does. `anchors` defaults to
    the anchor events in seeds/reference/anchor_events.csv. `skip_rules` names
    rules to leave out ("anchor" for the anchor events), so that an ablation
    can measure what each rule is worth.
    """
    if not text:
        return []
    if anchors is None:
        anchors = load_anchor_events()

    direction_cache: dict[tuple[int, int], int] = {}

    def direction(start: int, end: int) -> int:
        key = (start, end)
        if key not in direction_cache:
            if attributive(text, start, end):
                direction_cache[key] = UNKNOWN
                return UNKNOWN
            if forward_cue(text, start):
                direction_cache[key] = FUTURE
                return FUTURE
            d = doc_direction(doc, start, end) if doc is not None else UNKNOWN
            if d == UNKNOWN:
                d = lexical_direction(text, start, end)
            direction_cache[key] = d
        return direction_cache[key]

    out: list[TimeExpression] = []
    ctx = Context(text, dct, direction, out)
    cands = _candidates(text, skip_rules)
    if anchors and "anchor" not in skip_rules:
        cands.extend(_anchored_candidates(text, dct, anchors))
    for c in _select(cands):
        if c.anchored is not None:
            out.append(c.anchored)
            continue
        val = _HANDLER_OF[c.rule](c.match, ctx)
        if val is None:
            continue
        out.append(_to_expression(text, c.start, c.end, val, dct))
    return out


def _to_expression(text: str, start: int, end: int, val: Value, dct: date | None) -> TimeExpression:
    if val.interval is not None:
        lo, hi, prec = val.interval
    elif val.type in ("DATE", "TIME"):
        lo, hi, prec = interval_of(val.value)
        if val.value == "PRESENT_REF" and dct is not None:
            lo, hi, prec = dct, dct, "fuzzy"
        elif val.value == "PAST_REF" and dct is not None:
            lo, hi, prec = None, dct, "fuzzy"
        elif val.value == "FUTURE_REF" and dct is not None:
            lo, hi, prec = dct, None, "fuzzy"
    else:
        lo = hi = prec = None
    return TimeExpression(start, end, text[start:end], val.type, val.value, lo, hi, prec, val.basis, val.mod)


# --------------------------------------------------------------------------
# Helpers for the events code
# --------------------------------------------------------------------------


_AGE_RE = re.compile(r"(?i)-?\bold\b$")


def governing_timex(
    timexes_in_sentence: Iterable[TimeExpression],
    trigger_start: int,
    trigger_end: int,
    doc=None,
) -> TimeExpression | None:
    """The DATE/TIME expression that dates an event trigger.

    Rule: DATE/TIME expressions compete, and so do DURATIONs that denote a window
    of the calendar ("in recent months" -> the months before the reference date);
    an age ("the 8-month-old government") dates its noun, not the event, and never
    competes. If a spaCy `doc` is given, an expression whose syntactic
    head chain reaches the trigger token within three steps wins (e.g.
    "met on Saturday" -> Saturday modifies "met"). Otherwise, and to break
    ties, the expression nearest to the trigger in characters wins, with a
    preference for expressions after the trigger at equal distance (English
    puts adjuncts after the verb).
    """
    cands = [
        t
        for t in timexes_in_sentence
        if (t.type in ("DATE", "TIME") or (t.type == "DURATION" and t.date_start is not None))
        and not _AGE_RE.search(t.text)
    ]
    if not cands:
        return None

    def distance(t: TimeExpression) -> tuple[int, int]:
        if t.end <= trigger_start:
            return trigger_start - t.end, 1
        if t.start >= trigger_end:
            return t.start - trigger_end, 0
        return 0, 0

    if doc is not None:
        attached = [t for t in cands if _attached(doc, t, trigger_start, trigger_end)]
        if attached:
            return min(attached, key=distance)
    return min(cands, key=lambda t: (t.date_start is None and t.date_end is None, distance(t)))


def _attached(doc, t: TimeExpression, trigger_start: int, trigger_end: int) -> bool:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    trig = doc.char_span(trigger_start, trigger_end, alignment_mode="expand")
    if span is None or trig is None or len(span) == 0 or len(trig) == 0:
        return False
    target = trig.root
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok == target:
            return True
    return False


def takeover_period(date_start: date | None, date_end: date | None) -> str:
    """pre_takeover / post_takeover / spans_takeover / undated, relative to TAKEOVER_DATE."""
    if date_start is None and date_end is None:
        return "undated"
    if date_end is not None and date_end < TAKEOVER_DATE:
        return "pre_takeover"
    if date_start is not None and date_start >= TAKEOVER_DATE:
        return "post_takeover"
    # Whatever is left contains the takeover day, or is open-ended across it.
    return "spans_takeover"


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def cli_main(file: str, dct: str) -> int:
    """`newswh timex --dct YYYY-MM-DD FILE`: one JSON line per expression."""
    with open(file, encoding="utf-8", newline="") as fh:
        text = fh.read()
    ref = date.fromisoformat(dct) if dct else None
    for t in tag(text, ref):
        print(
            json.dumps(
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                | ({"mod": t.mod} if t.mod else {}),
                ensure_ascii=False,
            )
        )
    return 0


__all__ = [
    "FUTURE",
    "PAST",
    "UNKNOWN",
    "AnchorEvent",
    "add_months",
    "cli_main",
    "doc_direction",
    "governing_timex",
    "interval_of",
    "lexical_direction",
    "load_anchor_events",
    "matched_rules",
    "parse_number",
    "tag",
    "takeover_period",
]

"""TempEval-3-style scoring of the time-expression tagger against TimeML gold files.

A `.tml` file carries its document creation time (DCT) in `<DCT><TIMEX3 ...>`
and the gold TIMEX3 annotations inside `<TEXT>`. We strip every tag from the
TEXT element to get the plain text the tagger sees, remembering where each gold
TIMEX3 starts and ends in that plain text, run `newswh.time.tagger.tag(text, dct)`
and compare:

* strict extraction: system span == gold span (exact character offsets);
* relaxed extraction: the spans overlap;
* value: a relaxed match whose TimeML value string equals the gold value
  (P = correct / system count, R = correct / gold count, as in TempEval-3);
* type accuracy: share of relaxed matches whose type equals the gold type.

Each gold and system expression takes part in at most one relaxed match
(greedy, largest overlap first), so a system span covering two gold spans
counts once, as the official scorer does.

Value F1 is TempEval-3's "attribute F1" for value. The official scorer
(`evaluate_entities.py` of the TE3 toolkit) reports it as value accuracy over the
relaxed matches times relaxed F1: (v / m) * 2m / (S + G) = 2v / (S + G), with v the
relaxed matches of equal value, m the relaxed matches, S and G the system and gold
counts. That is exactly the F1 of P = v / S and R = v / G computed here
(`te3_value_f1`, tested), so value credit needs token overlap only, never the exact
extent, and the DCT (tid t0, outside TEXT) is left out in both. One difference is
ours and lenient: `canonical_value` reads AQUAINT's unpadded weeks ("2000-W7") as the
ISO week the tagger writes, which the official string comparison would count wrong
(AQUAINT 0.7852 without it, 0.7936 with it; TimeBank has none).

Run `python -m newswh.time.timeml_eval [DIR] [--json] [--errors] [--ablate]`. Without DIR it
scores every dev corpus (shared_dir()/timeml/timebank and .../aquaint) and prints the
gap between them: a rule tuned on one corpus must not widen it by hurting the other.
`--ablate` leaves out one rule at a time and prints, per corpus, how much value F1 the
rule is worth (negative: the corpus scores better without it).
The gold files are copyrighted and are never copied into the repository.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from newswh.config import shared_dir
from newswh.records import TimeExpression


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    dct: date | None
    text: str
    timexes: tuple[GoldTimex, ...]


@dataclass
class Counts:
    """Raw counts; every score is derived from these so that corpora add up."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Scores:
    counts: Counts
    strict: dict[str, float]
    relaxed: dict[str, float]
    value: dict[str, float]
    type_accuracy: float
    documents: int = 0
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        out = asdict(self)
        if not self.errors:
            out.pop("errors")
        return out


_DCT_RE = re.compile(r"<DCT>\s*<TIMEX3\b[^>]*\bvalue=\"([^\"]+)\"", re.S)
_DOCID_RE = re.compile(r"<DOCID>\s*([^<]+?)\s*</DOCID>")
_TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG_RE = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR_RE = re.compile(r"([A-Za-z_:]+)=\"([^\"]*)\"")


def _parse_dct(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


_SHORT_WEEK_RE = re.compile(r"^([0-9X]{4})-W(\d)(?=$|-)")


def canonical_value(value: str) -> str:
    """A gold value in ISO form: AQUAINT writes some weeks unpadded ("2000-W7"), the same
    week as TimeML's and the tagger's "2000-W07"; string equality would call them different."""
    return _SHORT_WEEK_RE.sub(r"\1-W0\2", value)


def parse_tml(source: str, doc_id: str = "") -> GoldDocument:
    """Plain TEXT content plus gold TIMEX3 offsets into it (DCT excluded)."""
    dct_match = _DCT_RE.search(source)
    dct = _parse_dct(dct_match.group(1) if dct_match else None)
    if not doc_id:
        m = _DOCID_RE.search(source)
        doc_id = m.group(1) if m else ""
    text_match = _TEXT_RE.search(source)
    body = text_match.group(1) if text_match else ""

    pieces: list[str] = []
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    timexes: list[GoldTimex] = []
    pos = 0
    for tag in _TAG_RE.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name, attrs, selfclosing = tag.groups()
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR_RE.findall(attrs))))
        elif open_timex:
            start, attr = open_timex.pop()
            timexes.append(GoldTimex(start, length, "", attr.get("type", ""), attr.get("value", "")))
    tail = html.unescape(body[pos:])
    pieces.append(tail)
    text = "".join(pieces)
    gold = tuple(
        GoldTimex(t.start, t.end, text[t.start : t.end], t.type, canonical_value(t.value))
        for t in sorted(timexes, key=lambda t: (t.start, t.end))
    )
    return GoldDocument(doc_id, dct, text, gold)


def load_tml(path: Path) -> GoldDocument:
    return parse_tml(path.read_text(encoding="utf-8"), doc_id=path.stem)


def _f1(correct: int, n_system: int, n_gold: int) -> dict[str, float]:
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return min(a_end, b_end) - max(a_start, b_start)


def match(
    gold: Iterable[GoldTimex], system: Iterable[TimeExpression]
) -> tuple[Counts, list[tuple[GoldTimex | None, TimeExpression | None]]]:
    """Count matches in one document; also return the alignment for error listings."""
    gold = list(gold)
    system = list(system)
    counts = Counts(gold=len(gold), system=len(system))
    gold_spans = {(g.start, g.end) for g in gold}
    counts.strict = sum(1 for s in {(s.start, s.end) for s in system} if s in gold_spans)

    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = _overlap(g.start, g.end, s.start, s.end)
            if ov > 0:
                candidates.append((-ov, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[GoldTimex | None, TimeExpression | None]] = []
    for _neg, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        g, s = gold[gi], system[si]
        counts.relaxed += 1
        counts.value += int(g.value == s.value)
        counts.type += int(g.type == s.type)
        pairs.append((g, s))
    pairs.extend((g, None) for gi, g in enumerate(gold) if gi not in used_g)
    pairs.extend((None, s) for si, s in enumerate(system) if si not in used_s)
    return counts, pairs


def te3_value_f1(counts: Counts) -> float:
    """Value F1 as the TempEval-3 toolkit computes it: value accuracy times relaxed F1."""
    if not counts.relaxed:
        return 0.0
    relaxed_f1 = 2 * counts.relaxed / (counts.system + counts.gold)
    return round(counts.value / counts.relaxed * relaxed_f1, 4)


def scores_from_counts(counts: Counts, documents: int = 0) -> Scores:
    return Scores(
        counts=counts,
        strict=_f1(counts.strict, counts.system, counts.gold),
        relaxed=_f1(counts.relaxed, counts.system, counts.gold),
        value=_f1(counts.value, counts.system, counts.gold),
        type_accuracy=round(counts.type / counts.relaxed, 4) if counts.relaxed else 0.0,
        documents=documents,
    )


Tagger = Callable[[str, date | None], list[TimeExpression]]


def _default_tagger(text: str, dct: date | None) -> list[TimeExpression]:
    from newswh.time.tagger import tag

    return tag(text, dct)


def lexical_tagger(skip_rules: frozenset[str] = frozenset()) -> Tagger:
    """The tagger with tense from the lexical heuristic, leaving out `skip_rules`."""
    from newswh.time.tagger import tag

    return lambda text, dct: tag(text, dct, skip_rules=skip_rules)


def evaluate(documents: Iterable[GoldDocument], tagger: Tagger | None = None, keep_errors: bool = False) -> Scores:
    tagger = tagger or _default_tagger
    total = Counts()
    errors: list[dict] = []
    n = 0
    for doc in documents:
        n += 1
        counts, pairs = match(doc.timexes, tagger(doc.text, doc.dct))
        total.add(counts)
        if keep_errors:
            errors.extend(_errors(doc, pairs))
    scores = scores_from_counts(total, n)
    scores.errors = errors
    return scores


def _errors(doc: GoldDocument, pairs) -> list[dict]:
    out = []
    for g, s in pairs:
        if g is not None and s is not None and g.value == s.value and (g.start, g.end) == (s.start, s.end):
            continue
        anchor = g or s
        ctx = doc.text[max(0, anchor.start - 60) : anchor.end + 40].replace("\n", " ")
        out.append(
            {
                "doc": doc.doc_id,
                "dct": doc.dct.isoformat() if doc.dct else None,
                "gold": None if g is None else f"{g.text!r} {g.type} {g.value}",
                "system": None if s is None else f"{s.text!r} {s.type} {s.value}",
                "context": ctx,
            }
        )
    return out


_PARSES: dict[str, object] = {}


def spacy_tagger(skip_rules: frozenset[str] = frozenset()) -> Tagger:
    """A tagger that parses each text with spaCy first, so tense comes from the parse.

    Parses are kept, so an ablation parses each document once, not once per rule.
    """
    from newswh.nlp import load_nlp
    from newswh.time.tagger import tag

    nlp = load_nlp()

    def run(text: str, dct: date | None) -> list[TimeExpression]:
        if text not in _PARSES:
            _PARSES[text] = nlp(text)
        return tag(text, dct, doc=_PARSES[text], skip_rules=skip_rules)

    return run


def evaluate_dir(directory: Path, tagger: Tagger | None = None, keep_errors: bool = False) -> Scores:
    files = sorted(Path(directory).glob("*.tml"))
    return evaluate((load_tml(p) for p in files), tagger, keep_errors)


DEV_CORPORA = ("timebank", "aquaint")


def default_dir() -> Path:
    return shared_dir() / "timeml" / "timebank"


def default_dirs() -> dict[str, Path]:
    """The dev corpora found under shared_dir()/timeml, by name (tuned on one, checked on the other)."""
    root = shared_dir() / "timeml"
    return {name: root / name for name in DEV_CORPORA if any((root / name).glob("*.tml"))}


def format_gap(by_corpus: dict[str, Scores]) -> str:
    """F1 per measure and corpus, and the gap between the first two corpora (first minus second)."""
    names = list(by_corpus)
    lines = [f"{'F1':10}" + "".join(f"{n:>10}" for n in names) + (f"{'gap':>10}" if len(names) > 1 else "")]
    for measure in ("strict", "relaxed", "value"):
        f1s = [getattr(by_corpus[n], measure)["f1"] for n in names]
        gap = f"{f1s[0] - f1s[1]:>+10.4f}" if len(f1s) > 1 else ""
        lines.append(f"{measure:10}" + "".join(f"{f:>10.4f}" for f in f1s) + gap)
    return "\n".join(lines)


def rule_names() -> list[str]:
    """Every rule an ablation can leave out: the rules of rules.yaml, then the anchor events."""
    from newswh.time.tagger import RULES

    return [rule.name for rule in RULES] + ["anchor"]


def ablate(
    corpora: dict[str, list[GoldDocument]],
    tagger_for: Callable[[frozenset[str]], Tagger],
    names: Iterable[str],
) -> dict[str, dict[str, float]]:
    """Per rule and corpus: value F1 with every rule minus value F1 without that rule.

    Positive: the rule earns its place there. Negative: the corpus scores better without it.
    """
    base = {c: evaluate(docs, tagger_for(frozenset())).value["f1"] for c, docs in corpora.items()}
    out: dict[str, dict[str, float]] = {}
    for name in names:
        tagger = tagger_for(frozenset({name}))
        out[name] = {c: round(base[c] - evaluate(docs, tagger).value["f1"], 4) for c, docs in corpora.items()}
    return out


def verdict(deltas: dict[str, float]) -> str:
    """'hurts X' when a corpus scores better without the rule, 'idle' when no score moves."""
    hurt = [c for c, d in deltas.items() if d < 0]
    if hurt:
        return "hurts " + ",".join(hurt)
    return "helps" if any(d > 0 for d in deltas.values()) else "idle"


def format_ablation(by_rule: dict[str, dict[str, float]]) -> str:
    corpora = list(next(iter(by_rule.values()), {}))
    lines = ["value-F1 delta = with the rule minus without it (negative: the rule hurts that corpus)"]
    lines.append(f"{'rule':16}" + "".join(f"{c:>10}" for c in corpora) + "  verdict")
    for name, deltas in by_rule.items():
        lines.append(f"{name:16}" + "".join(f"{deltas[c]:>+10.4f}" for c in corpora) + f"  {verdict(deltas)}")
    return "\n".join(lines)


def format_report(scores: Scores) -> str:
    c = scores.counts
    lines = [
        f"documents: {scores.documents}  gold timexes: {c.gold}  system timexes: {c.system}",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for name in ("strict", "relaxed", "value"):
        s = getattr(scores, name)
        lines.append(f"{name:10}{s['precision']:>8.4f}{s['recall']:>8.4f}{s['f1']:>8.4f}")
    lines.append(f"type accuracy (over {c.relaxed} relaxed matches): {scores.type_accuracy:.4f}")
    if c.relaxed:
        lines.append(
            f"value accuracy (over the relaxed matches): {c.value / c.relaxed:.4f};"
            f" times relaxed-F1, TempEval-3's value attribute score: {te3_value_f1(c):.4f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newswh.time.timeml_eval", description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", default=None, help="folder of .tml files")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--errors", action="store_true", help="also list every mismatch")
    parser.add_argument("--spacy", action="store_true", help="pass a spaCy parse to the tagger (tense from syntax)")
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="leave out one rule at a time; print each rule's value-F1 delta per corpus",
    )
    args = parser.parse_args(argv)
    dirs = {Path(args.directory).name: Path(args.directory)} if args.directory else default_dirs()
    missing = [str(d) for d in dirs.values() if not d.is_dir() or not any(d.glob("*.tml"))]
    if missing or not dirs:
        print(f"no .tml files in {', '.join(missing) or shared_dir() / 'timeml'}", file=sys.stderr)
        return 2
    if args.ablate:
        corpora = {name: [load_tml(p) for p in sorted(d.glob("*.tml"))] for name, d in dirs.items()}
        print(format_ablation(ablate(corpora, spacy_tagger if args.spacy else lexical_tagger, rule_names())))
        return 0
    tagger = spacy_tagger() if args.spacy else None
    by_corpus = {name: evaluate_dir(d, tagger, keep_errors=args.errors) for name, d in dirs.items()}
    if args.json:
        out = by_corpus[next(iter(by_corpus))].to_dict() if args.directory else _json_all(by_corpus)
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for name, scores in by_corpus.items():
        if args.errors:
            for e in scores.errors:
                print(f"[{e['doc']} {e['dct']}] gold={e['gold']} sys={e['system']} :: {e['context']}")
        print(f"== {name}\n{format_report(scores)}\n")
    if len(by_corpus) > 1:
        print(format_gap(by_corpus))
    return 0


def _json_all(by_corpus: dict[str, Scores]) -> dict:
    names = list(by_corpus)
    out = {name: s.to_dict() for name, s in by_corpus.items()}
    out["gap"] = {
        m: round(getattr(by_corpus[names[0]], m)["f1"] - getattr(by_corpus[names[1]], m)["f1"], 4)
        for m in ("strict", "relaxed", "value")
    }
    return out


if __name__ == "__main__":
    sys.exit(main())

"""`make eval-dates`: document dates on ../shared/corpus with every date the pages carry withheld.

The corpus is copied into a temporary folder with its date fields emptied (news-please
`date_publish`, `date_download`, `date_modify`; the Wikinews `date` column) and the date line a
page prints above its text removed (Wikinews opens with "Friday, January 4, 2019"; any line the
ingest reads as a printed date goes). Datelines stay: they are the writer's words, content. The
page's URL and its lead image's URL (news-please `image_url`) stay too: addresses the page
carries, not date fields, though their paths often hold the filing day (bases url, image_url).

Each page then takes the path `make run` gives it up to the document date: `discover` +
`load_article` (the real ingest and cleaning), the spaCy pipeline of `newswh.extract`, and
`infer_published_date` with the arguments `extract_doc` passes. That is the warehouse's
`published_date` without the rest of the build (events, dbt), so the numbers are the same.

Scores: coverage (share of pages given a published_date), the share within 7 days of the truth
among the dated ones, the share of undated pages whose bounds (published_date_min/max) hold the
truth, and accuracy by confidence band and by basis, for the tune and check
halves (a hash of the page's URL) and both together. `--by-signal` adds the table the
confidences of `newswh/time/doc_dates.yaml` were measured from; `--content-only` withholds the
page's and its image's address as well, so that the content rules decide on every page;
`--keep-metadata` keeps the date fields (the truth), so that every page not dated on basis
json_metadata is a true date the content rejected.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newswh import config

SPLITS = ("tune", "check")
WITHIN_DAYS = 7
BANDS = ((0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.6, 0.7), (0.0, 0.6))
NEWS_PLEASE_DATE_FIELDS = ("date_publish", "date_download", "date_modify")
TARGETS = {"within_7_days": 0.90, "coverage": 0.60}
# A bound may miss the truth by a day: a page can be filed the day before an event it announces,
# and time zones move a day (doc_date.py's _LOWER_SLACK).
BOUND_SLACK_DAYS = 1


@dataclass(frozen=True)
class DatedRecord:
    """One page: its truth, what the pipeline said, and how sure it was."""

    key: str  # the page's URL (or file name): the split is a hash of it
    gold: date
    predicted: date | None
    confidence: float
    basis: str
    signal: str = ""  # the content signal that decided, when the content decided
    lower: date | None = None  # published_date_min / _max: what an undated page says instead
    upper: date | None = None

    @property
    def within(self) -> bool:
        return self.predicted is not None and abs((self.predicted - self.gold).days) <= WITHIN_DAYS

    @property
    def bounded(self) -> bool:
        return self.predicted is None and (self.lower is not None or self.upper is not None)

    @property
    def bounds_hold(self) -> bool:
        """Does the truth lie between the bounds (a day's slack either side)?"""
        slack = BOUND_SLACK_DAYS
        low_ok = self.lower is None or (self.gold - self.lower).days >= -slack
        return low_ok and (self.upper is None or (self.upper - self.gold).days >= -slack)


def split_of(key: str) -> str:
    """tune or check, from a hash of the key: stable across runs and machines."""
    return SPLITS[hashlib.sha256(key.encode("utf-8")).digest()[0] % 2]


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def band_of(confidence: float) -> str:
    for lo, hi in BANDS:
        if lo <= confidence < hi:
            return f"{lo:.1f}-{min(hi, 1.0):.1f}"
    return "?"


def _grouped(records: list[DatedRecord], key) -> dict[str, dict]:
    groups: dict[str, list[DatedRecord]] = defaultdict(list)
    for r in records:
        groups[key(r)].append(r)
    return {
        name: {
            "n": len(rs),
            "within_7_days": _share(sum(r.within for r in rs), len(rs)),
            "mean_confidence": round(sum(r.confidence for r in rs) / len(rs), 3),
        }
        for name, rs in sorted(groups.items())
    }


def evaluate(records: Iterable[DatedRecord]) -> dict:
    """Coverage, share within 7 days among the dated, and accuracy by confidence band and basis."""
    records = list(records)
    dated = [r for r in records if r.predicted is not None]
    bounded = [r for r in records if r.bounded]
    return {
        "n": len(records),
        "dated": len(dated),
        "coverage": _share(len(dated), len(records)),
        "within_7_days": _share(sum(r.within for r in dated), len(dated)),
        # An abstention is honest only if its bounds hold the truth: a lower bound after it (a plan
        # read as a report, a year-less day read in the wrong year) misleads whoever reads min/max.
        "bounded": len(bounded),
        "bounds_hold": _share(sum(r.bounds_hold for r in bounded), len(bounded)),
        "by_band": _grouped(dated, lambda r: band_of(r.confidence)),
        "by_basis": _grouped(dated, lambda r: r.basis),
        "by_signal": _grouped(records, lambda r: r.signal or r.basis),
    }


def evaluate_splits(records: list[DatedRecord]) -> dict[str, dict]:
    out = {name: evaluate(r for r in records if split_of(r.key) == name) for name in SPLITS}
    out["all"] = evaluate(records)
    return out


# --- the withheld corpus ---------------------------------------------------------------------


def _printed_date_line(text: str) -> bool:
    from newswh.ingest import parse_printed_date

    return parse_printed_date(text.strip()) is not None


def _without_printed_date(text: str, keep: bool = False) -> str:
    """The text without a printed date as its first non-blank line (a Wikinews page header)."""
    if keep:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            return "\n".join(lines[i + 1 :]).lstrip("\n") if _printed_date_line(line) else text
    return text


def _withhold_json(source: Path, target: Path, gold: dict[str, date], keep_printed: bool, keep_metadata: bool) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    truth = data.get("date_publish")
    if not truth or truth == "None":
        return  # no truth to score against
    key = data.get("url") or source.name
    gold[key] = date.fromisoformat(str(truth)[:10])
    for name in () if keep_metadata else NEWS_PLEASE_DATE_FIELDS:
        data[name] = None
    data["text"] = _without_printed_date(data.get("text") or "", keep_printed)
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _withhold_csv(source: Path, target: Path, gold: dict[str, date], keep_printed: bool, keep_metadata: bool) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "date" not in rows[0]:
        return
    for row in rows:
        gold[row.get("url") or f"{source.name}#{len(gold)}"] = date.fromisoformat(row["date"][:10])
        row["date"] = row["date"] if keep_metadata else ""
        row["text"] = _without_printed_date(row.get("text") or "", keep_printed)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def withheld_corpus(
    source: Path, target: Path, keep_printed: bool = False, keep_metadata: bool = False
) -> dict[str, date]:
    """Copy SOURCE's news-please .json and .csv pages into TARGET without their dates; the truth by URL.

    KEEP_PRINTED keeps the date a page prints in its text (to measure how often it is right);
    KEEP_METADATA keeps the date fields, the truth itself, as make run reads them: every page the
    content does not leave on basis json_metadata is a true date the content rejected."""
    gold: dict[str, date] = {}
    for path in sorted(source.rglob("*")):
        if path.suffix not in (".json", ".csv"):
            continue
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        withhold = _withhold_json if path.suffix == ".json" else _withhold_csv
        withhold(path, out, gold, keep_printed, keep_metadata)
    return gold


# --- the pipeline's document dates -----------------------------------------------------------


def _deciding_signal(inference) -> str:
    return next((e["signal"] for e in inference.evidence if e.get("decides")), "")


def predict(corpus: Path, gold: dict[str, date], content_only: bool = False) -> list[DatedRecord]:
    """Ingest CORPUS as `make run` does and infer each page's date as `extract_doc` does.

    CONTENT_ONLY withholds the page's and its image's address too, so that every page is dated by
    its text alone: what the content rules are measured on (most news-please pages carry a URL
    date that would hide them)."""
    from newswh.extract import ArticleInput, build_nlp, infer_article_date
    from newswh.ingest import Article, discover, load_article

    articles = [a for a in (load_article(r) for r in discover(corpus)) if isinstance(a, Article)]
    articles = [a for a in articles if (a.url or a.source_uri) in gold]
    docs = build_nlp().pipe(a.body_text for a in articles)
    records = []
    for article, doc in zip(articles, docs, strict=True):
        # The fields the raw articles table hands extract_doc (newswh/store/raw.py).
        given = ArticleInput(
            article.article_id,
            article.body_text,
            article.content_hash,
            article.stated_date,
            article.stated_date_text,
            article.metadata_date,
            dateline_date=article.clean.dateline_date,
            url=None if content_only else article.url,
            image_url=None if content_only else article.image_url,
        )
        r = infer_article_date(given, doc)
        key = article.url or article.source_uri
        signal = _deciding_signal(r)
        records.append(
            DatedRecord(key, gold[key], r.published_date, r.confidence, r.basis, signal, r.lower_bound, r.upper_bound)
        )
    return records


# --- report ----------------------------------------------------------------------------------


def _table(title: str, groups: dict[str, dict]) -> list[str]:
    lines = [f"  {title:<28} {'n':>4} {'within 7d':>10} {'mean conf':>10}"]
    for name, g in groups.items():
        lines.append(f"  {name:<28} {g['n']:>4} {g['within_7_days']!s:>10} {g['mean_confidence']:>10}")
    return lines


def format_report(scores: dict[str, dict], by_signal: bool = False) -> str:
    lines = [f"targets: within {WITHIN_DAYS} days >= {TARGETS['within_7_days']} at coverage >= {TARGETS['coverage']}"]
    for name, s in scores.items():
        lines.append(
            f"== {name}: n {s['n']}, dated {s['dated']}, coverage {s['coverage']}, "
            f"within {WITHIN_DAYS} days among dated {s['within_7_days']}; "
            f"undated with bounds {s['bounded']}, bounds holding the truth {s['bounds_hold']}"
        )
        lines += _table("confidence band", s["by_band"]) + _table("basis", s["by_basis"])
        if by_signal:
            lines += _table("deciding signal (all pages)", s["by_signal"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=config.shared_dir() / "corpus")
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--by-signal", action="store_true", help="add accuracy by deciding signal")
    parser.add_argument("--keep-printed", action="store_true", help="keep printed dates (to measure the stated basis)")
    parser.add_argument(
        "--keep-metadata",
        action="store_true",
        help="keep the date fields (the truth): how often the content rejects them",
    )
    parser.add_argument(
        "--content-only", action="store_true", help="withhold the page and image addresses too (measures content rules)"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newswh-eval-dates-") as folder:
        gold = withheld_corpus(args.corpus, Path(folder), args.keep_printed, args.keep_metadata)
        scores = evaluate_splits(predict(Path(folder), gold, args.content_only))
    print(format_report(scores, by_signal=args.by_signal))
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

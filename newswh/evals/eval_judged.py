"""`make eval-judged`: judged precision of the event mentions, re-extracted with the current code.

The judged samples (`tests/fixtures/judged_sample.csv`, the tune sample, and
`tests/fixtures/judged_check.csv`, the check sample; see their .md files) hold hand verdicts on
event mentions of `../shared/corpus`, by ids and offsets only. This script extracts the judged
articles again (ingest and extraction as `make run` does them, without the warehouse) and finds
each judged trigger by its offsets:

- `counted`: still an asserted mention with a source and no not-event reason, with the judged code:
  its verdict stands;
- `dropped`: no longer counted (no mention there, not asserted, no source, or a not-event reason);
  it leaves the population, so it leaves the precision too (a dropped "yes" is a lost event and is
  reported as such);
- `changed`: counted with another code than the one judged, or counted again after being dropped:
  the verdict is stale and the mention must be judged again by hand (the script lists them and
  exits 1).

`--draw N` prints a new sample instead: the N counted mentions with the lowest
`sha1("<seed>|" + mention_id)` among articles outside the given fixtures, as fixture rows to judge.
With `--half tune|check` the pool is that half of the corpus (its articles by `source_uri`, the first
half tune, as `make eval-coding` splits it) less the mentions the fixtures judged: every corpus article
is in a judged sample, but most of their counted mentions were never judged.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from newswh import config

FIXTURES = config.PROJECT_ROOT / "tests" / "fixtures"
TUNE = FIXTURES / "judged_sample.csv"
CHECK = FIXTURES / "judged_check.csv"
# 35 mentions of ISAF releases, judged to enlarge the check sample (judged_check_isaf.md): their
# articles are the release pages `make eval-events` writes, read from ../shared/events_dev.
CHECK_ISAF = FIXTURES / "judged_check_isaf.csv"
# 50 unseen mentions of the corpus's check half (judged_check_half.md), drawn with --half check.
CHECK_HALF = FIXTURES / "judged_check_half.csv"
NOT_COUNTED_MODALITY = "asserted"  # only asserted mentions are counted events


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def is_counted(event: dict) -> bool:
    """An event mention that a source-required coding rule would count (judged_sample.md's population)."""
    return (
        event["modality"] == NOT_COUNTED_MODALITY
        and event["source_actor_key"] is not None
        and not event.get("not_event_reason")
        and not event.get("agent_unknown")
    )


def extract_articles(corpus: Path, wanted: set[str] | None) -> dict[str, tuple[str, list[dict]]]:
    """Article id -> (path, event rows) for the wanted articles of the corpus (all when None)."""
    from newswh.extract import article_input, build_nlp, extract_doc
    from newswh.ingest.discover import Article, discover, load_article

    records = [r for r in discover(corpus) if wanted is None or r.article_id in wanted]
    articles = [a for a in (load_article(r) for r in records) if isinstance(a, Article)]
    nlp = build_nlp()
    found: dict[str, tuple[str, list[dict]]] = {}
    for article, doc in zip(articles, nlp.pipe(a.body_text for a in articles), strict=True):
        rows = extract_doc(article_input(article), doc).rows["event_mentions"]
        found[article.article_id] = (article.source_uri, rows)
    return found


def extract_isaf(wanted: set[str]) -> dict[str, tuple[str, list[dict]]]:
    """The judged ISAF releases, written as `make eval-events` writes them into a scratch folder."""
    from newswh.evals.eval_events import DEV_FILE, load_releases, write_corpus

    with tempfile.TemporaryDirectory() as scratch:
        write_corpus(load_releases(DEV_FILE), Path(scratch))
        return extract_articles(Path(scratch), wanted)


def status_of(row: dict[str, str], events: Iterable[dict]) -> tuple[str, dict | None]:
    """counted / dropped / changed for one judged row, and the current mention at its trigger."""
    at = [
        e
        for e in events
        if (e["trigger_start"], e["trigger_end"]) == (int(row["trigger_start"]), int(row["trigger_end"]))
    ]
    counted = [e for e in at if is_counted(e)]
    if not counted:
        return "dropped", (at[0] if at else None)
    current = next((e for e in counted if e["event_code"] == row["event_code"]), counted[0])
    if row.get("status", "counted") == "counted" and current["event_code"] == row["event_code"]:
        return "counted", current
    return "changed", current


def score(rows: list[dict[str, str]], extracted: dict[str, tuple[str, list[dict]]]) -> dict:
    """Precision of code and source over the still-counted rows, and what changed since judging."""
    statuses = {"counted": [], "dropped": [], "changed": []}
    for row in rows:
        events = extracted.get(row["article_id"], ("", []))[1]
        status, current = status_of(row, events)
        statuses[status].append((row, current))
    counted = [row for row, _ in statuses["counted"]]
    yes = sum(r["verdict"] == "yes" for r in counted)
    return {
        "judged": len(rows),
        "counted": len(counted),
        "yes": yes,
        "precision": round(yes / len(counted), 3) if counted else None,
        "dropped_yes": sum(r["verdict"] == "yes" for r, _ in statuses["dropped"]),
        "dropped_no": sum(r["verdict"] == "no" for r, _ in statuses["dropped"]),
        "statuses": statuses,
    }


def draw(
    extracted: dict[str, tuple[str, list[dict]]],
    excluded: set[str],
    size: int,
    seed: str,
    judged: frozenset = frozenset(),
) -> list[dict]:
    """The `size` counted mentions with the lowest sha1(seed|mention_id) outside the excluded articles
    and the judged mentions."""
    pool = [
        {**e, "article_path": path}
        for article_id, (path, events) in extracted.items()
        if article_id not in excluded
        for e in events
        if is_counted(e) and e["mention_id"] not in judged
    ]
    pool.sort(key=lambda e: hashlib.sha1(f"{seed}|{e['mention_id']}".encode()).hexdigest())
    return pool[:size]


def _print_changes(name: str, figures: dict, extracted: dict) -> None:
    for row, current in figures["statuses"]["changed"]:
        new = current["event_code"] if current else None
        print(
            f"  CHANGED {row['mention_id']} {row['article_path']} @{row['trigger_start']} {row['event_code']} -> {new}"
        )
    for row, current in figures["statuses"]["dropped"]:
        if row.get("status", "counted") == "counted":
            why = (current or {}).get("not_event_reason") or (current or {}).get("modality") or "no mention"
            print(f"  dropped {row['mention_id']} {row['verdict']:<3} {row['event_code']} ({why}): {row['reason']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=config.shared_dir() / "corpus")
    parser.add_argument("--fixture", type=Path, action="append", help="judged fixture(s); default tune and check")
    parser.add_argument("--draw", type=int, default=0, help="print a new sample of this size instead")
    parser.add_argument("--seed", default="check")
    parser.add_argument("--out", type=Path, help="with --draw: write the drawn rows here (csv)")
    parser.add_argument("--half", choices=HALVES, help="with --draw: that half of the corpus, less the judged mentions")
    args = parser.parse_args(argv)
    fixtures = args.fixture or [p for p in (TUNE, CHECK, CHECK_ISAF, CHECK_HALF) if p.exists()]
    missing = missing_inputs(args.corpus, fixtures)
    if missing:
        print(f"eval-judged: missing {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    samples = {f.stem: read_rows(f) for f in fixtures}
    judged_articles = {r["article_id"] for rows in samples.values() for r in rows}
    extracted = extract_articles(args.corpus, None if args.draw else judged_articles)
    if CHECK_ISAF.stem in samples and not args.draw:
        extracted.update(extract_isaf({r["article_id"] for r in samples[CHECK_ISAF.stem]}))
    if args.draw and args.half:
        judged = frozenset(r["mention_id"] for rows in samples.values() for r in rows)
        other = {a for a, half in corpus_halves(extracted).items() if half != args.half}
        return write_draw(draw(extracted, other, args.draw, args.seed, judged), args.out)
    if args.draw:
        return write_draw(draw(extracted, judged_articles, args.draw, args.seed), args.out)
    stale = 0
    for name, rows in samples.items():
        figures = score(rows, extracted)
        print(
            f"{name}: judged {figures['judged']}  counted {figures['counted']}  yes {figures['yes']}  "
            f"precision {figures['precision']}  dropped yes {figures['dropped_yes']} / no {figures['dropped_no']}"
        )
        _print_changes(name, figures, extracted)
        stale += len(figures["statuses"]["changed"])
    if CHECK.stem in samples and CHECK_ISAF.stem in samples:
        enlarged = score(samples[CHECK.stem] + samples[CHECK_ISAF.stem], extracted)
        print(
            f"enlarged check (judged_check + judged_check_isaf): counted {enlarged['counted']}  "
            f"yes {enlarged['yes']}  precision {enlarged['precision']}"
        )
    return 1 if stale else 0


HALVES = ("tune", "check")


def corpus_halves(extracted: dict[str, tuple[str, list[dict]]]) -> dict[str, str]:
    """Article id -> tune/check: the first half of the articles by source_uri is tune (eval_coding's split)."""
    ids = sorted(extracted, key=lambda a: extracted[a][0])
    half = (len(ids) + 1) // 2
    return {article_id: HALVES[i >= half] for i, article_id in enumerate(ids)}


def missing_inputs(corpus: Path, fixtures: list[Path]) -> list[Path]:
    """The inputs this run needs and cannot read: the corpus, the fixtures, and the ISAF dev set for its sample."""
    from newswh.evals.eval_events import DEV_FILE

    needed = [corpus, *fixtures]
    if any(f.stem == CHECK_ISAF.stem for f in fixtures):
        needed.append(DEV_FILE)
    return [p for p in needed if not p.exists()]


DRAW_COLUMNS = [
    "mention_id",
    "article_id",
    "article_path",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "event_code",
    "source_actor_key",
    "target_actor_key",
]


def write_draw(drawn: list[dict], out: Path | None) -> int:
    handle = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
    writer = csv.DictWriter(handle, fieldnames=DRAW_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(drawn)
    if out:
        handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

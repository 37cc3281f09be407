"""`make eval-events`: build a warehouse from the event dev set and score it release by release.

The releases are written as plain-text pages into a corpus folder beside the warehouse (never
into the repository), the warehouse is built the way `make run` builds one, and the scores of
`newswh.evals.events_dev` are printed per release and in total for the tune and check halves,
with the targets beside them. The figures also go to `<warehouse>/reports/eval_events.json`
(or `--json PATH`).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb

from newswh import config
from newswh.evals.events_dev import (
    PredictedEvent,
    Prediction,
    date_miss_reason,
    format_figures,
    miss_breakdown,
    report_start,
    score_release,
    split_of,
    summarise,
)

DEV_FILE = config.shared_dir() / "events_dev" / "isaf_dev.jsonl"
DEFAULT_WAREHOUSE = config.checkout_scratch_dir("eval-events") / "warehouse.duckdb"
COUNT_COLUMNS = ("num_killed", "num_detained")


def load_releases(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def corpus_name(index: int) -> str:
    return f"release_{index:04d}.txt"


def write_corpus(releases: list[dict], folder: Path) -> None:
    """One .txt page per release; files of releases no longer in the set are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {corpus_name(i): r["text"] for i, r in enumerate(releases)}
    for stale in folder.glob("release_*.txt"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


# Event detection is scored on every consolidated event, the event-data coding rule off: the
# rule (fct_events keeps only events with coded actors, README "Coding rule") is a policy on top of
# detection, and ISAF's agentless reports ("two insurgents were detained") name no source to code.
CODING_RULE_ENV = "NEWSWH_CODED_EVENTS_ONLY"


def build_warehouse(corpus: Path, warehouse: Path, coding_rule: bool = False) -> None:
    """What `make run` does, for this corpus and warehouse (an unchanged corpus is not redone),
    with the event-data coding rule on or off (CODING_RULE_ENV, read by dbt's macros/event_coding.sql)."""
    env = {**os.environ, "ARTICLES_DIR": str(corpus), "DUCKDB_PATH": str(warehouse)}
    env[CODING_RULE_ENV] = "true" if coding_rule else "false"
    subprocess.run([sys.executable, "-m", "orchestration.run"], cwd=config.PROJECT_ROOT, env=env, check=True)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute("select column_name from information_schema.columns where table_name = ?", [table]).fetchall()
    return {row[0] for row in rows}


def read_predictions(warehouse: Path) -> dict[str, Prediction]:
    """Per corpus file name: the release's published_date and its events (consolidated, by event_id)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = _columns(con, "fct_events")
        has_counts = set(COUNT_COLUMNS) <= columns
        counts = ", ".join(f"e.{c}" for c in COUNT_COLUMNS) if has_counts else "null, null"
        admin1 = "e.location_admin1" if "location_admin1" in columns else "null"
        articles = con.execute("select article_id, source_uri, published_date, body_text from dim_articles").fetchall()
        days = con.execute(
            """
            select article_id, char_start, date_start from fct_time_expressions
            where date_precision = 'day' and date_start = date_end
            """
        ).fetchall()
        events = con.execute(
            f"""
            select distinct m.article_id, e.event_id, e.event_root_code, e.modality,
                   e.event_date_start, e.event_date_end, e.date_precision, {counts}, {admin1}
            from fct_event_mentions m join fct_events e using (event_id)
            """
        ).fetchall()
    by_article: dict[str, list[PredictedEvent]] = {}
    for article_id, _event_id, *fields in events:
        by_article.setdefault(article_id, []).append(PredictedEvent(*fields))
    days_by_article: dict[str, list[tuple[int, date]]] = {}
    for article_id, start, day in days:
        days_by_article.setdefault(article_id, []).append((start, day))
    return {
        uri: Prediction(
            published,
            tuple(by_article.get(article_id, ())),
            has_counts,
            frozenset(day for start, day in days_by_article.get(article_id, ()) if start >= report_start(body or "")),
        )
        for article_id, uri, published, body in articles
    }


def score_all(releases: list[dict], predictions: dict[str, Prediction]) -> list[dict]:
    """One row per release; a release the warehouse quarantined is scored with nothing predicted."""
    rows = []
    for index, release in enumerate(releases):
        predicted = predictions.get(corpus_name(index), Prediction(None))
        scores = score_release(release["text"], release["gold"], predicted)
        rows.append(
            {
                "release": index,
                "split": split_of(release["text"]),
                "scores": scores,
                "date_miss": date_miss_reason(scores, release["gold"], predicted),
            }
        )
    return rows


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("1" if value else "0")


def print_report(rows: list[dict], figures: dict, per_release: bool) -> None:
    if per_release:
        metrics = list(rows[0]["scores"]) if rows else []
        print(f"{'release':<9}{'split':<7}" + "".join(f"{m:>14}" for m in metrics))
        for row in rows:
            print(f"{row['release']:<9}{row['split']:<7}" + "".join(f"{_mark(v):>14}" for v in row["scores"].values()))
        print()
    print("\n".join(format_figures(figures)))
    # What dating could still win: only the misses whose gold day the report states.
    for split, reasons in miss_breakdown(rows).items():
        print(f"date_exact misses, {split}: " + ", ".join(f"{reason} {n}" for reason, n in reasons.items()))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m newswh.evals.eval_events", description=__doc__.splitlines()[0])
    parser.add_argument("--dev-file", type=Path, default=DEV_FILE, help="the dev set (.jsonl of {text, gold})")
    parser.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE, help="warehouse file to build")
    parser.add_argument("--json", type=Path, default=None, help="figures file (default <warehouse>/reports/)")
    parser.add_argument("--no-build", action="store_true", help="score the warehouse as it is")
    parser.add_argument("--totals-only", action="store_true", help="print the totals, not every release")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.dev_file.exists():
        print(f"no dev set at {args.dev_file}", file=sys.stderr)
        return 2
    releases = load_releases(args.dev_file)
    warehouse = args.warehouse.resolve()
    if not args.no_build:
        write_corpus(releases, warehouse.parent / "corpus")
        build_warehouse(warehouse.parent / "corpus", warehouse)
    rows = score_all(releases, read_predictions(warehouse))
    figures = summarise(rows)
    print_report(rows, figures, per_release=not args.totals_only)
    target = args.json or config.reports_dir(warehouse) / "eval_events.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps({"figures": figures, "date_misses": miss_breakdown(rows), "releases": rows}, indent=1, default=str),
        encoding="utf-8",
    )
    print(f"figures written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

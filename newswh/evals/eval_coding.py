"""`make eval-coding`: the share of asserted event mentions whose source has a CAMEO actor code.

Event-data users count an event only when its source actor is coded (GDELT, PETRARCH), so the
share of asserted mentions with a `source_cameo_code` says how much of the warehouse they could
count (issue 15, target 0.90). It is measured on two warehouses built the way `make run` builds
one: `../shared/corpus` (news) and the ISAF dev set (`../shared/events_dev`, written as pages as
`make eval-events` does). Per set: mentions, coded, share, and the coding bases. A warehouse built
before the code columns existed is scored on what it had: a source actor with a dated role or a
static code (`basis` legacy). Figures go to `<warehouse dir>/eval_coding.json`.

The population is the asserted events (`fct_event_mentions.is_asserted_event`): asserted mentions
without a not-event reason. A caption, a quoted document, a PETRARCH discard and a bystander's words
are asserted by the text but are not news of an event (issue 15 item 4), so they are not counted.
The figure by the earlier definition (every mention of modality asserted) is printed beside it
(`modality_only`), and both are given for the tune and check halves: the corpus's first half of
articles by `source_uri` (tune) and the rest (check); the ISAF releases by `events_dev.split_of`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb

from newswh import config
from newswh.evals.eval_events import DEV_FILE, build_warehouse, corpus_name, load_releases, write_corpus
from newswh.evals.events_dev import split_of

TARGET = 0.90
DEFAULT_DIR = config.checkout_scratch_dir("eval-coding")
SETS = ("corpus", "isaf_dev")

_HAS_CODES = """
    select count(*) from information_schema.columns
    where table_name = 'fct_event_mentions' and column_name = 'source_code_basis'
"""
# The not-event reasons of newswh.events.not_events: what an older warehouse (no is_asserted_event) marks so.
NOT_EVENT_REASONS = (
    "caption",
    "quoted_document",
    "discard_story",
    "discard_sentence",
    "bystander",
    "outlet_report",
    "impersonal_report",
)
_ROWS = """
    select {article} as article_id, coalesce(source_code_basis, 'uncoded') as basis, {asserted_event} as asserted_event, count(*)
    from fct_event_mentions where modality = 'asserted' group by all
"""
# Before the code columns: a source actor with a role on the mention's date, or a static code.
_LEGACY = """
    select case when roles.cameo_code is not null or actors.cameo_code is not null then 'legacy' else 'uncoded' end,
           count(*)
    from fct_event_mentions as m
    left join dim_actor_roles as roles
        on roles.actor_id = m.source_actor_id
        and m.reported_date_start >= roles.valid_from
        and (roles.valid_to is null or m.reported_date_start <= roles.valid_to)
    left join fct_actors as actors on actors.actor_id = m.source_actor_id
    where m.modality = 'asserted'
    group by all
"""


def _columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("select column_name from information_schema.columns where table_name = 'fct_event_mentions'")
    return {row[0] for row in rows.fetchall()}


def _asserted_event(columns: set[str]) -> str:
    if "is_asserted_event" in columns:
        return "is_asserted_event"
    if "unconsolidated_reason" in columns:
        reasons = ", ".join(f"'{r}'" for r in NOT_EVENT_REASONS)
        return f"coalesce(unconsolidated_reason, '') not in ({reasons})"
    return "true"


def share_of(bases: Counter[str]) -> dict:
    """Mentions, those with a coded source, their share and the count per coding basis."""
    total = sum(bases.values())
    coded = total - bases.get("uncoded", 0)
    share = round(coded / total, 3) if total else None
    return {"asserted": total, "coded": coded, "share": share, "bases": dict(bases.most_common())}


def _by_definition(rows: list[tuple], keep: Callable[[str], bool]) -> dict:
    """The share among asserted events (the population), with the modality-only figure beside it."""
    events: Counter[str] = Counter()
    asserted: Counter[str] = Counter()
    for article_id, basis, asserted_event, mentions in rows:
        if keep(article_id):
            asserted[basis] += mentions
            events[basis] += mentions if asserted_event else 0
    return {**share_of(+events), "modality_only": share_of(asserted)}


def coded_source_share(
    warehouse: Path, splits: Callable[[duckdb.DuckDBPyConnection], dict[str, str]] | None = None
) -> dict:
    """The share of asserted events with a coded source (and by the modality-only definition); with
    `splits` (article id -> tune/check, read from the warehouse) the same for each half."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = _columns(con)
        if "source_code_basis" not in columns:
            return share_of(Counter(dict(con.execute(_LEGACY).fetchall())))
        article = "article_id" if "article_id" in columns else "null"
        rows = con.execute(_ROWS.format(article=article, asserted_event=_asserted_event(columns))).fetchall()
        halves = splits(con) if splits else {}
    figures = _by_definition(rows, lambda _: True)
    if halves:
        figures["splits"] = {s: _by_definition(rows, lambda a, s=s: halves.get(a) == s) for s in ("tune", "check")}
    return figures


def corpus_halves(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The first half of the articles by source_uri is the tune half, the rest the check half."""
    ids = [row[0] for row in con.execute("select article_id from dim_articles order by source_uri").fetchall()]
    half = (len(ids) + 1) // 2
    return {article_id: "tune" if i < half else "check" for i, article_id in enumerate(ids)}


def isaf_halves(dev_file: Path) -> Callable[[duckdb.DuckDBPyConnection], dict[str, str]]:
    """Each release page's half by eval-events' hash of the release text."""
    by_name = {corpus_name(i): split_of(r["text"]) for i, r in enumerate(load_releases(dev_file))}

    def halves(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        rows = con.execute("select article_id, source_uri from dim_articles").fetchall()
        return {a: by_name[Path(uri).name] for a, uri in rows if Path(uri).name in by_name}

    return halves


def prepare(name: str, folder: Path, corpus: Path, dev_file: Path, build: bool) -> Path:
    """The warehouse of one set, built unless told not to (an unchanged corpus is not redone)."""
    warehouse = folder / name / "warehouse.duckdb"
    if build:
        if name == "isaf_dev":
            corpus = warehouse.parent / "corpus"
            write_corpus(load_releases(dev_file), corpus)
        build_warehouse(corpus, warehouse, coding_rule=True)
    return warehouse


def format_line(name: str, figures: dict) -> str:
    share = figures["share"]
    mark = "-" if share is None else ("PASS" if share >= TARGET else "below")
    top = ", ".join(f"{b} {n}" for b, n in list(figures["bases"].items())[:6])
    old = figures.get("modality_only")
    before = f"  (modality only: {old['coded']}/{old['asserted']} = {old['share']})" if old else ""
    return f"{name:<9} asserted {figures['asserted']:>5}  coded {figures['coded']:>5}  share {share}  (target {TARGET}: {mark}){before}  {top}"


def format_lines(name: str, figures: dict) -> list[str]:
    """The whole set, then each half."""
    lines = [format_line(name, figures)]
    for half, figs in figures.get("splits", {}).items():
        lines.append(format_line(f"  {half}", figs))
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m newswh.evals.eval_coding", description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of the two warehouses")
    parser.add_argument("--corpus", type=Path, default=config.shared_dir() / "corpus", help="news corpus")
    parser.add_argument("--dev-file", type=Path, default=DEV_FILE, help="the ISAF dev set (.jsonl)")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--no-build", action="store_true", help="score the warehouses as they are")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [p for p in (args.corpus, args.dev_file) if not p.exists()]
    if missing and not args.no_build:
        print(f"missing: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    figures = {}
    for name in args.sets:
        warehouse = prepare(name, args.dir.resolve(), args.corpus, args.dev_file, not args.no_build)
        halves = corpus_halves if name == "corpus" else isaf_halves(args.dev_file)
        figures[name] = coded_source_share(warehouse, halves)
        print("\n".join(format_lines(name, figures[name])))
    target = args.dir / "eval_coding.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"figures written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

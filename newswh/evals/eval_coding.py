"""`make eval-coding`: the share of asserted event mentions whose source has a CAMEO actor code.

Event-data users count an event only when its source actor is coded (GDELT, PETRARCH), so the
share of asserted mentions with a `source_cameo_code` says how much of the warehouse they could
count (issue 15, target 0.90). It is measured on two warehouses built the way `make run` builds
one: `../shared/corpus` (news) and the ISAF dev set (`../shared/events_dev`, written as pages as
`make eval-events` does). Per set: mentions, coded, share, and the coding bases. A warehouse built
before the code columns existed is scored on what it had: a source actor with a dated role or a
static code (`basis` legacy). Figures go to `<warehouse dir>/eval_coding.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

from newswh import config
from newswh.evals.eval_events import DEV_FILE, build_warehouse, load_releases, write_corpus

TARGET = 0.90
DEFAULT_DIR = Path(tempfile.gettempdir()) / "newswh-eval-coding"
SETS = ("corpus", "isaf_dev")

_HAS_CODES = """
    select count(*) from information_schema.columns
    where table_name = 'fct_event_mentions' and column_name = 'source_code_basis'
"""
_CODED = """
    select coalesce(source_code_basis, 'uncoded') as basis, count(*) as mentions
    from fct_event_mentions where modality = 'asserted' group by all order by mentions desc
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


def coded_source_share(warehouse: Path) -> dict:
    """Asserted mentions, those with a coded source, their share and the count per coding basis."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        has_codes = con.execute(_HAS_CODES).fetchone()[0] > 0
        rows = con.execute(_CODED if has_codes else _LEGACY).fetchall()
    bases = dict(rows)
    total = sum(bases.values())
    coded = total - bases.get("uncoded", 0)
    return {"asserted": total, "coded": coded, "share": round(coded / total, 3) if total else None, "bases": bases}


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
    return f"{name:<9} asserted {figures['asserted']:>5}  coded {figures['coded']:>5}  share {share}  (target {TARGET}: {mark})  {top}"


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
        figures[name] = coded_source_share(warehouse)
        print(format_line(name, figures[name]))
    target = args.dir / "eval_coding.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"figures written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

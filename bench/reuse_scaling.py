"""The reuse_scaling section of `make bench`: text reuse alone at N and 4N articles, then one added.

Reuse reads only the articles' texts and publication dates, so the 24-minute extraction is not
needed to load it: the shared corpus repeated to N articles as bench/scale.py repeats it (copy k
with its own marker sentence, the record's own date) is written straight into raw.articles and
raw.article_dates of an empty warehouse. Then `update_reuse` runs in a child process, whose
wall time, peak PSS (polled from /proc) and peak RSS (getrusage) are the step's own. The
repeated corpus is the hard case: every text is in ~N/142 copies, which made the old step's
matches and rows grow with the square of the copies. Targets: 4N articles take at most
RATIO_TARGET times the CPU seconds of N (linear work would be 4x; the joins add a little),
and the step's peak stays under MEMORY_TARGET_MB. Then one article is added to each warehouse:
the rerun must sign and look up that article's sentences only, whatever the corpus size.
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (2500, 10000)
RATIO_TARGET = 6.0
MEMORY_TARGET_MB = 2048


def _published(record: dict) -> date | None:
    text = str(record.get("date_publish") or record.get("date") or "")[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def load_articles(db: Path, corpus: Path, size: int, first: int = 0) -> None:
    """Articles first..first+size-1 of the repeated corpus, as the raw rows reuse reads."""
    import duckdb

    from bench.scale import base_records, varied
    from newswh.store import raw as wh
    from newswh.store.tables import TABLES, tables_in

    base = base_records(corpus)
    articles, dates = [], []
    for index in range(first, first + size):
        _kind, record = base[index % len(base)]
        copy = varied(record, index // len(base))
        row = dict.fromkeys(TABLES["articles"].column_names)
        row.update(
            article_id=f"bench{index:06d}",
            body_text=copy["text"],
            content_hash=hashlib.sha256(copy["text"].encode("utf-8")).hexdigest(),
        )
        articles.append(row)
        dates.append({**dict.fromkeys(TABLES["article_dates"].column_names), "article_id": row["article_id"]})
        dates[-1]["published_date"] = _published(record)
    with duckdb.connect(str(db)) as con:
        wh.ensure_schema(con, wh.INGEST_TABLES)
        wh.ensure_schema(con, tables_in("extract"))
        wh.insert_rows(con, TABLES["articles"], articles)
        wh.insert_rows(con, TABLES["article_dates"], dates)


def run_reuse(db: Path) -> dict:
    """`update_reuse` on the warehouse in a child process: its seconds, peak memory and work done."""
    from bench.scale import TreeMemory

    child = subprocess.Popen([sys.executable, "-m", "bench.reuse_scaling", str(db)], cwd=ROOT, stdout=subprocess.PIPE)
    memory = TreeMemory(child.pid)
    out, _ = child.communicate()
    memory.stop()
    if child.returncode:
        raise RuntimeError(f"update_reuse on {db} exited {child.returncode}")
    return {**json.loads(out), "peak_pss_mb": round(memory.peak_pss_kb / 1024)}


def _child(db: Path) -> None:
    import duckdb

    from newswh.store.reuse_state import update_reuse

    with duckdb.connect(str(db)) as con:
        started, cpu = time.perf_counter(), time.process_time()
        stats = update_reuse(con)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        pairs = con.execute("select count(*) from raw.article_reuse").fetchone()[0]
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "signed_articles": len(stats.signed_articles),
                "signed_sentences": stats.signed_sentences,
                "queried_sentences": stats.queried_sentences,
                "relinked_sentences": stats.relinked_sentences,
                "rebuilt_pairs": stats.rebuilt_pairs,
                "article_reuse_rows": pairs,
                "reused_sentences_written": stats.rows.get("reused_sentences", 0),
            }
        )
    )


def bench_reuse_scaling(corpus: Path, tmp: Path, sizes: tuple[int, int] = SIZES) -> dict:
    """Reuse from scratch at N and 4N articles, then one article added to each warehouse."""
    from bench.scale import base_records

    runs, added, base = {}, {}, len(base_records(corpus))
    for size in sizes:
        db = tmp / f"reuse_{size}.duckdb"
        load_articles(db, corpus, size)
        runs[str(size)] = run_reuse(db)
        print(f"reuse_scaling: {size} articles in {runs[str(size)]['seconds']}s", flush=True)
        # The same text added to both (a further copy of the corpus' first article), so the work compares.
        load_articles(db, corpus, 1, first=-(-size // base) * base)
        added[str(size)] = run_reuse(db)
    small, large = runs[str(sizes[0])], runs[str(sizes[1])]
    # CPU seconds (all the process's threads, DuckDB's included): on a machine shared with other
    # builds the wall time mostly measures the load; both are reported.
    ratio = large["cpu_seconds"] / small["cpu_seconds"]
    peak = max(large["peak_pss_mb"], large["peak_rss_mb"])
    one = [(run["signed_articles"], run["queried_sentences"], run["signed_sentences"]) for run in added.values()]
    # Both reruns sign the one article and look up its sentences only, as many at 4N as at N.
    only_its_work = one[0] == one[1] and one[0][0] == 1 and one[0][1] == one[0][2]
    return {
        "articles": list(sizes),
        "builds": runs,
        "cpu_ratio": round(ratio, 2),
        "wall_ratio": round(large["seconds"] / small["seconds"], 2),
        "ratio_target": RATIO_TARGET,
        "linear": "PASS" if ratio <= RATIO_TARGET else "FAIL",
        "peak_memory_mb_at_largest": peak,
        "peak_memory_target_mb": MEMORY_TARGET_MB,
        "peak_memory": "PASS" if peak < MEMORY_TARGET_MB else "FAIL",
        "add_one_article": added,
        "add_one_article_does_only_its_work": "PASS" if only_its_work else "FAIL",
    }


if __name__ == "__main__":
    _child(Path(sys.argv[1]))

"""Benchmarks behind `make bench`: whole-process timings of `make run`, and extraction throughput.

1. cold run: `python -m orchestration.run` on the seeds into an empty warehouse and Dagster home
   (after install, with the dbt manifest prepared). Target <= 15 s on the 2-core machine.
2. rerun with no changed file. Target <= 5 s, and it must do no NLP.
3. extraction stage vs. plain spaCy: the corpus in ../shared/corpus replicated to >= 200k words;
   the full extraction (`newswh.extract.extract_articles`) and a plain `nlp.pipe` of the same
   model over the same texts, in this process. Target ratio >= 0.85. Both sides use the processes
   the stage would (n_process); the CPU seconds per article of the whole process tree (less
   noisy on a shared machine than wall time), the load average and the peak PSS are reported.
4. a many-record file: BATCH_RECORDS short records in one .jsonl against the same texts as
   BATCH_FILES .txt files, each a cold `make run`. Partitions are batches, so the file is
   BATCH_RECORDS / NEWSWH_BATCH_ARTICLES partitions; reported: both times and their ratio.
5. parallel extraction: the 142 articles of ../shared/corpus extracted with one process and with
   PARALLEL_PROCESSES (forked workers that parse and extract); wall times, speedup, CPU seconds
   per article, peak PSS of all processes, and whether the rows agree.
6. scale: the shared corpus repeated to each of SCALE_SIZES articles (copies varied so dedup keeps
   them), each built by one cold `python -m orchestration.run`; wall time and the peak memory of
   the whole process tree (polled from /proc). Targets: peak < 2 GB, and seconds per 1,000
   articles at the largest size <= 1.25x that at the smallest. Then one article is added to the
   largest warehouse and to a one-article warehouse, and both reruns are timed.
7. date inference scaling: `infer_published_date` (the time tagger, then the copyright and
   sentence look-ups per expression) on hostile pages, a text of SCALING_UNITS repeats and one of
   twice as many: "last August" with no full stop, dates on one line, dates on copyright lines.
   Linear work doubles the time; quadratic work quadruples it. Target ratio <= 2.5 for each.
8. time tagger throughput: the five seeds tagged 20 times over. spaCy's small pipeline runs at
   ~35k chars/s here; the tagger must be a small fraction of it. Target >= 300k chars/s.
9. distributed: ingest + extraction of the shared corpus repeated to 420 articles (`--distributed-articles`)
   on 1 and on 2 Celery workers (bench/distributed.py): wall time, seconds and worker-seconds per
   1,000 articles. Target: 2 workers <= 0.65x the time of 1.
10. distributed_corpus: tests/integration/test_distributed.py on ../shared/corpus instead of the
   seeds (a `make run-distributed WORKERS=2`-equivalent build, one worker process killed mid-batch,
   against an embedded build): every mart must have the same rows. Too slow for CI.
11. geolocation: GEO_ARTICLES articles of ../shared/corpus (`--geo-articles`) extracted in one
   process with geolocation (place mentions, their resolution, event locations) and without it
   (no place mentions: every event falls back to its dateline), interleaved rounds, best CPU
   time of each. Target: geolocation adds at most 10% to the extraction (issue 13).
12. quote scaling: `extract_quotes` on a parsed text of QUOTE_SCALING_UNITS repeats of a direct
   and an indirect quote, and on one of twice as many (parsing is not timed). Each reporting
   verb used to rescan every direct quote, and each indirect quote rebuilt doc.text: linear work
   doubles the time. Target ratio <= 2.5.
13. consolidation scaling: cross-article consolidation of CONSOLIDATION_SCALING_MENTIONS synthetic
   mentions by many sources, and of four times as many. Every placement used to scan every
   cluster of the corpus (a 10,000-article build spent its consolidation there): linear work
   about quadruples the time (the sort and Python's garbage collector add a little). Target ratio <= 6.
14. reuse scaling: text reuse alone (bench/reuse_scaling.py) on the shared corpus repeated to 2,500
   and to 10,000 articles, loaded straight into the raw tables (reuse needs texts and dates only),
   each run in a child process; then one article added to each. Targets: 4x the articles <= 6x
   the time, the step's peak memory < 2 GB at 10,000, and the added article's rerun signs and
   looks up that article's sentences only, as many at 10,000 as at 2,500.

Each section's result carries its verdicts; the run ends with one PASS/FAIL line per target and
exits 1 when a target it measured fails.

`--only NAME,...` runs some sections (see SECTIONS) and
merges them into the existing bench/results.json; `--sizes 50,100,200` (or NEWSWH_BENCH_SIZES) is
the quick scale mode. Results are printed and written to bench/results.json (committed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIN_WORDS = 200_000
ROUNDS = 2
BATCH_RECORDS = 20_000
BATCH_FILES = 20
COLD_TARGET_S, RERUN_TARGET_S, THROUGHPUT_TARGET = 15, 5, 0.85
# Workers of the parallel-extraction and scale sections (n_process of nlp.pipe).
PARALLEL_PROCESSES = 2
JSONL_TO_FILES_TARGET = 1.5
SCALING_UNITS = 4000
SCALING_TARGET = 2.5
# One repeat of each hostile page; each holds a time expression the date inference looks around.
SCALING_PAGES = {
    "last_month_no_full_stop": "since the takeover last August and ",
    "dates_on_one_line": "on March 3, 2022 and ",
    "dates_on_copyright_lines": "Copyright 2024 March 3, 2022 ",
}
TAGGER_CHARS_PER_S_TARGET = 300_000
GEO_ARTICLES = 142
GEO_OVERHEAD_TARGET = 0.10
# One repeat: a direct quote with its speaker, then an indirect one (two reporting verbs).
QUOTE_SCALING_UNIT = "“We will meet the delegation again next week,” she said. He said that the talks went well. "
QUOTE_SCALING_UNITS = 800


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def timed_run(env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "orchestration.run"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"make run failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return elapsed, completed.stdout


def bench_make_run() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        # The Dagster home follows the warehouse: it is made in tmp, beside warehouse.duckdb.
        env = {
            **os.environ,
            "DUCKDB_PATH": str(Path(tmp) / "warehouse.duckdb"),
            "ARTICLES_DIR": str(ROOT / "seeds" / "articles"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        }
        cold, _ = timed_run(env)
        warm, output = timed_run(env)
    return {
        "cold_make_run_s": round(cold, 2),
        "cold_target_s": COLD_TARGET_S,
        "cold": _verdict(cold <= COLD_TARGET_S),
        "rerun_no_change_s": round(warm, 2),
        "rerun_target_s": RERUN_TARGET_S,
        "rerun_did_no_work": "no work done" in output,
        "rerun": _verdict(warm <= RERUN_TARGET_S and "no work done" in output),
    }


def _short_text(n: int) -> str:
    # Varied words and numbers, so that no two records are duplicates of each other.
    city = ("Kabul", "Moscow", "Doha", "Herat", "Tashkent")[n % 5]
    return f"Officials in {city} reported {n} new trade permits for convoy {n * 7 % 1000}."


def _cold_run_s(articles_dir: Path, tmp: Path) -> tuple[float, int]:
    env = {
        **os.environ,
        "DUCKDB_PATH": str(tmp / "warehouse.duckdb"),
        "ARTICLES_DIR": str(articles_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    elapsed, output = timed_run(env)
    batches = next((line for line in output.splitlines() if " batches: " in line), "")
    return elapsed, int(batches.split(" batches")[0].rsplit(" ", 1)[-1]) if batches else -1


def bench_many_record_file() -> dict:
    texts = [_short_text(n) for n in range(BATCH_RECORDS)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one_file, many_files = root / "jsonl", root / "files"
        one_file.mkdir()
        many_files.mkdir()
        lines = (json.dumps({"title": f"Permits {n}", "maintext": text}) for n, text in enumerate(texts))
        (one_file / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        per_file = BATCH_RECORDS // BATCH_FILES
        for k in range(BATCH_FILES):
            body = "\n\n".join(texts[k * per_file : (k + 1) * per_file])
            (many_files / f"part_{k:02d}.txt").write_text(body + "\n", encoding="utf-8")
        jsonl_s, partitions = _cold_run_s(one_file, root / "wh_jsonl")
        files_s, _ = _cold_run_s(many_files, root / "wh_files")
    return {
        "records": BATCH_RECORDS,
        "partitions": partitions,
        "one_jsonl_cold_run_s": round(jsonl_s, 1),
        "same_text_as_files_cold_run_s": round(files_s, 1),
        "jsonl_to_files_time_ratio": round(jsonl_s / files_s, 2),
        "jsonl_to_files_target": JSONL_TO_FILES_TARGET,
        "jsonl_to_files": _verdict(jsonl_s / files_s <= JSONL_TO_FILES_TARGET),
    }


def corpus_articles():
    from newswh.config import shared_dir
    from newswh.extract import article_input
    from newswh.ingest.discover import Article, discover, load_article

    corpus = shared_dir() / "corpus"
    if not corpus.exists():
        return None
    articles = [a for a in (load_article(r) for r in discover(corpus)) if isinstance(a, Article)]
    inputs, words, copy = [], 0, 0
    while words < MIN_WORDS:
        for a in articles:
            inputs.append(article_input(a, f"{a.article_id}-{copy}"))
            words += a.word_count
        copy += 1
    return inputs, words, len(articles)


def _cpu_s() -> float:
    """CPU seconds of this process and of its reaped children (the extraction's workers)."""
    import multiprocessing

    multiprocessing.active_children()  # reaps finished workers, so that their time counts
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measured(run) -> tuple[float, float, int]:
    """(wall s, CPU s of the process tree, peak PSS MB of the tree) of RUN()."""
    from bench.scale import TreeMemory

    memory = TreeMemory(os.getpid())
    cpu, started = _cpu_s(), time.perf_counter()
    try:
        run()
        return time.perf_counter() - started, _cpu_s() - cpu, round(memory.peak_pss_kb / 1024)
    finally:
        memory.stop()


def _interleaved_rounds(plain, nlp, inputs: list, processes: int) -> tuple[list, list, list, list, list, int]:
    """ROUNDS of plain spaCy then full extraction over `inputs`: each round's wall and CPU times,
    extraction's peak PSS, and the rows extracted."""
    from newswh.extract import extract_articles

    texts = [a.body_text for a in inputs]
    # Interleaved rounds, best of each: the machine is shared, and a one-off pass is noisy.
    plain_times, full_times, plain_cpu, full_cpu, pss, rows = [], [], [], [], [], 0
    for _ in range(ROUNDS):

        def plain_pass():
            for _doc in plain.pipe(texts, batch_size=16, n_process=processes):
                pass

        def full_pass():
            nonlocal rows
            extracted = extract_articles(inputs, nlp=nlp, n_process=processes)
            rows = sum(sum(len(v) for v in result.rows.values()) for result in extracted)

        wall, cpu, _ = _measured(plain_pass)
        plain_times.append(wall)
        plain_cpu.append(cpu)
        wall, cpu, peak = _measured(full_pass)
        full_times.append(wall)
        full_cpu.append(cpu)
        pss.append(peak)
    return plain_times, full_times, plain_cpu, full_cpu, pss, rows


def bench_extraction() -> dict:
    import spacy

    from newswh.config import SPACY_MODEL
    from newswh.extract import build_nlp, extract_articles, pipe_processes

    loaded = corpus_articles()
    if loaded is None:
        return {"skipped": "../shared/corpus is absent"}
    inputs, words, distinct = loaded
    texts = [a.body_text for a in inputs]
    # Both sides use the processes the extraction stage would use for this many articles.
    processes = pipe_processes(len(inputs))

    plain = spacy.load(SPACY_MODEL)
    nlp = build_nlp()
    list(plain.pipe(texts[:20]))  # warm up both
    list(extract_articles(inputs[:20], nlp=nlp))

    load_at_start = os.getloadavg()[0]
    plain_times, full_times, plain_cpu, full_cpu, pss, rows = _interleaved_rounds(plain, nlp, inputs, processes)
    plain_s, full_s = min(plain_times), min(full_times)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": len(inputs),
        "distinct_articles": distinct,
        "words": words,
        "n_process": processes,
        "plain_spacy_articles_per_s": round(len(inputs) / plain_s, 2),
        "plain_spacy_words_per_s": round(words / plain_s),
        "extraction_articles_per_s": round(len(inputs) / full_s, 2),
        "extraction_words_per_s": round(words / full_s),
        "throughput_ratio": round(plain_s / full_s, 3),
        "rounds": ROUNDS,
        "plain_spacy_s_per_round": [round(t, 1) for t in plain_times],
        "extraction_s_per_round": [round(t, 1) for t in full_times],
        "throughput_target": THROUGHPUT_TARGET,
        "throughput": _verdict(plain_s / full_s >= THROUGHPUT_TARGET),
        "rows_extracted": rows,
        "peak_rss_mb": round(peak_mb),
        "extraction_peak_pss_mb_all_processes": max(pss),
        "plain_spacy_cpu_s_per_article": round(min(plain_cpu) / len(inputs), 3),
        "extraction_cpu_s_per_article": round(min(full_cpu) / len(inputs), 3),
        "cpu_ratio": round(min(plain_cpu) / min(full_cpu), 3),
        "load_average_1min_at_start": round(load_at_start, 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
    }


def bench_parallel() -> dict:
    """The 142 shared articles extracted in one process and in PARALLEL_PROCESSES, best of two."""
    from newswh.extract import build_nlp, extract_articles

    loaded = corpus_articles()
    if loaded is None:
        return {"skipped": "../shared/corpus is absent"}
    inputs = loaded[0][: loaded[2]]
    nlp = build_nlp()
    list(extract_articles(inputs[:5], nlp=nlp, n_process=1))  # warm up
    times: dict[int, list[float]] = {1: [], PARALLEL_PROCESSES: []}
    cpu: dict[int, list[float]] = {1: [], PARALLEL_PROCESSES: []}
    pss: dict[int, int] = {1: 0, PARALLEL_PROCESSES: 0}
    rows: dict[int, list] = {}
    load_at_start = os.getloadavg()[0]
    for _ in range(ROUNDS):
        for processes in times:

            def run(processes=processes):
                rows[processes] = [r.rows for r in extract_articles(inputs, nlp=nlp, n_process=processes)]

            wall, cpu_s, peak = _measured(run)
            times[processes].append(wall)
            cpu[processes].append(cpu_s)
            pss[processes] = max(pss[processes], peak)
    one, many = min(times[1]), min(times[PARALLEL_PROCESSES])
    return {
        "articles": len(inputs),
        "processes": PARALLEL_PROCESSES,
        "one_process_s": round(one, 1),
        "parallel_s": round(many, 1),
        "speedup": round(one / many, 2),
        "rows_identical": rows[1] == rows[PARALLEL_PROCESSES],
        "s_per_round": {str(k): [round(t, 1) for t in v] for k, v in times.items()},
        "cpu_s_per_article": {str(k): round(min(v) / len(inputs), 3) for k, v in cpu.items()},
        "peak_pss_mb_all_processes": {str(k): v for k, v in pss.items()},
        "load_average_1min_at_start": round(load_at_start, 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
    }


def bench_date_scaling() -> dict:
    from newswh.time.doc_date import infer_published_date

    def best_of_two(text: str) -> float:
        times = []
        for _ in range(2):
            started = time.perf_counter()
            infer_published_date(text, None, None, None)
            times.append(time.perf_counter() - started)
        return min(times)

    results = {}
    for name, unit in SCALING_PAGES.items():
        single, double = best_of_two(unit * SCALING_UNITS), best_of_two(unit * 2 * SCALING_UNITS)
        results[name] = {
            "chars": len(unit) * SCALING_UNITS,
            "s": round(single, 2),
            "twice_the_chars_s": round(double, 2),
            "ratio": round(double / single, 2),
        }
    linear = all(page["ratio"] <= SCALING_TARGET for page in results.values())
    return {"pages": results, "ratio_target": SCALING_TARGET, "linear": _verdict(linear)}


def bench_quote_scaling() -> dict:
    from newswh.events import extract_quotes
    from newswh.nlp import load_nlp

    nlp = load_nlp()
    extract_quotes(nlp(QUOTE_SCALING_UNIT), [])  # loads the verb lexicon outside the timings

    def best_of_three(units: int) -> float:
        doc = nlp(QUOTE_SCALING_UNIT * units)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            extract_quotes(doc, [])
            times.append(time.perf_counter() - started)
        return min(times)

    single, double = best_of_three(QUOTE_SCALING_UNITS), best_of_three(2 * QUOTE_SCALING_UNITS)
    ratio = double / single
    return {
        "chars": len(QUOTE_SCALING_UNIT) * QUOTE_SCALING_UNITS,
        "s": round(single, 3),
        "twice_the_chars_s": round(double, 3),
        "ratio": round(ratio, 2),
        "ratio_target": SCALING_TARGET,
        "linear": _verdict(ratio <= SCALING_TARGET),
    }


# Mentions of the consolidation_scaling section: a month of statements and acts by many sources,
# the shape of a growing corpus (each source's events are few; the sources are many).
CONSOLIDATION_SCALING_MENTIONS = 20000
# Four times the mentions: linear work (with its sort and Python's garbage collector, measured
# 4.5x to 5x) stays under 6; the old scan of every cluster took about 16x (11 s for 20,000).
CONSOLIDATION_SCALING_TARGET = 6.0


def consolidation_mentions(count: int) -> list:
    import random

    from newswh.events import MentionForConsolidation

    rng = random.Random(count)
    mentions = []
    for index in range(count):
        day = date(2022, 1, 1) + timedelta(days=rng.randint(0, 30))
        code = rng.choice(["010", "042", "190", "173"])
        source = f"source{rng.randint(0, count // 10)}"
        article = f"article{index // 15}"
        mentions.append(
            MentionForConsolidation(
                f"m{index:07d}", article, code, source, None, day, day, "asserted", "day", None, index % 15
            )
        )
    return mentions


def bench_consolidation_scaling() -> dict:
    """Cross-article consolidation of N and 4N mentions: a rebuild after a code change re-clusters all."""
    from newswh.events import consolidate

    def best_of_three(count: int) -> float:
        mentions = consolidation_mentions(count)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            consolidate(mentions)
            times.append(time.perf_counter() - started)
        return min(times)

    single = best_of_three(CONSOLIDATION_SCALING_MENTIONS)
    quadruple = best_of_three(4 * CONSOLIDATION_SCALING_MENTIONS)
    ratio = quadruple / single
    return {
        "mentions": CONSOLIDATION_SCALING_MENTIONS,
        "s": round(single, 3),
        "four_times_the_mentions_s": round(quadruple, 3),
        "ratio": round(ratio, 2),
        "ratio_target": CONSOLIDATION_SCALING_TARGET,
        "linear": _verdict(ratio <= CONSOLIDATION_SCALING_TARGET),
    }


def bench_time_tagger() -> dict:
    from newswh.time import tag

    dct = date(2022, 4, 15)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds" / "articles").glob("*.txt"))] * 20
    tag(texts[0], dct)
    started = time.perf_counter()
    for text in texts:
        tag(text, dct)
    chars_per_s = sum(map(len, texts)) / (time.perf_counter() - started)
    return {
        "chars_per_s": round(chars_per_s),
        "chars_per_s_target": TAGGER_CHARS_PER_S_TARGET,
        "throughput": _verdict(chars_per_s >= TAGGER_CHARS_PER_S_TARGET),
    }


def _extraction_cpu_s(inputs, nlp, geolocate: bool) -> float:
    """CPU seconds of one in-process extraction; without geolocation no place is found."""
    from unittest import mock

    from newswh.extract import extract_articles

    started = time.process_time()
    if geolocate:
        list(extract_articles(inputs, nlp=nlp, n_process=1))
    else:
        with mock.patch("newswh.places.extract_place_mentions", return_value=[]):
            list(extract_articles(inputs, nlp=nlp, n_process=1))
    return time.process_time() - started


def bench_geolocation(articles: int = GEO_ARTICLES) -> dict:
    """Extraction with and without geolocation: CPU time (the machine is shared), best of ROUNDS."""
    from newswh.extract import build_nlp, extract_articles
    from newswh.places import load_gazetteer

    loaded = corpus_articles()
    if loaded is None:
        return {"skipped": "../shared/corpus is absent"}
    inputs = loaded[0][:articles]
    nlp = build_nlp()
    started = time.perf_counter()
    load_gazetteer()  # once per process: reported apart, as the build loads it once
    gazetteer_load_s = time.perf_counter() - started
    list(extract_articles(inputs[:5], nlp=nlp, n_process=1))  # warm up
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(ROUNDS):
        for geolocate in (False, True):
            times[geolocate].append(_extraction_cpu_s(inputs, nlp, geolocate))
    with_geo, without = min(times[True]), min(times[False])
    overhead = (with_geo - without) / without
    return {
        "articles": len(inputs),
        "without_geolocation_cpu_s": round(without, 2),
        "with_geolocation_cpu_s": round(with_geo, 2),
        "cpu_s_per_round": {"without": [round(t, 2) for t in times[False]], "with": [round(t, 2) for t in times[True]]},
        "overhead": round(overhead, 3),
        "overhead_target": GEO_OVERHEAD_TARGET,
        "gazetteer_load_s": round(gazetteer_load_s, 2),
        "geolocation": _verdict(overhead <= GEO_OVERHEAD_TARGET),
    }


def verdicts(results: dict, names: list[str]) -> list[tuple[str, str]]:
    """(section.key, PASS/FAIL) for every verdict the named sections hold, nested ones included."""
    found = []

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if not DATED_ENTRY.search(key):  # history, not this run's verdict
                    walk(f"{prefix}.{key}", inner)
        elif value in ("PASS", "FAIL"):
            found.append((prefix, value))

    for name in names:
        walk(name, results.get(name, {}))
    return found


def bench_scale_section(sizes: list[int]) -> dict:
    from bench.scale import bench_scale
    from newswh.config import shared_dir

    corpus = shared_dir() / "corpus"
    if not corpus.exists():
        return {"skipped": "../shared/corpus is absent"}
    with tempfile.TemporaryDirectory(prefix="newswh-bench-scale-") as tmp:
        return bench_scale(sizes, PARALLEL_PROCESSES, corpus, Path(tmp))


def bench_reuse_scaling_section() -> dict:
    from bench.reuse_scaling import bench_reuse_scaling
    from newswh.config import shared_dir

    corpus = shared_dir() / "corpus"
    if not corpus.exists():
        return {"skipped": "../shared/corpus is absent"}
    with tempfile.TemporaryDirectory(prefix="newswh-bench-reuse-") as tmp:
        return bench_reuse_scaling(corpus, Path(tmp))


def bench_distributed_section(size: int) -> dict:
    from bench.distributed import bench_distributed
    from newswh.config import shared_dir

    corpus = shared_dir() / "corpus"
    if not corpus.exists():
        return {"skipped": "../shared/corpus is absent"}
    with tempfile.TemporaryDirectory(prefix="newswh-bench-distributed-") as tmp:
        return bench_distributed(size, corpus, Path(tmp))


def bench_distributed_corpus() -> dict:
    """The distributed integration test on the shared corpus: every mart equal to the embedded build's."""
    from newswh.config import shared_dir

    corpus = shared_dir() / "corpus"
    if not corpus.exists():
        return {"skipped": "../shared/corpus is absent"}
    env = {**os.environ, "NEWSWH_DISTRIBUTED_CORPUS": str(corpus)}
    test = str(ROOT / "tests" / "integration" / "test_distributed.py")
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider"], env=env, cwd=ROOT
    )
    return {
        "corpus": str(corpus),
        "s": round(time.perf_counter() - started),
        "marts_equal": _verdict(completed.returncode == 0),
    }


def dated_entries(section: dict) -> dict:
    """A section's entries named by a date (runs_2026_12_07: recorded by hand): a new run keeps them."""
    return {key: value for key, value in section.items() if DATED_ENTRY.search(key)}


DATED_ENTRY = re.compile(r"_\d{4}_\d{2}_\d{2}$")

SECTIONS = (
    "make_run",
    "extraction",
    "many_record_file",
    "parallel",
    "scale",
    "date_scaling",
    "time_tagger",
    "distributed",
    "distributed_corpus",
    "geolocation",
    "quote_scaling",
    "consolidation_scaling",
    "reuse_scaling",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from bench.scale import DEFAULT_SIZES

    parser = argparse.ArgumentParser(description="make bench: speed, scale and memory benchmarks")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated sections to run (default all: {SECTIONS})"
    )
    parser.add_argument(
        "--sizes",
        default=os.environ.get("NEWSWH_BENCH_SIZES", ",".join(map(str, DEFAULT_SIZES))),
        help="article counts of the scale section, e.g. 50,100,200 for a quick run (env NEWSWH_BENCH_SIZES)",
    )
    parser.add_argument(
        "--distributed-articles",
        type=int,
        default=420,
        help="articles of the distributed section (420; a small number shows it works)",
    )
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help=f"timed rounds of the extraction sections ({ROUNDS})"
    )
    parser.add_argument(
        "--geo-articles", type=int, default=GEO_ARTICLES, help=f"articles of the geolocation section ({GEO_ARTICLES})"
    )
    args = parser.parse_args(argv)
    args.only = [name for name in args.only.split(",") if name]
    unknown = sorted(set(args.only) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {SECTIONS}")
    args.sizes = [int(size) for size in args.sizes.split(",") if size]
    return args


def main(argv: list[str] | None = None) -> int:
    global ROUNDS
    args = parse_args(argv)
    ROUNDS = args.rounds
    runners = {
        "make_run": bench_make_run,
        "extraction": bench_extraction,
        "many_record_file": bench_many_record_file,
        "parallel": bench_parallel,
        "scale": lambda: bench_scale_section(args.sizes),
        "date_scaling": bench_date_scaling,
        "time_tagger": bench_time_tagger,
        "distributed": lambda: bench_distributed_section(args.distributed_articles),
        "distributed_corpus": bench_distributed_corpus,
        "geolocation": lambda: bench_geolocation(args.geo_articles),
        "quote_scaling": bench_quote_scaling,
        "consolidation_scaling": bench_consolidation_scaling,
        "reuse_scaling": bench_reuse_scaling_section,
    }
    path = ROOT / "bench" / "results.json"
    # Sections not run this time keep their last figures.
    results = json.loads(path.read_text()) if path.exists() else {}
    for name in args.only:
        measured = {**runners[name](), "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
        results[name] = {**dated_entries(results.get(name, {})), **measured}
        path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({name: results[name] for name in args.only}, indent=2))
    checks = verdicts(results, args.only)
    for target, verdict in checks:
        print(f"{verdict}  {target}")
    return 1 if any(verdict == "FAIL" for _target, verdict in checks) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The scale benchmark of `make bench`: cold builds of the shared corpus repeated to N articles.

The corpus (../shared/corpus: news-please JSON files and a Wikinews CSV) is read by path and
never copied into the repository. Copy k of an article gets its own url and a short sentence
naming the copy in its two longest paragraphs, so its content hash differs and dedup keeps it;
the reuse detector then finds every copy reused from the first, which is realistic load. Copies are written as .jsonl (the
news-please records) and .csv (the Wikinews rows) files of at most NEWSWH_BATCH_ARTICLES
records, so a 10,000-article corpus is a few dozen partitions, as a real dump would be.

Each build is one `python -m orchestration.run` (the entry behind `make run`) in a temporary
folder. Its peak memory is the sum over the whole process tree (the run, spaCy's workers, dbt),
polled from /proc: RSS counts pages the forked workers share with their parent in each process,
PSS splits them between the sharers, so PSS is the memory the build really holds.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 2500, 10000)
MEMORY_TARGET_MB = 2048
LINEAR_TARGET_RATIO = 1.25
RECORDS_PER_FILE = 500
POLL_SECONDS = 0.5


def base_records(corpus: Path) -> list[tuple[str, dict]]:
    """(format, record) of every article of the shared corpus, in a fixed order."""
    records = []
    for path in sorted((corpus / "giveme5w1h_news_cluster").glob("*.json")):
        records.append(("jsonl", json.loads(path.read_text(encoding="utf-8"))))
    for path in sorted((corpus / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            csv.field_size_limit(sys.maxsize)
            records.extend(("csv", row) for row in csv.DictReader(handle))
    return records


def varied(record: dict, copy: int) -> dict:
    """Copy `copy` of a record: copy 0 unchanged, later ones with their own url and a marker."""
    if copy == 0:
        return record
    out = dict(record)
    out["url"] = f"{record.get('url') or 'https://bench.invalid/article'}?copy={copy}"
    # The cleaner may strip any one paragraph (a caption, a sharing line), so the marker goes
    # into the two longest: one of them is body text and carries it into the content hash.
    paragraphs = record["text"].split("\n")
    for index in sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i]))[:2]:
        paragraphs[index] = f"{paragraphs[index].rstrip()} (Bench copy {copy}.)"
    out["text"] = "\n".join(paragraphs)
    return out


def write_corpus(dest: Path, size: int, corpus: Path, first: int = 0) -> int:
    """Articles first..first+size-1 of the repeated corpus as .jsonl/.csv files in dest."""
    base = base_records(corpus)
    dest.mkdir(parents=True, exist_ok=True)
    by_format: dict[str, list[dict]] = {"jsonl": [], "csv": []}
    for index in range(first, first + size):
        kind, record = base[index % len(base)]
        by_format[kind].append(varied(record, index // len(base)))
    for kind, rows in by_format.items():
        for part in range(0, len(rows), RECORDS_PER_FILE):
            chunk = rows[part : part + RECORDS_PER_FILE]
            name = dest / f"bench_{first:06d}_{part // RECORDS_PER_FILE:04d}.{kind}"
            name.write_text(_jsonl(chunk) if kind == "jsonl" else _csv(chunk), encoding="utf-8")
    return size


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _tree(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:] if line.endswith("kB")}
    return fields.get("Rss", 0), fields.get("Pss", 0)


class TreeMemory:
    """Polls the summed RSS and PSS of a process tree until stopped; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_rss_kb, self.peak_pss_kb, self.peak_processes = pid, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            sizes = [_memory_kb(pid) for pid in pids]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(s[0] for s in sizes))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(s[1] for s in sizes))
            self.peak_processes = max(self.peak_processes, len(pids))
            self._stop.wait(POLL_SECONDS)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def build(articles_dir: Path, warehouse: Path, processes: int) -> dict:
    """One `make run` (python -m orchestration.run) with its wall time and peak tree memory."""
    env = {
        **os.environ,
        "DUCKDB_PATH": str(warehouse / "warehouse.duckdb"),
        "ARTICLES_DIR": str(articles_dir),
        "NEWSWH_EXTRACT_PROCESSES": str(processes),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }
    log = warehouse / "bench_run.log"
    warehouse.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "orchestration.run"], cwd=ROOT, env=env, stdout=out, stderr=out)
        memory = TreeMemory(child.pid)
        code = child.wait()
        memory.stop()
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 1),
        "exit_code": code,
        "peak_tree_pss_mb": round(memory.peak_pss_kb / 1024),
        "peak_tree_rss_mb": round(memory.peak_rss_kb / 1024),
        "peak_processes": memory.peak_processes,
        "log_tail": log.read_text(errors="replace").splitlines()[-3:] if code else [],
    }


def largest_child_rss_mb() -> int:
    """The largest single process among the finished children (getrusage, kB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def marginal_per_1000(builds: dict[str, dict]) -> dict[str, float]:
    """Seconds per 1,000 articles between consecutive sizes: the fixed cost of a build cancels out."""
    sizes = sorted(int(size) for size in builds)
    return {
        f"{low}_to_{high}": round((builds[str(high)]["seconds"] - builds[str(low)]["seconds"]) * 1000 / (high - low), 1)
        for low, high in itertools.pairwise(sizes)
    }


def add_one_article(folder: Path, corpus: Path, index: int, processes: int) -> dict:
    """Add article `index` of the repeated corpus to a built warehouse's folder and rerun."""
    write_corpus(folder / "articles", 1, corpus, first=index)
    return build(folder / "articles", folder / "warehouse", processes)


def bench_scale(sizes: list[int], processes: int, corpus: Path, tmp_root: Path) -> dict:
    """Cold builds at each size, their linearity and memory, then the cost of one added article."""
    import shutil

    runs: dict[str, dict] = {}
    sizes = sorted(sizes)
    for size in sizes:
        folder = tmp_root / f"n{size}"
        write_corpus(folder / "articles", size, corpus)
        run = build(folder / "articles", folder / "warehouse", processes)
        runs[str(size)] = {**run, "seconds_per_1000_articles": round(run["seconds"] * 1000 / size, 1)}
        print(f"scale: {size} articles in {run['seconds']}s, peak PSS {run['peak_tree_pss_mb']} MB", flush=True)
        if size != sizes[-1]:
            shutil.rmtree(folder)
    smallest, largest = runs[str(sizes[0])], runs[str(sizes[-1])]
    ratio = largest["seconds_per_1000_articles"] / smallest["seconds_per_1000_articles"]
    peak = max(run["peak_tree_pss_mb"] for run in runs.values())
    one = tmp_root / "n1"
    write_corpus(one / "articles", 1, corpus)
    build(one / "articles", one / "warehouse", processes)
    added_small = add_one_article(one, corpus, sizes[-1], processes)
    added_large = add_one_article(tmp_root / f"n{sizes[-1]}", corpus, sizes[-1], processes)
    added_ratio = added_large["seconds"] / added_small["seconds"]
    return {
        "extract_processes": processes,
        "builds": runs,
        "all_builds_exit_0": all(run["exit_code"] == 0 for run in runs.values()),
        "peak_tree_pss_mb": peak,
        "peak_memory_target_mb": MEMORY_TARGET_MB,
        "peak_memory": _verdict(peak < MEMORY_TARGET_MB),
        "largest_single_process_rss_mb": largest_child_rss_mb(),
        "per_1000_ratio_largest_to_smallest": round(ratio, 2),
        "marginal_seconds_per_1000_articles": marginal_per_1000(runs),
        "linear_target_ratio": LINEAR_TARGET_RATIO,
        "linear": _verdict(ratio <= LINEAR_TARGET_RATIO),
        "add_one_article": {
            f"to_{sizes[-1]}_article_warehouse_s": added_large["seconds"],
            "to_1_article_warehouse_s": added_small["seconds"],
            "ratio": round(added_ratio, 2),
            "target_ratio": LINEAR_TARGET_RATIO,
            "proportional_to_the_article": _verdict(added_ratio <= LINEAR_TARGET_RATIO),
            "peak_tree_pss_mb": added_large["peak_tree_pss_mb"],
        },
    }

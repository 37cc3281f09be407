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
import re
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
DUMP_SECONDS = 30


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


# The stage a sample belongs to: the Dagster step last started (make_run.log) and, inside it,
# the last progress stage `make run` reported (its stderr: "extract: 250/2500 articles, ...").
STEP_STARTED = re.compile(r'Started execution of step "([^"]+)"')
# A stage that reported its end ("done in", or all N of N) labels what follows as "after" it.
PROGRESS_LINE = re.compile(r"^([a-z][a-z ]*[a-z]): (?:started on|(done in)|(\d+)/(\d+) )")


class LogStages:
    """The stage a build is in, read from its two logs as they grow (missing files: not yet)."""

    def __init__(self, progress_log: Path, step_log: Path) -> None:
        self.logs = {progress_log: 0, step_log: 0}
        self.step_log, self.step, self.progress = step_log, "startup", ""

    def _new_lines(self, path: Path) -> list[str]:
        try:
            with path.open("rb") as handle:
                handle.seek(self.logs[path])
                data = handle.read()
        except OSError:
            return []
        # A line still being written is read again, whole, at the next poll.
        complete = data[: data.rfind(b"\n") + 1]
        self.logs[path] += len(complete)
        return complete.decode("utf-8", errors="replace").splitlines()

    def current(self) -> str:
        for line in self._new_lines(self.step_log):
            if started := STEP_STARTED.search(line):
                self.step, self.progress = started.group(1), ""
        for path in self.logs:
            if path != self.step_log:
                for line in self._new_lines(path):
                    if progress := PROGRESS_LINE.match(line.replace("\r", "")):
                        ended = progress.group(2) or (progress.group(3) and progress.group(3) == progress.group(4))
                        self.progress = f"after {progress.group(1)}" if ended else progress.group(1)
        return self.progress or self.step


def _process_name(pid: int) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    return " ".join(arg.decode(errors="replace").rsplit("/", 1)[-1] for arg in args[:3]).strip()


class TreeMemory:
    """Polls the summed RSS and PSS of a process tree until stopped; keeps the peaks.

    With `stage` (a function naming what the tree is doing), the peaks are also kept per stage,
    with the seconds sampled in it and the tree's biggest processes at the stage's peak.
    """

    def __init__(self, pid: int, stage=None, dump: Path | None = None) -> None:
        self.pid, self.peak_rss_kb, self.peak_pss_kb, self.peak_processes = pid, 0, 0, 0
        self.stage, self.stages, self.dump = stage, {}, dump
        self._stop, self._next_dump = threading.Event(), 0.0
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            sizes = [_memory_kb(pid) for pid in pids]
            rss, pss = sum(s[0] for s in sizes), sum(s[1] for s in sizes)
            self.peak_rss_kb, self.peak_pss_kb = max(self.peak_rss_kb, rss), max(self.peak_pss_kb, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            if self.stage is not None:
                self._record_stage(self.stage(), rss, pss, list(zip(pids, sizes, strict=True)))
            if self.dump is not None and time.monotonic() >= self._next_dump:
                # So far, for a build stopped before its end (a deadline on a slow machine).
                self.dump.write_text(json.dumps({"peak_tree_pss_mb": round(self.peak_pss_kb / 1024), **self.stages}))
                self._next_dump = time.monotonic() + DUMP_SECONDS
            self._stop.wait(POLL_SECONDS)

    def _record_stage(self, name: str, rss: int, pss: int, processes: list) -> None:
        record = self.stages.setdefault(
            name, {"sampled_s": 0.0, "peak_tree_pss_mb": 0, "peak_tree_rss_mb": 0, "peak_processes": 0}
        )
        record["sampled_s"] = round(record["sampled_s"] + POLL_SECONDS, 1)
        record["peak_tree_rss_mb"] = max(record["peak_tree_rss_mb"], round(rss / 1024))
        record["peak_processes"] = max(record["peak_processes"], len(processes))
        if round(pss / 1024) > record["peak_tree_pss_mb"]:
            record["peak_tree_pss_mb"] = round(pss / 1024)
            biggest = sorted(processes, key=lambda p: -p[1][1])[:4]
            record["biggest_pss_mb_at_peak"] = {
                f"{pid} {_process_name(pid)}": round(size[1] / 1024) for pid, size in biggest
            }

    def peak_stage(self) -> str | None:
        return max(self.stages, key=lambda name: self.stages[name]["peak_tree_pss_mb"], default=None)

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
    load_before, started = os.getloadavg()[0], time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "orchestration.run"], cwd=ROOT, env=env, stdout=out, stderr=out)
        stages = LogStages(log, warehouse / "logs" / "make_run.log").current
        memory = TreeMemory(child.pid, stages, dump=warehouse / "bench_memory.json")
        code = child.wait()
        memory.stop()
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 1),
        "exit_code": code,
        "peak_tree_pss_mb": round(memory.peak_pss_kb / 1024),
        "peak_tree_rss_mb": round(memory.peak_rss_kb / 1024),
        "peak_processes": memory.peak_processes,
        "peak_stage": memory.peak_stage(),
        # The machine is shared: its 1-minute load average as the build started and ended.
        "load_average_start_end": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "stages": memory.stages,
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
        # Whole, so that a section stopped later (the deadline of a slow machine) loses no build.
        print(json.dumps({f"scale_build_{size}": runs[str(size)]}), flush=True)
        if size != sizes[-1]:
            shutil.rmtree(folder)
    smallest, largest = runs[str(sizes[0])], runs[str(sizes[-1])]
    # One size alone says nothing about linearity: no ratio and no verdict then.
    ratio = largest["seconds_per_1000_articles"] / smallest["seconds_per_1000_articles"] if len(sizes) > 1 else None
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
        "peak_stage_by_size": {size: run["peak_stage"] for size, run in runs.items()},
        "peak_memory_target_mb": MEMORY_TARGET_MB,
        "peak_memory": _verdict(peak < MEMORY_TARGET_MB),
        "largest_single_process_rss_mb": largest_child_rss_mb(),
        "per_1000_ratio_largest_to_smallest": None if ratio is None else round(ratio, 2),
        "marginal_seconds_per_1000_articles": marginal_per_1000(runs),
        "linear_target_ratio": LINEAR_TARGET_RATIO,
        "linear": "not measured (one size)" if ratio is None else _verdict(ratio <= LINEAR_TARGET_RATIO),
        "add_one_article": {
            f"to_{sizes[-1]}_article_warehouse_s": added_large["seconds"],
            "to_1_article_warehouse_s": added_small["seconds"],
            "ratio": round(added_ratio, 2),
            "target_ratio": LINEAR_TARGET_RATIO,
            "proportional_to_the_article": _verdict(added_ratio <= LINEAR_TARGET_RATIO),
            "peak_tree_pss_mb": added_large["peak_tree_pss_mb"],
        },
    }

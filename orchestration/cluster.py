"""`make run-distributed WORKERS=N`: a Redis broker and N Celery workers on this machine, for one build.

Starts Debian's redis-server on a free loopback port and N workers of
`orchestration.celery_worker`, runs `python -m orchestration.run --distributed` against them,
and stops what it started, by process id, whether the build succeeded, failed or was
interrupted (the `finally` below, and SIGTERM turned into an exception, are the trap).
Workers on other machines join the same broker with the one command in
`orchestration/celery_worker.py` (README "Distributed").
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from orchestration.distributed import BROKER_SETTING, broker_problem

READY_SECONDS = 20.0


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, grace_seconds: float = 15.0) -> None:
    """Stop one process this module started: SIGTERM, then SIGKILL after the grace period."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_server(port: int | None = None):
    """A throwaway redis-server on 127.0.0.1 (nothing persisted); yields its URL."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is not installed: apt-get install redis-server (Debian)")
    port = port or free_loopback_port()
    with tempfile.TemporaryDirectory(prefix="newswh-redis-") as folder:
        args = [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
        process = subprocess.Popen([*args, "--dir", folder], stdout=subprocess.DEVNULL)
        try:
            url = f"redis://127.0.0.1:{port}/0"
            _wait_until(lambda: broker_problem(url, timeout_seconds=0.5) is None, f"redis-server on port {port}")
            yield url
        finally:
            stop(process)


def _wait_until(ready, what: str) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {READY_SECONDS:.0f}s")
        time.sleep(0.2)


def worker_command(index: int) -> list[str]:
    """The command that starts one worker (one process, one task at a time)."""
    celery = str(Path(sys.executable).with_name("celery"))
    options = ["-Q", "dagster", "-c", "1", "--prefetch-multiplier=1", "--loglevel=WARNING"]
    return [celery, "-A", "orchestration.celery_worker", "worker", *options, f"--hostname=newswh{index}@%h"]


@contextmanager
def celery_workers(count: int, url: str, log_dir: Path):
    """`count` local workers on the broker `url`, each logging to log_dir/worker<i>.log; yields their processes."""
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, BROKER_SETTING: url, "NEWSWH_EXTRACT_PROCESSES": "1", "OMP_NUM_THREADS": "1"}
    with ExitStack() as stack:
        processes = []
        for index in range(1, count + 1):
            log = stack.enter_context((log_dir / f"worker{index}.log").open("w", encoding="utf-8"))
            process = subprocess.Popen(worker_command(index), env=env, stdout=log, stderr=subprocess.STDOUT)
            stack.callback(stop, process)
            processes.append(process)
        yield processes


def _sigterm_as_exit(_signum, _frame):
    raise SystemExit(143)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m orchestration.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("NEWSWH_WORKERS", "2")))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from newswh import config
    from orchestration import run

    args = parse_args(argv)
    if args.workers < 1:
        print("error: WORKERS must be at least 1", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _sigterm_as_exit)
    try:
        with redis_server() as url, celery_workers(args.workers, url, config.logs_dir() / "workers"):
            os.environ[BROKER_SETTING] = url
            os.environ["NEWSWH_WORKERS"] = str(args.workers)
            print(f"broker {url}, {args.workers} workers (logs: {config.logs_dir() / 'workers'})", flush=True)
            return run.main(["--distributed"])
    except RuntimeError as error:  # redis-server missing or not starting
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

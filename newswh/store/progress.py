"""Progress of a long pipeline stage: articles done out of the total, rate and ETA.

On a terminal one line is redrawn in place; otherwise (a log file, CI) a plain line is written
at each tenth of the work, so logs stay short and readable. `make run` turns it on with
NEWSWH_PROGRESS=1; it writes to the process's real stderr, which `make run` keeps on the terminal.
Steps that work on the whole corpus at once (actor resolution, consolidation, reuse, dbt) have
no per-article count: they get a plain line when they start and one with counts and seconds
when they end (`stage`); dbt's build, the longest of them, also counts its models and seeds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

T = TypeVar("T")
_REDRAW_SECONDS = 0.2


def enabled() -> bool:
    return os.environ.get("NEWSWH_PROGRESS") == "1"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    def __init__(
        self,
        stage: str,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        unit: str = "articles",
    ):
        self.stage, self.total, self.done, self.unit = stage, total, 0, unit
        self.stream = stream or sys.__stderr__
        self.clock = clock
        self.started = self.last_drawn = clock()
        self.on_terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.next_tenth = 1

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        return f"{self.stage}: {self.done}/{self.total} {self.unit}, {rate:.1f}/s, ETA {_duration(eta)}"

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.on_terminal:
            if self.clock() - self.last_drawn >= _REDRAW_SECONDS or self.done >= self.total:
                self.last_drawn = self.clock()
                self.stream.write("\r" + self.line().ljust(72))
                self.stream.flush()
            return
        reached = self.done * 10 // self.total if self.total else 0
        if reached >= self.next_tenth:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.next_tenth = reached + 1

    def close(self) -> None:
        if self.on_terminal and self.done:
            self.stream.write("\n")
            self.stream.flush()


def tracked(
    items: Iterable[T], stage: str, total: int, unit: str = "articles", counts: Callable[[T], bool] | None = None
) -> Iterator[T]:
    """ITEMS unchanged, with progress reported when `make run` asked for it.

    `counts` says which items are a unit of work done (dbt's event stream holds a model's output
    among its test results); without it every item is one.
    """
    if not enabled() or total == 0:
        yield from items
        return
    progress = Progress(stage, total, unit=unit)
    try:
        for item in items:
            yield item
            if counts is None or counts(item):
                progress.advance()
    finally:
        progress.close()


def note(stage: str, text: str, stream: TextIO | None = None) -> None:
    """One plain line about STAGE (e.g. why its articles are processed), when `make run` asked for progress."""
    if enabled():
        stream = stream or sys.__stderr__
        stream.write(f"{stage}: {text}\n")
        stream.flush()


class Stage:
    """A corpus-wide step: a start line naming its input, an end line with its counts and seconds."""

    def __init__(self, name: str, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic):
        self.name, self.stream, self.clock = name, stream or sys.__stderr__, clock
        self.started = clock()
        self.outcome: list[str] = []

    def write(self, text: str) -> None:
        self.stream.write(f"{self.name}: {text}\n")
        self.stream.flush()

    def start(self, subject: str) -> None:
        self.started = self.clock()
        self.write(f"started on {subject}")

    def done(self, *counts: str) -> None:
        """Record what the step produced, e.g. done("12 actors", "30 aliases")."""
        self.outcome.extend(counts)

    def end(self) -> None:
        made = f": {', '.join(self.outcome)}" if self.outcome else ""
        self.write(f"done in {self.clock() - self.started:.1f}s{made}")


class _Silent:
    def done(self, *counts: str) -> None:
        pass


@contextmanager
def stage(name: str, subject: str) -> Iterator[Stage | _Silent]:
    """Report NAME's start (on SUBJECT) and its end, when `make run` asked for progress."""
    if not enabled():
        yield _Silent()
        return
    step = Stage(name)
    step.start(subject)
    yield step
    step.end()

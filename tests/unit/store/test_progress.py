"""Stage progress: counts, rate and ETA; redrawn in place on a terminal, a line per tenth otherwise."""

from __future__ import annotations

import io

import pytest

from newswh.store import progress
from newswh.store.progress import Progress, tracked

pytestmark = pytest.mark.unit


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_output_writes_one_line_per_tenth_with_rate_and_eta():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progress("extract", 20, stream=stream, clock=clock)
    for _ in range(20):
        clock.now += 0.5
        bar.advance()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0] == "extract: 2/20 articles, 2.0/s, ETA 9s"
    assert lines[-1] == "extract: 20/20 articles, 2.0/s, ETA 0s"


def test_a_stage_shorter_than_ten_articles_writes_each_line_once():
    stream, clock = io.StringIO(), FakeClock()
    bar = Progress("ingest", 5, stream=stream, clock=clock)
    for _ in range(5):
        clock.now += 1.0
        bar.advance()
    assert [line.split(",")[0] for line in stream.getvalue().splitlines()] == [
        f"ingest: {n}/5 articles" for n in range(1, 6)
    ]


def test_a_terminal_gets_one_line_redrawn_in_place():
    stream, clock = Terminal(), FakeClock()
    bar = Progress("ingest", 300, stream=stream, clock=clock)
    for _ in range(300):
        clock.now += 1.0
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.count("\r") == 300
    assert "ingest: 150/300 articles, 1.0/s, ETA 2m30s" in text


def test_tracked_passes_items_through_and_reports_only_when_asked(monkeypatch, capsys):
    monkeypatch.delenv("NEWSWH_PROGRESS", raising=False)
    assert list(tracked(iter([1, 2, 3]), "x", 3)) == [1, 2, 3]
    monkeypatch.setenv("NEWSWH_PROGRESS", "1")
    stream = io.StringIO()
    monkeypatch.setattr(progress.sys, "__stderr__", stream)
    assert list(tracked(iter(range(10)), "extract", 10)) == list(range(10))
    assert stream.getvalue().splitlines()[-1].startswith("extract: 10/10 articles")


def test_tracked_counts_only_the_items_that_are_work_done(monkeypatch):
    """dbt's stream mixes a model's output with its tests' results: only the outputs count."""
    monkeypatch.setenv("NEWSWH_PROGRESS", "1")
    stream = io.StringIO()
    monkeypatch.setattr(progress.sys, "__stderr__", stream)
    events = ["model", "test", "test", "model", "test", "seed"]
    passed = list(tracked(iter(events), "dbt build", 3, "models and seeds", lambda event: event != "test"))
    assert passed == events
    assert [line.split(",")[0] for line in stream.getvalue().splitlines()] == [
        f"dbt build: {n}/3 models and seeds" for n in (1, 2, 3)
    ]


def test_a_corpus_wide_stage_writes_a_start_and_an_end_line_with_counts_and_seconds():
    stream, clock = io.StringIO(), FakeClock()
    step = progress.Stage("actor resolution", stream=stream, clock=clock)
    clock.now = 10.0
    step.start("40 actor mentions in 3 articles")
    clock.now = 12.25
    step.done("12 actors", "30 aliases")
    step.end()
    assert stream.getvalue().splitlines() == [
        "actor resolution: started on 40 actor mentions in 3 articles",
        "actor resolution: done in 2.2s: 12 actors, 30 aliases",
    ]


def test_stage_reports_only_when_asked_and_never_redraws(monkeypatch):
    stream = Terminal()
    monkeypatch.setattr(progress.sys, "__stderr__", stream)
    monkeypatch.delenv("NEWSWH_PROGRESS", raising=False)
    with progress.stage("text reuse", "5 articles") as step:
        step.done("1 reusing pair")
    assert stream.getvalue() == ""
    monkeypatch.setenv("NEWSWH_PROGRESS", "1")
    with progress.stage("text reuse", "5 articles") as step:
        step.done("1 reusing pair")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "text reuse: started on 5 articles"
    assert lines[1].startswith("text reuse: done in ") and lines[1].endswith("s: 1 reusing pair")
    assert "\r" not in stream.getvalue()

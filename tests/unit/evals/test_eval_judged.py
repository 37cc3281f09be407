"""`make eval-judged`: which judged mentions still count, and the precision over those."""

from __future__ import annotations

import pytest

from newswh.evals.eval_judged import corpus_halves, draw, is_counted, score, status_of

pytestmark = pytest.mark.unit


def _event(start, code, modality="asserted", source="rus", reason=None, mention="m"):
    return {
        "mention_id": mention,
        "trigger_start": start,
        "trigger_end": start + 4,
        "event_code": code,
        "modality": modality,
        "source_actor_key": source,
        "not_event_reason": reason,
        "agent_unknown": False,
    }


def _row(start, code, verdict, status="counted"):
    return {
        "article_id": "a",
        "trigger_start": str(start),
        "trigger_end": str(start + 4),
        "event_code": code,
        "verdict": verdict,
        "status": status,
    }


def test_counted_means_asserted_with_a_source_and_no_reason():
    assert is_counted(_event(0, "010"))
    assert not is_counted(_event(0, "010", modality="planned"))
    assert not is_counted(_event(0, "010", source=None))
    assert not is_counted(_event(0, "010", reason="bystander"))


def test_status_counted_dropped_changed():
    events = [_event(0, "010"), _event(10, "111"), _event(20, "030", reason="caption")]
    assert status_of(_row(0, "010", "yes"), events)[0] == "counted"
    assert status_of(_row(10, "190", "no"), events)[0] == "changed"  # re-coded: judge again
    assert status_of(_row(20, "030", "no"), events)[0] == "dropped"
    assert status_of(_row(30, "050", "no"), events)[0] == "dropped"  # no mention there any more
    assert status_of(_row(0, "010", "yes", status="dropped"), events)[0] == "changed"  # counted again


def test_precision_is_over_the_counted_rows():
    events = [_event(0, "010"), _event(10, "111")]
    rows = [_row(0, "010", "yes"), _row(10, "111", "no"), _row(30, "050", "no"), _row(40, "080", "yes")]
    figures = score(rows, {"a": ("a.txt", events)})
    assert (figures["counted"], figures["yes"], figures["precision"]) == (2, 1, 0.5)
    assert (figures["dropped_yes"], figures["dropped_no"]) == (1, 1)


def test_draw_skips_excluded_articles_and_uncounted_mentions():
    extracted = {
        "a": ("a.txt", [_event(0, "010", mention="m1")]),
        "b": ("b.txt", [_event(0, "010", mention="m2"), _event(9, "010", source=None, mention="m3")]),
    }
    drawn = draw(extracted, {"a"}, 10, "check")
    assert [d["mention_id"] for d in drawn] == ["m2"]
    assert drawn[0]["article_path"] == "b.txt"


def test_corpus_halves_split_by_source_uri_first_half_tune():
    extracted = {"z": ("c/3.txt", []), "y": ("a/1.txt", []), "x": ("b/2.txt", [])}
    assert corpus_halves(extracted) == {"y": "tune", "x": "tune", "z": "check"}


def test_draw_of_a_half_skips_the_judged_mentions():
    extracted = {"a": ("a.txt", [_event(0, "010", mention="m1"), _event(5, "010", mention="m4")])}
    drawn = draw(extracted, set(), 10, "check", frozenset({"m1"}))
    assert [d["mention_id"] for d in drawn] == ["m4"]


def test_missing_inputs_stop_with_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    from newswh.evals import eval_events, eval_judged

    monkeypatch.setattr(eval_events, "DEV_FILE", tmp_path / "absent.jsonl")
    code = eval_judged.main(["--corpus", str(tmp_path / "no-corpus"), "--fixture", str(eval_judged.CHECK_ISAF)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert "no-corpus" in err[0] and "absent.jsonl" in err[0]

"""Scorer tests on a tiny hand-made TimeML file with hand-computed numbers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newswh.records import TimeExpression
from newswh.time.timeml_eval import (
    ablate,
    canonical_value,
    default_dir,
    default_dirs,
    evaluate,
    evaluate_dir,
    lexical_tagger,
    load_tml,
    main,
    rule_names,
    te3_value_f1,
    verdict,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "timeml" / "mini.tml"


@pytest.fixture()
def gold():
    return load_tml(FIXTURE)


@pytest.mark.unit
def test_parse_strips_tags_and_keeps_gold_offsets(gold):
    assert gold.dct == date(2022, 4, 15)
    assert "<" not in gold.text and "&amp;" not in gold.text and " & stayed" in gold.text
    texts = [gold.text[t.start : t.end] for t in gold.timexes]
    assert texts == ["Wednesday", "two days", "last month", "now", "each year"]
    assert [t.text for t in gold.timexes] == texts
    # The DCT is metadata, not a text mention.
    assert all(t.value != "2022-04-15" for t in gold.timexes)
    assert gold.timexes[1].type == "DURATION" and gold.timexes[1].value == "P2D"


def _span(doc, needle: str, value: str, type_: str = "DATE", shift: tuple[int, int] = (0, 0)) -> TimeExpression:
    start = doc.text.index(needle) + shift[0]
    end = start + len(needle) + shift[1]
    return TimeExpression(start, end, doc.text[start:end], type_, value)


@pytest.mark.unit
def test_hand_computed_scores(gold):
    # 5 gold; the fake system returns 4 expressions:
    #  S1 "Wednesday"        exact span, right value, right type
    #  S2 "stayed two days"  overlaps gold "two days", right value, right type
    #  S3 "last month"       exact span, wrong value, wrong type
    #  S4 "The envoy"        spurious
    # gold "now" and "each year" are missed.
    system = [
        _span(gold, "Wednesday", "2022-04-13"),
        _span(gold, "stayed two days", "P2D", "DURATION"),
        _span(gold, "last month", "2022-02", "DURATION"),
        _span(gold, "The envoy", "XXXX"),
    ]
    scores = evaluate([gold], lambda text, dct: system)
    c = scores.counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.value, c.type) == (5, 4, 2, 3, 2, 2)
    # strict: P 2/4, R 2/5 -> F1 = 2*.5*.4/.9
    assert scores.strict == {"precision": 0.5, "recall": 0.4, "f1": 0.4444}
    # relaxed: P 3/4, R 3/5 -> F1 = 2*.75*.6/1.35
    assert scores.relaxed == {"precision": 0.75, "recall": 0.6, "f1": 0.6667}
    # value: 2 overlapping matches with equal value strings
    assert scores.value == {"precision": 0.5, "recall": 0.4, "f1": 0.4444}
    assert scores.type_accuracy == 0.6667
    # TempEval-3's toolkit: value accuracy 2/3 times relaxed F1 0.6667 = 0.4444, the same figure.
    assert te3_value_f1(c) == 0.4444


@pytest.mark.unit
@pytest.mark.parametrize(
    ("gold_n", "system_n", "relaxed", "value"),
    [(418, 436, 409, 369), (579, 613, 561, 473), (10, 3, 3, 1), (5, 9, 4, 4)],
)
def test_value_f1_is_the_te3_attribute_f1(gold_n, system_n, relaxed, value):
    # Both define value credit over relaxed (overlap) matches: 2v / (S + G) either way.
    from newswh.time.timeml_eval import Counts, scores_from_counts

    counts = Counts(gold=gold_n, system=system_n, strict=0, relaxed=relaxed, value=value, type=0)
    assert scores_from_counts(counts).value["f1"] == te3_value_f1(counts)
    assert te3_value_f1(counts) == round(2 * value / (system_n + gold_n), 4)
    # A value match that needs no exact extent still counts (no strict match here).
    assert counts.strict == 0 and te3_value_f1(counts) > 0


@pytest.mark.unit
def test_one_system_span_covering_two_gold_counts_once(gold):
    start = gold.text.index("last month")
    end = gold.text.index("now") + 3
    wide = TimeExpression(start, end, gold.text[start:end], "DATE", "2022-03")
    scores = evaluate([gold], lambda text, dct: [wide])
    assert scores.counts.relaxed == 1 and scores.counts.value == 1 and scores.counts.strict == 0


@pytest.mark.unit
def test_real_tagger_on_fixture_and_cli(capsys):
    scores = evaluate_dir(FIXTURE.parent)
    assert scores.documents == 1 and scores.counts.gold == 5
    assert scores.relaxed["recall"] == 1.0  # every hand-made expression is a basic pattern
    assert main([str(FIXTURE.parent), "--json"]) == 0
    assert '"value"' in capsys.readouterr().out


@pytest.mark.unit
def test_unpadded_gold_week_is_the_iso_week():
    assert canonical_value("2000-W7") == "2000-W07"
    assert canonical_value("2000-W7-WE") == "2000-W07-WE"
    # Padded weeks, two-digit weeks and other values are left as they are.
    assert canonical_value("2000-W07") == "2000-W07"
    assert canonical_value("1998-W33") == "1998-W33"
    assert canonical_value("1998-08") == "1998-08"
    assert canonical_value("P1W") == "P1W"


@pytest.mark.unit
@pytest.mark.corpus
def test_timebank_value_f1_target():
    directory = default_dir()
    if not directory.is_dir() or not any(directory.glob("*.tml")):
        pytest.skip(f"TimeBank gold files not found in {directory} (../shared is absent)")
    scores = evaluate_dir(directory)
    assert scores.counts.gold == 418
    assert scores.value["f1"] >= 0.80
    assert scores.relaxed["f1"] >= 0.90


# Value-F1 floors just under what `make eval-time` measures (README, "Time tagger on two dev
# corpora"); AQUAINT is the held-out check for rules tuned on TimeBank and the other way round.
VALUE_F1_FLOORS = {"timebank": 0.870, "aquaint": 0.800}


@pytest.mark.unit
@pytest.mark.corpus
@pytest.mark.parametrize("corpus", sorted(VALUE_F1_FLOORS))
def test_value_f1_floor_on_each_dev_corpus(corpus):
    directory = default_dirs().get(corpus)
    if directory is None:
        pytest.skip(f"{corpus} gold files not found under ../shared/timeml (../shared is absent)")
    scores = evaluate_dir(directory)
    assert scores.documents > 50
    assert scores.value["f1"] >= VALUE_F1_FLOORS[corpus]


@pytest.mark.unit
def test_without_a_folder_every_dev_corpus_is_scored_with_the_gap(tmp_path, monkeypatch, capsys):
    for name in ("timebank", "aquaint"):
        (tmp_path / "timeml" / name).mkdir(parents=True)
        (tmp_path / "timeml" / name / "mini.tml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("NEWSWH_SHARED_DIR", str(tmp_path))
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "== timebank" in out and "== aquaint" in out
    # Same file in both corpora: every gap is zero.
    gap_table = out[out.index("F1 ") :].splitlines()
    assert gap_table[0].split() == ["F1", "timebank", "aquaint", "gap"]
    assert [row.split()[-1] for row in gap_table[1:]] == ["+0.0000"] * 3
    assert main(["--json"]) == 0
    assert '"gap"' in capsys.readouterr().out


def _tml(doc_id: str, dct: str, body: str) -> str:
    return (
        f'<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{doc_id}</DOCID>\n'
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">{dct}</TIMEX3></DCT>\n<TEXT>\n{body}\n</TEXT>\n</TimeML>\n'
    )


@pytest.mark.unit
def test_ablation_names_the_rule_that_helps_and_the_rule_that_hurts(tmp_path, monkeypatch, capsys):
    # Corpus "a": "last month" is gold, so leaving out rel_period costs value F1 there.
    # Corpus "b": "The current situation" has no gold, so the `current` rule only adds a
    # spurious expression: leaving it out raises value F1 there (a negative delta).
    a = tmp_path / "timeml" / "timebank"
    b = tmp_path / "timeml" / "aquaint"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    (a / "a1.tml").write_text(
        _tml("a1", "2022-04-15", 'Talks ended <TIMEX3 tid="t1" type="DATE" value="2022-03">last month</TIMEX3>.'),
        encoding="utf-8",
    )
    (b / "b1.tml").write_text(
        _tml(
            "b1",
            "2022-04-15",
            'The current situation is grim <TIMEX3 tid="t1" type="DATE" value="2022-04-14">yesterday</TIMEX3>.',
        ),
        encoding="utf-8",
    )
    corpora = {"a": [load_tml(a / "a1.tml")], "b": [load_tml(b / "b1.tml")]}
    deltas = ablate(corpora, lexical_tagger, ["rel_period", "current", "decade"])
    assert deltas["rel_period"] == {"a": 1.0, "b": 0.0}
    # b: with `current` P = 1/2, R = 1 -> F1 0.6667; without it F1 = 1.
    assert deltas["current"] == {"a": 0.0, "b": -0.3333}
    assert deltas["decade"] == {"a": 0.0, "b": 0.0}
    assert [verdict(deltas[n]) for n in ("rel_period", "current", "decade")] == ["helps", "hurts b", "idle"]

    monkeypatch.setenv("NEWSWH_SHARED_DIR", str(tmp_path))
    assert main(["--ablate"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[2:]}
    assert set(rows) == set(rule_names())
    assert rows["rel_period"] == ["+1.0000", "+0.0000", "helps"]
    assert rows["current"] == ["+0.0000", "-0.3333", "hurts", "aquaint"]

"""The judged sample: 200 asserted event mentions of the shared corpus, judged by hand.

Each row of tests/fixtures/judged_sample.csv is one mention drawn at random (seed 15) from the
warehouse built on ../shared/corpus, judged against "would a CAMEO coder record this code, with
this source and this target?" (`verdict` for code and source, `target_verdict` for the target),
with a short reason, and for a "no" what failed (code, source or not_news). The fixture holds ids, offsets and verdicts, never article text (the corpus
is copyrighted); tests/fixtures/judged_sample.md says how it was drawn and on which commit.
`status` says whether the mention is still counted by the current code (`counted`) or no longer
(`dropped`: not an event, not asserted, or no source); precision is over the counted ones, and a
re-coded mention was judged again (`make eval-judged` lists what changed since judging).

tests/fixtures/judged_check.csv is the check sample, drawn the same way after the lexicon work
from the articles the tune sample does not touch, and never tuned on (judged_check.md).
tests/fixtures/judged_check_isaf.csv enlarges it with 35 mentions of ISAF releases (the corpus
has no article outside the two samples), drawn and judged before their failures were looked at
(judged_check_isaf.md).

The ids are recomputed here from the article's path and the trigger's offsets, so a change to the
id scheme (which would orphan the verdicts) fails this test rather than silently detaching them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

import pytest

from newswh.events import event_mention_id
from newswh.ingest.discover import article_id_for

pytestmark = pytest.mark.unit

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "judged_sample.csv"
CHECK_FIXTURE = FIXTURE.with_name("judged_check.csv")
ISAF_FIXTURE = FIXTURE.with_name("judged_check_isaf.csv")
ISAF_SIZE = 35
# 50 unseen mentions of the corpus's check half, less every judged mention (judged_check_half.md).
HALF_FIXTURE = FIXTURE.with_name("judged_check_half.csv")
HALF_SIZE = 50
# Just under its measured precision (31/49 = 0.633 since outlet_report dropped a "no"; 31/50 = 0.62
# when drawn; 0.50 with outside experts judged "no").
HALF_PRECISION_FLOOR = 0.63
# Just under the enlarged check's measured precision (judged_check 32/52 + ISAF 23/33 = 55/85 = 0.647).
ENLARGED_CHECK_FLOOR = 0.645
SAMPLE_SIZE = 200
# The check population outside the tune sample's articles held 65 counted mentions: all of them.
CHECK_SIZE = 65
# Just under the measured judged precision of code and source over the counted mentions (judged_sample.md).
PRECISION_FLOOR = 0.83
# Just under the check sample's measured precision (32/52 = 0.615, judged_check.md); its articles
# lie in both corpus halves, so the rules of the tune half reach about half of it.
CHECK_PRECISION_FLOOR = 0.61
STATUSES = frozenset(["counted", "dropped"])
VERDICTS = frozenset(["yes", "no"])
TARGET_VERDICTS = frozenset(["yes", "no", "none"])
# Why a "no": the event code, the source actor, or a sentence that is no news (sports, gossip, page text).
FAILURES = frozenset(["code", "source", "not_news"])
# Just under the measured share of mentions whose source actor is the one who acts or speaks. Two
# rows once failed on their code and, re-coded right, now show the wrong source they always had
# (one failure is recorded per row), so the measured share is 0.885, not the 0.895 first recorded.
SOURCE_FLOOR = 0.88


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _read(FIXTURE)


@pytest.fixture(scope="module")
def check_rows() -> list[dict[str, str]]:
    return _read(CHECK_FIXTURE)


@pytest.fixture(scope="module")
def isaf_rows() -> list[dict[str, str]]:
    return _read(ISAF_FIXTURE)


@pytest.fixture(scope="module")
def half_rows() -> list[dict[str, str]]:
    return _read(HALF_FIXTURE)


def _precision(rows: list[dict[str, str]]) -> float:
    counted = [r for r in rows if r["status"] == "counted"]
    return sum(r["verdict"] == "yes" for r in counted) / len(counted)


@pytest.mark.parametrize(("name", "size"), [("tune", SAMPLE_SIZE), ("check", CHECK_SIZE), ("isaf", ISAF_SIZE)])
def test_the_samples_are_distinct_judged_mentions(rows, check_rows, isaf_rows, name, size):
    sample = {"tune": rows, "check": check_rows, "isaf": isaf_rows}[name]
    assert len(sample) == size
    assert len({r["mention_id"] for r in sample}) == size
    # the check samples never share an article with the tune sample or with each other
    articles = [{r["article_id"] for r in s} for s in (rows, check_rows, isaf_rows)]
    assert not articles[0] & articles[1] and not articles[0] & articles[2] and not articles[1] & articles[2]
    for row in sample:
        assert row["status"] in STATUSES, row["mention_id"]
        assert row["verdict"] in VERDICTS, row["mention_id"]
        assert row["target_verdict"] in TARGET_VERDICTS, row["mention_id"]
        assert row["reason"].strip(), row["mention_id"]
        assert (row["failure"] in FAILURES) == (row["verdict"] == "no"), row["mention_id"]
        assert int(row["sentence_start"]) <= int(row["trigger_start"]) < int(row["trigger_end"])
        assert int(row["trigger_end"]) <= int(row["sentence_end"])


def test_the_check_half_sample_is_unseen_judged_mentions(rows, check_rows, isaf_rows, half_rows):
    """It shares articles with the other samples (every corpus article is in one), never a mention."""
    assert len(half_rows) == HALF_SIZE == len({r["mention_id"] for r in half_rows})
    others = {r["mention_id"] for r in rows + check_rows + isaf_rows}
    assert not others & {r["mention_id"] for r in half_rows}
    for row in half_rows:
        assert row["status"] in STATUSES and row["verdict"] in VERDICTS, row["mention_id"]
        assert row["target_verdict"] in TARGET_VERDICTS and row["reason"].strip(), row["mention_id"]
        assert (row["failure"] in FAILURES) == (row["verdict"] == "no"), row["mention_id"]


# 60 fresh mentions of the corpus's tune half, less every mention judged before (judged_tune_fresh.md).
FRESH_FIXTURE = FIXTURE.with_name("judged_tune_fresh.csv")
FRESH_SIZE = 60
# a claim someone reports ("saying that some have been killed") counted as asserted
FRESH_FAILURES = FAILURES | {"modality"}


def test_the_fresh_tune_sample_is_unseen_judged_mentions_with_the_codes_ids(rows, check_rows, isaf_rows, half_rows):
    fresh = _read(FRESH_FIXTURE)
    assert len(fresh) == FRESH_SIZE == len({r["mention_id"] for r in fresh})
    assert not {r["mention_id"] for r in rows + check_rows + isaf_rows + half_rows} & {r["mention_id"] for r in fresh}
    for row in fresh:
        assert row["status"] in STATUSES and row["verdict"] in VERDICTS, row["mention_id"]
        assert row["target_verdict"] in TARGET_VERDICTS and row["reason"].strip(), row["mention_id"]
        assert (row["failure"] in FRESH_FAILURES) == (row["verdict"] == "no"), row["mention_id"]
        assert article_id_for(row["article_path"]) == row["article_id"], row["article_path"]
        trigger = SimpleNamespace(
            trigger_start=int(row["trigger_start"]), trigger_end=int(row["trigger_end"]), event_code=row["event_code"]
        )
        assert event_mention_id(row["article_id"], trigger) == row["mention_id"]


def test_check_half_precision_stays_above_its_floor(half_rows):
    precision = _precision(half_rows)
    assert precision >= HALF_PRECISION_FLOOR, f"check-half precision {precision:.3f} fell below {HALF_PRECISION_FLOOR}"


def test_the_fixture_ids_are_the_codes_ids(rows, check_rows, isaf_rows, half_rows):
    for row in rows + check_rows + isaf_rows + half_rows:
        path, _, record = row["article_path"].partition("#")
        article_id = article_id_for(path, int(record)) if record else article_id_for(path)
        assert article_id == row["article_id"], row["article_path"]
        trigger = SimpleNamespace(
            trigger_start=int(row["trigger_start"]), trigger_end=int(row["trigger_end"]), event_code=row["event_code"]
        )
        assert event_mention_id(article_id, trigger) == row["mention_id"]


def test_judged_precision_of_code_and_source_stays_above_its_floor(rows):
    precision = _precision(rows)
    assert precision >= PRECISION_FLOOR, f"judged precision {precision:.3f} fell below {PRECISION_FLOOR}"


def test_check_sample_precision_stays_above_its_floor(check_rows):
    precision = _precision(check_rows)
    assert precision >= CHECK_PRECISION_FLOOR, f"check precision {precision:.3f} fell below {CHECK_PRECISION_FLOOR}"


def test_judged_precision_of_the_source_stays_above_its_floor(rows):
    precision = 1 - sum(r["failure"] == "source" for r in rows) / len(rows)
    assert precision >= SOURCE_FLOOR, f"source precision {precision:.3f} fell below {SOURCE_FLOOR}"


def test_enlarged_check_precision_stays_above_its_floor(check_rows, isaf_rows):
    precision = _precision(check_rows + isaf_rows)
    assert precision >= ENLARGED_CHECK_FLOOR, f"enlarged check {precision:.3f} fell below {ENLARGED_CHECK_FLOOR}"

"""Precision/recall of event extraction against hand-labelled seed articles (tests/fixtures/events_gold.json).

Two scores: a match on sentence + code family, and a strict match that also needs the source
and target actor keys and the modality. Floors sit a little below the measured values so a
regression fails while the numbers stay visible (`pytest -s` prints them).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newswh.events.extraction import code_family, extract_events
from newswh.nlp import load_nlp
from tests.unit.events.eventkit import stand_in_mentions

pytestmark = pytest.mark.unit

GOLD = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "events_gold.json").read_text(encoding="utf-8"))
FLOORS = {"family_p": 0.90, "family_r": 0.85, "strict_p": 0.72, "strict_r": 0.65}


def _timexes(text, dct, doc):
    try:
        from newswh.time import tag
    except ImportError:
        return []
    return tag(text, date.fromisoformat(dct), doc=doc)


def _match(article, events, strict):
    text = article["body_text"]
    gold = article["events"]
    used = set()
    hits = 0
    for g in gold:
        pos = text.index(g["sentence_contains"])
        best = None
        for i, e in enumerate(events):
            if i in used or not (e.sentence_start <= pos < e.sentence_end) or code_family(e.event_code) != g["family"]:
                continue
            if strict and (e.source_actor_key, e.target_actor_key, e.modality) != (
                g["source"],
                g["target"],
                g["modality"],
            ):
                continue
            if best is None or e.trigger_text == g["trigger"]:
                best = i
        if best is not None:
            used.add(best)
            hits += 1
    return hits


@pytest.fixture(scope="module")
def scores():
    nlp = load_nlp()
    totals = {"gold": 0, "system": 0, "family": 0, "strict": 0}
    for article in GOLD["articles"]:
        doc = nlp(article["body_text"])
        events = extract_events(doc, stand_in_mentions(doc), _timexes(article["body_text"], article["dct"], doc))
        totals["gold"] += len(article["events"])
        totals["system"] += len(events)
        totals["family"] += _match(article, events, strict=False)
        totals["strict"] += _match(article, events, strict=True)
    result = {
        "family_p": totals["family"] / totals["system"],
        "family_r": totals["family"] / totals["gold"],
        "strict_p": totals["strict"] / totals["system"],
        "strict_r": totals["strict"] / totals["gold"],
    }
    print("\nevent quality", totals, {k: round(v, 3) for k, v in result.items()})
    return result


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_quality_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], f"{metric}={scores[metric]:.3f} below floor {FLOORS[metric]}"


def test_only_asserted_recognition_is_the_2025_one():
    nlp = load_nlp()
    asserted = []
    for path in sorted((Path(__file__).resolve().parents[3] / "seeds" / "articles").glob("*.txt")):
        from newswh.ingest import clean_document

        text = clean_document(path.read_text(encoding="utf-8")).body_text
        doc = nlp(text)
        asserted += [
            (path.name[:3], text[e.sentence_start : e.sentence_end])
            for e in extract_events(doc, stand_in_mentions(doc), [])
            if e.event_code == "0541" and e.modality == "asserted"
        ]
    assert asserted and {a for a, _ in asserted} == {"001"}
    assert any("officially recognize the Taliban government" in s for _, s in asserted)

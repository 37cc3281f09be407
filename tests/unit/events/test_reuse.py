"""Text reuse between seed articles: 000 reuses 004 (reworded), unrelated pairs are not flagged."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newswh.events.reuse import Article, content_words, detect_reuse, split_sentences

pytestmark = pytest.mark.unit

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "articles"
DATES = {
    "000": date(2024, 7, 24),
    "001": date(2025, 7, 3),
    "002": date(2022, 1, 1),
    "003": date(2022, 4, 1),
    "004": date(2022, 4, 13),
}


def seed(article_id: str, published: date | None = None) -> Article:
    (path,) = SEEDS.glob(f"{article_id}_*.txt")
    return Article(article_id, path.read_text(encoding="utf-8"), published)


def test_000_reuses_004_by_publication_date():
    result = detect_reuse([seed(a, DATES[a]) for a in DATES])
    assert [(p.article_id, p.reused_article_id, p.direction_basis) for p in result.pairs] == [
        ("000", "004", "published_date")
    ]
    pair = result.pairs[0]
    assert pair.shared_sentences >= 4 and 0 < pair.containment < 1
    text = seed("000").body_text
    reused = [text[s.start : s.end] for s in result.sentences if s.article_id == "000"]
    assert any(s.startswith("China, Pakistan, Iran, and Turkmenistan have accredited") for s in reused)
    assert result.reused_sentence_indices("004") == set()


def test_direction_by_containment_without_dates():
    original = seed("004")
    # A derivative piece: three sentences of 004 and one of its own.
    spans = split_sentences(original.body_text)
    picked = [original.body_text[s:e] for s, e in spans if "Taliban" in original.body_text[s:e]][:4]
    copy = Article("copy", " ".join(picked) + " The weather in Kazan was pleasant for the whole of the week.")
    result = detect_reuse([original, copy])
    assert [(p.article_id, p.reused_article_id, p.direction_basis) for p in result.pairs] == [
        ("copy", "004", "containment")
    ]


def test_unrelated_articles_are_not_reuse():
    result = detect_reuse([seed("001", DATES["001"]), seed("002", DATES["002"])])
    assert result.pairs == [] and result.sentences == []


def test_caller_sentence_spans_give_the_sentence_indices():
    text = "Short. " + seed("004").body_text
    spans = split_sentences(text)
    result = detect_reuse([Article("x", text, date(2022, 5, 1), spans), seed("004", DATES["004"])])
    # x is 004 with one sentence in front and a later date: x reuses 004, not the reverse.
    assert [(p.article_id, p.reused_article_id, p.direction_basis) for p in result.pairs] == [
        ("x", "004", "published_date")
    ]
    # The caller's spans are shifted by the extra sentence, so 004's own split would not match them.
    reused_in_x = [s for s in result.sentences if s.article_id == "x"]
    assert len(reused_in_x) >= 10 and all(s.sentence_index >= 1 for s in reused_in_x)
    for s in result.sentences:
        assert (s.start, s.end) == spans[s.sentence_index]


def test_light_rewording_keeps_the_vocabulary():
    a = content_words(
        "In recent months, at least four countries — China, Pakistan, Russia and Turkmenistan — have "
        "accredited Taliban-appointed diplomats, even though all have refused to recognize the "
        "8-month-old government in Afghanistan."
    )
    b = content_words(
        "China, Pakistan, Iran, and Turkmenistan have accredited the Islamic Emirate’s appointed "
        "diplomat in recent months, though all had initially refused to recognize the 8-month-old "
        "government in Afghanistan."
    )
    assert len(a & b) / len(a | b) >= 0.4


def test_stop_words_are_read_from_the_resource_file():
    from newswh.events.reuse import load_stop_words

    # resources/reuse.yaml's documented example: function words and the attribution verb drop out.
    assert content_words("The Taliban said they were ready for talks") == {"taliban", "ready", "talk"}
    stop_words = load_stop_words()
    assert {"on", "no", "off", "said"} <= stop_words  # words YAML would misread stay words
    assert all(isinstance(word, str) for word in stop_words)

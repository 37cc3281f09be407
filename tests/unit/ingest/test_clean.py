"""Cleaning and metadata on each seed article, and encoding repair."""

from __future__ import annotations

import pytest

from newswh.ingest import clean_document, discover, load_article, repair_text
from newswh.ingest.clean import _furniture_kind, load_furniture
from tests.conftest import SEEDS_DIR, seed_path

pytestmark = pytest.mark.unit

# What a reader of each page sees: its publisher, headline, byline and printed date.
EXPECTED = {
    "000": {
        "outlet": "khaama_press",
        "title": "Kabul Establishes Diplomatic Ties with Russia, Bidding Formal Recognition",
        "author": "Arif Ahmadi",
        "stated_date": "2024-07-24",
        "stated_text": "Wednesday, July 24, 2024",
    },
    "001": {
        "outlet": "mina",
        "title": "Russia Officially Recognize Taliban Government in Afghanistan",
        "author": "sajadi",
        "stated_date": None,
        "stated_text": "5 hours ago",
    },
    "002": {
        "outlet": None,
        "title": "Taliban seeks to revitalize relations with Russia: Steps towards dream of recognition",
        "author": None,
        "stated_date": None,
        "stated_text": None,
    },
    "003": {
        "outlet": "iria",
        "title": "Russia accredits Taliban ambassador in Moscow: Lavrov announced",
        "author": None,
        "stated_date": None,
        "stated_text": None,
    },
    "004": {
        "outlet": "voa",
        "title": "Russia Latest Country to Establish Diplomatic Ties With Taliban",
        "author": None,
        "stated_date": None,
        "stated_text": None,
    },
}

# Furniture a reader skips; none of it may survive into body_text.
FURNITURE = [
    "SCROLL TO CONTINUE",
    "ADVERTISEMENT",
    "Advertisement",
    "Also Read",
    "Peace in Palestine",
    "Please enter your comment",
    "Please enter your name",
    "Captcha",
    "CAPTCHA",
    "More articles",
    "The World News",
    "holds a B.A. degree",
    "Immigration News",
    "(AP Photo",
    "(photo:",
    "Image Credit",
    "FILE -",
    "Copyright ©",
    "Subscribe to IRIA",
    "Enter your email",
    "Back to Top",
    "Related Articles",
    "Leave a comment",
    "No Comments on",
    "Accessibility links",
    "Breaking News",
    "16x9 Image",
    "provides news and information",
    "contributed to this article",
    "Recommendation for you",
    "10 Views",
    "5 hours ago",
    "[Shibgho]",
    "Mi'raj News Agency (MINA)",
    "IRIA is a research institute",
]


@pytest.fixture(scope="module")
def seeds():
    return {record.source_uri[:3]: load_article(record) for record in discover(SEEDS_DIR)}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_metadata(seeds, prefix):
    article, expected = seeds[prefix], EXPECTED[prefix]
    assert (article.outlet.source_id if article.outlet else None) == expected["outlet"]
    assert article.title == expected["title"]
    assert article.author == expected["author"]
    assert (article.stated_date.isoformat() if article.stated_date else None) == expected["stated_date"]
    assert article.stated_date_text == expected["stated_text"]
    assert article.language == "en"
    assert article.word_count > 300


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_no_furniture_survives(seeds, prefix):
    body = seeds[prefix].body_text
    survivors = [marker for marker in FURNITURE if marker in body]
    assert survivors == []
    assert seeds[prefix].title not in body


def test_captions_kept_as_metadata_not_body(seeds):
    article = seeds["004"]
    assert any("Taliban flags flutter" in caption for caption in article.clean.captions)
    assert "Taliban flags flutter" not in article.body_text
    # A duplicated caption line is removed twice, not left once.
    assert sum("Taliban flags flutter" in f.text for f in article.clean.furniture) == 2


def test_seed_001_windows_1253_nbsp_is_repaired(seeds):
    raw = seed_path("001").read_text(encoding="utf-8")
    assert "Β\u00a0" in raw  # the damage is really in the input
    body = seeds["001"].body_text
    assert "Β" not in body and "\u00a0" not in body
    assert "fighters who had battled the Soviet Union during the 1980s." in body
    assert "single_byte_codepage_mojibake" in seeds["001"].clean.repairs


def test_hard_wrapped_seed_is_unwrapped(seeds):
    body = seeds["002"].body_text
    assert "Russian Foreign Minister Sergey Lavrov clarified" in body
    # Section headings stay their own paragraphs instead of gluing onto the next sentence.
    assert "\n\nRussian position\n\n" in body
    assert "\n\nDiplomatic representation\n\n" in body


def test_hard_wrapped_paragraphs_between_blank_lines_are_rejoined():
    # Every line is short and runs on: read line by line, each looked like a header and the
    # page was emptied. Rejoined, the paragraphs are the body and the headline's day dates it.
    page = "\n".join(
        [
            "May 4: Forces Search Compounds in Two Provinces",
            "",
            "Press Office 2010-05-CA-012",
            "",
            "Also today, a joint patrol searched two compounds near the",
            "village and detained a local commander who was wanted for",
            "several attacks on the district market.",
            "",
            "The patrol then moved on to a second compound outside the",
            "town where two more suspects were questioned and later",
            "released without charge by the district police chief.",
        ]
    )
    result = clean_document(page, date_hint=None)
    assert result.body_text.startswith("Also today, a joint patrol searched two compounds near the village and")
    assert "\n\nThe patrol then moved on" in result.body_text
    assert "unwrapped_hard_line_breaks" in result.repairs
    assert result.stated_date_text == "May 4" and result.stated_date.isoformat() == "2010-05-04"


def test_an_editors_note_above_the_dateline_is_furniture():
    page = "\n\n".join(
        [
            "[N.B. this looks like another raid reported on the same day in the next province.]",
            "KABUL, Afghanistan (June 14, 2011)",
            "A joint patrol detained two suspects in the district market yesterday after a long search of the area.",
        ]
    )
    result = clean_document(page)
    assert [f.kind for f in result.furniture] == ["editor_note", "dateline"]
    assert result.dateline_date.isoformat() == "2011-06-14"
    assert result.body_text.startswith("A joint patrol detained")


def test_dateline_is_recorded_and_kept(seeds):
    article = seeds["001"]
    assert article.clean.dateline == "Moscow, MINA"
    assert article.body_text.startswith("Moscow, MINA – Russia has formally accepted")


def test_curly_quotes_are_preserved(seeds):
    assert "“The government’s envoy received credential form Moscow." in seeds["000"].body_text


def test_ftfy_and_legacy_codepage_repairs():
    text, repairs = repair_text("Russiaâ€™s envoy said: Î’Â fine")
    assert "Russia’s envoy" in text
    assert "ftfy" in repairs


def test_clean_document_handles_plain_body_without_furniture():
    body = "Russia said on Monday that it would send aid to Afghanistan. " * 3
    result = clean_document(body.strip())
    assert result.body_text == body.strip()
    assert result.furniture == []


_FURNITURE_EXAMPLES = [(rule.kind, example) for rule in load_furniture() for example in rule.examples]


@pytest.mark.parametrize(("kind", "line"), _FURNITURE_EXAMPLES, ids=[line[:30] for _, line in _FURNITURE_EXAMPLES])
def test_furniture_example(kind, line):
    # resources/furniture.yaml: each example line is furniture of its record's kind (first match wins).
    assert _furniture_kind(line) == kind


def test_every_furniture_record_has_an_example():
    assert all(rule.examples for rule in load_furniture())

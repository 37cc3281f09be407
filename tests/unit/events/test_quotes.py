"""Quotes (direct, split, multi-sentence, indirect), speaker resolution and cited sources."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from newswh.events import extract_citations, extract_events, extract_quotes
from newswh.events import quotes as quotes_module
from newswh.events.quotes import QuoteSpans, load_citation_patterns
from newswh.nlp import load_nlp
from tests.unit.events.eventkit import stand_in_mentions

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def quotes_of(nlp, text):
    doc = nlp(text)
    citations = extract_citations(doc)
    return extract_quotes(doc, stand_in_mentions(doc), citations), citations


def direct(quotes):
    return [q for q in quotes if q.kind == "direct"]


def indirect(quotes):
    return [q for q in quotes if q.kind == "indirect"]


CITATION_CASES = [
    ("“We thank Russia for this move,” said Inammullah Samangani, as TOLOnews quoted.", "tolonews", "as_quoted"),
    (
        "Russia's Foreign Ministry said in a statement on Thursday, as reported by Al Jazeera.",
        "al_jazeera",
        "as_reported_by",
    ),
    ("The aid arrived in Kabul, according to TASS.", "tass", "according_to"),
    (
        "According to the Russian News Agency (TASS), Lavrov said his country maintains contacts.",
        "tass",
        "according_to",
    ),
    ("“No country will let them do that,” Aghbar told VOA's Afghan Service.", "voa", "told"),
    (
        "Russia's Tass news agency quoted Foreign Minister Lavrov as saying that Moscow would not accept it.",
        "tass",
        "quoted",
    ),
    ("Lavrov told Tass in an interview that the decision will depend on developments.", "tass", "told"),
    ("“Now is not the time,” the spokesperson said in response to a query from VOA.", "voa", "query_from"),
    ("“We regard this as a step,” said Zakharova, as Voice of America quoted.", "voa", "as_quoted"),
    # every cue of resources/citations.yaml has an example here
    ("The embassy will stay open, Zakharova said, as quoted by TASS.", "tass", "as_quoted_by"),
    ("Kabulov said in an interview with TASS that talks would continue.", "tass", "interview_with"),
]


@pytest.mark.parametrize("text,source_id,pattern", CITATION_CASES)
def test_citation_cues_resolve_to_registry(nlp, text, source_id, pattern):
    doc = nlp(text)
    (citation,) = extract_citations(doc)
    assert (citation.source_id, citation.pattern) == (source_id, pattern)
    assert text[citation.start : citation.end] == citation.text
    assert citation.source_known


def test_every_citation_cue_has_an_example():
    examples = {pattern for _, _, pattern in CITATION_CASES}
    assert {name for name, _, _ in load_citation_patterns()} == examples


def test_people_are_not_cited_sources(nlp):
    doc = nlp("Neumann told Lavrov that it was a mistake, according to a Taliban official.")
    assert extract_citations(doc) == []


def test_citation_attaches_to_quote_and_event_of_its_sentence(nlp):
    text = (
        "Lavrov said on Friday that Moscow delivered humanitarian aid to Kabul, according to TASS. Putin met Muttaqi."
    )
    doc = nlp(text)
    citations = extract_citations(doc)
    quotes = extract_quotes(doc, stand_in_mentions(doc), citations)
    assert quotes[0].citation.source_id == "tass"
    events = extract_events(doc, stand_in_mentions(doc), [], citations=citations)
    assert {e.event_code: (e.citation.source_id if e.citation else None) for e in events} == {
        "010": "tass",
        "073": "tass",
        "040": None,
    }


def test_direct_multi_sentence_quote_with_inverted_speaker(nlp):
    text = (
        "“The government’s envoy received credential from Moscow. We thank Russia for this move,” "
        "said Inammullah Samangani, deputy spokesman of the Islamic Emirate."
    )
    quotes, _ = quotes_of(nlp, text)
    (quote,) = direct(quotes)
    assert quote.text.startswith("The government’s envoy") and quote.text.endswith("this move,")
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker_actor_key == "SAMANGANI" and quote.verb == "said"


def test_split_quote_keeps_speaker(nlp):
    text = (
        "“In practice, this is the equivalent of recognition, but it is not enough,” said Suhail Shaheen, "
        "who was appointed by the Taliban. “Countries must recognize the Islamic Emirate.”"
    )
    quotes, _ = quotes_of(nlp, text)
    assert [q.speaker_actor_key for q in direct(quotes)] == ["SHAHEEN", "SHAHEEN"]


def test_pronoun_and_nominal_speakers_resolve_to_antecedent(nlp):
    text = (
        "Taliban spokesman Zabihullah Mujahid spoke to reporters. “It is a diplomatic step for our "
        "embassies,” he added. A State Department spokesperson said the move was regrettable. "
        "“Now is not the time to take any steps,” the spokesperson said."
    )
    quotes, _ = quotes_of(nlp, text)
    by_text = {q.text[:10]: q for q in direct(quotes)}
    assert by_text["It is a di"].speaker_actor_key == "MUJAHID" and by_text["It is a di"].verb == "added"
    assert by_text["Now is not"].speaker_actor_key == "USA_STATE_DEPT"
    assert by_text["Now is not"].speaker_text == "the spokesperson"


def test_unresolvable_speaker_is_none(nlp):
    quotes, _ = quotes_of(nlp, "“This sends the wrong signal to everyone involved,” the official said.")
    (quote,) = direct(quotes)
    assert quote.speaker_actor_key is None and quote.speaker_text == "the official"


def test_scare_quotes_are_not_quotes(nlp):
    quotes, _ = quotes_of(nlp, "Moscow, which has labeled the US withdrawal a “failure,” has taken steps.")
    assert direct(quotes) == []


def test_indirect_quotes(nlp):
    text = (
        "Lavrov said that the Taliban's diplomat was accredited in February. Zakharova regards this as a step, "
        "saying it was too early to talk about recognition. Shaheen told VOA that ten countries have accepted "
        "Taliban diplomats."
    )
    quotes, _citations = quotes_of(nlp, text)
    got = {(q.speaker_actor_key, q.verb): q for q in indirect(quotes)}
    assert got[("LAVROV", "said")].text == "the Taliban's diplomat was accredited in February"
    assert got[("ZAKHAROVA", "saying")].text.startswith("it was too early")
    told = got[("SHAHEEN", "told VOA")]
    assert told.text.startswith("ten countries") and told.citation.source_id == "voa"


def test_direct_quote_is_not_also_indirect(nlp):
    quotes, _ = quotes_of(nlp, "“We regard this as a step towards the resumption of contacts,” Zakharova said.")
    assert [q.kind for q in quotes] == ["direct"]


def test_every_reporting_speech_verb_introduces_an_indirect_quote(nlp):
    # "indicate" was a reporting verb for events but not for quotes until both read speech_verbs.csv.
    text = (
        "Sergey Lavrov clarified his country's position on the Taliban government, indicating that the "
        "relationship with the movement is restricted to humanitarian aid."
    )
    quotes, _ = quotes_of(nlp, text)
    (quote,) = [q for q in indirect(quotes) if q.verb == "indicating"]
    assert quote.speaker_actor_key == "LAVROV"
    assert quote.text == "the relationship with the movement is restricted to humanitarian aid"


class CountingSpans(Sequence):
    """The direct-quote spans of a text, counting every span anybody reads."""

    def __init__(self, spans):
        self.spans, self.reads = list(spans), 0

    def __len__(self):
        return len(self.spans)

    def __getitem__(self, i):
        self.reads += 1
        return self.spans[i]


def test_quote_spans_are_read_a_bounded_number_of_times_whatever_the_number_of_verbs(nlp, monkeypatch):
    # Each reporting verb used to rescan every direct quote: quadratic on long articles. The
    # count is the cost without a clock: each span may be read a few times, not once per verb.
    text = " ".join(
        f"“We will meet the delegation again in week {n},” she said. He said that talks in round {n} went well."
        for n in range(30)
    )
    counted, real_direct_spans = {}, quotes_module._direct_spans

    def counting_direct_spans(text):
        counted["spans"] = CountingSpans(real_direct_spans(text))
        return counted["spans"]

    monkeypatch.setattr(quotes_module, "_direct_spans", counting_direct_spans)
    quotes, _ = quotes_of(nlp, text)
    spans = counted["spans"]
    assert len(spans) == 30 and len(direct(quotes)) == 30 and len(indirect(quotes)) == 30
    assert spans.reads <= 3 * len(spans), spans.reads


@pytest.mark.parametrize("seed", range(20))
def test_quote_spans_cover_exactly_the_offsets_some_span_holds(seed):
    rng = random.Random(seed)
    spans = [(start, start + rng.randint(0, 12)) for start in rng.sample(range(200), rng.randint(0, 15))]
    index = QuoteSpans(spans)
    for margin in (0, 1):
        for offset in range(-3, 220):
            expected = any(s - margin <= offset < e + margin for s, e in spans)
            assert index.covers(offset, margin) == expected, (spans, offset, margin)

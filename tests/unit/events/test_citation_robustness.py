"""Citation cues must not backtrack catastrophically on long runs of capitalised words."""

from __future__ import annotations

import pytest

from newswh.events import extract_citations

pytestmark = pytest.mark.unit


# A hang guard, not a speed target: the old pattern ran for minutes on text like this.
@pytest.mark.timeout(60)
def test_long_capitalised_runs_with_irregular_spacing_finish(nlp):
    names = "  ".join(["Boko Haram Chibok Borno State Nigeria Government Red Cross Swiss"] * 12)
    text = f"{names} officials said. The girls were freed, as TASS reported, according to Al Jazeera."
    citations = extract_citations(nlp(text))
    assert {c.source_id for c in citations} == {"tass", "al_jazeera"}


def test_a_cited_name_spans_a_bounded_number_of_words(nlp):
    """Bounded names keep the cue search linear in a capitalised run (20k such words took 71 s)."""
    from newswh.events.quotes import MAX_NAME_WORDS, load_citation_patterns

    run = " ".join(f"Word{n}" for n in range(40))
    quoted = {name: pattern for name, pattern, _known in load_citation_patterns()}["quoted"]
    match = quoted.search(f"{run} reported on Monday.")
    assert match is not None
    assert len(match.group("name").split()) == MAX_NAME_WORDS


def test_a_long_outlet_name_within_the_bound_still_resolves(nlp):
    text = "The talks resumed, according to the Voice of America Afghan Service, on Monday in Doha."
    assert [c.source_id for c in extract_citations(nlp(text))] == ["voa"]

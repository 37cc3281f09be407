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

"""A person pronoun no person resolved stands for the person-role description before it
(newswh.events.arguments.described_antecedent)."""

from __future__ import annotations

import pytest

from tests.unit.events.eventkit import extracted_rows as mentions
from tests.unit.events.eventkit import row_at as at

pytestmark = pytest.mark.unit

LEAD = "An Afghan-led combined security force detained two Haqqani leaders in Khost province yesterday.\n\n"


def test_he_after_a_description_naming_its_body_is_that_description(nlp):
    text = LEAD + "The first Haqqani leader was responsible for attacks. He also financed and supplied fighters."
    financed = at(mentions(nlp, text), "financed")
    assert financed["source_text"] == "The first Haqqani leader"
    assert financed["source_cameo_code"] == "AFGREB"


def test_he_after_a_bare_definite_description_is_what_that_description_refers_to(nlp):
    text = (
        "A coalition force conducted an operation in search of a Taliban facilitator in Kajaki district today.\n\n"
        "The facilitator operates an insurgent cell. He also distributes weapons to fighters."
    )
    row = at(mentions(nlp, text), "distributes")
    assert row["source_cameo_code"] is not None and row["source_text"] != "He"


@pytest.mark.parametrize(
    "text",
    [
        # a description that names no body: "he" stays unresolved and uncoded
        "The force detained a local leader. He also financed fighters.",
        # plural descriptions do not agree with "he"
        "The force detained two Haqqani leaders. He also financed fighters.",
    ],
)
def test_he_stays_uncoded_without_an_agreeing_description_naming_a_body(nlp, text):
    row = at(mentions(nlp, text), "financed")
    assert row["source_text"] == "He" and row["source_cameo_code"] is None


def test_he_inside_a_direct_quote_is_never_the_description_that_speaks(nlp):
    text = 'The first Haqqani leader said, "He financed the fighters."'
    row = at(mentions(nlp, text), "financed")
    assert row["source_text"] == "He"

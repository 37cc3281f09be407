"""Impersonal reporting frames (newswh.events.impersonal_reports, resources/impersonal_reports.yaml)."""

from __future__ import annotations

import pytest

from tests.unit.events.eventkit import extracted_rows as mentions
from tests.unit.events.eventkit import row_at as at

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Initial reports indicate no civilians were harmed during the operation.", "indicate"),
        ("The force searched a compound after intelligence information indicated militant activity.", "indicated"),
        ("Recent reporting indicates he provided grenades to insurgents in the area.", "indicates"),
        ("Post-strike assessments determined no civilians were harmed.", "determined"),
    ],
)
def test_a_report_that_names_nobody_is_no_asserted_event(nlp, text, trigger):
    row = at(mentions(nlp, text), trigger)
    assert row["not_event_reason"] == "impersonal_report"


def test_the_event_a_report_indicates_keeps_its_own_mention(nlp):
    rows = mentions(nlp, "Initial reflections indicate eight insurgents were killed in the strike.")
    assert at(rows, "indicate")["not_event_reason"] == "impersonal_report"
    killed = at(rows, "killed")
    assert killed["modality"] == "asserted" and killed["not_event_reason"] is None


def test_a_report_an_actor_makes_or_a_named_speaker_is_no_impersonal_frame(nlp):
    rows = mentions(nlp, "Afghan officials said two insurgents were killed. ISAF reported the capture of a leader.")
    assert all(r["not_event_reason"] != "impersonal_report" for r in rows)

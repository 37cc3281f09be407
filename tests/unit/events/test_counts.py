"""Casualty and detention counts: lower bounds from the trigger's object or passive subject."""

from __future__ import annotations

import pytest

from newswh.events.counts import event_counts, load_count_words
from newswh.nlp import load_nlp

pytestmark = pytest.mark.unit


def _counts(sentence: str, trigger: str) -> dict:
    doc = load_nlp()(sentence)
    return event_counts(next(t for t in doc if t.text == trigger))


@pytest.mark.parametrize(
    ("sentence", "trigger", "column", "value"),
    [
        ("Coalition forces killed two insurgents.", "killed", "num_killed", 2),
        ("Two insurgents were killed in the operation.", "killed", "num_killed", 2),
        ("Troops killed 12 militants near the border.", "killed", "num_killed", 12),
        ("The force detained several suspects.", "detained", "num_detained", 3),
        ("A few suspects were detained.", "detained", "num_detained", 3),
        ("The force detained a number of suspected insurgents.", "detained", "num_detained", 3),
        ("A Taliban leader was arrested.", "arrested", "num_detained", 1),
        ("Afghan forces captured insurgents in Kandahar.", "captured", "num_detained", 2),
        ("Police arrested a leader and two fighters.", "arrested", "num_detained", 3),
        ("Dozens of insurgents were detained.", "detained", "num_detained", 24),
        ("Police announced the arrest of three men.", "arrest", "num_detained", 3),
        ("The blast wounded four civilians.", "wounded", "num_injured", 4),
        ("More than 30 insurgents were killed.", "killed", "num_killed", 31),
        ("Troops killed over 20 militants.", "killed", "num_killed", 21),
        ("Reports say eight to 12 insurgents were killed.", "killed", "num_killed", 8),
        ("Troops killed Ahmad Khan.", "killed", "num_killed", 1),
        ("Police detained numerous suspects.", "detained", "num_detained", 4),
        ("Police detained a facilitator and several of his associates.", "detained", "num_detained", 4),
        ("Soldiers captured two of the fighters.", "captured", "num_detained", 2),
    ],
)
def test_counts(sentence, trigger, column, value):
    counts = _counts(sentence, trigger)
    assert counts[column] == value
    assert all(v is None for k, v in counts.items() if k != column)


def test_a_trigger_that_counts_nothing():
    assert set(_counts("The minister met the envoy.", "met").values()) == {None}


def test_vague_words_are_documented_lower_bounds():
    numbers = load_count_words().numbers
    assert numbers["several"] == 3 and numbers["few"] == 3 and numbers["plural"] == 2 and numbers["singular"] == 1
    assert all(v >= 1 for v in numbers.values())


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Police seized two suspects in Herat.", 2),
        ("Police seized weapons and ammunition.", None),
        ("Police seized 150 pounds of opium.", None),
        ("A leader along with two fighters was detained.", 3),
        ("The force detained multiple suspects.", 3),
        # "along with" hung on the verb, after a relative clause, still adds its people
        ("Forces detained a leader who operated in the district, along with one suspected insurgent.", 2),
        # but before the object it is the agent's company, not the detained
        ("Soldiers, along with two policemen, detained a suspect.", 1),
        # a verb conjoined after another shares its object
        ("The force identified and detained two suspects.", 2),
    ],
)
def test_people_only_and_along_with(sentence, value):
    trigger = next(t for t in load_nlp()(sentence) if t.lemma_ in ("seize", "detain"))
    assert event_counts(trigger)["num_detained"] == value


def _article_counts(text: str) -> list[int | None]:
    from newswh.events import extract_events
    from tests.unit.events.eventkit import stand_in_mentions

    doc = load_nlp()(text)
    return [e.num_detained for e in extract_events(doc, stand_in_mentions(doc), []) if e.event_code.startswith("17")]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # a recap of the lead, indefinite or definite, adds no one
        ("Police detained three suspects in Herat. Later the police detained three suspects.", [3, None]),
        ("Police detained three suspects in Herat. The suspects were detained at a checkpoint.", [3, None]),
        # a definite conjunct points back, its indefinite partner is new
        ("Police arrested a smuggler. They detained the smuggler and two of his associates.", [1, 2]),
        # a phrase that points back recounts the people told: only those beyond them are new
        (
            "Police captured a leader and two of his associates. The leader and two of his associates were detained.",
            [3, None],
        ),
        ("Police detained several suspects in Herat. The five suspects were detained at a checkpoint.", [3, 2]),
        ("Police captured two leaders. They detained both leaders along with several of their associates.", [2, 3]),
        # new people: more than told, "additional", "also", or another act of the same sentence
        ("Police detained a smuggler. Police detained four suspects at the market.", [1, 4]),
        ("Police detained two suspects. Police detained two additional suspects.", [2, 2]),
        # "additional" beside another member sets it beside that member: a recap still adds no one
        (
            "Police detained a leader and two additional suspects. Police detained the leader and two additional suspects.",
            [3, None],
        ),
        ("Police detained two suspects. Police also detained two suspects.", [2, 2]),
        ("Police arrested a smuggler and detained one suspect.", [1, 1]),
        # a vague count retold by a later count of the same noun: only those beyond it are new,
        # "also" or not; another noun is other people
        ("Police detained numerous suspects in Herat. Police detained more than 10 suspects.", [4, 7]),
        ("Police detained several suspects in Herat. Police also detained several suspects.", [3, None]),
        ("Police detained several suspects in Herat. Police also detained two smugglers.", [3, 2]),
        ("Police detained several suspects in Herat. Police detained two additional suspects.", [3, 2]),
        # a count that is no act yet (a purpose, a plan) tells no one: what is then done is new
        ("Police conducted an operation to arrest a smuggler. During the operation they detained one suspect.", [1, 1]),
    ],
)
def test_a_recap_does_not_recount_the_lead(text, counts):
    assert _article_counts(text) == counts


def test_every_row_of_the_count_words_has_the_seed_columns():
    # dbt loads the seed with the header's columns: a stray comma in a note fails the whole build
    import csv

    from newswh.config import reference_dir

    with (reference_dir() / "event_counts.csv").open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    assert [i for i, row in enumerate(rows, 2) if len(row) != len(header)] == []


def test_a_conjoined_verb_shares_only_an_object_that_follows_it():
    # "killed" is conjoined to "captured", whose parsed object comes after a comma: not killed's people
    sentence = "Operations ended with seven leaders captured and at least four killed, all planning attacks."
    assert _counts(sentence, "killed")["num_killed"] is None


@pytest.mark.parametrize(
    ("sentence", "trigger", "column", "value"),
    [
        # a present-perfect count over a period is a running tally, not the event's toll
        (
            "Forces have detained more than 25 leaders along with 125 insurgents since December 1.",
            "detained",
            "num_detained",
            None,
        ),
        ("In the last month, we have detained five Taliban commanders in Helmand.", "detained", "num_detained", None),
        ("Teams have killed two and detained 30 men in six operations since Dec. 1.", "killed", "num_killed", None),
        # the perfect alone, or a period alone, is the event's own count
        ("Police have arrested three men in Kabul.", "arrested", "num_detained", 3),
        ("Police arrested three men in the last hour of the raid.", "arrested", "num_detained", 3),
    ],
)
def test_a_running_tally_is_not_a_toll(sentence, trigger, column, value):
    assert _counts(sentence, trigger)[column] == value


def _detained(sentence: str) -> list[int | None]:
    from newswh.events import extract_events
    from tests.unit.events.eventkit import stand_in_mentions

    doc = load_nlp()(sentence)
    return [e.num_detained for e in extract_events(doc, stand_in_mentions(doc), []) if e.event_code == "173"]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        # "taken into custody" is a detention and counts its people; "took control" counts no one
        ("Several men were taken into custody by the police.", [3]),
        ("The force took two men into custody.", [2]),
        ("The Taliban took control of the city.", []),
        # a list parsed as an apposition with conjuncts adds up; a true apposition is one person
        ("Forces captured a leader, a facilitator and several of their associates in the raid.", [5]),
        ("Forces arrested a Taliban leader, Mullah Zaher, in the raid.", [1]),
        # a participle conjoined after another shares its passive subject
        ("The leader and two associates were identified and taken into custody.", [3]),
        # a negative determiner counts no one, and verbs joined by "or" share nothing
        ("No women or children were injured or detained during the operation.", [None]),
    ],
)
def test_custody_lists_and_shared_subjects(sentence, counts):
    assert _detained(sentence) == counts


def test_verbs_joined_by_or_do_not_share_their_people():
    sentence = "Twenty leaders were captured or killed during operations in the province."
    assert _counts(sentence, "killed")["num_killed"] is None


def test_the_anaphoric_determiners_are_read_from_the_count_words():
    # event_counts.csv kind `anaphoric`: "both leaders" points back as "the leaders" does (recap test above).
    assert {"the", "this", "that", "these", "those", "both"} == load_count_words().anaphoric

"""Actor mentions within an article: the model's confusions on these articles, titles, surname
linking and collective references."""

from __future__ import annotations

import pytest

from tests.unit.actors.actorkit import find, mentions_of

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------- confusions


def test_neumann_is_a_person(nlp):
    mentions = mentions_of(
        nlp, 'Ronald Neumann, a former U.S. ambassador to Kabul, spoke. "It was a mistake," Neumann said.'
    )
    (neumann,) = find(mentions, "Neumann")
    assert (neumann.label, neumann.actor_type, neumann.actor_key) == ("PERSON", "person", "ronald_neumann")


def test_zakharova_is_a_person(nlp):
    mentions = mentions_of(nlp, '"We regard this as a step," said Zakharova, as Voice of America quoted.')
    (zakharova,) = find(mentions, "Zakharova")
    assert (zakharova.label, zakharova.actor_key) == ("PERSON", "maria_zakharova")


def test_muttaqi_is_not_a_place(nlp):
    (muttaqi,) = find(mentions_of(nlp, "In November, Muttaqi met with Afghan embassy staff in Doha."), "Muttaqi")
    assert muttaqi.actor_type == "person" and muttaqi.label == "PERSON"


def test_gharwal_is_a_person(nlp):
    (gharwal,) = find(mentions_of(nlp, "On Saturday, Gharwal took over the embassy in Moscow."), "Gharwal")
    assert (gharwal.label, gharwal.actor_key) == ("PERSON", "jamal_nasir_gharwal")


def test_furniture_is_not_an_actor_but_taliban_is(nlp):
    text = "Breaking News\n\nFILE - Taliban flags flutter at the airport in Kabul, Afghanistan, Sept. 9, 2021.\n\n- Advertisement -"
    mentions = mentions_of(nlp, text)
    assert not [m for m in mentions if "Breaking" in m.text or "FILE" in m.text or "Advertisement" in m.text]
    assert [m.actor_key for m in find(mentions, "Taliban")] == ["taliban"]


def test_unknown_surname_after_full_name_becomes_person(nlp):
    text = "Peter Hoffmann, a former German ambassador, spoke on Monday. Hoffmann said the move was a mistake."
    mentions = mentions_of(nlp, text)
    (hoffmann,) = find(mentions, "Hoffmann")
    assert (hoffmann.label, hoffmann.actor_key, hoffmann.method) == ("PERSON", "peter_hoffmann", "surname")


def test_title_before_unknown_name_implies_person(nlp):
    mentions = mentions_of(nlp, "Taliban spokesman Bilal Karimi said the talks would go on.")
    (karimi,) = [m for m in mentions if "Karimi" in m.text]
    assert karimi.label == "PERSON" and karimi.actor_type == "person"
    assert karimi.text == "Bilal Karimi" and karimi.title == "Taliban spokesman"


# --------------------------------------------------------------------------- titles and surnames


def test_title_is_an_attribute_not_part_of_the_name(nlp):
    (lavrov,) = mentions_of(nlp, "Russian Foreign Minister Sergey Lavrov announced the decision.")[1:]
    assert (lavrov.text, lavrov.title, lavrov.actor_key) == (
        "Sergey Lavrov",
        "Russian Foreign Minister",
        "sergey_lavrov",
    )


def test_appositive_title(nlp):
    text = "He received a letter from Amir Khan Muttaqi, the Taliban foreign minister, confirming his status."
    (muttaqi,) = find(mentions_of(nlp, text), "Amir Khan Muttaqi")
    assert muttaqi.title == "Taliban foreign minister"


def test_an_appositive_title_reads_across_and(nlp):
    text = "Elon Musk, the founder and chief executive of SpaceX, spoke at a news conference."
    (musk,) = find(mentions_of(nlp, text), "Elon Musk")
    assert musk.title == "founder and chief executive"
    # "and" joins titles only: "the foreign minister and his deputy" keeps one title.
    text = "Sergey Lavrov, the foreign minister and his deputy, arrived in Kabul."
    (lavrov,) = find(mentions_of(nlp, text), "Sergey Lavrov")
    assert lavrov.title == "foreign minister"


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # An appositive title reads past "for" to whom he serves (mention_words.yaml).
        (
            "Garba Shehu, a spokesman for President Muhammadu Buhari, said the girls were freed.",
            "Garba Shehu",
            "spokesman for President Muhammadu Buhari",
        ),
        # "to" names where an envoy is sent, not whom he serves: the title stops before it.
        (
            "Zamir Kabulov, the special envoy to Afghanistan, said the talks went well.",
            "Zamir Kabulov",
            "special envoy",
        ),
        # Legal and academic titles (actor_lexicon.csv).
        (
            "United States Attorney Jessie K. Liu said the man pleaded guilty.",
            "Jessie K. Liu",
            "United States Attorney",
        ),
    ],
)
def test_a_title_names_whom_its_holder_serves(nlp, text, name, title):
    (person,) = find(mentions_of(nlp, text), name)
    assert person.title == title


def test_a_nationality_adjective_on_a_state_body_is_its_state(nlp):
    mentions = mentions_of(nlp, "An Egyptian court sentenced Mohamed Morsi to three years in prison.")
    (egypt,) = find(mentions, "Egyptian")
    assert (egypt.actor_key, egypt.actor_type, egypt.label) == ("egy", "state", "NORP")
    # An agent's phrase is coded by its own words ("Egyptian police" -> EGYCOP), not as the state.
    assert not find(mentions_of(nlp, "Egyptian police arrested two men."), "Egyptian")
    # A nationality on anything else names no state acting; a plural noun names people.
    assert not find(mentions_of(nlp, "A Nigerian scam hit the town last week."), "Nigerian")
    assert not find(mentions_of(nlp, "Israelis protested in the street."), "Israelis")


def test_surname_joins_full_name_mentioned_earlier(nlp):
    text = "Sergei Lavrov met the delegation in Moscow. Later, Lavrov said the talks were useful."
    mentions = mentions_of(nlp, text)
    keys = {m.text: (m.actor_key, m.method) for m in mentions if "Lavrov" in m.text}
    assert keys["Sergei Lavrov"][0] == "sergey_lavrov"
    assert keys["Lavrov"] == ("sergey_lavrov", "surname")


# --------------------------------------------------------------------------- collective references


def test_collective_resolves_with_a_clear_antecedent(nlp):
    mentions = mentions_of(nlp, "The Taliban seized Kabul in August. The group then formed a government.")
    (group,) = find(mentions, "The group")
    assert (group.actor_key, group.method) == ("taliban", "collective")


def test_collective_with_competing_organizations_stays_unresolved(nlp):
    mentions = mentions_of(nlp, "The Taliban fought ISKP near Kabul. The group claimed victory.")
    (group,) = find(mentions, "The group")
    assert group.actor_key is None and group.method == "collective_unresolved"


def test_collective_without_antecedent_stays_unresolved(nlp):
    (group,) = find(mentions_of(nlp, "The group met in a hotel on Monday."), "The group")
    assert group.actor_key is None and group.method == "collective_unresolved"


def test_collective_antecedent_out_of_reach_stays_unresolved(nlp):
    text = "The Taliban took Kabul. It rained. The city was calm. Shops opened. The movement spoke."
    (movement,) = find(mentions_of(nlp, text), "The movement")
    assert movement.actor_key is None


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # resources/mention_words.yaml title_modifiers: stripped from a PERSON with the title, and
        # a title phrase extends over them
        (
            "Former Foreign Minister Sergey Lavrov said the talks would go on.",
            "Sergey Lavrov",
            "Former Foreign Minister",
        ),
        ("Deputy Foreign Minister Andrei Rudenko met the delegation.", "Andrei Rudenko", "Deputy Foreign Minister"),
        ("Russia's special envoy Zamir Kabulov met the delegation.", "Zamir Kabulov", "Russia's special envoy"),
    ],
)
def test_title_modifiers_stay_in_the_title(nlp, text, name, title):
    (person,) = find(mentions_of(nlp, text), name)
    assert person.title == title


# --------------------------------------------------------------------------- companies


def test_a_phoenix_company_is_known_by_its_name_without_its_legal_form(gaz):
    from newswh.actors.gazetteer import company_short_name

    suffixes = gaz.lexicon["company_suffix"]
    assert company_short_name("Apple Inc", suffixes) == "Apple"
    assert company_short_name("HSBC Holdings", suffixes) == "HSBC"
    assert company_short_name("AMAZON.COM", suffixes) == "AMAZON"
    assert company_short_name("PepsiCo", suffixes) is None  # a legal form is a word of its own
    assert company_short_name("Microsoft", suffixes) is None
    assert gaz.company_index["amazon"] == "amazon_com" and "carnival" not in gaz.company_index  # two companies


def test_a_company_the_model_labels_org_takes_its_phoenix_code_a_place_does_not(nlp):
    (amazon,) = find(mentions_of(nlp, "Amazon said on Tuesday that it would hire more workers."), "Amazon")
    assert (amazon.actor_key, amazon.method) == ("amazon_com", "alias")
    rivers = [m for m in mentions_of(nlp, "The fires spread along the Amazon in Brazil.") if m.text == "Amazon"]
    assert all(m.actor_key != "amazon_com" for m in rivers)


def test_an_appositive_title_may_name_a_long_body_before_its_head(nlp):
    text = (
        '"We will not let these murders go without reprisal," said Col. Patrick Hynes, International'
        " Security Assistance Force Joint Command Combined Joint Operations Center director."
    )
    (hynes,) = find(mentions_of(nlp, text), "Patrick Hynes")
    assert hynes.title == (
        "International Security Assistance Force Joint Command Combined Joint Operations Center director"
    )


@pytest.mark.parametrize(
    ("text", "lone", "key"),
    [
        # A family name written first joins the earlier full name (Phoenix's Xi Jinping).
        (
            "Chinese President Xi Jinping visited Moscow. Xi urged his comrades to tackle corruption.",
            "Xi",
            "xi_jinping",
        ),
        # An honorific with no period is a title (actor_lexicon.csv): "Mr Zhu" is Zhu Congpeng.
        (
            "Zhu Congpeng, a top engineer, told the newspaper that the station was safe. "
            "Mr Zhu told the newspaper it would burn up.",
            "Zhu",
            "zhu_congpeng",
        ),
    ],
)
def test_a_lone_name_that_is_not_last_joins_its_one_full_name(nlp, text, lone, key):
    (person,) = find(mentions_of(nlp, text), lone)
    assert (person.actor_key, person.method) == (key, "surname")


def test_a_word_two_full_names_hold_joins_neither(nlp):
    text = "Kim Jong Un met Kim Yo Jong in Pyongyang. Kim said the talks went well."
    assert all(m.method != "surname" for m in find(mentions_of(nlp, text), "Kim"))


def test_a_name_the_model_tags_org_with_a_persons_title_is_a_person(nlp):
    text = "The deal was brokered by the Red Cross, said Mallam Garba Shehu, spokesman for Nigerian President Muhammadu Buhari."
    (shehu,) = find(mentions_of(nlp, text), "Mallam Garba Shehu")
    assert (shehu.label, shehu.title) == ("PERSON", "spokesman for Nigerian President Muhammadu Buhari")


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # The phrase before the name, ending in an organization type noun (mention_words.yaml).
        ("Someone contacted the German newspaper Süddeutsche Zeitung last year.", "Süddeutsche Zeitung", "German newspaper"),
        ("The British tabloid the Mirror says Silverman borrowed the phrase.", "Mirror", "British tabloid"),
        # The phrase after a comma.
        ("The papers name Golden Star Aviation, a Panamanian company, as a client.", "Golden Star Aviation",
         "Panamanian company"),
    ],
)  # fmt: skip
def test_what_the_article_calls_an_unknown_body_is_its_title(nlp, text, name, title):
    (body,) = find(mentions_of(nlp, text), name)
    assert (body.label, body.title) == ("ORG", title)


def test_a_phrase_with_no_organization_type_noun_or_no_country_is_no_title(nlp):
    (icij,) = find(mentions_of(nlp, "A disclaimer by the ICIJ, which coordinated the work, was published."), "ICIJ")
    assert icij.title is None
    # A type noun without the body's country: actor coding would give it the sentence's (SAUMED).
    text = "The previous day, television broadcaster PBS revealed that Saudi Arabia accepted responsibility."
    (pbs,) = find(mentions_of(nlp, text), "PBS")
    assert pbs.title is None


def test_a_name_the_model_missed_after_a_title_is_a_person(nlp):
    text = (
        '"We remain deeply concerned," UN Spokesperson Stephane Dujarric told a daily briefing. '
        '"We appeal to all Nigerians," said Dujarric.'
    )
    mentions = mentions_of(nlp, text)
    (full,) = find(mentions, "Stephane Dujarric")
    assert (full.label, full.method, full.title) == ("PERSON", "title", "UN Spokesperson")
    (lone,) = find(mentions, "Dujarric")
    assert lone.actor_key == full.actor_key

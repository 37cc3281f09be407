"""CAMEO actor codes of event actors (newswh/actors/coding.py): one test per documented rule.

Every example of newswh/actors/resources/README.md and actor_coding.yaml is coded here from
plain records (no parse), so the file stays cheap.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from newswh.actors import coding
from newswh.actors.country_cues import COUNTRIES_FILE, CUES_FILE, country_cues
from newswh.records import ActorMention, EventMention
from tests.conftest import shared_or_skip

pytestmark = pytest.mark.unit

BEFORE = date(2021, 8, 1)
AFTER = date(2021, 9, 1)
CAMEO_ACTOR_CODE = re.compile(r"([A-Z]{3}){1,5}")
MODELS = Path(__file__).resolve().parents[3] / "dbt_project" / "models"


@pytest.fixture(scope="module")
def rules():
    return coding.load_coding_rules()


def mention(text, key, actor_type, start, sentence=0, title=None, method="ruler"):
    return ActorMention(start, start + len(text), text, key, text, actor_type, "X", method, title, sentence)


def event(source_key=None, source_text=None, target_key=None, target_text=None, sentence=0, trigger=100):
    return EventMention(sentence, 0, 200, trigger, trigger + 4, "said", "010", "asserted", source_key, target_key,
                        source_text, target_text)  # fmt: skip


def code(gaz, rules, key, text, mentions=(), day=AFTER, sentence=0, trigger=100, report_start=0):
    found = coding.code_actor(key, text, event(key, text, sentence=sentence, trigger=trigger), day,
                       coding.article_actors(list(mentions), gaz, report_start), gaz, rules)  # fmt: skip
    return found.code, found.basis


def test_a_state_acting_is_its_government(gaz, rules):
    assert code(gaz, rules, "rus", "Russia") == ("RUSGOV", "state")


def test_a_capital_acting_is_its_states_government(gaz, rules):
    assert code(gaz, rules, "moscow", "Moscow") == ("RUSGOV", "capital")
    assert code(gaz, rules, "tirana", "Tirana") == ("ALBGOV", "capital")
    assert code(gaz, rules, "termez", "Termez") == (None, "uncoded")  # a city that is no capital codes nobody


def test_the_taliban_are_coded_as_of_the_event_date(gaz, rules):
    assert code(gaz, rules, "taliban", "Taliban", day=BEFORE) == ("AFGREB", "role")
    assert code(gaz, rules, "taliban", "Taliban", day=AFTER) == ("AFGGOV", "role")
    assert code(gaz, rules, "sergey_lavrov", "Lavrov") == ("RUSGOV", "role")


def test_a_coded_agent_keeps_its_code_and_an_unattributed_one_takes_the_articles_state(gaz, rules):
    police = [mention("Afghan police", "afg_cop", "government", 0, method="agent")]
    assert code(gaz, rules, "afg_cop", "Afghan police", police) == ("AFGCOP", "agent")
    military = mention("the military", "agent_mil", "organization", 20, method="agent")
    nigeria = [mention("Nigeria", "nga", "state", 0), military]
    assert code(gaz, rules, "agent_mil", "the military", nigeria) == ("NGAMIL", "agent_context")
    assert code(gaz, rules, "agent_mil", "the military", [military]) == (None, "uncoded")


def test_a_persons_name_is_no_agent_key(gaz, rules):
    # "ben_malik" reads as Benin (ben) + a sector "MALIK" only if it were an agent mention's key.
    person = [mention("Ben Malik", "ben_malik", "person", 0)]
    assert code(gaz, rules, "ben_malik", "Ben Malik", person) == (None, "uncoded")


def test_a_phoenix_code_keeps_its_well_formed_leading_part():
    assert coding._coded("NGOTZACHRPRO214", "actor") == coding.ActorCode("NGOTZACHRPRO", "actor")
    assert coding._coded("organization", "actor") == coding.NO_CODE


def test_a_title_codes_an_unknown_person(gaz, rules):
    titled = [mention("Ivan Petrov", "ivan_petrov", "person", 0, title="Russian Foreign Ministry spokesperson")]
    assert code(gaz, rules, "ivan_petrov", "Petrov", titled) == ("RUSGOV", "title")
    taliban_title = [mention("Abdul Rahman", "abdul_rahman", "person", 0, title="Taliban foreign minister")]
    assert code(gaz, rules, "abdul_rahman", "Rahman", taliban_title, day=BEFORE) == ("AFGREB", "title")


def test_what_the_article_calls_an_unknown_body_codes_it(gaz, rules):
    # newswh/actors/mentions.py keeps "the German newspaper Süddeutsche Zeitung" as the body's title.
    paper = [mention("Süddeutsche Zeitung", "suddeutsche_zeitung", "organization", 0, title="German newspaper")]
    assert code(gaz, rules, "suddeutsche_zeitung", "Süddeutsche Zeitung", paper) == ("DEUMED", "title")
    firm = [mention("Mossack Fonseca", "mossack_fonseca", "organization", 0, title="Panamanian firm")]
    assert code(gaz, rules, "mossack_fonseca", "Mossack Fonseca", firm) == ("PANBUS", "title")


def test_a_title_naming_its_country_wins_over_one_that_needs_the_context(gaz, rules):
    article = [
        mention("Niger", "ner", "state", 0),
        mention("Niger", "ner", "state", 10),
        mention("Lai Mohammed", "lai_mohammed", "person", 30, title="minister"),
        mention("Lai Mohammed", "lai_mohammed", "person", 60, title="Nigerian information minister"),
    ]
    assert code(gaz, rules, "lai_mohammed", "Mohammed", article) == ("NGAGOVMED", "title")
    only_context = article[:3]
    assert code(gaz, rules, "lai_mohammed", "Mohammed", only_context) == ("NERGOV", "title")
    founder = [mention("Elon Musk", "elon_musk", "person", 0, title="founder and chief")]
    assert code(gaz, rules, "elon_musk", "Musk", founder) == (None, "uncoded")


def test_a_title_serving_a_known_person_takes_that_persons_country(gaz, rules):
    # Garba Shehu's title as mentions.py reads it past "for"; Buhari is a Phoenix person of Nigeria.
    titled = [mention("Garba Shehu", "garba_shehu", "person", 0, title="spokesman for President Muhammadu Buhari")]
    swiss = [*titled, mention("Swiss", "che", "state", 60)]  # a state the sentence also names is no match
    assert code(gaz, rules, "garba_shehu", "Shehu", swiss) == ("NGAGOV", "title")
    # A lone surname may be anyone's: it gives no country.
    assert code(gaz, rules, None, "a spokesman for Buhari") == (None, "uncoded")


def test_a_town_inside_a_title_gives_its_country_when_one_country_holds_it(gaz, rules):
    slidell = mention("Slidell Police Department", "slidell_police_department", "organization", 100)
    titled = [mention("Randy Fandal", "randy_fandal", "person", 0, title="Slidell Police Chief"), slidell]
    assert code(gaz, rules, "randy_fandal", "Fandal", titled) == ("USACOP", "title")
    # Victoria is a town of several countries: the title names none
    victoria = mention("Victoria", "victoria", "location", 100)
    elsewhere = [mention("Jane Doe", "jane_doe", "person", 0, title="Victoria Police Chief"), victoria]
    assert code(gaz, rules, "jane_doe", "Doe", elsewhere) == (None, "uncoded")
    # "Young" (a town of Uruguay) is no entity the article names: a common word, no town
    young = [mention("Young men", "young_men", "organization", 0)]
    assert code(gaz, rules, None, "Young men", young) == (None, "uncoded")


def test_an_attorneys_title_is_the_judiciary_of_its_country(gaz, rules):
    # "attorney" is a title (actor_lexicon.csv) and Phoenix's JUD agent.
    titled = [mention("Jessie K. Liu", "jessie_k_liu", "person", 0, title="United States Attorney")]
    assert code(gaz, rules, "jessie_k_liu", "Liu", titled) == ("USAJUD", "title")


def test_an_unknown_person_without_a_title_stays_uncoded(gaz, rules):
    nigeria = [mention("Nigeria", "nga", "state", 0), mention("Jane Doe", "jane_doe", "person", 20)]
    assert code(gaz, rules, "jane_doe", "Jane Doe", nigeria) == (None, "uncoded")


def test_a_nationality_adjective_and_a_sector_word_code_a_description(gaz, rules):
    assert code(gaz, rules, None, "a Russian diplomat") == ("RUSGOV", "country")
    assert code(gaz, rules, None, "Russian officials") == ("RUSGOV", "country")
    assert code(gaz, rules, None, "a Russian man") == ("RUSCVL", "country")  # Phoenix PPL is CAMEO CVL


def test_an_affiliation_wins_and_a_spokesman_is_his_bodys(gaz, rules):
    assert code(gaz, rules, None, "a spokesman for the Taliban", day=BEFORE) == ("AFGREB", "affiliation")
    assert code(gaz, rules, None, "a spokesman") == (None, "uncoded")  # Phoenix would say MED


def test_a_sector_without_a_country_takes_the_sentences_state_else_the_articles(gaz, rules):
    article = [mention("Panama", "pan", "state", 0, sentence=0), mention("Germany", "deu", "state", 300, sentence=3)]
    assert code(gaz, rules, None, "the foreign minister", article, sentence=3) == ("DEUGOV", "context")
    # Sentence 5 names no state and the article names two equally often: no context country.
    assert code(gaz, rules, None, "the foreign minister", article, sentence=5) == (None, "uncoded")
    article.append(mention("Panamanian", "pan", "state", 400, sentence=4))
    assert code(gaz, rules, None, "the company", article, sentence=5) == ("PANBUS", "context")


def test_a_pronoun_takes_the_code_of_the_actor_extraction_resolved_it_to(gaz, rules):
    before = [mention("Sergey Lavrov", "sergey_lavrov", "person", 10, sentence=0)]
    assert code(gaz, rules, "sergey_lavrov", "He", before, sentence=1, trigger=100)[0] == "RUSGOV"
    assert code(gaz, rules, "rus", "it", before, sentence=1, trigger=100) == ("RUSGOV", "state")
    # A pronoun extraction left unresolved is not resolved a second time, even with Lavrov just before.
    assert code(gaz, rules, None, "He", before, sentence=1, trigger=100) == (None, "uncoded")
    assert code(gaz, rules, None, "I", before, sentence=1) == (None, "uncoded")


def test_a_definite_description_takes_the_code_of_the_nearest_actor_with_that_title(gaz, rules):
    before = [mention("Maria Zakharova", "maria_zakharova", "person", 10, sentence=0, title="spokesperson")]
    assert code(gaz, rules, None, "the spokesperson", before, sentence=1) == ("RUSGOV", "anaphor")
    assert code(gaz, rules, None, "the spokesperson", before, sentence=4) == (None, "uncoded")  # out of reach
    force = [mention("coalition security force", "coalition_mil", "igo", 10, sentence=0, method="agent")]
    assert code(gaz, rules, None, "The force", force, sentence=1) == ("IGOMIL", "anaphor")
    # Lower-case modifiers keep the head; heads of one class refer back to one another.
    assert code(gaz, rules, None, "The joint team", force, sentence=1) == ("IGOMIL", "anaphor")
    assert code(gaz, rules, None, "the second patrol", force, sentence=1) == ("IGOMIL", "anaphor")
    assert code(gaz, rules, None, "The joint team", force, sentence=4) == (None, "uncoded")  # out of reach
    assert code(gaz, rules, None, "the team", [], sentence=1) == (None, "uncoded")  # no force before it


def test_an_unattributed_agent_with_no_context_refers_back_to_the_force_before_it(gaz, rules):
    # "An Afghan-led coalition security force detained ... The security force seized ..." in a release
    # naming no state: the unattributed "security force" is the coalition force.
    force = mention("coalition security force", "coalition_mil", "igo", 10, sentence=0, method="agent")
    again = mention("security force", "agent_mil", "organization", 60, sentence=1, method="agent")
    assert code(gaz, rules, "agent_mil", "security force", [force, again], sentence=1) == ("IGOMIL", "anaphor")
    # Alone, or with only unattributed forces before it, it stays uncoded; a context country wins.
    assert code(gaz, rules, "agent_mil", "security force", [again], sentence=1) == (None, "uncoded")
    earlier = mention("security force", "agent_mil", "organization", 10, sentence=0, method="agent")
    assert code(gaz, rules, "agent_mil", "security force", [earlier, again], sentence=1) == (None, "uncoded")
    nigeria = mention("Nigeria", "nga", "state", 40, sentence=1)
    assert code(gaz, rules, "agent_mil", "security force", [force, nigeria, again], sentence=1) == (
        "NGAMIL",
        "agent_context",
    )


def test_a_body_no_dictionary_codes_has_its_known_code(gaz, rules):
    assert code(gaz, rules, "isaf", "ISAF") == ("IGOMIL", "affiliation")


def test_an_afghan_insurgent_group_named_as_an_adjective_has_its_known_code(gaz, rules):
    assert code(gaz, rules, None, "a Haqqani leader") == ("AFGREB", "affiliation")
    assert code(gaz, rules, None, "The HIG facilitator") == ("SASREB", "affiliation")
    # a person of that name is coded by his key (here unknown and untitled: uncoded), not by the words
    haqqani = mention("Sirajuddin Haqqani", "sirajuddin_haqqani", "person", 0)
    assert code(gaz, rules, "sirajuddin_haqqani", "Sirajuddin Haqqani", [haqqani]) == (None, "uncoded")


def test_code_events_codes_source_and_target_each_as_of_its_day(gaz, rules):
    events = [event("rus", "Russia", "taliban", "the Taliban"), event("rus", "Russia", "taliban", "the Taliban")]
    codes = coding.code_events(events, [], [BEFORE, AFTER], gaz, rules)
    assert [(s.code, t.code) for s, t in codes] == [("RUSGOV", "AFGREB"), ("RUSGOV", "AFGGOV")]


def test_every_code_has_the_cameo_actor_code_form(gaz, rules):
    texts = ["a Russian diplomat", "the Afghan police", "Chinese officials", "a British company", "US troops"]
    found = [coding.code_description(text, 0, AFTER, coding.article_actors([], gaz), gaz, rules).code for text in texts]
    assert None not in found
    assert all(CAMEO_ACTOR_CODE.fullmatch(value) for value in found)


def test_the_bases_are_those_the_warehouse_accepts():
    spec = yaml.safe_load((MODELS / "marts" / "fct_event_mentions.yml").read_text())
    columns = {c["name"]: c for m in spec["models"] for c in m["columns"]}
    tests = columns["source_code_basis"]["data_tests"]
    accepted = next(t["accepted_values"]["arguments"]["values"] for t in tests if isinstance(t, dict))
    assert sorted(accepted) == sorted(coding.CODE_BASES)


def test_country_cues_come_from_the_phoenix_country_blocks():
    sample = [
        "RUSSIAN_FEDERATION_  [RUS]\n",
        "+RUSSIAN\n",
        "+RU\n",
        "+GEORGIA_ # shared below\n",
        "RUSSIAN_FEDERAL_ASSEMBLY\n",
        "+DUMA\n",
        "GEORGIA_  [GEO]\n",
        "+GEORGIA_\n",
        "UNITED_STATES_OF_AMERICA_  [USA]\n",
        "+U.S. \n",
    ]
    cues = {row["cue"]: row["country_code"] for row in country_cues(sample)}
    assert cues == {"russian federation": "RUS", "russian": "RUS", "united states of america": "USA", "u.s.": "USA"}


def test_the_committed_country_cues_are_what_the_converter_writes():
    source = shared_or_skip("reference", "petrarch2", COUNTRIES_FILE)
    with source.open(encoding="utf-8", errors="replace") as handle:
        rows = country_cues(handle)
    with CUES_FILE.open(encoding="utf-8", newline="") as handle:
        committed = list(csv.DictReader(handle))
    assert committed == rows


def test_a_dateline_city_is_never_the_source_the_first_actor_after_it_is():
    # "KABUL, Afghanistan (Jan. 28) - An Afghan force captured ...": the parse took KABUL for the subject.
    mentions = [
        mention("KABUL", "kabul", "location", 0),
        mention("Afghan force", "afg_mil", "government", 34, method="agent"),
    ]
    rows = [{"reported_date_start": AFTER, "source_basis": None}]
    events = [event("kabul", "KABUL", trigger=50)]
    coding.add_codes(rows, events, mentions, report_start=31)
    assert rows[0]["source_actor_key"] == "afg_mil"
    assert (rows[0]["source_cameo_code"], rows[0]["source_basis"]) == ("AFGMIL", "after_dateline")
    untouched = [{"reported_date_start": AFTER}]
    coding.add_codes(untouched, events, mentions, report_start=0)  # no dateline: the city stays the source
    assert (untouched[0]["source_cameo_code"], untouched[0]["source_code_basis"]) == ("AFGGOV", "capital")


def test_the_datelines_state_is_the_context_when_the_sentence_names_it_or_none(gaz, rules):
    # "KABUL, Afghanistan (May 2) - ... a security force ...": the force is the dateline country's
    # when its sentence names that country among others, or no country at all.
    force = mention("security force", "agent_mil", "organization", 100, sentence=1, method="agent")
    article = [
        mention("Afghanistan", "afg", "state", 7, sentence=0),
        mention("Pakistan", "pak", "state", 60, sentence=1),
        mention("Afghanistan", "afg", "state", 80, sentence=1),
        force,
        mention("Pakistan", "pak", "state", 300, sentence=3),
        mention("Pakistan", "pak", "state", 400, sentence=4),
    ]
    for sentence, expected in ((1, "AFGMIL"), (2, "AFGMIL"), (3, "PAKMIL")):
        found = code(gaz, rules, "agent_mil", "security force", article, sentence=sentence, report_start=31)
        assert found == (expected, "agent_context"), sentence
    # Without a dateline the sentence naming two states has no context, and the article's most named wins.
    assert code(gaz, rules, "agent_mil", "security force", article, sentence=1) == (None, "uncoded")
    assert code(gaz, rules, "agent_mil", "security force", article, sentence=2) == ("PAKMIL", "agent_context")


def test_with_no_state_named_the_places_country_is_the_context(gaz, rules):
    # "Police in Cologne are investigating ...": no state is named, Cologne lies in Germany.
    police = [mention("Police", "agent_cop", "government", 0, sentence=2, method="agent")]

    def coded(places, sentence=2):
        found = coding.code_actor("agent_cop", "Police", event("agent_cop", "Police", sentence=sentence), AFTER,
                                  coding.article_actors(police, gaz, 0, places), gaz, rules)  # fmt: skip
        return found.code, found.basis

    assert coded([(2, "DEU", "cologne")]) == ("DEUCOP", "agent_context")
    assert coded([(2, "DEU", "cologne"), (2, "FRA", "paris")]) == (None, "uncoded")  # two countries: none
    assert coded([(3, "ROU", "cluj")], sentence=3) == ("ROMCOP", "agent_context")  # CAMEO's code for Romania
    # Other sentences' places count only when two places or more lie in one country and none elsewhere.
    assert coded([(0, "ROU", "cluj"), (1, "ROU", "iasi")], sentence=3) == ("ROMCOP", "agent_context")
    assert coded([(0, "ROU", "cluj"), (1, "ROU", "cluj")], sentence=3) == (None, "uncoded")
    assert coded([(0, "ROU", "cluj"), (1, "USA", "boston")], sentence=3) == (None, "uncoded")
    # A state the article names wins over the places.
    assert code(gaz, rules, "agent_cop", "Police", [*police, mention("France", "fra", "state", 50, 1)]) == (
        "FRACOP",
        "agent_context",
    )


def test_a_newspaper_named_by_its_own_name_is_media(gaz, rules):
    times = mention("Global Times", "global_times", "organization", 40, sentence=1, method="ner")
    china = mention("China", "chn", "state", 0, sentence=1)
    assert code(gaz, rules, "global_times", "the Global Times", [china, times], sentence=1) == ("CHNMED", "context")
    assert code(gaz, rules, None, "The New York Times")[0] == "USAMED"


def test_a_public_role_with_no_context_takes_the_articles_dominant_country(gaz, rules):
    # "... Vice President Yemi Osinbajo said": the story names Nigeria, the United States and France
    # once each (a tie: no most-named state), and its places lie in Nigeria three times out of four.
    vp = mention("Yemi Osinbajo", "yemi_osinbajo", "person", 100, sentence=5, title="Vice President", method="ner")
    states = [mention("Nigeria", "nga", "state", 10, 1), mention("United States", "usa", "state", 20, 2),
              mention("France", "fra", "state", 30, 2)]  # fmt: skip
    places = [(0, "NGA", "abuja"), (3, "NGA", "chibok"), (4, "NGA", "borno"), (6, "USA", "new_york")]

    def coded(key, text, mentions, places, sentence=5):
        found = coding.code_actor(key, text, event(key, text, sentence=sentence), AFTER,
                                  coding.article_actors(mentions, gaz, 0, places), gaz, rules)  # fmt: skip
        return found.code, found.basis

    assert coded("yemi_osinbajo", "Yemi Osinbajo", [*states, vp], places) == ("NGAGOV", "dominant_country")
    assert coded(None, "the government", states, places) == ("NGAGOV", "dominant_country")
    # No majority: the United States holds 3 of 6 pieces of evidence, not more than half.
    even = [*places[:1], (6, "USA", "new_york"), (7, "USA", "boston")]
    assert coded(None, "the government", states, even) == (None, "uncoded")
    # Not a public role: a company, a civilian take no country from the story's setting.
    assert coded(None, "the firm", states, places) == (None, "uncoded")
    assert coded(None, "a man", states, places) == (None, "uncoded")
    # Nor a military force, which acts abroad as often as at home.
    military = mention("the military", "agent_mil", "organization", 120, sentence=5, method="agent")
    assert coded("agent_mil", "the military", [*states, military], places) == (None, "uncoded")
    # A name no dictionary knows may be another state's: "Trump Administration" is no Nigerian body.
    assert coded(None, "Trump Administration", states, places) == (None, "uncoded")
    # A sentence naming two states is ambiguous, not uninformed: it keeps no code.
    assert coded(None, "the government", states, places, sentence=2) == (None, "uncoded")


def test_the_known_non_state_actors_of_a_story_count_towards_its_dominant_country(gaz, rules):
    # A story on Boko Haram (a Nigerian group the dictionaries know) names the United States, Britain
    # and France, and its places lie in London and New York (twice): the actors tip the evidence to Nigeria.
    vp = mention("Yemi Osinbajo", "yemi_osinbajo", "person", 100, sentence=5, title="Vice President", method="ner")
    named = [mention("Nigeria", "nga", "state", 10, 1), mention("United States", "usa", "state", 20, 2),
             mention("France", "fra", "state", 30, 2)]  # fmt: skip
    boko = [mention("Boko Haram", "boko_haram", "organization", 200 + 20 * i, 6 + i) for i in range(5)]
    places = [(0, "GBR", "london"), (3, "USA", "new_york"), (4, "USA", "new_york")]

    def coded(key, text, mentions, sentence=5):
        found = coding.code_actor(key, text, event(key, text, sentence=sentence), AFTER,
                                  coding.article_actors(mentions, gaz, 0, places), gaz, rules)  # fmt: skip
        return found.code, found.basis

    assert coded("yemi_osinbajo", "Yemi Osinbajo", [*named, vp]) == (None, "uncoded")
    assert coded("yemi_osinbajo", "Yemi Osinbajo", [*named, vp, *boko]) == ("NGAGOV", "dominant_country")
    # A body counts only by its own name: an alias met in free text ("Falcon", the rocket, is the
    # alias of an Iranian group in Phoenix) is no evidence.
    falcon = [mention("Falcon", "shahin", "organization", 200 + 20 * i, 6 + i) for i in range(5)]
    assert coded("yemi_osinbajo", "Yemi Osinbajo", [*named, vp, *falcon]) == (None, "uncoded")
    # "his lawyer" is someone's own agent: no public body of the story's country.
    assert coded(None, "the authorities", [*named, *boko]) == ("NGAGOV", "dominant_country")
    assert coded(None, "his lawyer", [*named, *boko]) == (None, "uncoded")


def test_a_company_head_is_business_of_the_context_country(gaz, rules):
    # "Elon Musk, the founder and chief executive of SpaceX" in a story naming only the United States.
    musk = mention("Elon Musk", "elon_musk", "person", 40, sentence=1, title="founder and chief executive")
    usa = mention("United States", "usa", "state", 0, sentence=0)
    assert code(gaz, rules, "elon_musk", "Elon Musk", [usa, musk], sentence=1) == ("USABUS", "title")
    assert code(gaz, rules, None, "the chief executive officer", [usa], sentence=1) == ("USABUS", "context")
    # "founder" alone names no sector.
    founder = mention("Elon Musk", "elon_musk", "person", 40, sentence=1, title="founder")
    assert code(gaz, rules, "elon_musk", "Elon Musk", [usa, founder], sentence=1) == (None, "uncoded")


def test_an_antecedent_is_coded_in_the_context_of_its_own_sentence(gaz, rules):
    # "In Nigeria, a security force detained ... The security force [the force] went on to a town
    # the sentence places in Chad and Niger": the force is the one coded where it was named.
    nigeria = mention("Nigeria", "nga", "state", 0, sentence=0)
    first = mention("security force", "agent_mil", "organization", 20, sentence=0, method="agent")
    chad, niger = mention("Chad", "tcd", "state", 40, sentence=1), mention("Niger", "ner", "state", 50, sentence=1)
    again = mention("security force", "agent_mil", "organization", 60, sentence=1, method="agent")
    article = [nigeria, first, chad, niger, again]
    assert code(gaz, rules, "agent_mil", "security force", article, sentence=1) == ("NGAMIL", "anaphor")
    assert code(gaz, rules, None, "The force", article, sentence=1) == ("NGAMIL", "anaphor")
    # an earlier force that its own sentence does not code either codes nothing
    assert code(gaz, rules, "agent_mil", "security force", [first, chad, niger, again], sentence=1) == (None, "uncoded")

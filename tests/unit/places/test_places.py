"""Place mentions and event locations on invented sentences: gazetteer, ambiguity in context, fallbacks."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest

from newswh import config
from newswh.places import (
    event_locator,
    extract_place_mentions,
    fold,
    load_gazetteer,
    resolve_dateline,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def _places(nlp, text, dateline=None):
    return {m.text: m for m in extract_place_mentions(nlp(text), dateline) if m.place is not None}


def test_fold_ignores_accents_case_hyphens_and_apostrophes():
    assert fold("Mazār-e Sharīf") == fold("mazar e sharif") == "mazar e sharif"
    assert fold("the Hague") == "hague"


def test_the_seed_has_every_afghan_province_once_with_a_geonames_admin1_code():
    with (config.reference_dir() / "places.csv").open(encoding="utf-8") as handle:
        provinces = [
            row for row in csv.DictReader(handle) if row["feature_code"] == "ADM1" and row["country_code"] == "AF"
        ]
    assert len(provinces) == 34
    assert len({row["admin1_code"] for row in provinces}) == 34


def test_seed_admin1_codes_agree_with_geonames_cities(gazetteer):
    """Each Afghan province's code is the one GeoNames gives the province's cities (Lashkar Gah -> Helmand)."""
    for city, province in [
        ("Lashkar Gah", "Helmand"),
        ("Jalalabad", "Nangarhar"),
        ("Gardez", "Paktia"),
        ("Asadabad", "Kunar"),
    ]:
        code = next(p.admin1_code for p in gazetteer.lookup(city) if p.kind == "city" and p.country_code == "AF")
        assert gazetteer.admin1_names[code] == province


@pytest.mark.parametrize("spelling", ["Hilmand", "Nangrahar", "Paktiya", "Paktya", "Konar", "Oruzgan"])
def test_alternate_province_spellings_resolve(gazetteer, spelling):
    assert [p.kind for p in gazetteer.lookup(spelling)] == ["admin1"]


def test_tunxi_is_huangshan_in_anhui(gazetteer):
    (place,) = gazetteer.lookup("Tunxi")
    assert (place.name, place.country_code, gazetteer.admin1_names[place.admin1_code]) == ("Huangshan", "CN", "Anhui")


@pytest.fixture(scope="module")
def pipeline_nlp():
    """The pipeline extraction runs (with the actor ruler, which resolves "Georgia" to the state)."""
    from newswh.extract import build_nlp

    return build_nlp()


@pytest.mark.parametrize("nlp_name", ["nlp", "pipeline_nlp"])
def test_georgia_is_the_country_unless_the_article_is_in_the_us(request, nlp_name):
    nlp = request.getfixturevalue(nlp_name)
    alone = _places(nlp, "The minister flew to Georgia and then to the United States for talks.")
    assert alone["Georgia"].place.kind == "country"
    american = _places(nlp, "The governor of Georgia met reporters in Atlanta and Savannah on Monday.")
    assert (american["Georgia"].place.kind, american["Georgia"].place.admin1_code) == ("admin1", "US.GA")


def test_a_person_named_jordan_is_not_a_place(nlp):
    mentions = extract_place_mentions(nlp("Michael Jordan said the trip to Jordan was a success."))
    jordans = [m for m in mentions if m.text == "Jordan"]
    assert [m.place.kind for m in jordans] == ["country"]
    assert all(m.start > 10 for m in jordans)


def test_kandahar_province_and_kandahar_city(nlp):
    text = "Fighting was reported in Kandahar province on Monday. Officials in Kandahar said the roads were closed."
    mentions = [m for m in extract_place_mentions(nlp(text)) if m.text == "Kandahar"]
    assert [(m.place.kind, m.place.admin1_code) for m in mentions] == [("admin1", "AF.23"), ("city", "AF.23")]
    assert mentions[0].designator == "province"


def test_a_list_with_a_plural_designator_names_every_province(nlp):
    mentions = _places(nlp, "Operations continued in Kandahar and Helmand provinces last week.")
    assert {mentions[name].place.admin1_code for name in ("Kandahar", "Helmand")} == {"AF.23", "AF.10"}


def test_district_names_shared_by_two_provinces_follow_the_article(nlp):
    zabul = _places(nlp, "Police patrolled the Arghandab district of Zabul after the attack in Qalat district.")
    assert zabul["Arghandab"].place.admin1_code == "AF.28"
    kandahar = _places(nlp, "Police patrolled Arghandab district near Zhari district, west of the city.")
    assert kandahar["Arghandab"].place.admin1_code == "AF.23"


def test_moscow_stays_russian_beside_american_places(nlp):
    places = _places(nlp, "Officials in Washington and New York criticised the decision taken in Moscow.")
    assert places["Moscow"].place.country_code == "RU"


@dataclass
class _Event:
    sentence_start: int
    sentence_end: int
    trigger_start: int
    location: str | None = None


def _locate(nlp, gazetteer, text, trigger_word, location=None, dateline=None):
    doc = nlp(text)
    trigger = text.index(trigger_word)
    sentence = next(s for s in doc.sents if s.start_char <= trigger < s.end_char)
    event = _Event(sentence.start_char, sentence.end_char, trigger, location)
    mentions = extract_place_mentions(doc, dateline, gazetteer)
    return event_locator(text, mentions, dateline, gazetteer)(event)


def test_event_location_falls_back_from_predicate_to_sentence_paragraph_and_dateline(nlp, gazetteer):
    text = (
        "Envoys met in Doha on Monday, far from Kabul.\n"
        "The talks in Nangarhar province went on.\n"
        "Later the envoys signed an agreement.\n"
        "\n"
        "Nobody objected."
    )
    predicate = _locate(nlp, gazetteer, text, "met", location="Doha")
    assert (predicate["location_name"], predicate["location_basis"]) == ("Doha", "predicate")
    sentence = _locate(nlp, gazetteer, text, "talks")
    assert (sentence["location_admin1"], sentence["location_country_code"], sentence["location_basis"]) == (
        "Nangarhar",
        "AFG",
        "sentence",
    )
    carried = _locate(nlp, gazetteer, text, "signed")
    assert (carried["location_admin1"], carried["location_basis"]) == ("Nangarhar", "previous_paragraph")
    kabul = resolve_dateline("KABUL", gazetteer)
    dated = _locate(nlp, gazetteer, text, "objected", dateline=kabul)
    assert (dated["location_name"], dated["location_basis"]) == ("Kabul", "dateline")
    assert -90 <= dated["latitude"] <= 90 and -180 <= dated["longitude"] <= 180
    assert _locate(nlp, gazetteer, text, "objected")["location_basis"] == "none"


def test_a_dateline_city_is_where_the_report_was_filed_not_the_scene(nlp, gazetteer):
    text = (
        "HERAT, Afghanistan (March 3, 2012) - Police arrested two men on Sunday.\nThe men were taken to Farah province."
    )
    located = _locate(nlp, gazetteer, text, "arrested")
    assert (located["location_name"], located["location_basis"]) == ("Herāt", "dateline")
    scene = _locate(nlp, gazetteer, text, "taken")
    assert (scene["location_admin1"], scene["location_basis"]) == ("Farah", "sentence")


def test_a_city_opening_an_ordinary_sentence_is_no_dateline(nlp, gazetteer):
    text = "Moscow, which hosted the talks, said little.\nIt welcomed the envoys."
    located = _locate(nlp, gazetteer, text, "welcomed")
    assert (located["location_name"], located["location_basis"]) == ("Moscow", "previous_paragraph")


def test_a_province_word_inside_an_organization_name_is_no_place():
    from newswh.extract import build_nlp

    doc = build_nlp()("Fighters of the Islamic State Khorasan Province attacked a school.")
    assert [e.label_ for e in doc.ents if "Khorasan" in e.text] == ["ORG"]
    assert [m for m in extract_place_mentions(doc) if m.place is not None] == []


def test_a_designator_of_another_kind_rules_a_candidate_out(nlp):
    """GeoNames knows a town Horasan; "Khorasan Province" is not it."""
    mentions = extract_place_mentions(nlp("Militants from Khorasan Province crossed the border."))
    assert [m.place for m in mentions if m.text == "Khorasan"] == [None]


def test_a_dateline_resolves_to_a_city_of_the_country_it_names(gazetteer):
    assert resolve_dateline("KABUL, Afghanistan", gazetteer).country_code == "AF"
    assert resolve_dateline("MOSCOW", gazetteer).country_code == "RU"
    assert resolve_dateline(None, gazetteer) is None


def test_a_district_written_before_its_province_lies_in_it(nlp, gazetteer):
    """ "X district, Y province": X keeps only its candidates in Y; with none left (GeoNames' only Ghaziabad
    is in India) it stays unresolved and the event falls to the province the text states."""
    text = "Troops killed two fighters in Ghaziabad district, Kunar province, on Monday."
    places = {m.text: m for m in extract_place_mentions(nlp(text))}
    assert places["Ghaziabad"].place is None
    located = _locate(nlp, gazetteer, text, "killed")
    assert (located["location_admin1"], located["location_country_code"]) == ("Kunar", "AFG")


def test_a_stated_province_overrides_the_article_s_other_votes(nlp):
    text = "Fighting in Kandahar city and Zhari district spread to Arghandab district, Zabul province."
    assert _places(nlp, text)["Arghandab"].place.admin1_code == "AF.28"


def test_a_city_written_before_its_state_lies_in_that_state(nlp):
    places = _places(nlp, "The delegation visited the city of Moscow, Idaho, last week.")
    assert (places["Moscow"].place.country_code, places["Moscow"].place.admin1_code) == ("US", "US.ID")


def test_only_opener_words_are_dropped_from_the_front_of_a_name(nlp):
    """ "In Helmand province" and "Afghanistan's Helmand province" are Helmand; an unknown "Badr Ser district"
    is not the Greek town Ser."""
    assert _places(nlp, "In Helmand province, police opened a new post.")["Helmand"].place.admin1_code == "AF.10"
    assert (
        _places(nlp, "Police opened a post in Afghanistan's Helmand province.")["Helmand"].place.admin1_code == "AF.10"
    )
    mentions = extract_place_mentions(nlp("Police opened a new post in Badr Ser district on Monday."))
    assert [m.place for m in mentions if m.text.endswith("Ser") and m.place is not None] == []


@pytest.mark.parametrize("quote", ["\u2018", "'", "\u2019"])
def test_a_name_word_may_open_with_an_ayn_quote(nlp, quote):
    places = _places(nlp, f"A patrol detained a man in Nad {quote}Ali district on Monday.")
    (mention,) = [m for m in places.values() if m.designator == "district"]
    assert (mention.place.name, mention.place.admin1_code) == ("Nad Ali", "AF.10")


def test_every_gazetteer_place_has_coordinates_in_range_and_its_admin1_in_its_country(gazetteer):
    """What the dbt tests check on the marts, checked at the source for every place (seed included)."""
    places = {p for found in gazetteer.by_name.values() for p in found}
    assert len(places) > 20_000
    out_of_range = [p for p in places if not (-90 <= p.latitude <= 90 and -180 <= p.longitude <= 180)]
    assert out_of_range == []
    foreign_admin1 = [p for p in places if p.admin1_code and p.admin1_code.split(".")[0] != p.country_code]
    assert foreign_admin1 == []


def test_each_location_basis_arises_and_is_one_dbt_accepts(nlp, gazetteer):
    """Every basis the locator gives, produced here, is exactly the set the marts' accepted_values test holds."""
    import yaml

    text = "Envoys met in Doha on Monday.\nThe talks in Nangarhar province went on. Later the envoys signed it.\nNobody objected.\n\nAll left."
    kabul = resolve_dateline("KABUL", gazetteer)
    bases = {
        _locate(nlp, gazetteer, text, "met", location="Doha")["location_basis"],
        _locate(nlp, gazetteer, text, "talks")["location_basis"],
        _locate(nlp, gazetteer, text, "signed")["location_basis"],
        _locate(nlp, gazetteer, text, "objected")["location_basis"],
        _locate(nlp, gazetteer, text, "left", dateline=kabul)["location_basis"],
        _locate(nlp, gazetteer, text, "left")["location_basis"],
    }
    marts = config.PROJECT_ROOT / "dbt_project" / "models" / "marts"
    for model in ("fct_events", "fct_event_mentions"):
        spec = yaml.safe_load((marts / f"{model}.yml").read_text(encoding="utf-8"))
        (column,) = [c for m in spec["models"] for c in m["columns"] if c["name"] == "location_basis"]
        (accepted,) = [
            t["accepted_values"]["arguments"]["values"] for t in column["data_tests"] if "accepted_values" in t
        ]
        assert bases == set(accepted)

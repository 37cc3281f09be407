"""Behaviour of actor recognition and resolution: the model's confusions on these articles,
titles, surname linking, collective references, cross-article joins and the seed CSVs."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pycountry
import pytest

from newswh.actors import load_gazetteer, normalize_name
from newswh.actors.mentions import (
    FUZZY_THRESHOLD,
    RULER_NAME,
    add_actor_components,
    choose_threshold,
    extract_actor_mentions,
    name_similarity,
    resolve_actors,
)
from newswh.ingest import clean_document
from newswh.nlp import load_nlp
from newswh.records import ACTOR_TYPES, ActorMention

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
REF = ROOT / "seeds" / "reference"
SEED_ARTICLES = sorted((ROOT / "seeds" / "articles").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return add_actor_components(load_nlp())


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(None)


def mentions_of(nlp, text: str) -> list[ActorMention]:
    return extract_actor_mentions(nlp(text))


def find(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    return [m for m in mentions if m.text == text]


def read_csv(name: str) -> list[dict[str, str]]:
    with (REF / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- pipeline


def test_add_actor_components_is_idempotent(nlp):
    names = list(nlp.pipe_names)
    assert add_actor_components(nlp) is nlp
    assert nlp.pipe_names == names
    assert names.count(RULER_NAME) == 1
    assert names.index(RULER_NAME) == names.index("ner") + 1


def test_ruler_overrides_the_model(nlp):
    text = "In November, Muttaqi met with Afghan embassy staff in Doha."
    with nlp.select_pipes(disable=[RULER_NAME]):
        model_only = {e.text: e.label_ for e in nlp(text).ents}
    ents = {e.text: (e.label_, e.kb_id_) for e in nlp(text).ents}
    assert model_only.get("Muttaqi") != "PERSON"  # the confusion this ruler exists for
    assert ents["Muttaqi"] == ("PERSON", "amir_khan_muttaqi")


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


# --------------------------------------------------------------------------- across articles


def _person(text: str, key: str) -> ActorMention:
    return ActorMention(0, len(text), text, key, text, "person", "PERSON", "ner")


def test_transliteration_variants_merge_across_articles():
    # The spelling seen more often becomes the actor; the other joins it as a fuzzy alias.
    articles = {"a": [_person("Dmitry Peskov", "dmitry_peskov")] * 2, "b": [_person("Dmitri Peskov", "dmitri_peskov")]}
    resolution = resolve_actors(articles)
    keys = {m.actor_key for ms in resolution.mentions.values() for m in ms}
    assert keys == {"dmitry_peskov"}
    (variant,) = [a for a in resolution.aliases if a.alias == "Dmitri Peskov"]
    assert variant.method.startswith("fuzzy:") and float(variant.method.split(":")[1]) >= FUZZY_THRESHOLD


def test_misspelt_name_joins_seed_actor_by_fuzzy_match():
    resolution = resolve_actors({"a": [_person("Inammullah Samangani", "inammullah_samangani")]})
    (mention,) = resolution.mentions["a"]
    assert mention.actor_key == "inamullah_samangani"
    assert mention.canonical_name == "Inamullah Samangani"
    assert next(a.method for a in resolution.aliases).startswith("fuzzy:")


def test_seed_transliteration_is_recorded_as_seed_alias(nlp):
    mentions = mentions_of(nlp, "Russian Foreign Minister Sergei Lavrov met the delegation.")
    resolution = resolve_actors({"a": mentions})
    (alias,) = [a for a in resolution.aliases if a.alias == "Sergei Lavrov"]
    assert (alias.actor_key, alias.alias_kind, alias.method) == ("sergey_lavrov", "transliteration", "seed")


def test_different_people_and_places_do_not_merge():
    mentions = [
        _person("Zabihullah Mujaddidi", "zabihullah_mujaddidi"),
        ActorMention(0, 5, "Ghana", "ghana_town", "Ghana", "location", "GPE", "ner"),
    ]
    resolution = resolve_actors({"a": mentions})
    # Mujaddidi is not Mujahid (89.5 < threshold); "Ghana" is the state, not Ashraf Ghani.
    assert [m.actor_key for m in resolution.mentions["a"]] == ["zabihullah_mujaddidi", "gha"]
    assert resolution.mentions["a"][1].actor_type == "state"


def test_unknown_entity_gets_deterministic_key_and_type(nlp):
    text = "Ronald Neumann is the president of the American Academy of Diplomacy."
    first = resolve_actors({"a": mentions_of(nlp, text)})
    second = resolve_actors({"a": mentions_of(nlp, text)})
    assert first == second
    (academy,) = [a for a in first.actors if a.actor_key == "american_academy_of_diplomacy"]
    assert academy.actor_type == "organization" and academy.source == "ner"


def test_surname_joins_across_articles():
    resolution = resolve_actors(
        {"a": [_person("Peter Hoffmann", "peter_hoffmann")], "b": [_person("Hoffmann", "hoffmann")]}
    )
    assert resolution.mentions["b"][0].actor_key == "peter_hoffmann"
    assert resolution.mentions["b"][0].method == "surname"


def name_pairs() -> list[tuple[str, str, bool]]:
    with (ROOT / "tests" / "fixtures" / "actor_name_pairs.csv").open(encoding="utf-8") as handle:
        return [(r["name_a"], r["name_b"], r["same"] == "1") for r in csv.DictReader(handle)]


def two_folds(pairs):
    """Deterministic stratified halves: alternate same and different pairs in file order."""
    same = [p for p in pairs if p[2]]
    different = [p for p in pairs if not p[2]]
    first = same[0::2] + different[0::2]
    second = same[1::2] + different[1::2]
    return [(first, second), (second, first)]


def errors_at(cut: float, pairs) -> tuple[int, int]:
    """(false positives, false negatives) of joining names whose similarity reaches `cut`."""
    false_pos = sum(name_similarity(a, b) >= cut and not same for a, b, same in pairs)
    false_neg = sum(name_similarity(a, b) < cut and same for a, b, same in pairs)
    return false_pos, false_neg


@pytest.mark.parametrize("fold", [0, 1])
def test_a_threshold_tuned_on_half_the_pairs_holds_on_the_other_half(fold):
    tune, held_out = two_folds(name_pairs())[fold]
    threshold = choose_threshold(tune).threshold
    false_pos, false_neg = errors_at(threshold, held_out)
    # Measured: 0+1 and 1+1 errors of 25-26 held-out pairs (the cut falls between Mujaddidi at
    # 89.5 and Uzbekestan at 90.0; Al Jazira at 84.2 is under any cut that keeps Austria apart).
    assert false_pos <= 1 and false_pos + false_neg <= 2, (threshold, false_pos, false_neg)


def test_the_shipped_threshold_separates_known_pairs():
    for a, b in [
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Inammullah Samangani", "Inamullah Samangani"),
        ("Kaula Lumpur", "Kuala Lumpur"),
        ("Ryadh", "Riyadh"),
    ]:
        assert name_similarity(a, b) >= FUZZY_THRESHOLD
    for a, b in [
        ("Iran", "Iraq"),
        ("Austria", "Australia"),
        ("Sudan", "South Sudan"),
        ("Niger", "Nigeria"),
        ("Ghani", "Ghana"),
    ]:
        assert name_similarity(a, b) < FUZZY_THRESHOLD


# --------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("cleaned", [True, False], ids=["cleaned", "raw"])
def test_no_actor_is_page_furniture(nlp, gaz, cleaned):
    furniture = gaz.terms("furniture") | gaz.terms("non_actor")
    texts = [p.read_text(encoding="utf-8") for p in SEED_ARTICLES]
    if cleaned:
        texts = [clean_document(t).body_text for t in texts]
    mentions = {str(i): extract_actor_mentions(doc) for i, doc in enumerate(nlp.pipe(texts))}
    actors = resolve_actors(mentions).actors
    assert actors
    bad = [
        a.canonical_name
        for a in actors
        if normalize_name(a.canonical_name) in furniture or "file" in normalize_name(a.canonical_name).split()
    ]
    assert bad == []


def test_seed_articles_confusions(nlp):
    body = clean_document(
        (ROOT / "seeds" / "articles" / "004_bdf7fa24aa310f30.txt").read_text(encoding="utf-8")
    ).body_text
    mentions = extract_actor_mentions(nlp(body))
    by_text = {}
    for m in mentions:
        by_text.setdefault(m.text, set()).add((m.label, m.actor_key))
    assert by_text["Neumann"] == {("PERSON", "ronald_neumann")}
    assert by_text["Zakharova"] == {("PERSON", "maria_zakharova")}
    assert by_text["Muttaqi"] == {("PERSON", "amir_khan_muttaqi")}
    assert by_text["Gharwal"] == {("PERSON", "jamal_nasir_gharwal")}
    assert by_text["Kaula Lumpur"] == {("GPE", "kuala_lumpur")}
    assert by_text["Ryadh"] == {("GPE", "riyadh")}


def test_seed_lists_every_required_actor(gaz):
    required = [
        "rus",
        "afg",
        "taliban",
        "usa",
        "chn",
        "pak",
        "irn",
        "tkm",
        "tjk",
        "uzb",
        "qat",
        "mys",
        "sau",
        "un",
        "un_security_council",
        "nato",
        "csto",
        "iskp",
        "sergey_lavrov",
        "maria_zakharova",
        "zabihullah_mujahid",
        "inamullah_samangani",
        "amir_khan_muttaqi",
        "dmitry_zhirnov",
        "jamal_nasir_gharwal",
        "abdul_qahar_balkhi",
        "suhail_shaheen",
        "ronald_neumann",
        "abdul_qayyum_sulaimani",
        "mohammad_zahir_aghbar",
        "vladimir_putin",
        "zamir_kabulov",
        "wang_yi",
        "ashraf_ghani",
        "russian_foreign_ministry",
        "taliban_foreign_ministry",
        "us_state_department",
        "voa",
        "tass",
        "tolonews",
        "al_jazeera",
        "khaama_press",
        "mina",
        "kommersant",
        "associated_press",
        "kabul",
        "moscow",
        "doha",
        "tehran",
        "kuala_lumpur",
        "riyadh",
        "termez",
        "tunxi",
        "washington",
        "new_york",
        "los_angeles",
    ]
    seed_keys = {row["actor_key"] for row in read_csv("actors.csv")}
    assert [k for k in required if k not in seed_keys] == []
    for alias in [
        "Islamic Emirate",
        "Islamic Emirates",
        "Islamic Emirate of Afghanistan",
        "VOA",
        "Kaula Lumpur",
        "Ryadh",
    ]:
        assert normalize_name(alias) in gaz.alias_index


def test_seed_csvs_are_consistent():
    actors = read_csv("actors.csv")
    keys = [row["actor_key"] for row in actors]
    assert len(keys) == len(set(keys))
    for row in actors:
        assert row["actor_type"] in ACTOR_TYPES, row
        assert not row["country_code"] or pycountry.countries.get(alpha_3=row["country_code"]), row
    for row in read_csv("actor_aliases.csv"):
        assert row["actor_key"] in keys, row
    for row in read_csv("actor_roles.csv"):
        assert row["actor_key"] in keys, row


def test_roles_do_not_overlap_and_taliban_changes_on_takeover(gaz):
    by_actor: dict[str, list] = {}
    for role in gaz.roles:
        by_actor.setdefault(role.actor_key, []).append(role)
    for roles in by_actor.values():
        for earlier, later in itertools.pairwise(roles):
            assert earlier.valid_to is not None and earlier.valid_to < later.valid_from, (earlier, later)
    assert gaz.cameo_code_at("taliban", date(2021, 8, 14)) == "AFGREB"
    assert gaz.cameo_code_at("taliban", date(2021, 8, 15)) == "AFGGOV"
    assert gaz.cameo_code_at("taliban", None) == "TAL"
    assert gaz.role_at("amir_khan_muttaqi", date(2021, 9, 6)) is None
    assert gaz.role_at("amir_khan_muttaqi", date(2021, 9, 7)) is not None


def test_cameo_tables_are_clean():
    countries = {row["cameo_code"]: row for row in read_csv("cameo_countries.csv")}
    assert countries["COL"]["label"] == "Colombia" and countries["ROM"]["iso_alpha3"] == "ROU"
    assert "SSD" in countries
    types = [row["cameo_code"] for row in read_csv("cameo_actor_types.csv")]
    assert len(types) == len(set(types))
    groups = {row["cameo_code"]: row for row in read_csv("cameo_known_groups.csv")}
    assert groups["TAL"]["name"] == "Taliban" and "?" not in groups["KID"]["label"]

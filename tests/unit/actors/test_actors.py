"""The actor seed CSVs and the seed articles: every required actor, consistent tables, no page
furniture taken for an actor."""

from __future__ import annotations

import itertools
from datetime import date

import pycountry
import pytest

from newswh.actors import normalize_name
from newswh.actors.mentions import extract_actor_mentions
from newswh.actors.resolution import resolve_actors
from newswh.ingest import clean_document
from newswh.records import ACTOR_TYPES
from tests.unit.actors.actorkit import ROOT, SEED_ARTICLES, read_csv

pytestmark = pytest.mark.unit


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

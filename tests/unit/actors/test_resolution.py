"""Actors across articles: transliterations, misspellings, surnames and the measured fuzzy threshold."""

from __future__ import annotations

import csv

import pytest

from newswh.actors.resolution import FUZZY_THRESHOLD, choose_threshold, name_similarity, resolve_actors
from newswh.records import ActorMention
from tests.unit.actors.actorkit import ROOT, mentions_of

pytestmark = pytest.mark.unit


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


def tuning_and_held_out_pairs():
    """The shipped threshold's tuning half and the half it never saw (fold 0 of `two_folds`)."""
    return two_folds(name_pairs())[0]


def test_the_shipped_threshold_is_the_one_tuned_on_the_tuning_half():
    tune, _held_out = tuning_and_held_out_pairs()
    assert choose_threshold(tune).threshold == FUZZY_THRESHOLD


def test_the_shipped_threshold_separates_pairs_it_was_not_tuned_on():
    tune, held_out = tuning_and_held_out_pairs()
    assert not {(a, b) for a, b, _ in tune} & {(a, b) for a, b, _ in held_out}
    false_pos, false_neg = errors_at(FUZZY_THRESHOLD, held_out)
    # Measured on the 25 held-out pairs: no false join, one miss (Uzbekistan/Uzbekestan, 90.0).
    assert false_pos == 0 and false_neg <= 1, (false_pos, false_neg)


def test_resolution_words_are_read_from_the_resource_file():
    from newswh.actors.resolution import acronym_of, load_resolution_words

    # resources/resolution.yaml's examples
    assert acronym_of("North Atlantic Treaty Organization") == "NATO"
    assert acronym_of("Islamic Emirate of Afghanistan") == "IEA"
    compatible = load_resolution_words().compatible_types
    assert compatible["location"] == {"state", "location"} and compatible["government"] >= {"organization", "media"}
    assert compatible["person"] == {"person"}

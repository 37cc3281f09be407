"""Test support for the actor tests: the seed folders, mention lookup and seed CSV reading."""

from __future__ import annotations

import csv
from pathlib import Path

from newswh.actors import extract_actor_mentions
from newswh.records import ActorMention

ROOT = Path(__file__).resolve().parents[3]
REF = ROOT / "seeds" / "reference"
SEED_ARTICLES = sorted((ROOT / "seeds" / "articles").glob("*.txt"))


def mentions_of(nlp, text: str) -> list[ActorMention]:
    return extract_actor_mentions(nlp(text))


def find(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    return [m for m in mentions if m.text == text]


def read_csv(name: str) -> list[dict[str, str]]:
    with (REF / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))

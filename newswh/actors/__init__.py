"""Actors: who is named in an article, and which real actor each name stands for.

This package owns the gazetteer (curated seed, countries, capitals, CAMEO lists:
`gazetteer`), the spaCy components and rules that find actor mentions, and the
resolution of aliases, transliterations and misspellings across articles (`mentions`).
"""

from newswh.actors.gazetteer import Gazetteer, load_gazetteer, normalize_name, slugify
from newswh.actors.mentions import add_actor_components, extract_actor_mentions, resolve_actors

__all__ = [
    "Gazetteer",
    "add_actor_components",
    "extract_actor_mentions",
    "load_gazetteer",
    "normalize_name",
    "resolve_actors",
    "slugify",
]

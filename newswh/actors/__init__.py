"""Actors: who is named in an article, and which real actor each name stands for.

This package owns the gazetteer (curated seed, countries, capitals, CAMEO lists:
`gazetteer`), the spaCy entity ruler that finds actor names (`ruler`), the actor mentions
of one article with titles, surnames and collective references (`mentions`), and the
resolution of aliases, transliterations and misspellings across articles (`resolution`).
"""

from newswh.actors.gazetteer import Gazetteer, load_gazetteer, normalize_name, slugify
from newswh.actors.mentions import extract_actor_mentions
from newswh.actors.resolution import resolve_actors
from newswh.actors.ruler import add_actor_components

__all__ = [
    "Gazetteer",
    "add_actor_components",
    "extract_actor_mentions",
    "load_gazetteer",
    "normalize_name",
    "resolve_actors",
    "slugify",
]

"""The incremental dbt models whose rows are rebuilt per article (dbt_project/macros/mart_changes.sql).

Kept out of `raw.py`, which extraction's digest reads (`extraction_key`): which marts are marked is
dbt's business, and a change to it must not extract every article again.
"""

from __future__ import annotations

# Ingest, actor resolution (which also marks what a new extraction changed), consolidation and text
# reuse mark them all alike, a few articles more than each needs. int_event_mentions hands its
# marks on to the marts that read it, in its own build. dim_articles reads what ingest (the article)
# and extraction (its document date) wrote: ingest marks the first, actor resolution the second.
ARTICLE_MARTS = ("int_event_mentions", "fct_quotes", "fct_time_expressions", "dim_articles")

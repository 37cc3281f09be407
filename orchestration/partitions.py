"""The corpus is partitioned by batch: a file, or up to NEWSWH_BATCH_ARTICLES records of one.

A single-article file's partition key is its article id; see `newswh.store.batches`.
"""

import dagster as dg

from newswh.ingest import discover
from newswh.store import article_batches, articles_of

article_batch_partitions = dg.DynamicPartitionsDefinition(name="article_batches")


def corpus_batches(articles_dir) -> tuple[dict, dict[str, tuple[str, ...]]]:
    """The corpus as it is on disk now: article id -> record, and batch key -> article ids."""
    records = discover(articles_dir)
    return {record.article_id: record for record in records}, article_batches(records)


def requested_articles(context: dg.AssetExecutionContext, batches: dict[str, tuple[str, ...]]):
    """The article ids of this run's partitions; whether the run covers every registered batch."""
    keys = list(context.partition_keys)
    article_ids, missing = articles_of(keys, batches)
    if missing:
        context.log.warning(f"{len(missing)} partitions are no longer in the corpus: {missing[:5]}")
    registered = set(context.instance.get_dynamic_partitions(article_batch_partitions.name))
    return article_ids, set(keys) >= registered

import dagster as dg

# One partition per article, keyed by its stable article id (see newswh.ingest.discover.article_id_for).
article_partitions = dg.DynamicPartitionsDefinition(name="articles")

"""Store: the warehouse's raw layer, the pipeline steps that fill it, and read-only queries.

This package owns the raw tables Python writes and dbt reads as sources (`raw`), the
orchestrator-free pipeline steps over a warehouse connection (`pipeline`), the steps that
need every article at once (`crossarticle`), the batches the corpus is partitioned by
(`batches`), and `newswh query` (`query`).
"""

"""Thin Dagster layer over the pure `newswh` core."""

"""Warehouse group: the dbt project, with dbt tests surfacing as Dagster asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb as duckdb_lib
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.metadata import markdown_preview
from orchestration.resources import dbt_project

PREVIEW_ROWS = 5


# The warehouse is built once per extraction: its entry points (seeds and staging models) wait
# for the last corpus-wide step, so a UI backfill runs dbt as one build instead of several
# partial ones whose relationship tests would look for marts another part has not built yet.
EXTRACTION_DONE = dg.AssetKey(["raw", "event_clusters"])


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if unique_id.startswith("source."):
            return spec
        spec = spec.replace_attributes(group_name="warehouse").merge_attributes(kinds={"sql"})
        node = manifest["nodes"][unique_id]
        is_entry = node["resource_type"] == "seed" or node["fqn"][1:2] == ["staging"]
        if is_entry and spec.key != dg.AssetKey("stg_raw__event_clusters"):
            spec = spec.merge_attributes(deps=[EXTRACTION_DONE])
        return spec


def _table_metadata(con: duckdb_lib.DuckDBPyConnection, schema: str, name: str, preview: bool) -> dict:
    relation = f'"{schema}"."{name}"'
    metadata: dict[str, Any] = {"dagster/row_count": con.execute(f"select count(*) from {relation}").fetchall()[0][0]}
    if preview:
        cursor = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
        headers = [d[0] for d in cursor.description]
        metadata["preview"] = dg.MetadataValue.md(markdown_preview(headers, cursor.fetchall(), width=40))
    return metadata


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    """Seeds, staging, intermediate and mart models built with `dbt build`; tests become asset checks.

    Each model's materialization carries its row count, and marts a preview of their first rows.
    """
    # The per-node debug file log costs ~20% of dbt's time; warnings and errors still land there.
    invocation = dbt.cli(["--log-level-file", "warn", "build"], context=context)
    # DuckDB has one writer: read row counts only once dbt has released the file.
    events = list(invocation.stream())
    # Output names are asset keys joined by "_": "fct_events", "reference_sources" for a seed.
    nodes = {}
    for node in invocation.manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            nodes[node["name"]] = nodes.get(node["name"], node)
            nodes[f"{node['schema']}_{node['name']}"] = node
    with duckdb.get_connection() as con:
        for event in events:
            if isinstance(event, dg.Output):
                node = nodes.get(event.output_name)
                if node is not None:
                    is_mart = node["resource_type"] == "model" and node["fqn"][1:2] == ["marts"]
                    event = event.with_metadata(
                        {**event.metadata, **_table_metadata(con, node["schema"], node["alias"], preview=is_mart)}
                    )
            yield event

"""Warehouse group: the dbt project, with dbt tests surfacing as Dagster asset checks."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb as duckdb_lib
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from dagster_duckdb import DuckDBResource

from newswh import config
from newswh.store import (
    MACROS_HASH_SETTING,
    data_tests_scope,
    dbt_status_counts,
    forget_parse_of_another_project,
    macros_hash,
    project_digest,
    record_data_tests_scope,
    stage,
    tracked,
    write_data_tests_scope,
)
from orchestration.dbt_cli import seed_partial_parse
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

    def get_asset_check_spec(self, asset_spec: dg.AssetSpec, manifest, unique_id: str, project):
        # dagster-dbt makes an error-level test blocking, which would skip the timeline and the
        # Python checks on one failed test; the check still shows as failed, and `make run` fails.
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        return spec._replace(blocking=False) if spec is not None else None


def _table_metadata(con: duckdb_lib.DuckDBPyConnection, schema: str, name: str, preview: bool) -> dict:
    relation = f'"{schema}"."{name}"'
    metadata: dict[str, Any] = {"dagster/row_count": con.execute(f"select count(*) from {relation}").fetchall()[0][0]}
    if preview:
        cursor = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
        headers = [d[0] for d in cursor.description]
        metadata["preview"] = dg.MetadataValue.md(markdown_preview(headers, cursor.fetchall(), width=40))
    return metadata


def _built(event) -> bool:
    """A model or seed dbt built (its tests' results come as checks and observations)."""
    return isinstance(event, dg.Output)


def _prepared_target(warehouse_file: Path) -> tuple[Path, Path]:
    """dbt's target and log folders for this warehouse, ready for a build."""
    # Each warehouse keeps dbt's run results and log beside it, so one warehouse's build never
    # lands in (or is read back as) another's; the build-time manifest stays in dbt_project/target.
    target, logs = config.dbt_target_dir(warehouse_file), config.dbt_logs_dir(warehouse_file)
    # A build killed before dbt wrote its results must not leave the last build's to be read back.
    (target / "run_results.json").unlink(missing_ok=True)
    forget_parse_of_another_project(target, dbt_project.project_dir)
    # A new warehouse starts from the parse `make manifest` left, not from nothing (orchestration/dbt_cli.py).
    seed_partial_parse(target, Path(dbt_project.project_dir) / "target")
    # The incremental models' code version includes their macros (dbt_project/macros/mart_changes.sql).
    os.environ[MACROS_HASH_SETTING] = macros_hash(dbt_project.project_dir)
    return target, logs


def _nodes_by_output(manifest: dict) -> dict[str, dict]:
    """The manifest's models and seeds by the output names dbt's events carry."""
    # Output names are asset keys joined by "_": "fct_events", "reference_sources" for a seed.
    nodes = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            nodes[node["name"]] = nodes.get(node["name"], node)
            nodes[f"{node['schema']}_{node['name']}"] = node
    return nodes


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    """Seeds, staging, intermediate and mart models built with `dbt build`; tests become asset checks.

    Each model's materialization carries its row count, and marts a preview of their first rows.
    """
    target, logs = _prepared_target(Path(duckdb.database))
    # Tests read only the rows the incremental marts rebuild when the last build ran them all, with
    # this project, and they passed (dbt_project/macros/rebuilt_rows.sql); else every row.
    digest = project_digest(dbt_project.project_dir, config.reference_dir(), os.environ)
    scope = data_tests_scope(target, digest)
    with duckdb.get_connection() as con:
        write_data_tests_scope(con, scope)
    # The per-node debug file log costs ~20% of dbt's time; warnings and errors still land there.
    # A failed test or model never stops the steps downstream (the timeline, the Python checks):
    # `make run` reads run_results.json afterwards and fails the build on errors instead.
    rows = "every row" if scope == "all" else "the rows rebuilt"
    with stage("dbt build", f"{len(context.selected_asset_keys)} models and seeds, tests over {rows}") as step:
        invocation = dbt.cli(
            ["--log-path", str(logs), "--log-level-file", "warn", "build"],
            context=context,
            target_path=target,
            raise_on_error=False,
        )
        # DuckDB has one writer: read row counts only once dbt has released the file.
        events = list(
            tracked(invocation.stream(), "dbt build", len(context.selected_asset_keys), "models and seeds", _built)
        )
        step.done(*(f"{count} {status}" for status, count in dbt_status_counts(target / "run_results.json")))
    if not (target / "run_results.json").exists():
        # dbt stopped before building anything (e.g. the project failed to parse): nothing to report.
        raise invocation.get_error() or RuntimeError(f"dbt left no run results in {target}")
    nodes = _nodes_by_output(invocation.manifest)
    record_data_tests_scope(target, digest, whole_project=not context.is_subset)
    with duckdb.get_connection() as con:
        # A `dbt build` by hand tests every row.
        write_data_tests_scope(con, "all")
        # Dagster records each model's output and each test's result as it is yielded: on a small
        # warehouse that can take as long as the dbt build itself, so it is counted too.
        for event in tracked(events, "recording dbt results", len(events), "events"):
            if isinstance(event, dg.Output):
                node = nodes.get(event.output_name)
                if node is not None:
                    is_mart = node["resource_type"] == "model" and node["fqn"][1:2] == ["marts"]
                    event = event.with_metadata(
                        {**event.metadata, **_table_metadata(con, node["schema"], node["alias"], preview=is_mart)}
                    )
            yield event

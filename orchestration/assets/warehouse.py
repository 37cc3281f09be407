"""Warehouse group: the dbt project, with dbt tests surfacing as Dagster asset checks."""


from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration.resources import dbt_project


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if unique_id.startswith("source."):
            return spec
        return spec.replace_attributes(group_name="warehouse").merge_attributes(kinds={"sql"})


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Seeds, staging, intermediate and mart models built with `dbt build`; tests become asset checks."""
    # The per-node debug file log costs ~20% of dbt's time; warnings and errors still land there.
    yield from dbt.cli(["--log-level-file", "warn", "build"], context=context).stream()

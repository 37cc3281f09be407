"""Reading the dbt manifest for documentation checks (shared by unit and integration tests)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from newswh import config

DBT_PROJECT_DIR = config.PROJECT_ROOT / "dbt_project"
MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"
DOCUMENTED_NODE_TYPES = ("model", "seed")


@dataclass(frozen=True)
class DocumentedRelation:
    """A model, seed or source table as the manifest describes it."""

    unique_id: str
    resource_type: str  # model, seed or source
    schema: str
    identifier: str
    materialized: str
    description: str
    columns: dict[str, str]  # column name -> description
    yml_path: str  # where a writer should add the missing text

    @property
    def label(self) -> str:
        return f"{self.resource_type} {self.unique_id.split('.', 2)[-1]} ({self.yml_path})"


def yml_inputs() -> list[Path]:
    """Every yml the manifest's descriptions come from (models and the reference seeds)."""
    roots = [DBT_PROJECT_DIR / "models", config.reference_dir()]
    return sorted(path for root in roots for path in root.rglob("*.yml"))


def stale_inputs(manifest_path: Path = MANIFEST_PATH) -> list[Path]:
    """yml files edited after the manifest was written: its descriptions would be out of date."""
    built = manifest_path.stat().st_mtime
    return [path for path in yml_inputs() if path.stat().st_mtime > built]


def load_manifest(manifest_path: Path = MANIFEST_PATH) -> dict:
    return json.loads(manifest_path.read_text(encoding="utf-8"))


def _yml_path(node: dict) -> str:
    patch = node.get("patch_path") or ""
    return patch.split("://", 1)[-1] if patch else f"(no yml entry; {node.get('original_file_path')})"


def documented_relations(manifest: dict, package: str = "newswh") -> list[DocumentedRelation]:
    """The project's own models, seeds and source tables (not those of installed packages)."""
    relations = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] not in DOCUMENTED_NODE_TYPES or node.get("package_name") != package:
            continue
        relations.append(
            DocumentedRelation(
                unique_id=unique_id,
                resource_type=node["resource_type"],
                schema=node["schema"],
                identifier=node.get("alias") or node["name"],
                materialized=node.get("config", {}).get("materialized", ""),
                description=(node.get("description") or "").strip(),
                columns={name: (column.get("description") or "").strip() for name, column in node["columns"].items()},
                yml_path=_yml_path(node),
            )
        )
    for unique_id, source in manifest["sources"].items():
        if source.get("package_name") != package:
            continue
        relations.append(
            DocumentedRelation(
                unique_id=unique_id,
                resource_type="source",
                schema=source["schema"],
                identifier=source.get("identifier") or source["name"],
                materialized="source",
                description=(source.get("description") or "").strip(),
                columns={name: (column.get("description") or "").strip() for name, column in source["columns"].items()},
                yml_path=source.get("original_file_path", ""),
            )
        )
    return sorted(relations, key=lambda relation: relation.unique_id)

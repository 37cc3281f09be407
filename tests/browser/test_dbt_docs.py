"""dbt docs as an analyst reads them: the static page opens from disk, a mart's columns are
described, and its lineage graph draws.

The warehouse is built into a temporary folder (the `built_warehouse` session fixture, i.e.
tests.support.build_warehouse), then `dbt docs generate --static` runs with DUCKDB_PATH set to it
and `--target-path`/`--log-path` in the same temporary folder, so the repository's
dbt_project/target is left alone. The page checked is `fct_events` when the project has that
model, else `dim_articles`. Screenshots go to test-output/browser/<test name>/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswh import config

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

DBT_PROJECT_DIR = config.PROJECT_ROOT / "dbt_project"
PREFERRED_MODELS = ("fct_events", "dim_articles")  # the first one the manifest has is checked

# Pixels with any alpha across cytoscape's canvas layers: zero means an empty graph panel.
PAINTED_PIXELS_JS = """
() => Array.from(document.querySelectorAll('#cy canvas')).map(canvas => {
  if (!canvas.width || !canvas.height || canvas.offsetParent === null) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
})
"""


def dbt_executable() -> str:
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else "dbt"


@pytest.fixture(scope="module")
def docs_site(built_warehouse, tmp_path_factory) -> Path:
    """static_index.html (and manifest.json beside it) generated against the temporary warehouse."""
    assert built_warehouse.result.success
    root = tmp_path_factory.mktemp("dbt_docs")
    target = root / "target"
    env = {**os.environ, "DUCKDB_PATH": str(built_warehouse.duckdb_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        dbt_executable(),
        "docs",
        "generate",
        "--static",
        "--profiles-dir",
        ".",
        "--target-path",
        str(target),
        "--log-path",
        str(root / "logs"),
    ]
    done = subprocess.run(command, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    page = target / "static_index.html"
    assert page.exists() and page.stat().st_size > 100_000
    return target


def model_to_check(manifest: dict) -> dict:
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    name = next(name for name in PREFERRED_MODELS if name in models)
    return models[name]


def test_model_page_shows_column_descriptions_and_lineage(docs_site, page, output_dir):
    manifest = json.loads((docs_site / "manifest.json").read_text())
    model = model_to_check(manifest)
    described = {
        name: column["description"].strip()
        for name, column in model["columns"].items()
        if column["description"].strip()
    }
    assert described, f"{model['name']} documents no column"

    # The static page needs no server: everything (manifest and catalog included) is inlined.
    outside_requests: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside_requests.append(request.url) if not request.url.startswith(("file:", "data:")) else None
        ),
    )
    # dbt docs' own deep link to a model page, as its search results and sidebar link to it.
    page.goto(f"{(docs_site / 'static_index.html').as_uri()}#!/model/{model['unique_id']}")
    page.locator("h1").filter(has_text=model["name"]).first.wait_for(timeout=60_000)

    # The Columns section: an empty anchor div#columns followed by the <column-details> table.
    columns = page.locator("section", has=page.locator("#columns")).locator("column-details table")
    columns.wait_for()
    columns.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / f"01_{model['name']}_columns.png"), full_page=True)
    # The table truncates long descriptions with CSS, so read the text the DOM holds.
    columns_text = " ".join(columns.text_content().split())
    missing = [name for name, text in described.items() if " ".join(text.split()) not in columns_text]
    assert missing == [], f"descriptions not shown on the {model['name']} page for: {missing}"
    assert all(name in columns_text for name in model["columns"])

    page.locator('a[title="View Lineage Graph"]').click()
    page.wait_for_function(f"() => ({PAINTED_PIXELS_JS})().some(n => n > 1000)", timeout=30_000)
    page.wait_for_timeout(500)  # the layout animates into place
    page.screenshot(path=str(output_dir / f"02_{model['name']}_lineage.png"))
    assert outside_requests == []

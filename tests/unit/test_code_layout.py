"""The core's layout rules: domain subpackages that say what they own, short functions, no Dagster."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from newswh import config

pytestmark = pytest.mark.unit

CORE = config.PROJECT_ROOT / "newswh"
SUBPACKAGES = ("ingest", "time", "actors", "events", "places", "store", "reports")
SHARED_MODULES = frozenset({"config", "records", "nlp", "extract", "cli"})
MAX_FUNCTION_LINES = 60
# Code outside the core reaches it through the subpackages' public names only (issue 9).
CLIENTS = ("orchestration", "tests/integration", "tests/support.py")


def _core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_each_subpackage_opens_with_a_docstring_saying_what_it_owns(package):
    init = CORE / package / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert docstring and "owns" in docstring, f"{init} must open with a docstring that says what it owns"


def test_no_function_in_the_core_runs_over_60_lines():
    too_long = []
    for path in _core_files():
        for node in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                too_long.append(f"{path.relative_to(config.PROJECT_ROOT)}:{node.lineno} {node.name} ({length} lines)")
    assert not too_long, "split into named steps:\n" + "\n".join(too_long)


def test_the_core_imports_no_dagster():
    offenders = []
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0].startswith("dagster")]
    assert not offenders, offenders


def test_flat_modules_are_only_the_small_shared_ones():
    flat = {path.stem for path in CORE.glob("*.py")} - {"__init__"}
    assert flat <= SHARED_MODULES, sorted(flat)


def _client_files() -> list[Path]:
    root = config.PROJECT_ROOT
    return sorted(
        path
        for client in CLIENTS
        for path in ([root / client] if client.endswith(".py") else (root / client).rglob("*.py"))
    )


def _public_names(package: str) -> frozenset[str]:
    return frozenset(getattr(importlib.import_module(f"newswh.{package}"), "__all__", ()))


def private_core_imports(source: str) -> list[str]:
    """Imports of the core that bypass a subpackage's public names (`from newswh.<pkg> import X`,
    X in `<pkg>.__all__`) or the small shared modules (`from newswh import config`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "newswh"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "newswh":
            parts = node.module.split(".")
            names = [alias.name for alias in node.names]
            if parts == ["newswh"]:
                allowed = SHARED_MODULES
            elif len(parts) == 2 and parts[1] in SHARED_MODULES:
                continue
            else:
                allowed = _public_names(parts[1]) if len(parts) == 2 else frozenset()
            found += [f"from {node.module} import {name}" for name in names if name not in allowed]
    return found


def test_the_import_rule_flags_a_private_import():
    assert private_core_imports("from newswh.store.pipeline import records_by_id") == [
        "from newswh.store.pipeline import records_by_id"
    ]
    assert private_core_imports("from newswh.store import pipeline, records_by_id") == [
        "from newswh.store import pipeline"
    ]
    assert private_core_imports("import newswh.store.raw") == ["import newswh.store.raw"]
    assert private_core_imports("from newswh import config, store\nfrom newswh.config import duckdb_path") == [
        "from newswh import store"
    ]


def test_orchestration_and_integration_tests_import_the_core_through_public_names():
    offenders = [
        f"{path.relative_to(config.PROJECT_ROOT)}: {found}"
        for path in _client_files()
        for found in private_core_imports(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import the subpackage's public names (add them to its __all__):\n" + "\n".join(offenders)


@pytest.mark.parametrize("package", (*SUBPACKAGES, "evals"))
def test_every_public_name_of_a_subpackage_resolves(package):
    module = importlib.import_module(f"newswh.{package}")
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert module.__all__ and missing == []

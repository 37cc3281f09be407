"""The core's layout rules: domain subpackages that say what they own, short functions, no Dagster."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newswh import config

pytestmark = pytest.mark.unit

CORE = config.PROJECT_ROOT / "newswh"
SUBPACKAGES = ("ingest", "time", "actors", "events", "places", "store", "reports")
MAX_FUNCTION_LINES = 60


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
    assert flat <= {"config", "records", "nlp", "extract", "cli"}, sorted(flat)

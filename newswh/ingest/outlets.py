"""Resolving outlets and cited sources to one canonical source.

An outlet that publishes one article and is cited in another is one source, so
publishers (from domains, footers, bylines) and citations ("according to TASS")
go through the same registry: `seeds/reference/sources.csv`, which users extend.
Unknown outlets still get a deterministic id so nothing is dropped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from newswh.config import reference_dir


@dataclass(frozen=True)
class Source:
    source_id: str
    source_name: str
    source_type: str
    source_domain: str | None
    country_code: str | None
    aliases: tuple[str, ...]
    known: bool = True  # False for outlets not in the registry


def _norm(text: str) -> str:
    text = text.replace("’", "'").lower()
    text = re.sub(r"^(the)\s+", "", text.strip())
    return re.sub(r"[^a-z0-9']+", " ", text).strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _norm(text)).strip("_") or "unknown"


class SourceRegistry:
    def __init__(self, sources: list[Source]):
        self.sources = {s.source_id: s for s in sources}
        self._by_alias: dict[str, Source] = {}
        self._by_domain: dict[str, Source] = {}
        for source in sources:
            for alias in (source.source_name, *source.aliases):
                self._by_alias.setdefault(_norm(alias), source)
            if source.source_domain:
                self._by_domain[source.source_domain.lower()] = source

    @classmethod
    def from_csv(cls, path: Path) -> SourceRegistry:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        return cls(
            [
                Source(
                    source_id=row["source_id"],
                    source_name=row["source_name"],
                    source_type=row["source_type"] or "media",
                    source_domain=row["source_domain"] or None,
                    country_code=row["country_code"] or None,
                    aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                )
                for row in rows
            ]
        )

    def by_name(self, name: str) -> Source | None:
        """Exact (normalized) alias match, with a possessive or 'news agency' tail tolerated."""
        key = _norm(name)
        if key in self._by_alias:
            return self._by_alias[key]
        # "Russia's Tass news agency", "VOA's Afghan Service": drop the owner and the kind of outlet.
        trimmed = re.sub(r"^[a-z]+'s\s+", "", key)
        if trimmed in self._by_alias:
            return self._by_alias[trimmed]
        trimmed = re.sub(r"('s)?\s*(news agency|news|agency|afghan service)$", "", trimmed).strip()
        return self._by_alias.get(trimmed)

    def by_domain(self, url_or_domain: str) -> Source | None:
        host = urlparse(url_or_domain).netloc or url_or_domain
        host = host.lower().split(":")[0]
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if host.startswith("www."):
                host = host[4:]
                continue
            _, _, rest = host.partition(".")
            host = rest if "." in rest else ""
        return None

    def resolve(self, name: str | None = None, domain: str | None = None) -> Source | None:
        """Registry match by domain first (unambiguous), then by name; else an ad-hoc source."""
        if domain and (match := self.by_domain(domain)):
            return match
        if name and (match := self.by_name(name)):
            return match
        if not (name or domain):
            return None
        host = (urlparse(domain).netloc or domain).lower().removeprefix("www.") if domain else None
        label = name or host
        return Source(
            source_id=slug(label),
            source_name=label,
            source_type="media",
            source_domain=host,
            country_code=None,
            aliases=(label,),
            known=False,
        )


@lru_cache(maxsize=2)
def load_registry(path: str | None = None) -> SourceRegistry:
    return SourceRegistry.from_csv(Path(path) if path else reference_dir() / "sources.csv")

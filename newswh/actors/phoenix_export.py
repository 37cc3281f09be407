"""Phoenix records -> the project's derived actor reference rows (and CSV files).

Decisions (documented in seeds/reference/README_actors.md):
* country-level blocks (`AFGHANISTAN_ [AFG]`, whose aliases include provinces and cities) are
  not imported: states come from pycountry and the CAMEO labels, and a province is no state;
* an entry whose key equals a project seed actor of the same country is that actor: it adds
  aliases only, and the project's own roles stand (its Phoenix roles are not written);
* other key clashes get the country code, then a number, appended.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newswh.actors.gazetteer import normalize_name, slugify
from newswh.actors.phoenix import (
    ACTOR_FILES,
    AGENT_FILE,
    PHOENIX_VINTAGE,
    PhoenixAgent,
    PhoenixEntry,
    dated_roles,
    default_code,
    display_name,
    read_actor_file,
    read_agent_file,
)

ACTORS_FILE = "phoenix_actors.csv"
ALIASES_FILE = "phoenix_actor_aliases.csv"
ROLES_FILE = "phoenix_actor_roles.csv"
AGENTS_FILE = "phoenix_agents.csv"
_SECTOR_TYPES = {"GOV": "government", "MIL": "government", "COP": "government", "JUD": "government"}
_SECTOR_TYPES |= {"LEG": "government", "SPY": "government", "MED": "media"}


@dataclass(frozen=True)
class PhoenixActorRow:
    actor_key: str
    canonical_name: str
    actor_type: str
    country_code: str | None
    cameo_code: str | None
    source: str  # file:line


@dataclass(frozen=True)
class PhoenixRoleRow:
    actor_key: str
    role: str
    cameo_code: str
    valid_from: str
    valid_to: str
    basis: str


@dataclass
class PhoenixTables:
    actors: list[PhoenixActorRow]
    aliases: list[tuple[str, str]]  # (actor_key, alias)
    roles: list[PhoenixRoleRow]


def _country_of(codes: Iterable[str], countries: dict[str, str]) -> str | None:
    for code in codes:
        if code[:3] in countries:
            return countries[code[:3]]
    return None


def _actor_type(entry: PhoenixEntry, code: str | None) -> str:
    if entry.from_country_info or any(c.valid_from is not None for c in entry.codes):
        return "person"
    code = code or ""
    if code.startswith("IGO"):
        return "igo"
    sectors = [code[i : i + 3] for i in range(3, len(code), 3)]
    for sector in sectors:
        if sector in _SECTOR_TYPES:
            return _SECTOR_TYPES[sector]
    return "organization"


def _is_country_block(entry: PhoenixEntry, countries: dict[str, str]) -> bool:
    return bool(entry.codes) and all(len(c.code) == 3 and c.code in countries for c in entry.codes)


def _key_for(name: str, country: str | None, seed: dict[str, str | None], used: set[str]) -> tuple[str, bool]:
    """(key, is_seed_actor) for a Phoenix entry."""
    key = slugify(name)
    if key in seed and key not in used and (country is None or seed[key] in (None, country)):
        return key, True
    if key in seed or key in used:
        key = f"{key}_{(country or 'phx').lower()}"
    base, number = key, 2
    while key in seed or key in used:
        key, number = f"{base}_{number}", number + 1
    return key, False


def build_tables(
    entries: Iterable[PhoenixEntry], countries: dict[str, str], seed: dict[str, str | None]
) -> PhoenixTables:
    """countries: CAMEO country code -> ISO alpha-3; seed: project actor key -> country (or None)."""
    tables = PhoenixTables([], [], [])
    used: set[str] = set()
    for entry in entries:
        if not entry.codes or _is_country_block(entry, countries):
            continue
        name = display_name(entry.name)
        if not normalize_name(name):
            continue
        code = default_code(entry)
        country = _country_of([c.code for c in entry.codes], countries)
        key, is_seed = _key_for(name, country, seed, used)
        used.add(key)
        source = f"{entry.source_file.removesuffix('.actors.txt')}:{entry.line}"
        if not is_seed:
            tables.actors.append(PhoenixActorRow(key, name, _actor_type(entry, code), country, code, source))
        else:
            tables.aliases.append((key, name))
        tables.aliases.extend((key, display_name(alias)) for alias in entry.aliases if display_name(alias))
        if not is_seed:
            tables.roles.extend(_role_rows(key, entry, source))
    return tables


def _role_rows(key: str, entry: PhoenixEntry, source: str) -> list[PhoenixRoleRow]:
    rows = []
    for code, start, end in dated_roles(entry):
        capped = code.valid_to is None
        basis = f"{source} [{code.raw}]" + (f"; open end capped at {PHOENIX_VINTAGE.isoformat()}" if capped else "")
        rows.append(PhoenixRoleRow(key, f"{code.code} (Phoenix)", code.code, start.isoformat(), end.isoformat(), basis))
    return rows


def agent_rows(agents: Iterable[PhoenixAgent]) -> list[tuple[str, str, int]]:
    """(phrase, sector, line); a phrase listed twice keeps its first code, as in PETRARCH."""
    seen: dict[str, tuple[str, str, int]] = {}
    for agent in agents:
        if agent.phrase and agent.phrase not in seen:
            seen[agent.phrase] = (agent.phrase, agent.sector, agent.line)
    return sorted(seen.values())


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([("" if v is None else v) for v in row] for row in rows)


def export_phoenix(source_dir: Path, target_dir: Path, reference_dir: Path | None = None) -> PhoenixTables:
    """Write the four derived CSV files from the dictionaries in `source_dir`."""
    ref = reference_dir or target_dir.parent
    countries = {r["cameo_code"]: r["iso_alpha3"] for r in _read_rows(ref / "cameo_countries.csv") if r["iso_alpha3"]}
    seed = {r["actor_key"]: (r["country_code"] or None) for r in _read_rows(ref / "actors.csv")}
    entries = [entry for name in ACTOR_FILES for entry in read_actor_file(source_dir / name)]
    tables = build_tables(entries, countries, seed)
    target_dir.mkdir(parents=True, exist_ok=True)
    _write(
        target_dir / ACTORS_FILE,
        ["actor_key", "canonical_name", "actor_type", "country_code", "cameo_code", "source"],
        [(a.actor_key, a.canonical_name, a.actor_type, a.country_code, a.cameo_code, a.source) for a in tables.actors],
    )
    _write(target_dir / ALIASES_FILE, ["actor_key", "alias"], sorted(set(tables.aliases)))
    _write(
        target_dir / ROLES_FILE,
        ["actor_key", "role", "cameo_code", "valid_from", "valid_to", "basis"],
        [(r.actor_key, r.role, r.cameo_code, r.valid_from, r.valid_to, r.basis) for r in tables.roles],
    )
    _write(
        target_dir / AGENTS_FILE,
        ["phrase", "sector", "source_line"],
        agent_rows(read_agent_file(source_dir / AGENT_FILE)),
    )
    return tables

"""The Dagster instance of one warehouse: its home beside the .duckdb file, prepared before use.

One warehouse is one folder: the .duckdb file, its Dagster home (`.dagster/`), its logs and its
reports (paths in `newswh.config`). `make run`, `make ui` and the tests all go through
`prepare_home`, so the instance a user opens holds the partitions and run history of the
warehouse it serves, and of no other.

Command line, for the Makefile (which must not derive the paths a second time):
  python -m orchestration.instance exec CMD [ARGS...]   prepare the home, run CMD with DAGSTER_HOME set
                                                        (and DBT_TARGET_PATH, DBT_LOG_PATH: the warehouse's dbt/)
  python -m orchestration.instance clean                delete the warehouse file, its home, logs, reports
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from string import Template

import yaml

from newswh import config

# The instance settings (telemetry off, one run at a time, the event log's class) live once, as a
# data file; only the event log's folder differs from one home to another.
TEMPLATE = Path(__file__).with_name("dagster.yaml")
# The dagster.yaml keys that choose the instance's storage: a home that sets one keeps its choice.
STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")
EVENT_LOG_MODULE = "orchestration.event_log"
# Until each warehouse had its own, one `.dagster/` per checkout served every warehouse.
LEGACY_HOME = config.PROJECT_ROOT / ".dagster"
# The name of the .duckdb file a home belongs to: two warehouses in one folder would share it.
OWNER_FILE = "warehouse"


class HomeTakenError(RuntimeError):
    """The folder's Dagster home already belongs to another warehouse file."""


def prepare_home(duckdb_path: Path | None = None, legacy_home: Path = LEGACY_HOME) -> Path:
    """Create the warehouse's Dagster home with its settings when missing; return it."""
    duckdb_path = duckdb_path or config.duckdb_path()
    home = config.dagster_home(duckdb_path)
    created = not home.exists()
    home.mkdir(parents=True, exist_ok=True)
    _claim(home, duckdb_path.name)
    _write_settings(home)
    if created:
        _announce_legacy_home(legacy_home, home)
    return home


def event_log_dir(home: Path) -> Path:
    """Where Dagster's default SQLite storage keeps a home's event log (one file per run, and index.db)."""
    return home / "history" / "runs"


def render_settings(home: Path) -> str:
    # A JSON string is a YAML double-quoted scalar: any path (spaces, colons, '#') reads back as itself.
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(event_log_dir=json.dumps(str(event_log_dir(home))))


def _write_settings(home: Path) -> None:
    """The project's settings in a new home; in an existing one, local edits are kept and only the
    event log's block is added (a home made before it was configured) or pointed at this folder."""
    settings = home / "dagster.yaml"
    rendered = render_settings(home)
    if not settings.exists():
        settings.write_text(rendered, encoding="utf-8")
        return
    text = settings.read_text(encoding="utf-8")
    chosen = yaml.safe_load(text) or {}
    if not any(key in chosen for key in STORAGE_KEYS):
        block = {"event_log_storage": yaml.safe_load(rendered)["event_log_storage"]}
        settings.write_text(text.rstrip("\n") + "\n" + yaml.safe_dump(block, sort_keys=False), encoding="utf-8")
        return
    ours = chosen.get("event_log_storage") or {}
    stale = (ours.get("config") or {}).get("base_dir")
    if ours.get("module") == EVENT_LOG_MODULE and stale != str(event_log_dir(home)):
        # The warehouse folder was moved or copied: its history is here now, not where it was.
        settings.write_text(_replace_base_dir(text, stale, str(event_log_dir(home))), encoding="utf-8")


def _replace_base_dir(text: str, old: str, new: str) -> str:
    def replace(match: re.Match) -> str:
        try:
            value = yaml.safe_load(match[2])
        except yaml.YAMLError:  # not a plain value (a local edit): not the line written here
            return match[0]
        return match[1] + json.dumps(new) if value == old else match[0]

    return re.sub(r"^(\s+base_dir:\s*)(.+)$", replace, text, flags=re.MULTILINE)


def _claim(home: Path, name: str) -> None:
    owner = home / OWNER_FILE
    if not owner.exists():
        owner.write_text(name + "\n", encoding="utf-8")
        return
    held = owner.read_text(encoding="utf-8").strip()
    if held != name:
        folder = home.parent
        raise HomeTakenError(
            f"{home} is the Dagster home of {folder / held}; one warehouse = one folder, so give "
            f"{name} a folder of its own (e.g. DUCKDB_PATH={folder / Path(name).stem / name})"
        )


def _announce_legacy_home(legacy_home: Path, home: Path) -> None:
    """Say it once per new home: the checkout-wide instance is no longer read, and is left untouched."""
    if legacy_home.resolve() == home.resolve() or not (legacy_home / "storage").is_dir():
        return
    print(
        f"note: {legacy_home} (one Dagster instance for the whole checkout) is no longer used: each "
        f"warehouse has its own beside it, here {home}. The old run history stays until you delete it "
        "(`make clean` does).",
        file=sys.stderr,
    )


def clean(duckdb_path: Path | None = None) -> list[Path]:
    """Delete one warehouse: its file, DuckDB's write-ahead log, its Dagster home, logs, reports, dbt/, raw_layer/."""
    duckdb_path = duckdb_path or config.duckdb_path()
    wal = duckdb_path.with_name(duckdb_path.name + ".wal")
    paths = [duckdb_path, wal, config.dagster_home(duckdb_path), config.logs_dir(duckdb_path)]
    paths += [config.reports_dir(duckdb_path), config.dbt_dir(duckdb_path), config.raw_layer_dir(duckdb_path)]
    removed = [path for path in paths if path.exists()]
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return removed


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[0] == "exec":
        try:
            home = prepare_home()
        except HomeTakenError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        os.environ["DAGSTER_HOME"] = str(home)
        # dbt run by hand (`make docs`) writes into the warehouse's own dbt folder too.
        os.environ["DBT_TARGET_PATH"] = str(config.dbt_target_dir())
        os.environ["DBT_LOG_PATH"] = str(config.dbt_logs_dir())
        os.execvp(argv[1], argv[1:])
    if argv in (["--help"], ["-h"]):
        print(__doc__)
        return 0
    if argv == ["clean"]:
        for path in clean():
            print(f"removed {path}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

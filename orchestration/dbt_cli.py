"""dbt's command line, with one partial parse for every warehouse of this checkout.

dbt keeps its parse (`partial_parse.msgpack`) only while a hash of the profile's connection
(dbt-core's `ManifestLoader.build_manifest_state_check`: every key of `connection_info()`, the
DuckDB file's `path` included) is unchanged. Each warehouse has its own path, so each warehouse's
first build parsed the whole project again. The path decides where dbt writes, never what a
model or test is: nothing in the project reads `target.path`, and the database name it gives
(the file's stem) stays in the hash. So this entry point hashes the connection without `path`,
and a new warehouse starts from the parse `make manifest` left (`seed_partial_parse`).

  python -m orchestration.dbt_cli ARGS...   what `dbt ARGS...` does, with that hash
"""

from __future__ import annotations

import pprint
import shutil
from pathlib import Path

PARTIAL_PARSE = "partial_parse.msgpack"
# Where the DuckDB file is: where dbt connects, not what it parses.
UNPARSED_KEYS = ("path",)


def connection_hash(credentials):
    """dbt's profile hash over the connection's keys but UNPARSED_KEYS, as dbt-core forms it."""
    from dbt.contracts.files import FileHash

    keys = sorted(item for item in credentials.connection_info() if item[0] not in UNPARSED_KEYS)
    return FileHash.from_contents(pprint.pformat(keys))


def hash_without_path() -> None:
    """Make dbt's partial-parse state check use `connection_hash`."""
    from dbt.parser.manifest import ManifestLoader

    build = ManifestLoader.build_manifest_state_check

    def state_check(self):
        check = build(self)
        check.profile_hash = connection_hash(self.root_project.credentials)
        return check

    ManifestLoader.build_manifest_state_check = state_check


def seed_partial_parse(target: Path, built: Path) -> bool:
    """Give a warehouse's dbt target folder without a parse the one `make manifest` left in `built`."""
    if (target / PARTIAL_PARSE).exists() or not (built / PARTIAL_PARSE).exists():
        return False
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built / PARTIAL_PARSE, target / PARTIAL_PARSE)
    return True


def main(argv: list[str] | None = None) -> None:
    from dbt.cli.main import cli
    from dbt.parser.manifest import ManifestLoader

    original = ManifestLoader.build_manifest_state_check
    hash_without_path()
    try:
        cli(argv)  # as the `dbt` script: click parses argv (None: sys.argv) and exits with dbt's code
    finally:
        # called in-process (tests, `--help`), dbt is left as it was for whatever runs next
        ManifestLoader.build_manifest_state_check = original


if __name__ == "__main__":
    main()

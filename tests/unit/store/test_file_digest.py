"""One helper hashes a set of files for three keys (newswh.store.file_digest): which edits change
which digest is each key's contract, so it is tested here as edits on one small tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newswh.store import actor_state, extraction_key
from newswh.store.dbt_results import macros_hash, project_digest
from newswh.store.file_digest import listed_files

pytestmark = pytest.mark.unit

TREE = {
    "dbt_project/macros/a.sql": "{% macro a() %}1{% endmacro %}",
    "dbt_project/models/m.sql": "select 1",
    "dbt_project/models/overview.md": "{% docs overview %}x{% enddocs %}",
    "dbt_project/target/run_results.json": "{}",
    "seeds/reference/cues.csv": "cue\nsince\n",
    "seeds/reference/README_cues.md": "# cues",
    "newswh/time/rule.py": "RULE = 1\n",
}
INPUTS = ("newswh/time", "seeds/reference")


def _tree(root: Path) -> Path:
    for relative, text in TREE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


def _digests(root: Path) -> dict[str, str]:
    with pytest.MonkeyPatch.context() as patch:
        # Actor resolution's key reads the configured checkout's reference folder: the tree's here.
        patch.setattr(actor_state, "reference_dir", lambda: root / "seeds" / "reference")
        actors = actor_state.reference_hash()
    return {
        "actors": actors,
        "macros": macros_hash(root / "dbt_project"),
        "project": project_digest(root / "dbt_project", root / "seeds/reference", {}),
        "extraction": extraction_key.files_digest(root, INPUTS),
    }


def _changed_by(root: Path, relative: str, text: str) -> set[str]:
    before = _digests(root)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")
    after = _digests(root)
    return {name for name in before if before[name] != after[name]}


@pytest.mark.parametrize(
    ("relative", "changed"),
    [
        ("dbt_project/macros/a.sql", {"macros", "project"}),
        ("dbt_project/macros/b.sql", {"macros", "project"}),
        ("dbt_project/models/m.sql", {"project"}),
        ("dbt_project/models/overview.md", {"project"}),  # a doc block is rendered into dbt's docs
        ("dbt_project/macros/notes.md", {"project"}),  # not a macro
        ("seeds/reference/cues.csv", {"project", "extraction", "actors"}),
        ("seeds/reference/README_cues.md", {"project", "actors"}),  # read by people, not by extraction
        ("newswh/time/rule.py", {"extraction"}),
        ("dbt_project/target/run_results.json", set()),  # dbt's output, not the project
        ("dbt_project/logs/dbt.log", set()),
        ("newswh/time/__pycache__/rule.cpython-311.pyc", set()),
        ("seeds/reference/cues.csv~", set()),  # an editor's backup
        ("dbt_project/models/.m.sql.swp", set()),
    ],
)
def test_each_edit_changes_exactly_the_digests_that_read_it(tmp_path, relative, changed):
    assert _changed_by(_tree(tmp_path), relative, "edited\n") == changed


def test_a_renamed_file_changes_every_digest_that_reads_it(tmp_path):
    root = _tree(tmp_path)
    before = _digests(root)
    (root / "dbt_project/macros/a.sql").rename(root / "dbt_project/macros/z.sql")
    (root / "seeds/reference/cues.csv").rename(root / "seeds/reference/cues2.csv")
    after = _digests(root)
    assert all(before[name] != after[name] for name in before)


def test_a_moved_tree_keeps_every_digest(tmp_path):
    here = _digests(_tree(tmp_path / "a"))
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    assert _digests(tmp_path / "b") == here


def test_listed_files_are_relative_sorted_and_skip_missing_names(tmp_path):
    root = _tree(tmp_path)
    assert listed_files(root, ("newswh", "seeds/reference", "missing"), docs=False) == [
        "newswh/time/rule.py",
        "seeds/reference/cues.csv",
    ]
    assert "seeds/reference/README_cues.md" in listed_files(root, ("seeds",), docs=True)

"""A hostile corpus builds: the good articles beside it reach the warehouse, each bad file gets its reason.

One build of two short good articles (one with a Markdown-image title, one with a non-UTF-8 file
name) beside every bad file of the unit tests' hostile corpus: links out of the corpus (to a
secret file, /etc/passwd, /dev/null, /dev/zero, /proc/self/environ), a character device, dangling
and looping links, a FIFO, hidden files and a file over the size limit. Everything is generated
in tmp_path; nothing is committed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from orchestration.metadata import literal_markdown
from tests.integration.test_corpus_changes import metadata_of
from tests.support import build_warehouse
from tests.unit.ingest.test_hostile_corpus import story, write_bad_files

pytestmark = pytest.mark.integration

PIXEL_TITLE = "![](http://127.0.0.1:9/x.png) Envoy accepted"
# What must never reach the warehouse: the secret file's marker, /etc/passwd's first entry, and
# an environment entry /proc/self/environ would hold.
OUTSIDE_MARKERS = ("TOP SECRET", "Report 99.", "root:x:0:0", "PATH=/")


def _text_and_blob_values(built) -> list[tuple[str, str, str | bytes]]:
    """Every text and blob value of every table and view in the warehouse, with where it is."""
    columns = built.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type in ('VARCHAR', 'BLOB') or data_type like 'VARCHAR[]'"
    )
    values = []
    for schema, table, column in columns:
        for (value,) in built.query(f'select "{column}" from "{schema}"."{table}" where "{column}" is not null'):
            for item in value if isinstance(value, list) else [value]:
                values.append((f"{schema}.{table}.{column}", item))
    return values


def test_a_hostile_corpus_builds_its_good_articles_and_quarantines_each_bad_file(tmp_path: Path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    expected_reasons = write_bad_files(corpus, outside)
    good = {"title": PIXEL_TITLE, "text": story(1), "url": "https://tass.com/politics/1", "date_publish": "2022-04-01"}
    (corpus / "good.json").write_text(json.dumps(good), encoding="utf-8")
    Path(os.fsdecode(bytes(corpus) + b"/caf\xe9_report.txt")).write_text(story(2), encoding="utf-8")

    built = build_warehouse(tmp_path, corpus)
    assert built.result.success

    articles = dict(built.query("select source_uri, title from dim_articles"))
    assert articles == {"good.json": PIXEL_TITLE, "caf%E9_report.txt": None}
    quarantined = dict(built.query("select source_uri, quarantine_reason from quarantined_articles"))
    assert quarantined == expected_reasons
    never_read = built.query(
        "select source_uri from quarantined_articles where quarantine_reason <> 'file_too_large' "
        "and (octet_length(original_bytes) > 0 or byte_size > 0)"
    )
    assert never_read == []  # links, devices, FIFOs and hidden files: nothing was read, nothing stored

    values = _text_and_blob_values(built)
    assert any(where == "main.dim_articles.body_text" for where, _value in values)  # the search saw the bodies
    for marker in OUTSIDE_MARKERS:
        found = [where for where, value in values if (marker.encode() if isinstance(value, bytes) else marker) in value]
        assert found == [], marker

    preview = metadata_of(built.result)["raw/articles"]["preview"]
    assert literal_markdown(PIXEL_TITLE) in preview
    rendered = MarkdownIt("commonmark").enable("table").render(preview)
    assert "<img" not in rendered and "<a " not in rendered
    assert "![](http://127.0.0.1:9/x.png)" in rendered.replace("\u2060", "")  # shown as its literal text

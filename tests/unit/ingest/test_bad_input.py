"""Every kind of bad input is either processed or quarantined with a specific reason and its bytes."""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import os
import shutil

import pytest
import yaml

from newswh.ingest import (
    MAX_FILE_BYTES,
    ORIGINAL_BYTES_CAP,
    QUARANTINE_REASONS,
    Article,
    Quarantined,
    discover,
    load_article,
    mark_duplicates,
)
from tests.conftest import PROJECT_ROOT, seed_path

pytestmark = pytest.mark.unit

DBT_QUARANTINE_YML = PROJECT_ROOT / "dbt_project/models/staging/stg_raw__quarantined_articles.yml"

ENGLISH = (
    "Russia's foreign ministry said on Tuesday that it had accepted the credentials of the new "
    "Afghan envoy, a step officials in Kabul described as a milestone for the Taliban government. "
    "Western governments criticised the move and said it was premature to talk about recognition."
)


def outcome_for(tmp_path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    outcomes = [load_article(record) for record in discover(tmp_path)]
    assert len(outcomes) == 1
    return outcomes[0]


def assert_quarantined(outcome, reason: str, data: bytes | None = None):
    assert isinstance(outcome, Quarantined), outcome
    assert outcome.reason == reason
    assert outcome.detail
    if data is not None:
        assert outcome.original_bytes == data


def test_empty_file(tmp_path):
    assert_quarantined(outcome_for(tmp_path, "empty.txt", b""), "empty_file", b"")


def test_whitespace_only_file(tmp_path):
    assert_quarantined(outcome_for(tmp_path, "blank.txt", b" \n\n\t\n"), "empty_file")


def test_binary_file(tmp_path):
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert_quarantined(outcome_for(tmp_path, "photo.txt", data), "binary_file", data)


def test_cp1252_bytes_are_decoded_and_processed(tmp_path):
    data = ("“Accrediting a diplomat is not recognition,” the envoy said. Café talks in Doha — " + ENGLISH).encode(
        "cp1252"
    )
    outcome = outcome_for(tmp_path, "legacy.txt", data)
    assert isinstance(outcome, Article)
    assert outcome.encoding != "utf-8"
    assert "“Accrediting a diplomat is not recognition,”" in outcome.body_text
    assert "Café" in outcome.body_text


def test_latin1_bytes_are_decoded_and_processed(tmp_path):
    data = ("Señor Lavrov met the envoy in Doha. " + ENGLISH).encode("latin-1")
    outcome = outcome_for(tmp_path, "latin1.txt", data)
    assert isinstance(outcome, Article)
    assert "Señor Lavrov" in outcome.body_text


def test_mojibake_is_repaired(tmp_path):
    damaged = ("Russia’s envoy — in Kabul. " + ENGLISH).encode("utf-8").decode("cp1252").encode("utf-8")
    outcome = outcome_for(tmp_path, "mojibake.txt", damaged)
    assert isinstance(outcome, Article)
    assert "Russia’s envoy — in Kabul." in outcome.body_text
    assert "â€" not in outcome.body_text


def test_ten_megabyte_file(tmp_path):
    data = (ENGLISH + "\n").encode() * (10 * 1024 * 1024 // len(ENGLISH) + 1)
    assert len(data) > MAX_FILE_BYTES
    outcome = outcome_for(tmp_path, "huge.txt", data)
    assert_quarantined(outcome, "file_too_large")
    # Quarantine keeps the whole file's hash and size, and only its head (issue 18: capped bytes).
    assert outcome.original_bytes == data[:ORIGINAL_BYTES_CAP]
    assert outcome.byte_size == len(data)
    assert outcome.raw_hash == hashlib.sha256(data).hexdigest()


def test_exact_duplicate_under_another_name(tmp_path):
    shutil.copy(seed_path("004"), tmp_path / "a_original.txt")
    shutil.copy(seed_path("004"), tmp_path / "b_copy.txt")
    outcomes = mark_duplicates([load_article(record) for record in discover(tmp_path)])
    kept = [o for o in outcomes if isinstance(o, Article)]
    quarantined = [o for o in outcomes if isinstance(o, Quarantined)]
    assert [o.source_uri for o in kept] == ["a_original.txt"]
    assert [o.reason for o in quarantined] == ["duplicate_content"]
    assert kept[0].article_id in quarantined[0].detail
    assert quarantined[0].original_bytes == seed_path("004").read_bytes()


def test_a_large_duplicate_keeps_its_head_size_and_hash_only(tmp_path):
    data = "\n\n".join(f"Paragraph {n}. {ENGLISH}" for n in range(600)).encode()
    assert len(data) > 2 * ORIGINAL_BYTES_CAP
    (tmp_path / "a_original.txt").write_bytes(data)
    (tmp_path / "b_copy.txt").write_bytes(data)
    outcomes = mark_duplicates([load_article(record) for record in discover(tmp_path)])
    duplicate = next(o for o in outcomes if isinstance(o, Quarantined))
    assert duplicate.reason == "duplicate_content"
    assert duplicate.original_bytes == data[:ORIGINAL_BYTES_CAP]
    assert duplicate.byte_size == len(data)
    assert duplicate.raw_hash == hashlib.sha256(data).hexdigest()


def test_non_english_text(tmp_path):
    text = (
        "Le ministère russe des Affaires étrangères a annoncé mardi qu'il avait accepté les lettres de "
        "créance du nouvel envoyé afghan, une étape que les responsables de Kaboul ont qualifiée de "
        "tournant pour le gouvernement taliban. Les gouvernements occidentaux ont critiqué cette décision."
    )
    outcome = outcome_for(tmp_path, "french.txt", text.encode())
    assert_quarantined(outcome, "non_english")
    assert "'fr'" in outcome.detail


def test_malformed_json(tmp_path):
    data = b'{"title": "Broken", "text": "unterminated'
    outcome = outcome_for(tmp_path, "broken.json", data)
    assert_quarantined(outcome, "malformed_json", data)
    assert "line 1" in outcome.detail


def test_json_without_text(tmp_path):
    assert_quarantined(
        outcome_for(tmp_path, "notext.json", b'{"title": "No body", "url": "https://x.org/a"}'), "json_missing_text"
    )


def test_news_please_json_is_read(tmp_path):
    record = {
        "url": "https://www.voanews.com/a/russia-taliban/123.html",
        "title": "Russia and the Taliban",
        "text": ENGLISH,
        "date_publish": "2022-04-06 10:00:00",
        "source_domain": "www.voanews.com",
        "authors": ["Ayaz Gul"],
        "image_url": "https://gdb.voanews.com/2022/04/06/photo.jpg",
    }
    outcome = outcome_for(tmp_path, "article.json", json.dumps(record).encode())
    assert isinstance(outcome, Article)
    assert outcome.outlet.source_id == "voa" and outcome.outlet_basis == "domain"
    assert outcome.metadata_date.isoformat() == "2022-04-06"
    assert outcome.author == "Ayaz Gul"
    assert outcome.url == record["url"]
    assert outcome.image_url == record["image_url"]


def test_jsonl_yields_one_outcome_per_line_and_quarantines_bad_lines(tmp_path):
    good = json.dumps({"title": "One", "text": ENGLISH, "url": "https://tass.com/1"})
    (tmp_path / "batch.jsonl").write_text(good + "\n{not json}\n")
    outcomes = [load_article(record) for record in discover(tmp_path)]
    assert [type(o).__name__ for o in outcomes] == ["Article", "Quarantined"]
    assert outcomes[1].reason == "malformed_json"
    assert outcomes[1].source_uri == "batch.jsonl#1"


def test_malformed_html(tmp_path):
    data = b"this is not markup at all, just a stray .html file"
    assert_quarantined(outcome_for(tmp_path, "page.html", data), "malformed_html", data)


def test_html_is_extracted(tmp_path):
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in ENGLISH.split(". "))
    html = (
        "<html><head><title>Russia accepts envoy</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Russia accepts envoy</h1>{paragraphs}</article><footer>Copyright 2022</footer></body></html>"
    )
    outcome = outcome_for(tmp_path, "page.html", html.encode())
    assert isinstance(outcome, Article)
    assert "accepted the credentials" in outcome.body_text
    assert "Home | World" not in outcome.body_text


def test_no_text_after_cleaning(tmp_path):
    data = b"ADVERTISEMENT\n\nSCROLL TO CONTINUE WITH CONTENT\n\nAlso Read: Something else\n\nLeave a comment\n"
    outcome = outcome_for(tmp_path, "furniture_only.txt", data)
    assert_quarantined(outcome, "no_text_after_cleaning", data)


def test_unsupported_format(tmp_path):
    assert_quarantined(outcome_for(tmp_path, "sheet.xlsx", b"some bytes that are text"), "unsupported_format")


def test_an_article_over_the_budget_is_too_costly(tmp_path):
    dates = " ".join(f"On March {day % 28 + 1}, 2022 the envoy met officials." for day in range(6000))
    outcome = outcome_for(tmp_path, "dates.txt", (ENGLISH + " " + dates).encode())
    assert_quarantined(outcome, "too_costly")
    assert "per-article budget" in outcome.detail


def test_a_mojibake_title_gets_the_body_repair(tmp_path):
    title = "Russia’s envoy — in Kabul".encode().decode("cp1252")
    data = json.dumps({"title": title, "text": ENGLISH + " " + ENGLISH}).encode()
    outcome = outcome_for(tmp_path, "a.json", data)
    assert isinstance(outcome, Article)
    assert outcome.title == "Russia’s envoy — in Kabul"


def damaged_beyond_repair() -> bytes:
    """English text with replacement characters every third word: nothing left to repair them from."""
    return " ".join(w + ("\ufffd" if i % 3 == 0 else "") for i, w in enumerate(ENGLISH.split(" "))).encode()


def test_unrepairable_mojibake(tmp_path):
    data = damaged_beyond_repair()
    outcome = outcome_for(tmp_path, "damaged.txt", data)
    assert_quarantined(outcome, "unrepairable_mojibake", data)
    assert "score" in outcome.detail


def test_unreadable_file(tmp_path, monkeypatch):
    discover_module = importlib.import_module("newswh.ingest.discover")  # the module, not the function

    def refuse(record):
        raise PermissionError(13, "Permission denied", str(record.path))

    monkeypatch.setattr(discover_module, "read_record_bytes", refuse)
    outcome = outcome_for(tmp_path, "locked.txt", ENGLISH.encode())
    assert_quarantined(outcome, "unreadable_file", b"")
    assert "Permission denied" in outcome.detail


def test_unexpected_error_is_quarantined_not_raised(tmp_path, monkeypatch):
    discover_module = importlib.import_module("newswh.ingest.discover")  # the module, not the function

    def crash(*args, **kwargs):
        raise RuntimeError("a bug in the cleaner")

    monkeypatch.setattr(discover_module, "clean_document", crash)
    data = ENGLISH.encode()
    outcome = outcome_for(tmp_path, "crash.txt", data)
    assert_quarantined(outcome, "unexpected_error", data)
    assert outcome.detail == "RuntimeError: a bug in the cleaner"


def test_an_error_while_discovering_one_file_becomes_its_quarantine_row(tmp_path, monkeypatch):
    discover_module = importlib.import_module("newswh.ingest.discover")  # the module, not the function
    split = discover_module._split_records

    def crash_on_broken(path, *version):
        if path.endswith("broken.jsonl"):
            raise RuntimeError("a bug in the record splitter")
        return split(path, *version)

    monkeypatch.setattr(discover_module, "_split_records", crash_on_broken)
    (tmp_path / "broken.jsonl").write_text(json.dumps({"text": ENGLISH}) + "\n")
    (tmp_path / "fine.jsonl").write_text(json.dumps({"text": ENGLISH}) + "\n")
    outcomes = {record.source_uri: load_article(record) for record in discover(tmp_path)}
    assert set(outcomes) == {"broken.jsonl", "fine.jsonl#0"}
    assert_quarantined(outcomes["broken.jsonl"], "unexpected_error", b"")
    assert outcomes["broken.jsonl"].detail == "RuntimeError: a bug in the record splitter"
    assert isinstance(outcomes["fine.jsonl#0"], Article)


def test_a_subfolder_that_cannot_be_listed_gets_a_row(tmp_path, monkeypatch):
    """Tests run as root, where chmod 000 does not stop a listing; os.scandir refuses instead."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(ENGLISH)
    (tmp_path / "beside.txt").write_text(ENGLISH)
    scandir = os.scandir

    def refuse_locked(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_locked)
    outcomes = {record.source_uri: load_article(record) for record in discover(tmp_path)}
    assert set(outcomes) == {"beside.txt", "locked"}
    assert_quarantined(outcomes["locked"], "unreadable_folder", b"")
    assert "Permission denied" in outcomes["locked"].detail


@pytest.mark.parametrize("data", [b"[1, 2]", b'"just a string"', b"42", b"[]"])
def test_json_that_is_not_one_object(tmp_path, data):
    outcome = outcome_for(tmp_path, "list.json", data)
    assert_quarantined(outcome, "malformed_json", data)
    assert "expected one JSON object" in outcome.detail


def test_csv_yields_one_article_per_row(tmp_path):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["url", "date", "title", "text"])
    writer.writerow(["https://tass.com/1", "2022-04-06", "Russia accepts envoy", ENGLISH])
    writer.writerow(["https://tass.com/2", "2022-04-07", "Empty row", ""])
    (tmp_path / "batch.csv").write_text(buffer.getvalue(), encoding="utf-8")
    records = discover(tmp_path)
    assert [r.source_uri for r in records] == ["batch.csv#0", "batch.csv#1"]
    good, empty = (load_article(r) for r in records)
    assert isinstance(good, Article) and good.file_format == "csv"
    assert good.title == "Russia accepts envoy" and good.url == "https://tass.com/1"
    assert good.metadata_date.isoformat() == "2022-04-06"
    assert "accepted the credentials" in good.body_text
    assert_quarantined(empty, "json_missing_text")


# Where discover.py names a reason: the argument index of each call that takes one.
_REASON_ARGUMENT = {"_Reject": 0, "_rejected": 2, "_quarantine": 2, "Quarantined": 3}


def _reasons_named_in_code() -> set[str]:
    tree = ast.parse(inspect.getsource(importlib.import_module("newswh.ingest.discover")))
    named: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _REASON_ARGUMENT:
            argument = node.args[_REASON_ARGUMENT[node.func.id]]
            named |= {argument.value} if isinstance(argument, ast.Constant) else set()
        if isinstance(node, ast.FunctionDef) and node.name == "_unreadable_reason":
            pairs = [n for n in ast.walk(node) if isinstance(n, ast.Tuple) and len(n.elts) == 2]
            named |= {pair.elts[0].value for pair in pairs if isinstance(pair.elts[0], ast.Constant)}
    return named


def test_every_reason_the_code_gives_is_listed_and_accepted_by_the_warehouse():
    """A reason missing from dbt's accepted_values fails the whole build (outside_corpus once did)."""
    assert _reasons_named_in_code() == QUARANTINE_REASONS
    properties = yaml.safe_load(DBT_QUARANTINE_YML.read_text(encoding="utf-8"))
    column = next(c for c in properties["models"][0]["columns"] if c["name"] == "quarantine_reason")
    accepted = next(t["accepted_values"] for t in column["data_tests"] if isinstance(t, dict))
    assert set(accepted["arguments"]["values"]) == QUARANTINE_REASONS

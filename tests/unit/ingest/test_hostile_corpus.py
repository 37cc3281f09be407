"""A hostile corpus, generated here (never committed): every bad file gets its reason, the good ones load.

Each case of issue 18's probe is one file or link beside two good articles: links out of the
corpus (to a secret file, /etc/passwd, /dev/null, /dev/zero, /proc/self/environ), a character device,
dangling and looping links, a FIFO, hidden files, a non-UTF-8 file name, a .csv field over
the csv module's 128 KB default, a .jsonl string holding U+2028, a file named like a record,
UTF-16/UTF-32 .txt, .jsonl and .csv with a byte-order mark, and a file over the size limit.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from newswh.ingest import MAX_FILE_BYTES, ORIGINAL_BYTES_CAP, Article, Quarantined, discover, load_article

pytestmark = pytest.mark.unit

STORY = (
    "Russia's foreign ministry said on Tuesday that it had accepted the credentials of the new Afghan "
    "envoy, a step officials in Kabul described as a milestone for the Taliban government. Western "
    "governments criticised the move and said it was premature to talk about recognition."
)


def story(n: int) -> str:
    return f"Report {n}. {STORY} The ministry repeated its position {n} times during the week."


def write_bad_files(corpus: Path, outside: Path) -> dict[str, str]:
    """The files of the hostile corpus that must be quarantined, and the reason each must get.

    OUTSIDE is a folder beside the corpus, holding a secret file that must never be read.
    """
    (outside / "secret.txt").write_text("TOP SECRET " + story(99), encoding="utf-8")
    (corpus / "link_out.txt").symlink_to(outside / "secret.txt")
    (corpus / "etc_passwd.txt").symlink_to("/etc/passwd")
    # Devices and /proc through links: reading /dev/zero never ends, environ holds the process's secrets.
    (corpus / "dev_null.txt").symlink_to("/dev/null")
    (corpus / "dev_zero.txt").symlink_to("/dev/zero")
    (corpus / "proc_environ.txt").symlink_to("/proc/self/environ")
    (corpus / "dangling.txt").symlink_to(corpus / "nowhere.txt")
    (corpus / "loop_a.txt").symlink_to(corpus / "loop_b.txt")
    (corpus / "loop_b.txt").symlink_to(corpus / "loop_a.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / ".hidden.txt").write_text(story(3), encoding="utf-8")
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config.txt").write_text(story(4), encoding="utf-8")
    (corpus / "huge.txt").write_bytes(story(12).encode() * (MAX_FILE_BYTES // len(story(12)) + 10))
    reasons = {
        "link_out.txt": "outside_corpus",
        "etc_passwd.txt": "outside_corpus",
        "dev_null.txt": "outside_corpus",
        "dev_zero.txt": "outside_corpus",
        "proc_environ.txt": "outside_corpus",
        "dangling.txt": "dangling_link",
        "loop_a.txt": "symlink_loop",
        "loop_b.txt": "symlink_loop",
        "pipe.txt": "not_a_regular_file",
        ".hidden.txt": "hidden_file",
        ".git": "hidden_file",
        "huge.txt": "file_too_large",
    }
    try:  # a character device node (the null device's numbers) in the corpus itself; root may make one
        os.mknod(corpus / "char_device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        reasons["char_device.txt"] = "not_a_regular_file"
    except PermissionError:
        pass
    return reasons


# Links, devices and special files whose bytes must never be read, let alone stored.
NEVER_READ = (
    "link_out.txt",
    "etc_passwd.txt",
    "dev_null.txt",
    "dev_zero.txt",
    "proc_environ.txt",
    "dangling.txt",
    "pipe.txt",
    "char_device.txt",
)


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path, dict[str, str]]:
    """The corpus, the folder outside it, and the reason each bad file must get."""
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    corpus.mkdir()
    outside.mkdir()
    bad_reasons = write_bad_files(corpus, outside)
    (corpus / "good.txt").write_text(story(1), encoding="utf-8")
    (corpus / "inside_target.txt").write_text(story(2), encoding="utf-8")
    (Path(os.fsdecode(bytes(corpus) + b"/caf\xe9_latin1_name.txt"))).write_text(story(5), encoding="utf-8")
    (corpus / "caf\\xe9_latin1_name.txt").write_text(story(16), encoding="utf-8")  # a backslash, x, e, 9
    big_field = story(6) + " " + "Detail of the talks. " * 8000  # ~170 KB in one csv field
    (corpus / "wide.csv").write_text(f'url,date,title,text\nhttp://x.test/a,2022-04-01,Wide,"{big_field}"\n')
    records = [{"title": "Sep", "text": story(7) + "\u2028" + "A second line."}, {"title": "Two", "text": story(8)}]
    (corpus / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    (corpus / "a.jsonl#0").write_text(story(9), encoding="utf-8")
    (corpus / "utf16.txt").write_bytes(story(10).encode("utf-16"))
    (corpus / "utf32.txt").write_bytes(story(11).encode("utf-32"))
    marked = [{"title": "Marked one", "text": story(13)}, {"title": "Marked two", "text": story(14)}]
    (corpus / "utf16.jsonl").write_bytes("\n".join(json.dumps(r) for r in marked).encode("utf-16"))
    (corpus / "utf32.jsonl").write_bytes("\r\n".join(json.dumps(r) for r in marked).encode("utf-32"))
    (corpus / "utf16.csv").write_bytes(
        f'url,date,title,text\r\nhttp://x.test/b,2022-04-02,Row,"{story(15)}"\r\n'.encode("utf-16")
    )
    # The plain file `a.jsonl#0` is read as itself, no longer as record 0 of a.jsonl.
    return corpus, outside, bad_reasons | {"a.jsonl%230": "unsupported_format"}


def _outcomes(corpus: Path) -> dict[str, Article | Quarantined]:
    """Outcomes by source_uri, which is unique: a name's "#" is percent-encoded, a record's is not."""
    records = discover(corpus)
    assert len({record.source_uri for record in records}) == len(records)
    return {record.source_uri: load_article(record) for record in records}


def test_every_bad_file_gets_its_reason_and_nothing_outside_is_read(hostile, monkeypatch):
    corpus, _outside, expected_reasons = hostile
    opened: list[str] = []
    real_open = io.open

    def recording_open(file, *args, **kwargs):
        opened.append(os.path.realpath(file) if isinstance(file, (str, bytes, os.PathLike)) else str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording_open)  # Path.open and Path.read_bytes go through io.open
    outcomes = _outcomes(corpus)
    monkeypatch.undo()
    reasons = {uri: o.reason for uri, o in outcomes.items() if isinstance(o, Quarantined)}
    assert reasons == expected_reasons
    assert "char_device.txt" in reasons or os.geteuid() != 0  # root makes the device node
    for uri in NEVER_READ:
        if uri in outcomes:
            assert outcomes[uri].original_bytes == b"" and outcomes[uri].byte_size == 0, uri
    assert any(path.endswith("good.txt") for path in opened)  # the recorder did see the reads
    never = [os.path.realpath(corpus / uri) for uri in NEVER_READ] + ["/dev/", "/proc/", "/etc/passwd"]
    assert not [path for path in opened if any(path.startswith(prefix) for prefix in never)]
    assert all(b"SECRET" not in o.original_bytes for o in outcomes.values() if isinstance(o, Quarantined))
    assert all("SECRET" not in o.body_text for o in outcomes.values() if isinstance(o, Article))


def test_the_good_articles_beside_them_load(hostile):
    corpus, _outside, _reasons = hostile
    articles = {uri for uri, o in _outcomes(corpus).items() if isinstance(o, Article)}
    assert articles == {
        "good.txt",
        "inside_target.txt",
        "caf%E9_latin1_name.txt",
        "caf\\xe9_latin1_name.txt",
        "wide.csv#0",
        "a.jsonl#0",
        "a.jsonl#1",
        "utf16.txt",
        "utf32.txt",
        "utf16.jsonl#0",
        "utf16.jsonl#1",
        "utf32.jsonl#0",
        "utf32.jsonl#1",
        "utf16.csv#0",
    }


def test_a_file_named_like_a_record_keeps_its_own_id_and_uri(hostile):
    corpus, _outside, _reasons = hostile
    records = {r.source_uri: r for r in discover(corpus) if r.path.name in ("a.jsonl", "a.jsonl#0")}
    assert set(records) == {"a.jsonl#0", "a.jsonl#1", "a.jsonl%230"}
    assert (records["a.jsonl#0"].record_index, records["a.jsonl%230"].record_index) == (0, None)
    assert len({r.article_id for r in records.values()}) == 3
    record_0, plain = load_article(records["a.jsonl#0"]), load_article(records["a.jsonl%230"])
    assert isinstance(record_0, Article) and record_0.body_text.startswith("Report 7")
    assert isinstance(plain, Quarantined) and plain.reason == "unsupported_format"


def test_a_non_utf8_name_and_its_escape_spelled_out_stay_two_files(hostile):
    """The byte 0xE9 and the four characters \\xe9 once gave one source_uri; both are kept losslessly."""
    corpus, _outside, _reasons = hostile
    records = {r.source_uri: r for r in discover(corpus) if "latin1_name" in r.source_uri}
    assert set(records) == {"caf%E9_latin1_name.txt", "caf\\xe9_latin1_name.txt"}
    assert os.fsencode(records["caf%E9_latin1_name.txt"].path).endswith(b"/caf\xe9_latin1_name.txt")
    assert os.fsencode(records["caf\\xe9_latin1_name.txt"].path).endswith(b"/caf\\xe9_latin1_name.txt")
    assert len({r.article_id for r in records.values()}) == 2
    bodies = {uri: load_article(r).body_text[:9] for uri, r in records.items()}
    assert bodies == {"caf%E9_latin1_name.txt": "Report 5.", "caf\\xe9_latin1_name.txt": "Report 16"}


def test_jsonl_records_are_split_on_newlines_only(hostile):
    corpus, _outside, _reasons = hostile
    jsonl = [r for r in discover(corpus) if r.path.name == "a.jsonl"]
    assert [r.record_index for r in jsonl] == [0, 1]
    first = load_article(jsonl[0])
    assert isinstance(first, Article) and first.title == "Sep" and first.body_text.startswith("Report 7")


def test_utf16_and_utf32_with_a_bom_decode(hostile):
    corpus, _outside, _reasons = hostile
    outcomes = _outcomes(corpus)
    assert outcomes["utf16.txt"].encoding == "utf-16" and "Report 10" in outcomes["utf16.txt"].body_text
    assert outcomes["utf32.txt"].encoding == "utf-32" and "Report 11" in outcomes["utf32.txt"].body_text


@pytest.mark.parametrize("name", ["utf16.jsonl", "utf32.jsonl"])
def test_records_of_a_utf16_or_utf32_file_are_split_after_decoding(hostile, name):
    """Split on the byte \\n, a UTF-16 file became bogus binary_file records."""
    corpus, _outside, _reasons = hostile
    records = [r for r in discover(corpus) if r.path.name == name]
    assert [r.record_index for r in records] == [0, 1]
    loaded = [load_article(r) for r in records]
    assert [(o.title, o.body_text[:9]) for o in loaded] == [("Marked one", "Report 13"), ("Marked two", "Report 14")]


def test_a_huge_file_keeps_its_head_size_and_hash_only(hostile):
    corpus, _outside, _reasons = hostile
    huge = _outcomes(corpus)["huge.txt"]
    assert len(huge.original_bytes) == ORIGINAL_BYTES_CAP
    assert huge.byte_size == (corpus / "huge.txt").stat().st_size > MAX_FILE_BYTES

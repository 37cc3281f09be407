"""Finding articles in a corpus folder and turning each into a clean article or a quarantine row.

Every file (and every record of a .jsonl/.csv file) becomes exactly one outcome: an
`Article`, or a `Quarantined` with a specific reason and the original bytes. Nothing is
silently dropped and no bad input raises out of `load_article`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from newswh.ingest.clean import CleanResult, clean_document, mojibake_score, repair_text
from newswh.ingest.outlets import Source, load_registry
from newswh.ingest.printed_dates import parse_iso_datetime

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".csv")
MAX_FILE_BYTES = 5 * 1024 * 1024  # a news article is ~10-100 kB; 5 MB is a dump or a wrong file
MIN_BODY_WORDS = 20
# The per-article budget: extraction time grows with the text, and a news article is rarely over
# 60,000 characters, so a body several times that is a dump, a list or a log, not one story.
MAX_BODY_CHARS = 250_000
MAX_MOJIBAKE_SCORE = 0.5
# Every reason a quarantine row can give; the warehouse's accepted_values test lists the same
# (stg_raw__quarantined_articles.yml), and tests/unit/ingest/test_bad_input.py checks the code gives no other.
QUARANTINE_REASONS = frozenset(
    {
        # the bytes: not text, not an article's size, not a format read here
        "empty_file",
        "binary_file",
        "undecodable_text",
        "file_too_large",
        "unsupported_format",
        # the structure and the text
        "malformed_json",
        "json_missing_text",
        "malformed_html",
        "unrepairable_mojibake",
        "non_english",
        "no_text_after_cleaning",
        "too_costly",
        "duplicate_content",
        # discovery: never read
        "outside_corpus",
        "dangling_link",
        "symlink_loop",
        "not_a_regular_file",
        "hidden_file",
        "unreadable_folder",
        # the system
        "unreadable_file",
        "unexpected_error",
    }
)
# Quarantine keeps the input's hash and its head, not the whole of a file that may be huge or private.
ORIGINAL_BYTES_CAP = 64 * 1024
_HASH_CHUNK = 1024 * 1024
# A .csv row of one article may well exceed the csv module's default 128 KB field limit.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


@dataclass(frozen=True)
class SourceRecord:
    """One article-sized unit of input: a file, or one record of a multi-record file."""

    article_id: str
    source_uri: str  # display_name of the path relative to the corpus folder, "#<n>" for records of .jsonl/.csv
    path: Path
    record_index: int | None = None
    # Set when discovery already knows the unit can't be an article (a link out of the corpus, a
    # FIFO, a hidden file...): (reason, detail). Such a unit is quarantined without being read.
    rejection: tuple[str, str] | None = None


@dataclass
class Article:
    article_id: str
    source_uri: str
    file_format: str
    url: str | None
    image_url: str | None  # the page's lead image (news-please image_url, HTML og:image)
    title: str | None
    author: str | None
    outlet: Source | None
    outlet_basis: str | None
    stated_date_text: str | None
    stated_date: date | None
    metadata_date: date | None
    language: str
    language_confidence: float
    body_text: str
    word_count: int
    content_hash: str  # sha256 of the cleaned body: equal bodies are the same article
    raw_hash: str  # sha256 of the input bytes: unchanged input means no work
    encoding: str
    clean: CleanResult = field(repr=False)
    raw_bytes: bytes = field(default=b"", repr=False)


@dataclass
class Quarantined:
    article_id: str
    source_uri: str
    file_format: str
    reason: str  # machine-readable code, e.g. empty_file, binary_file, non_english
    detail: str  # what exactly was wrong, for a person
    original_bytes: bytes  # at most ORIGINAL_BYTES_CAP bytes: the head of the input
    raw_hash: str
    byte_size: int | None = None  # the whole input's size; None: the length of the bytes given

    def __post_init__(self) -> None:
        # Capped here rather than by each caller, so no path (duplicates, rejections, errors) can
        # store megabytes, or a whole private file, in the warehouse.
        if self.byte_size is None:
            self.byte_size = len(self.original_bytes)
        self.original_bytes = self.original_bytes[:ORIGINAL_BYTES_CAP]


Outcome = Article | Quarantined


def article_id_for(source_uri: str, record_index: int | None = None) -> str:
    """Stable id from the article's position in the corpus, so reruns keep their ids.

    A record's position is hashed with a NUL before its index: no file name holds a NUL, so the
    file `a.jsonl#0` and record 0 of `a.jsonl` can never share an id. Names that are not valid
    UTF-8 keep their original bytes (surrogate escapes) in the hash.
    """
    key = source_uri if record_index is None else f"{source_uri}\x00{record_index}"
    return "a_" + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


# Percent-encoded in a source_uri: a byte that is not UTF-8 (a surrogate escape), a control
# character, "%" itself, so that every escape reads one way, and "#", which starts a record index.
_ESCAPED_IN_URI = re.compile("[%#\x00-\x1f\x7f\udc80-\udcff]")


def display_name(relative: str) -> str:
    """A file name as printable, unambiguous text: `caf%E9.txt` for the byte 0xE9, `a%230.txt` for `a#0.txt`.

    Every character kept as it is means itself, so two names never share a source_uri, and a file
    named like a record (`a.jsonl#0`) never reads as one.
    """
    return _ESCAPED_IN_URI.sub(lambda match: f"%{ord(match.group(0)) & 0xFF:02X}", relative)


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- discovery -------------------------------------------------------------------------------


def discover(articles_dir: Path) -> list[SourceRecord]:
    """Every article-sized unit under `articles_dir`, in a stable order.

    Nothing is skipped in silence: links that leave the corpus, dangling or looping links,
    FIFOs, sockets, devices and hidden files become records with a rejection reason, quarantined
    later without being read. README files are documentation, not articles, and are left out.
    Multi-record files (.jsonl, .csv) yield one record per line/row.
    """
    root = articles_dir.resolve()
    records: list[SourceRecord] = []
    unlisted: dict[Path, OSError] = {}
    for path in _walk(articles_dir, unlisted):
        relative = os.fsdecode(os.path.relpath(path, articles_dir)).replace(os.sep, "/")
        if path in unlisted:
            detail = f"the folder could not be listed ({unlisted[path].strerror}); nothing below it was read"
            records.append(_rejected(path, relative, "unreadable_folder", detail))
            continue
        try:
            records.extend(_records_of(path, relative, root))
        except Exception as error:  # one odd file must not stop the corpus
            records.append(_rejected(path, relative, "unexpected_error", f"{type(error).__name__}: {error}"))
    return records


def _walk(articles_dir: Path, unlisted: dict[Path, OSError]) -> list[Path]:
    """Files, links and special files below the folder; hidden folders are listed, not entered.

    A subfolder that cannot be listed is returned too, with its error put in UNLISTED, so that
    what it holds is reported missing rather than skipped in silence.
    """
    found: list[Path] = []

    def note_unlisted(error: OSError) -> None:
        folder = Path(error.filename)
        if folder != articles_dir:  # the corpus folder itself is the caller's to check
            unlisted[folder] = error
            found.append(folder)

    for directory, subdirs, files in os.walk(articles_dir, onerror=note_unlisted, followlinks=False):
        hidden = sorted(name for name in subdirs if name.startswith("."))
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        found.extend(Path(directory, name) for name in [*hidden, *files])
        # os.walk lists links to folders among the folders; they are judged like any link.
        found.extend(Path(directory, name) for name in subdirs if Path(directory, name).is_symlink())
        subdirs[:] = [name for name in subdirs if not Path(directory, name).is_symlink()]
    return sorted(found, key=lambda p: os.fsencode(str(p)))


def _rejected(path: Path, relative: str, reason: str, detail: str) -> SourceRecord:
    return SourceRecord(article_id_for(relative), display_name(relative), path, rejection=(reason, detail))


def _records_of(path: Path, relative: str, root: Path) -> list[SourceRecord]:
    name = path.name
    if name.lower().startswith("readme") and not path.is_symlink():
        return []
    rejection = _unreadable_reason(path, root)
    if rejection is not None:
        return [_rejected(path, relative, *rejection)]
    if any(part.startswith(".") for part in Path(relative).parts):
        return [_rejected(path, relative, "hidden_file", "hidden files are not read as articles")]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".csv") and path.stat().st_size <= MAX_FILE_BYTES:
        count = len(_split_records(str(path), *_version(path)))
        if count:
            uri = display_name(relative)
            return [SourceRecord(article_id_for(relative, n), f"{uri}#{n}", path, n) for n in range(count)]
    return [SourceRecord(article_id_for(relative), display_name(relative), path)]


def _unreadable_reason(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a path must not be read at all, or None for a regular file inside the corpus."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return "dangling_link", f"the link points at {os.readlink(path)!r}, which does not exist"
        except (RuntimeError, OSError) as error:
            return "symlink_loop", f"the link cannot be resolved: {error}"
        if not target.is_relative_to(root):
            return "outside_corpus", "the link points outside the corpus folder; its target was not read"
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        return ("hidden_file", "hidden folders are not read") if path.name.startswith(".") else None
    if not stat.S_ISREG(mode):
        return "not_a_regular_file", f"a {_file_kind(mode)}, not a file with an article in it"
    return None


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"))
    kinds += ((stat.S_ISBLK, "block device"),)
    return next((label for test, label in kinds if test(mode)), "special file")


def _version(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


# --- loading ---------------------------------------------------------------------------------


@dataclass
class _Decoded:
    text: str
    encoding: str


class _Reject(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def load_article(record: SourceRecord) -> Outcome:
    """Read, decode, extract and clean one record. Never raises for bad input."""
    file_format = record.path.suffix.lower().lstrip(".")
    if record.rejection is not None:
        reason, detail = record.rejection
        return _quarantine(record, file_format, reason, detail, b"", sha256(f"{reason}: {detail}"))
    try:
        size = _record_size(record)
        if size > MAX_FILE_BYTES:
            head, raw_hash = _head_and_hash(record.path)
            detail = f"{size:,} bytes exceeds the {MAX_FILE_BYTES:,}-byte limit for one article"
            return _quarantine(record, file_format, "file_too_large", detail, head, raw_hash, size)
        raw = read_record_bytes(record)
    except OSError as error:
        return _quarantine(record, file_format, "unreadable_file", str(error), b"", sha256(b""))
    raw_hash = sha256(raw)
    try:
        return _load(record, raw, raw_hash, file_format)
    except _Reject as reject:
        return _quarantine(record, file_format, reject.reason, reject.detail, raw, raw_hash)
    except Exception as error:  # a bug or an input we never imagined: quarantine, keep the run alive
        detail = f"{type(error).__name__}: {error}"
        return _quarantine(record, file_format, "unexpected_error", detail, raw, raw_hash)


def _quarantine(
    record: SourceRecord, file_format: str, reason: str, detail: str, raw: bytes, raw_hash: str, size: int | None = None
) -> Quarantined:
    return Quarantined(record.article_id, record.source_uri, file_format, reason, detail, raw, raw_hash, size)


def _record_size(record: SourceRecord) -> int:
    if record.record_index is None:
        return record.path.stat().st_size
    return len(read_record_bytes(record))


def _head_and_hash(path: Path) -> tuple[bytes, str]:
    """The first bytes and the sha256 of a file, read in chunks so a huge file never sits in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = handle.read(ORIGINAL_BYTES_CAP)
        digest.update(head)
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return head, digest.hexdigest()


def record_fingerprint(record: SourceRecord) -> str | None:
    """What `load_article` would store as raw_hash, without keeping a huge or rejected input in memory."""
    if record.rejection is not None:
        return sha256(f"{record.rejection[0]}: {record.rejection[1]}")
    try:
        if record.record_index is None and record.path.stat().st_size > MAX_FILE_BYTES:
            return _head_and_hash(record.path)[1]
        return sha256(read_record_bytes(record))
    except OSError:
        return None


def read_record_bytes(record: SourceRecord) -> bytes:
    if record.record_index is None:
        return record.path.read_bytes()
    return _split_records(str(record.path), *_version(record.path))[record.record_index]


@lru_cache(maxsize=8)
def _split_records(path: str, _mtime_ns: int, _size: int) -> tuple[bytes, ...]:
    """The records of a .jsonl/.csv file, split once per file version rather than once per record.

    Discovery counts records with this same function, so counting and reading can never disagree
    (a JSON string holding U+2028 is one line here: only \\n ends a .jsonl record). A file with a
    byte-order mark is decoded before it is split, since a UTF-16/32 newline is not the byte \\n;
    its records are then UTF-8.
    """
    data = Path(path).read_bytes()
    if path.lower().endswith(".jsonl"):
        if _bom_encoding(data) is not None:
            data = _decode_marked(data)
        return tuple(line.rstrip(b"\r") for line in data.split(b"\n") if line.strip())
    rows = csv.DictReader(io.StringIO(_decode(data).text, newline=""))
    return tuple(json.dumps(row, ensure_ascii=False).encode("utf-8") for row in rows)


def _reject_unreadable_bytes(raw: bytes, file_format: str) -> None:
    """Refuse input that is not text of a supported kind, before any decoding."""
    if file_format not in {s.lstrip(".") for s in SUPPORTED_SUFFIXES}:
        raise _Reject(
            "unsupported_format",
            f"'.{file_format}' files are not articles this pipeline reads ({', '.join(SUPPORTED_SUFFIXES)})",
        )
    if len(raw) > MAX_FILE_BYTES:
        raise _Reject("file_too_large", f"{len(raw):,} bytes exceeds the {MAX_FILE_BYTES:,}-byte limit for one article")
    if not raw.strip():
        raise _Reject("empty_file", "the file has no content" if not raw else "the file holds only whitespace")
    if _bom_encoding(raw) is None and _looks_binary(raw):
        raise _Reject("binary_file", f"binary content (starts with {raw[:8]!r}), not text")


def _reject_unusable_body(cleaned: CleanResult) -> None:
    """Refuse a cleaned body that is too costly to extract, still damaged, or too short to be a story."""
    if len(cleaned.body_text) > MAX_BODY_CHARS:
        raise _Reject(
            "too_costly",
            f"{len(cleaned.body_text):,} characters of body text exceed the per-article budget of {MAX_BODY_CHARS:,}",
        )

    if mojibake_score(cleaned.body_text) > MAX_MOJIBAKE_SCORE:
        raise _Reject(
            "unrepairable_mojibake",
            f"encoding damage remains after repair (score {mojibake_score(cleaned.body_text):.2f})",
        )
    words = cleaned.word_count
    if words < MIN_BODY_WORDS:
        removed = len(cleaned.furniture)
        raise _Reject(
            "no_text_after_cleaning",
            f"{words} words of body text remain after removing {removed} furniture lines (minimum {MIN_BODY_WORDS})",
        )


def _load(record: SourceRecord, raw: bytes, raw_hash: str, file_format: str) -> Article:
    _reject_unreadable_bytes(raw, file_format)
    decoded = _decode(raw)
    structured = _extract_structured(decoded.text, file_format, record.source_uri)
    title = repair_text(structured.title)[0].strip() or None if structured.title else None
    cleaned = clean_document(structured.text, title=title, author=structured.author, date_hint=structured.metadata_date)
    _reject_unusable_body(cleaned)
    words = cleaned.word_count
    language, confidence = detect_language(cleaned.body_text)
    if language != "en":
        raise _Reject(
            "non_english", f"detected language '{language}' (confidence {confidence:.2f}); the pipeline reads English"
        )

    outlet, basis = resolve_outlet(cleaned, structured.domain, structured.outlet_name)
    return Article(
        article_id=record.article_id,
        source_uri=record.source_uri,
        file_format=file_format,
        url=structured.url,
        image_url=structured.image_url or None,
        title=cleaned.title,
        author=cleaned.author,
        outlet=outlet,
        outlet_basis=basis,
        stated_date_text=cleaned.stated_date_text or structured.date_text,
        stated_date=cleaned.stated_date,
        metadata_date=structured.metadata_date,
        language=language,
        language_confidence=confidence,
        body_text=cleaned.body_text,
        word_count=words,
        content_hash=sha256(_normalise_for_hash(cleaned.body_text)),
        raw_hash=raw_hash,
        encoding=decoded.encoding,
        clean=cleaned,
        raw_bytes=raw,
    )


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if b"\x00" in head:
        return True
    if head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        return True
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control / max(1, len(head)) > 0.05


def _decode(raw: bytes) -> _Decoded:
    """UTF-8 when valid, else cp1252, else latin-1.

    Statistical charset detection is unreliable on mostly-ASCII English text (charset-normalizer
    calls one "ñ" in 300 ASCII bytes hp_roman8), and English pages that are not UTF-8 are
    cp1252 in practice; latin-1 catches the five bytes cp1252 leaves undefined.
    """
    bom = _bom_encoding(raw)
    if bom is not None:
        try:
            return _Decoded(raw.decode(bom), bom.removesuffix("-sig"))
        except UnicodeDecodeError as error:
            raise _Reject(
                "undecodable_text", f"starts with a {bom} byte-order mark but is not {bom}: {error}"
            ) from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return _Decoded(raw.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _Decoded(raw.decode("latin-1"), "latin-1")


# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)


def _decode_marked(data: bytes) -> bytes:
    """A file with a byte-order mark as UTF-8, or as it is when it is not what its mark says.

    Left as it is, the file still splits; its records are then refused one by one as they load.
    """
    try:
        return _decode(data).text.encode("utf-8")
    except _Reject:
        return data


def _bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte-order mark announces (Python's codec decodes and drops the mark)."""
    return next((encoding for mark, encoding in _BYTE_ORDER_MARKS if raw.startswith(mark)), None)


def _normalise_for_hash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# --- structured formats ----------------------------------------------------------------------


@dataclass
class _Structured:
    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    image_url: str | None = None
    domain: str | None = None
    outlet_name: str | None = None
    metadata_date: date | None = None
    date_text: str | None = None


def _extract_structured(text: str, file_format: str, source_uri: str) -> _Structured:
    if file_format in ("json", "jsonl"):
        return _from_news_please(text)
    if file_format == "csv":
        return _from_news_please(text)  # rows are re-serialised as JSON objects when discovered
    if file_format in ("html", "htm"):
        return _from_html(text)
    return _Structured(text=text)


def _from_news_please(text: str) -> _Structured:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Reject("malformed_json", f"{error.msg} at line {error.lineno} column {error.colno}") from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise _Reject("malformed_json", f"expected one JSON object per article, got {type(data).__name__}")
    body = data.get("text") or data.get("maintext") or data.get("body")
    if not isinstance(body, str) or not body.strip():
        raise _Reject("json_missing_text", "the JSON object has no non-empty 'text' (or 'maintext') field")
    authors = data.get("authors")
    if isinstance(authors, str):
        authors = [authors] if authors.strip("[] ") else []
    date_value = data.get("date_publish") or data.get("date")
    url = data.get("url") or None
    return _Structured(
        text=body,
        title=(data.get("title") or None),
        author="; ".join(a for a in authors if isinstance(a, str)) or None if authors else None,
        url=url,
        image_url=data.get("image_url") if isinstance(data.get("image_url"), str) else None,
        domain=data.get("source_domain") or url,
        outlet_name=data.get("source_name") or None,
        metadata_date=parse_iso_datetime(date_value),
        date_text=str(date_value) if date_value not in (None, "", "None") else None,
    )


def _from_html(text: str) -> _Structured:
    import trafilatura

    if not re.search(r"<\s*(html|body|p|div|article)\b", text, re.I):
        raise _Reject("malformed_html", "no HTML element found (<html>, <body>, <article>, <div> or <p>)")
    try:
        document = trafilatura.bare_extraction(
            text, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
        )
    except Exception as error:  # lxml raises a zoo of parser errors on broken markup
        raise _Reject("malformed_html", f"HTML could not be parsed: {error}") from None
    if document is None:
        raise _Reject("malformed_html", "HTML parsed but no main article text could be found")
    as_dict = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    body = as_dict.get("text") or ""
    if not body.strip():
        raise _Reject("no_text_after_cleaning", "the HTML page has no main text")
    return _Structured(
        text=body,
        title=as_dict.get("title"),
        author=as_dict.get("author"),
        url=as_dict.get("url"),
        image_url=as_dict.get("image"),
        domain=as_dict.get("hostname") or as_dict.get("url"),
        outlet_name=as_dict.get("sitename"),
        metadata_date=parse_iso_datetime(as_dict.get("date")),
        date_text=as_dict.get("date"),
    )


# --- language and outlet ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability, from the first few thousand characters."""
    language, probability = _language_identifier().classify(text[:5000])
    return language, round(float(probability), 3)


_HINT_PRIORITY = ("signature", "blurb", "copyright", "dateline", "bio", "byline", "footer")


def resolve_outlet(
    cleaned: CleanResult, domain: str | None, outlet_name: str | None
) -> tuple[Source | None, str | None]:
    """The publisher of a page: from structured metadata first, then from the furniture it printed.

    Photo credits are deliberately ignored: AP taking a photo does not make AP the publisher.
    """
    registry = load_registry()
    if domain and (source := registry.by_domain(domain)):
        return source, "domain"
    if outlet_name and (source := registry.by_name(outlet_name)):
        return source, "metadata_name"
    hints = [hint.split(":", 1) for hint in cleaned.outlet_hints]
    for kind in _HINT_PRIORITY:
        for hint_kind, value in hints:
            if hint_kind == kind and (source := registry.by_name(value)):
                return source, f"page_{kind}"
    if domain or outlet_name:
        return registry.resolve(name=outlet_name, domain=domain), "unregistered"
    return None, None


def mark_duplicates(outcomes: list[Outcome], known_hashes: dict[str, str] | None = None) -> list[Outcome]:
    """Quarantine articles whose cleaned body equals an earlier one's.

    The first occurrence in `known_hashes` (already in the warehouse) or else in source_uri
    order keeps the article; later ones point at it, so the choice is deterministic.
    """
    owners = dict(known_hashes or {})
    result: list[Outcome] = []
    for outcome in sorted(outcomes, key=lambda o: o.source_uri):
        if isinstance(outcome, Article):
            owner = owners.get(outcome.content_hash)
            if owner is not None and owner != outcome.article_id:
                result.append(
                    Quarantined(
                        outcome.article_id,
                        outcome.source_uri,
                        outcome.file_format,
                        "duplicate_content",
                        f"same cleaned text as article {owner}",
                        outcome.raw_bytes,
                        outcome.raw_hash,
                    )
                )
                continue
            owners[outcome.content_hash] = outcome.article_id
        result.append(outcome)
    return result

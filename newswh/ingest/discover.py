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
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from newswh.ingest.clean import CleanResult, clean_document, mojibake_score
from newswh.ingest.outlets import Source, load_registry
from newswh.ingest.printed_dates import parse_iso_datetime

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".csv")
MAX_FILE_BYTES = 5 * 1024 * 1024  # a news article is ~10-100 kB; 5 MB is a dump or a wrong file
MIN_BODY_WORDS = 20
MAX_MOJIBAKE_SCORE = 0.5


@dataclass(frozen=True)
class SourceRecord:
    """One article-sized unit of input: a file, or one record of a multi-record file."""

    article_id: str
    source_uri: str  # path relative to the corpus folder, with "#<n>" for records of .jsonl/.csv
    path: Path
    record_index: int | None = None


@dataclass
class Article:
    article_id: str
    source_uri: str
    file_format: str
    url: str | None
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
    original_bytes: bytes
    raw_hash: str


Outcome = Article | Quarantined


def article_id_for(source_uri: str) -> str:
    """Stable id from the article's position in the corpus, so reruns keep their ids."""
    return "a_" + hashlib.sha256(source_uri.encode("utf-8")).hexdigest()[:16]


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# --- discovery -------------------------------------------------------------------------------


def discover(articles_dir: Path) -> list[SourceRecord]:
    """Every article-sized unit under `articles_dir`, in a stable order.

    Hidden files and README files are skipped: they are not articles. Multi-record files
    (.jsonl, .csv) yield one record per line/row; a file that cannot be split still yields
    one record so that its failure is quarantined rather than lost.
    """
    records: list[SourceRecord] = []
    for path in sorted(p for p in articles_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(articles_dir).as_posix()
        if any(part.startswith(".") for part in path.relative_to(articles_dir).parts):
            continue
        if path.name.lower().startswith("readme"):
            continue
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".csv") and path.stat().st_size <= MAX_FILE_BYTES:
            count = _count_records(path, suffix)
            if count:
                records.extend(
                    SourceRecord(article_id_for(f"{relative}#{n}"), f"{relative}#{n}", path, n) for n in range(count)
                )
                continue
        records.append(SourceRecord(article_id_for(relative), relative, path))
    return records


def _count_records(path: Path, suffix: str) -> int:
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return 0
    if suffix == ".jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    return sum(1 for _ in csv.DictReader(io.StringIO(text)))


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
    suffix = record.path.suffix.lower()
    file_format = suffix.lstrip(".")
    try:
        raw = read_record_bytes(record)
    except OSError as error:
        return Quarantined(
            record.article_id, record.source_uri, file_format, "unreadable_file", str(error), b"", sha256(b"")
        )
    raw_hash = sha256(raw)
    try:
        return _load(record, raw, raw_hash, file_format)
    except _Reject as reject:
        return Quarantined(
            record.article_id, record.source_uri, file_format, reject.reason, reject.detail, raw, raw_hash
        )
    except Exception as error:  # a bug or an input we never imagined: quarantine, keep the run alive
        return Quarantined(
            record.article_id,
            record.source_uri,
            file_format,
            "unexpected_error",
            f"{type(error).__name__}: {error}",
            raw,
            raw_hash,
        )


def read_record_bytes(record: SourceRecord) -> bytes:
    if record.record_index is None:
        return record.path.read_bytes()
    stat = record.path.stat()
    return _split_records(str(record.path), stat.st_mtime_ns, stat.st_size)[record.record_index]


@lru_cache(maxsize=8)
def _split_records(path: str, _mtime_ns: int, _size: int) -> tuple[bytes, ...]:
    """The records of a .jsonl/.csv file, split once per file version rather than once per record."""
    data = Path(path).read_bytes()
    if path.lower().endswith(".jsonl"):
        return tuple(line for line in data.splitlines() if line.strip())
    rows = csv.DictReader(io.StringIO(data.decode("utf-8", errors="replace")))
    return tuple(json.dumps(row, ensure_ascii=False).encode("utf-8") for row in rows)


def _load(record: SourceRecord, raw: bytes, raw_hash: str, file_format: str) -> Article:
    if file_format not in {s.lstrip(".") for s in SUPPORTED_SUFFIXES}:
        raise _Reject(
            "unsupported_format",
            f"'.{file_format}' files are not articles this pipeline reads ({', '.join(SUPPORTED_SUFFIXES)})",
        )
    if len(raw) > MAX_FILE_BYTES:
        raise _Reject("file_too_large", f"{len(raw):,} bytes exceeds the {MAX_FILE_BYTES:,}-byte limit for one article")
    if not raw.strip():
        raise _Reject("empty_file", "the file has no content" if not raw else "the file holds only whitespace")
    if _looks_binary(raw):
        raise _Reject("binary_file", f"binary content (starts with {raw[:8]!r}), not text")

    decoded = _decode(raw)
    structured = _extract_structured(decoded.text, file_format, record.source_uri)
    cleaned = clean_document(structured.text, title=structured.title, author=structured.author)

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
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return _Decoded(raw.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return _Decoded(raw.decode("latin-1"), "latin-1")


def _normalise_for_hash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# --- structured formats ----------------------------------------------------------------------


@dataclass
class _Structured:
    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
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

"""Turning a scraped page into one clean body text plus the metadata its furniture carries.

The cleaned `body_text` is the single text that every later character offset refers
to, so nothing downstream ever looks at the raw page again. Furniture (ads, captions,
comment forms, footers, bylines, author bios) is not thrown away: each removed line is
kept with its kind, and lines that carry metadata (a byline, a copyright footer, a photo
credit, the printed page date) are parsed into their own fields. The lines that are furniture
by their pattern alone are data: resources/furniture.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import ftfy
import yaml

from newswh.ingest.datelines import Dateline, header_year_hint, parse_dateline, parse_headline_date
from newswh.ingest.printed_dates import parse_printed_date

FURNITURE_FILE = Path(__file__).resolve().parent / "resources" / "furniture.yaml"


@dataclass(frozen=True)
class FurnitureRule:
    """A record of resources/furniture.yaml: the kind a matching line is kept under."""

    kind: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]


@lru_cache(maxsize=2)
def load_furniture(path: str | None = None) -> tuple[FurnitureRule, ...]:
    """The records of resources/furniture.yaml, in its order: the first match names the kind."""
    data = yaml.safe_load(Path(path or FURNITURE_FILE).read_text(encoding="utf-8"))
    return tuple(
        FurnitureRule(record["kind"], re.compile(_joined(record["pattern"]), re.I), tuple(record["examples"]))
        for record in data["lines"]
    )


def _joined(pattern: str | list[str]) -> str:
    return "".join(pattern) if isinstance(pattern, list) else pattern


_FURNITURE_PATTERNS = [(rule.kind, rule.pattern) for rule in load_furniture()]

_CAPTION = re.compile(
    r"(^FILE\s*[-–—]|\((AP|AFP|Reuters|EPA|Getty)\s*Photo|\(photo\s*:|\(image credit\s*:|"
    r"\(photo credit\s*:|\bphoto\s*:\s*\S+\)|^in this .{0,60} photo,)",
    re.I,
)
_CAPTION_CREDIT = re.compile(
    r"\((?:(?:image|photo) credit\s*:\s*|photo\s*:\s*)?([^()]*?(?:photo|credit|/)[^()]*)\)\s*$", re.I
)
_BYLINE_STAMP = re.compile(
    r"^(?P<author>[\w .'’-]{2,60}?)\s+[-–—|]\s+(?P<stamp>\d+\s+\w+\s+ago|[A-Z][a-z]+ \d{1,2}, \d{4})$"
)
_BIO = re.compile(
    r"\b(holds an? [\w.]+ degree|works as an? |is an? (editor|reporter|journalist|correspondent|writer)\b|"
    r"(editor|reporter|writer|correspondent) (at|for|with) )",
    re.I,
)
_OUTLET_BLURB = re.compile(
    r"^(the )?(?P<outlet>[A-Z][\w&.'’ -]{1,60}?) (provides|is an? (research institute|news agency|"
    r"independent|international|leading|multimedia)|offers)\b"
)
_OUTLET_SIGNATURE = re.compile(r"^(?P<name>[A-Z][\w'’ .&-]{2,60}?)\s*\((?P<acronym>[A-Z]{2,8})\)$")
_EDITOR_TAG = re.compile(r"\s*\[(?P<editor>[A-Z][a-z]{1,20})\]\s*$")
_TERMINAL = re.compile(r"[.!?\"”’:;)\]]$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class FurnitureLine:
    kind: str
    text: str
    line_no: int


@dataclass
class CleanResult:
    body_text: str
    title: str | None = None
    author: str | None = None
    stated_date_text: str | None = None
    stated_date: date | None = None
    dateline: str | None = None
    dateline_place: str | None = None  # "KABUL, Afghanistan": kept for a later geolocation step
    dateline_date: date | None = None  # the day the dateline states (its year from a hint when unwritten)
    parsed_dateline: Dateline | None = field(default=None, repr=False)
    outlet_hints: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    furniture: list[FurnitureLine] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.body_text))


# --- encoding repair -------------------------------------------------------------------------

# UTF-8 bytes read through a single-byte Windows code page leave runs like "Î’Â " or "Β ".
# ftfy fixes cp1252/latin-1 damage; Greek and Cyrillic code pages it leaves alone.
_LEGACY_RUN = re.compile(r"[\u0080-\u00ff\u0370-\u03ff\u0400-\u04ff\u2018-\u203a]{1,6}[\u00a0\u0080-\u00bf]")


def _undo_single_byte_mojibake(match: re.Match[str]) -> str:
    run = match.group(0)
    for codec in ("cp1253", "cp1251", "cp1252", "latin-1"):
        try:
            fixed = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(fixed) < len(run):
            return fixed
    return run


def repair_text(text: str) -> tuple[str, list[str]]:
    """Fix encoding damage and normalise whitespace, reporting what was repaired."""
    repairs: list[str] = []
    # Curly quotes are kept: they tell where a quotation opens and closes.
    fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    if fixed != text:
        repairs.append("ftfy")
    legacy = _LEGACY_RUN.sub(_undo_single_byte_mojibake, fixed)
    if legacy != fixed:
        repairs.append("single_byte_codepage_mojibake")
        fixed = legacy
    # No-break and other exotic spaces carry no meaning in body text and break regexes.
    spaced = re.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", fixed)
    spaced = spaced.replace("\u200b", "").replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    if spaced != fixed:
        repairs.append("whitespace")
    return unicodedata.normalize("NFC", spaced), repairs


def mojibake_score(text: str) -> float:
    """Share of characters that still look like mojibake after repair (0 = clean)."""
    if not text:
        return 0.0
    suspicious = len(re.findall(r"[ÃÂâ€™œ]{2,}|[\ufffd]|Ð[\u0080-\u00bf]", text))
    return suspicious / max(1, len(text) / 100)


# --- line classification ---------------------------------------------------------------------


def _furniture_kind(line: str) -> str | None:
    for kind, pattern in _FURNITURE_PATTERNS:
        if pattern.search(line):
            return kind
    if _CAPTION.search(line):
        return "caption"
    if _BIO.search(line) and len(line) < 400:
        return "author_bio"
    if _OUTLET_BLURB.match(line) and re.search(
        r"\b(news|reports?|languages|audience|analys[ie]s|research)\b", line, re.I
    ):
        return "outlet_blurb"
    return None


def _is_sentence_like(line: str) -> bool:
    words = _WORD.findall(line)
    return len(words) >= 12 or (len(words) >= 6 and bool(_TERMINAL.search(line)))


def _looks_like_title(line: str) -> bool:
    words = _WORD.findall(line)
    if not 3 <= len(words) <= 30 or line.endswith((".", ",", ";")):
        return False
    return parse_printed_date(line) is None


def _unwrap(lines: list[str]) -> list[str]:
    """Rejoin hard-wrapped paragraphs: a line that does not end a sentence continues on the next.

    A short run of words in sentence case with no terminal punctuation, followed by a
    capitalised line, is a section heading and stays its own paragraph ("Russian concern").
    """
    paragraphs: list[str] = []
    current = ""
    for index, line in enumerate(lines):
        if index == 0 and _looks_like_title(line):
            # A page's first line is its headline even when the text below it is hard-wrapped.
            paragraphs.append(line)
            continue
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif _is_heading_fragment(current) and line[:1].isupper():
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}"
        if _TERMINAL.search(current) and not current.endswith(","):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _is_heading_fragment(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 4 or _TERMINAL.search(text) or text.endswith(","):
        return False
    # Headings are in sentence case ("Russian position"); a name split over lines is Title Case.
    return len(words) == 1 or any(word[:1].islower() for word in words[1:])


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Most lines run on into the next, and either almost no blank line separates paragraphs or
    many lines continue a sentence (start in lower case): paragraphs hard-wrapped between blank lines."""
    content = [line for line in lines if line]
    if len(content) < 8:
        return False
    blank_share = sum(1 for line in lines if not line) / len(lines)
    open_ended = sum(1 for line in content if not _TERMINAL.search(line))
    continued = sum(1 for line in content if line[:1].islower())
    return open_ended / len(content) > 0.5 and (blank_share < 0.1 or continued / len(content) >= 0.25)


# --- the cleaner -----------------------------------------------------------------------------


def clean_document(
    raw_text: str, *, title: str | None = None, author: str | None = None, date_hint: date | None = None
) -> CleanResult:
    """Clean a scraped page (or an extracted article text) into body text and metadata.

    `title` and `author` come from structured input (JSON, HTML metadata) when there is
    any; otherwise they are read off the page. `date_hint` (a metadata date) gives the year of
    a dateline that writes none.
    """
    text, repairs = repair_text(raw_text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    if _is_hard_wrapped(lines):
        lines = [p for paragraph in _unwrap(lines) for p in (paragraph, "")]
        repairs.append("unwrapped_hard_line_breaks")
    return _clean_lines(lines, title, author, date_hint, repairs)


def _clean_lines(
    lines: list[str], title: str | None, author: str | None, date_hint: date | None, repairs: list[str]
) -> CleanResult:
    result = CleanResult(body_text="", title=title, author=author, repairs=repairs)
    ad_copy = _sandwiched_ad_copy(lines)
    author_candidates: list[str] = []
    body: list[str] = []
    seen: set[str] = set()
    known_title = title.strip().lower() if title else None
    previous_content: str | None = None
    for line_no, line in enumerate(lines):
        if not line:
            continue
        key = line.lower()
        kind = "advertisement" if line_no in ad_copy else _classify(line, result, body, known_title)
        if kind is None and key in seen and not _is_sentence_like(line):
            kind = "duplicate_line"
        if kind is None and line == previous_content:
            kind = "duplicate_line"
        previous_content = line
        if kind is None:
            seen.add(key)
            body.append(_strip_inline_furniture(line, result))
            continue
        result.furniture.append(FurnitureLine(kind=kind, text=line, line_no=line_no))
        _harvest_metadata(kind, line, result)
        if kind in ("header", "duplicate_line") and _is_person_name(line):
            author_candidates.append(line.removeprefix("By ").strip())

    if result.author is None:
        result.author = _pick_author(author_candidates, result)
    body = _trim_header_and_footer(body, result)
    if body:
        _take_dateline(body, result)
    _date_dateline(result, date_hint)
    _date_headline(result, date_hint)
    result.body_text = "\n\n".join(body)
    return result


def _classify(line: str, result: CleanResult, body: list[str], known_title: str | None) -> str | None:
    if known_title and line.lower() == known_title:
        return "title"
    kind = _furniture_kind(line)
    if kind:
        return kind
    if not body and result.dateline is None and (dateline := parse_dateline(line, whole_line=True)):
        _record_dateline(dateline, result)
        return "dateline"
    if not body and result.stated_date_text is None and (parsed := parse_printed_date(line)):
        result.stated_date_text, result.stated_date = line, parsed
        return "page_date"
    if _BYLINE_STAMP.match(line) and not body:
        return "byline"
    if _OUTLET_SIGNATURE.match(line) and len(line) < 80:
        return "outlet_signature"
    if result.title is None and not body and _looks_like_title(line) and not re.search(r"[.!?\"”]$", line):
        result.title = line
        return "title"
    if result.title and line.lower() == result.title.lower():
        return "title"
    if not body and not _is_sentence_like(line):
        # Between the title and the first paragraph sit bylines, sections and categories.
        return "header"
    return None


def _harvest_metadata(kind: str, line: str, result: CleanResult) -> None:
    if kind == "caption":
        result.captions.append(line)
        if credit := _CAPTION_CREDIT.search(line):
            result.outlet_hints.append(f"credit:{credit.group(1).strip()}")
    elif kind == "byline":
        match = _BYLINE_STAMP.match(line)
        assert match
        result.author = result.author or match.group("author").strip()
        stamp = match.group("stamp")
        if result.stated_date_text is None:
            result.stated_date_text = stamp
            result.stated_date = parse_printed_date(stamp)
    elif kind == "relative_stamp" and result.stated_date_text is None:
        result.stated_date_text = line
    elif kind == "author_bio":
        if m := re.search(r"\b(?:for|at|with) (?P<outlet>[A-Z][\w&'’ .-]{1,60}?)\.?$", line):
            result.outlet_hints.append(f"bio:{m.group('outlet').strip()}")
    elif kind == "copyright":
        if m := re.search(
            r"(?:©|copyright)\s*(?:\(c\)\s*)?(?:\d{4}\s*[-–]?\s*)?(?P<owner>[A-Z][^.|]{1,80})", line, re.I
        ):
            result.outlet_hints.append(f"copyright:{m.group('owner').strip()}")
    elif kind == "outlet_blurb":
        if m := _OUTLET_BLURB.match(line):
            result.outlet_hints.append(f"blurb:{m.group('outlet').strip()}")
    elif kind == "outlet_signature":
        m = _OUTLET_SIGNATURE.match(line)
        assert m
        result.outlet_hints.append(f"signature:{m.group('name').strip()}")
        result.outlet_hints.append(f"signature:{m.group('acronym')}")
    elif kind == "navigation" and re.fullmatch(r"[A-Z]{2,6} News", line):
        result.outlet_hints.append(f"byline:{line}")
    elif kind == "contributors":
        result.outlet_hints.append(f"contributors:{line}")


def _is_person_name(line: str) -> bool:
    return bool(re.fullmatch(r"(By )?[A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]+){1,3}", line))


def _strip_inline_furniture(line: str, result: CleanResult) -> str:
    if match := _EDITOR_TAG.search(line):
        result.furniture.append(FurnitureLine(kind="editor_tag", text=match.group(0).strip(), line_no=-1))
        line = line[: match.start()].rstrip()
    return line


def _sandwiched_ad_copy(lines: list[str]) -> set[int]:
    """A short line whose nearest neighbours on both sides are ad markers is ad copy."""
    content = [(i, line) for i, line in enumerate(lines) if line]
    is_marker = [_furniture_kind(line) in ("advertisement", "scroll_prompt") for _, line in content]
    return {
        content[k][0]
        for k in range(1, len(content) - 1)
        if is_marker[k - 1] and is_marker[k + 1] and not is_marker[k] and not _is_sentence_like(content[k][1])
    }


def _pick_author(candidates: list[str], result: CleanResult) -> str | None:
    """Prefer the name an author bio states; else a name line the page repeats (name + avatar)."""
    for furniture in result.furniture:
        if furniture.kind == "author_bio":
            for name in candidates:
                if furniture.text.startswith(name):
                    return name
    repeated = [name for name in candidates if candidates.count(name) > 1]
    return repeated[0] if repeated else None


def _trim_header_and_footer(body: list[str], result: CleanResult) -> list[str]:
    """Drop short non-sentence lines after the last real paragraph: footers, outlet names, menus."""
    while body and not _is_sentence_like(body[-1]):
        line = body.pop()
        result.furniture.append(FurnitureLine(kind="footer", text=line, line_no=-1))
        result.outlet_hints.append(f"footer:{line}")
    return body


def _take_dateline(body: list[str], result: CleanResult) -> None:
    """Record a dateline opening the first paragraph; the text stays so offsets match what readers see."""
    if result.dateline is None and (dateline := parse_dateline(body[0], whole_line=False)):
        _record_dateline(dateline, result)


def _record_dateline(dateline: Dateline, result: CleanResult) -> None:
    result.parsed_dateline = dateline
    result.dateline = dateline.text
    result.dateline_place = dateline.place_text
    if dateline.agency:
        result.outlet_hints.append(f"dateline:{dateline.agency}")


def _date_dateline(result: CleanResult, date_hint: date | None) -> None:
    """The dateline's day; its year, when unwritten, from the metadata, printed or header date."""
    if result.parsed_dateline is None:
        return
    result.dateline_date = result.parsed_dateline.date(_year_hint(result, date_hint))


def _year_hint(result: CleanResult, date_hint: date | None) -> tuple[int, int | None] | None:
    known = date_hint or result.stated_date
    if known is not None:
        return known.year, known.month
    header = [f.text for f in result.furniture if f.kind in ("title", "header", "page_date")]
    return header_year_hint(([result.title] if result.title else []) + header)


def _date_headline(result: CleanResult, date_hint: date | None) -> None:
    """With no dated dateline and no printed date, a headline that opens with its day ("Dec. 6: ...")
    prints the page's date; its year, when unwritten, comes as a dateline's does."""
    if result.dateline_date is not None or result.stated_date is not None:
        return
    headline = parse_headline_date(result.title)
    day = headline.date(_year_hint(result, date_hint)) if headline else None
    if day is not None:
        result.stated_date_text, result.stated_date = headline.text, day

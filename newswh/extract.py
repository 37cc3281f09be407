"""The NLP extraction stage: one spaCy pass per article, every extractor reading the same Doc.

Each extractor is a plain function over the Doc; this module only sequences them and turns
their records into rows for the raw tables. spaCy runs through `nlp.pipe` in batches, and
components no extractor needs are disabled, so the stage stays close to plain spaCy speed.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newswh.config import PIPELINE_VERSION, extract_processes
from newswh.records import ActorMention, Citation, EventMention, Quote, TimeExpression
from newswh.store import extraction_key
from newswh.store import raw as wh

SENTENCES = wh.TABLES["sentences"]
ENTITIES = wh.TABLES["entities"]
ARTICLE_DATES = wh.TABLES["article_dates"]
TIMEXES = wh.TABLES["timexes"]
ACTOR_MENTIONS = wh.TABLES["actor_mentions"]
CITATIONS = wh.TABLES["citations"]
QUOTES = wh.TABLES["quotes"]
EVENT_MENTIONS = wh.TABLES["event_mentions"]
PLACE_MENTIONS = wh.TABLES["place_mentions"]
EXTRACTION_STATE = wh.TABLES["extraction_state"]
EXTRACT_TABLES = wh.tables_in("extract")

# An undated fact is dated by its article: news reports what happened recently, so the
# fact falls in the month before publication (precision "fuzzy", basis "inherited"); when the
# publication date is only bounded, in the month before its earliest day up to its latest day.
INHERITED_WINDOW_DAYS = 30

# Fewer articles than this per process and the workers cost more than they save: forking and
# sending rows back are cheap, but each worker warms up its own pipeline (its first Doc is slow),
# and a tiny batch finishes before a second worker has done much.
MIN_ARTICLES_PER_PROCESS = 16
# Tasks per worker process; and tasks a worker may have queued or finished but unread.
TASKS_PER_PROCESS = 8
IN_FLIGHT_PER_PROCESS = 3
# A forked worker shares the parent's loaded pipeline and resources, but every object it reads
# gets its reference count written, which copies the page holding it, so a worker's private
# pages grow with its articles (most of the growth was the parse batch: EXTRACT_BATCH_SIZE).
# After about this many articles per worker the pool is replaced by fresh forks.
ARTICLES_PER_WORKER = 500
# Articles spaCy parses together (nlp.pipe's batch), and articles per worker task. Whole news
# articles are long: a batch of 16 raised each worker's private memory by ~250 MB over a batch
# of 1 (400 corpus articles, 2 workers: tree peak 1,023 MB at 16, 720 at 4, 589 at 1) and saved
# no CPU (83 articles in one process: 19.8 CPU s at 16, 17.4 at 1; rows equal).
EXTRACT_BATCH_SIZE = 1


def row_id(*parts: object) -> str:
    """Deterministic id from content and position."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


@dataclass
class ArticleInput:
    article_id: str
    body_text: str
    content_hash: str
    stated_date: date | None = None
    stated_date_text: str | None = None
    metadata_date: date | None = None
    dateline: str | None = None  # as written; when the body opens with it, its dates date no event
    dateline_date: date | None = None
    dateline_place: str | None = None  # "KABUL, Afghanistan": the last fallback for an event's place
    url: str | None = None  # the page's address: the day its path carries dates the page (basis url)
    image_url: str | None = None  # its lead image's address: a weaker day (basis image_url)


def article_input(article, article_id: str | None = None) -> ArticleInput:
    """The extraction input of an ingested `newswh.ingest.discover.Article` (optionally re-keyed)."""
    return ArticleInput(
        article_id or article.article_id,
        article.body_text,
        article.content_hash,
        article.stated_date,
        article.stated_date_text,
        article.metadata_date,
        article.clean.dateline,
        article.clean.dateline_date,
        article.clean.dateline_place,
        article.url,
        article.image_url,
    )


@dataclass
class ArticleExtraction:
    article_id: str
    content_hash: str
    rows: dict[str, list[dict]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


@lru_cache(maxsize=2)
def build_nlp(model: str | None = None) -> Language:
    """The statistical model plus the actor ruler; a separate instance from `load_nlp`'s."""
    from newswh.actors import add_actor_components
    from newswh.config import SPACY_MODEL

    return add_actor_components(spacy.load(model or SPACY_MODEL))


def sentence_rows(article_id: str, doc: Doc) -> list[dict]:
    return [
        {
            "sentence_id": row_id(article_id, "sentence", sent.start_char, sent.end_char),
            "article_id": article_id,
            "sentence_index": index,
            "char_start": sent.start_char,
            "char_end": sent.end_char,
            "sentence_text": sent.text,
        }
        for index, sent in enumerate(doc.sents)
    ]


def _sentence_at(char_starts: list[int], offset: int) -> int:
    return max(0, bisect_right(char_starts, offset) - 1)


def entity_rows(article_id: str, doc: Doc, char_starts: list[int]) -> list[dict]:
    return [
        {
            "entity_id": row_id(article_id, "entity", ent.start_char, ent.end_char, ent.label_),
            "article_id": article_id,
            "sentence_index": _sentence_at(char_starts, ent.start_char),
            "char_start": ent.start_char,
            "char_end": ent.end_char,
            "entity_text": ent.text,
            "label": ent.label_,
            "actor_key": ent.kb_id_ or None,
        }
        for ent in doc.ents
    ]


def fact_date(timex: TimeExpression | None, published: tuple[date | None, date | None]) -> dict:
    """Date columns of a fact from its governing expression, else inherited from the article.

    PUBLISHED is the article's publication window (earliest, latest): one day when its date is
    pinned, its published_date_min/max when only bounded. Without both ends nothing is inherited.
    """
    if timex is not None and timex.date_start is not None:
        basis = "explicit" if timex.basis == "absolute" else "relative"
        return {
            "date_text": timex.text,
            "date_start": timex.date_start,
            "date_end": timex.date_end,
            "date_precision": timex.precision,
            "date_basis": basis,
        }
    earliest, latest = published
    if earliest is not None and latest is not None:
        return {
            "date_text": None,
            "date_start": earliest - timedelta(days=INHERITED_WINDOW_DAYS),
            "date_end": latest,
            "date_precision": "fuzzy",
            "date_basis": "inherited",
        }
    return {"date_text": None, "date_start": None, "date_end": None, "date_precision": None, "date_basis": "undated"}


@dataclass(frozen=True)
class _Article:
    """What every row builder of one article needs: its id, sentence starts and publication dates.

    `published` is the (earliest, latest) publication window; `reference` the day relative
    expressions were resolved against (the published date, else the day after the earliest)."""

    article_id: str
    char_starts: list[int]
    published: tuple[date | None, date | None]
    reference: date | None

    def sentence_of(self, start: int, known: int | None = None) -> int:
        return known if known is not None else _sentence_at(self.char_starts, start)


def infer_article_date(article: ArticleInput, doc: Doc | None):
    """The article's publication date from its dateline, printed and metadata dates and content
    (`make eval-dates` calls this too, so it scores exactly what the warehouse stores)."""
    from newswh.ingest.url_dates import image_date, url_date
    from newswh.time import infer_published_date

    return infer_published_date(
        article.body_text,
        article.stated_date,
        article.stated_date_text,
        article.metadata_date,
        doc=doc,
        dateline_date=article.dateline_date,
        url_date=url_date(article.url),
        image_date=image_date(article.image_url),
    )


def publication_window(inference) -> tuple[date | None, date | None]:
    if inference.published_date is not None:
        return inference.published_date, inference.published_date
    return inference.lower_bound, inference.upper_bound


def article_date_rows(article_id: str, inference) -> list[dict]:
    return [
        {
            "article_id": article_id,
            "published_date": inference.published_date,
            "basis": inference.basis,
            "confidence": inference.confidence,
            "date_conflict": inference.date_conflict,
            "lower_bound": inference.lower_bound,
            "upper_bound": inference.upper_bound,
            "evidence": wh.to_json(inference.evidence),
        }
    ]


def timex_rows(article: _Article, timexes: list[TimeExpression]) -> list[dict]:
    return [
        {
            "timex_id": row_id(article.article_id, "timex", t.start, t.end),
            "article_id": article.article_id,
            "sentence_index": article.sentence_of(t.start),
            "char_start": t.start,
            "char_end": t.end,
            "timex_text": t.text,
            "timex_type": t.type,
            "timex_value": t.value,
            "date_start": t.date_start,
            "date_end": t.date_end,
            "date_precision": t.precision,
            "resolution_basis": t.basis,
            "reference_date": article.reference,
        }
        for t in timexes
    ]


def actor_mention_rows(article: _Article, mentions: Iterable[ActorMention]) -> list[dict]:
    return [
        {
            "mention_id": row_id(article.article_id, "actor", m.start, m.end),
            "article_id": article.article_id,
            "sentence_index": article.sentence_of(m.start, m.sentence_index),
            "char_start": m.start,
            "char_end": m.end,
            "mention_text": m.text,
            "actor_key": m.actor_key,
            "canonical_name": m.canonical_name,
            "actor_type": m.actor_type,
            "label": m.label,
            "method": m.method,
            "title": m.title,
        }
        for m in mentions
    ]


def place_mention_rows(article: _Article, mentions: Iterable, gazetteer) -> list[dict]:
    from newswh.places import place_columns

    return [
        {
            "place_mention_id": row_id(article.article_id, "place", m.start, m.end),
            "article_id": article.article_id,
            "sentence_index": article.sentence_of(m.start),
            **place_columns(m, gazetteer),
        }
        for m in mentions
    ]


def citation_rows(article: _Article, citations: Iterable[Citation]) -> list[dict]:
    return [
        {
            "citation_id": row_id(article.article_id, "citation", c.start, c.end),
            "article_id": article.article_id,
            "sentence_index": article.sentence_of(c.start, c.sentence_index),
            "char_start": c.start,
            "char_end": c.end,
            "citation_text": c.text,
            "source_id": c.source_id,
            "source_name": c.source_name,
            "source_known": c.source_known,
            "pattern": c.pattern,
        }
        for c in citations
    ]


def quote_rows(
    article: _Article, quotes: Iterable[Quote], timexes: list[TimeExpression], choose_timex: Callable
) -> list[dict]:
    """Quotes dated by the time expression governing them in their sentence, else by the article."""
    timexes_by_sentence: dict[int, list[TimeExpression]] = {}
    for t in timexes:
        timexes_by_sentence.setdefault(article.sentence_of(t.start), []).append(t)
    rows = []
    for q in quotes:
        sentence = article.sentence_of(q.start, q.sentence_index)
        governing = choose_timex(timexes_by_sentence.get(sentence, []), q.start, q.end)
        rows.append(
            {
                "quote_id": row_id(article.article_id, "quote", q.start, q.end),
                "article_id": article.article_id,
                "sentence_index": sentence,
                "char_start": q.start,
                "char_end": q.end,
                "quote_text": q.text,
                "quote_kind": q.kind,
                "speaker_text": q.speaker_text,
                "speaker_actor_key": q.speaker_actor_key,
                "verb": q.verb,
                "cited_source_id": q.citation.source_id if q.citation else None,
                "date_char_start": governing.start if governing else None,
                "date_char_end": governing.end if governing else None,
                **fact_date(governing, article.published),
            }
        )
    return rows


def event_row(article: _Article, mention_id: str, e: EventMention) -> dict:
    dated = fact_date(e.date, article.published)
    return {
        "mention_id": mention_id,
        "article_id": article.article_id,
        "sentence_index": e.sentence_index,
        "sentence_start": e.sentence_start,
        "sentence_end": e.sentence_end,
        "trigger_start": e.trigger_start,
        "trigger_end": e.trigger_end,
        "trigger_text": e.trigger_text,
        "event_code": e.event_code,
        "modality": e.modality,
        "source_actor_key": e.source_actor_key,
        "target_actor_key": e.target_actor_key,
        "source_text": e.source_text,
        "target_text": e.target_text,
        "location": e.location,
        "date_text": dated["date_text"],
        "date_char_start": e.date.start if e.date else None,
        "date_char_end": e.date.end if e.date else None,
        "date_value": e.date.value if e.date else None,
        "reported_date_start": dated["date_start"],
        "reported_date_end": dated["date_end"],
        "date_precision": dated["date_precision"],
        "date_basis": dated["date_basis"],
        "cited_source_id": e.citation.source_id if e.citation else None,
        "confidence": e.confidence,
        "voice": e.extra.get("voice"),
        "reported_by_trigger": e.extra.get("reported_by"),
        "source_basis": e.extra.get("source_basis"),
        "agent_unknown": bool(e.extra.get("agent_unknown", False)),
        "not_event_reason": e.extra.get("not_event_reason"),
        "num_killed": e.num_killed,
        "num_injured": e.num_injured,
        "num_detained": e.num_detained,
    }


def place_countries(article: _Article, places, gazetteer) -> list[tuple[int, str, str]]:
    """(sentence, ISO alpha-3 country, place id) of each resolved place mention."""
    found = []
    for mention in places:
        iso3 = gazetteer.countries.get(mention.place.country_code, {}).get("iso3") if mention.place else None
        if iso3:
            found.append((article.sentence_of(mention.start), iso3, mention.place.place_id))
    return found


def extract_doc(article: ArticleInput, doc: Doc) -> ArticleExtraction:
    from newswh.actors import extract_actor_mentions
    from newswh.actors.coding import add_codes
    from newswh.events import event_mention_id, extract_citations, extract_events, extract_quotes
    from newswh.events.after_publication import reresolve_after_publication
    from newswh.events.convention import apply_dateline_convention, dateline_end
    from newswh.events.dating import paragraph_index
    from newswh.places import event_locator, extract_place_mentions, load_gazetteer, resolve_dateline
    from newswh.time import governing_timex, tag

    article_id = article.article_id
    sentences = sentence_rows(article_id, doc)
    char_starts = [row["char_start"] for row in sentences]
    entities = entity_rows(article_id, doc, char_starts)
    inference = infer_article_date(article, doc)
    context = _Article(article_id, char_starts, publication_window(inference), inference.reference_date)
    # Relative expressions resolve against the believed date (else the day after the earliest), never a crawl date.
    timexes = tag(article.body_text, context.reference, doc=doc)
    report_start = dateline_end(article.body_text, article.dateline)
    # The dateline's own date is when the report was filed, not when anything in it happened.
    dating_timexes = [t for t in timexes if t.start >= report_start]
    mentions = extract_actor_mentions(doc)
    citations = extract_citations(doc)

    def dating(candidates, start, end):
        return governing_timex(candidates, start, end, doc=doc)

    quotes = quote_rows(context, extract_quotes(doc, mentions, citations), dating_timexes, dating)
    # Events are dated by newswh.events.dating (own clause, occasion, paragraph, lead); what is
    # still undated in a datelined lead takes the dateline's window.
    events = extract_events(doc, mentions, dating_timexes, citations=citations)
    gazetteer = load_gazetteer()
    dateline = resolve_dateline(article.dateline_place, gazetteer)
    places = extract_place_mentions(doc, dateline, gazetteer)
    locate = event_locator(article.body_text, places, dateline, gazetteer)
    event_rows = [{**event_row(context, event_mention_id(article_id, e), e), **locate(e)} for e in events]
    if article.dateline_date is not None:
        apply_dateline_convention(event_rows, events, doc, article.dateline_date, report_start)
    reresolve_after_publication(event_rows, context.published[1])
    # Actor codes as of each event's settled date; the places' countries are their last context.
    countries = place_countries(context, places, gazetteer)
    add_codes(event_rows, events, mentions, report_start, countries, paragraph_index(article.body_text))
    result = ArticleExtraction(article_id, article.content_hash)
    result.rows = {
        "sentences": sentences,
        "entities": entities,
        "article_dates": article_date_rows(article_id, inference),
        "timexes": timex_rows(context, timexes),
        "actor_mentions": actor_mention_rows(context, mentions),
        "citations": citation_rows(context, citations),
        "quotes": quotes,
        "place_mentions": place_mention_rows(context, places, gazetteer),
        "event_mentions": event_rows,
        "extraction_state": [extraction_state_row(article)],
    }
    return result


def extraction_state_row(article: ArticleInput) -> dict:
    """What the article was extracted from: its text, and the digest of the code, rules and model."""
    return {
        "article_id": article.article_id,
        "content_hash": article.content_hash,
        "pipeline_version": PIPELINE_VERSION,
        "extraction_digest": extraction_key.extraction_digest(),
    }


def pipe_processes(article_count: int, requested: int | None = None) -> int:
    """Processes for the extraction of `article_count` articles.

    `requested` is used as given; otherwise NEWSWH_EXTRACT_PROCESSES or the usable cores, cut
    to one process per MIN_ARTICLES_PER_PROCESS articles so that a small batch runs in-process.
    """
    if requested is not None:
        return max(1, requested)
    return max(1, min(extract_processes(), article_count // MIN_ARTICLES_PER_PROCESS))


# The pipeline a worker inherited from the parent at fork time (set by its pool initializer).
_WORKER: dict[str, Language] = {}


def _start_worker(nlp: Language) -> None:
    _WORKER["nlp"] = nlp


def _extract_task(articles: list[ArticleInput], batch_size: int) -> list[ArticleExtraction]:
    """In a worker: parse and extract some articles; only their rows go back to the parent."""
    return list(_extract_here(articles, _WORKER["nlp"], batch_size))


def _task_size(article_count: int, batch_size: int, processes: int) -> int:
    # Several tasks per process, so that no worker idles long at the end while another finishes.
    return max(1, min(batch_size, article_count // (processes * TASKS_PER_PROCESS)))


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Keep the objects alive now out of the collector while workers fork.

    Frozen objects are never scanned, so a worker's collections do not write to (and copy) the
    memory pages it shares with the parent: the loaded pipeline stays shared.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _extract_in_workers(
    articles: list[ArticleInput], nlp: Language, batch_size: int, processes: int
) -> Iterator[ArticleExtraction]:
    """The first article here, the rest by forked workers that parse AND extract; in input order.

    The first article loads every lazily read resource (gazetteer, lexicons, rules) in this
    process, so each worker inherits them instead of loading its own. Workers are replaced by
    fresh forks after about ARTICLES_PER_WORKER articles each (`_extract_in_pool`).
    """
    yield from _extract_here(articles[:1], nlp, batch_size)
    size = _task_size(len(articles) - 1, batch_size, processes)
    tasks = [articles[start : start + size] for start in range(1, len(articles), size)]
    per_pool = max(1, ARTICLES_PER_WORKER * processes // size)
    for first in range(0, len(tasks), per_pool):
        yield from _extract_in_pool(tasks[first : first + per_pool], nlp, batch_size, processes)


def _extract_in_pool(
    tasks: list[list[ArticleInput]], nlp: Language, batch_size: int, processes: int
) -> Iterator[ArticleExtraction]:
    """TASKS by one pool of freshly forked workers, in order.

    At most IN_FLIGHT_PER_PROCESS tasks per worker are queued or held, so a big corpus never
    sits in memory whole. A worker that dies fails the run (BrokenProcessPool) rather than
    hanging it.
    """
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(processes, mp_context=fork, initializer=_start_worker, initargs=(nlp,))
    try:
        with _frozen_heap():  # the workers fork on the first submission
            pending = deque([pool.submit(_extract_task, tasks[0], batch_size)])
        for task in tasks[1:]:
            if len(pending) >= IN_FLIGHT_PER_PROCESS * processes:
                yield from pending.popleft().result()
            pending.append(pool.submit(_extract_task, task, batch_size))
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _extract_here(articles: list[ArticleInput], nlp: Language, batch_size: int) -> Iterator[ArticleExtraction]:
    docs = nlp.pipe((a.body_text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        yield extract_doc(article, doc)


def extract_articles(
    articles: Iterable[ArticleInput],
    nlp: Language | None = None,
    batch_size: int = EXTRACT_BATCH_SIZE,
    n_process: int | None = None,
) -> Iterator[ArticleExtraction]:
    """Extract each article, in order; `n_process` as in `pipe_processes`.

    With more than one process, forked workers inherit the loaded pipeline (the actor ruler
    included), and each parses and extracts its own articles: the extractors, a third of the
    work, run in parallel too, and no Doc crosses a process boundary. A worker returns plain
    rows, which equal those of one process (tests/unit/test_parallel_extraction.py).
    """
    nlp = nlp or build_nlp()
    articles = list(articles)
    processes = pipe_processes(len(articles), n_process)
    if processes > 1:
        yield from _extract_in_workers(articles, nlp, batch_size, processes)
    else:
        yield from _extract_here(articles, nlp, batch_size)

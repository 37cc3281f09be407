"""Cross-article consolidation: event mentions reporting one real-world event become one event.

Rule (also in seeds/reference/README_events.md):

1. Mentions are compatible when they share
   * the code family: the 3-digit CAMEO code, except extension codes which stay distinct
     (0541 recognition never merges with 0542 accreditation);
   * the modality (an asserted act is not the same event as a demand for it);
   * the source actor key (after the optional `normalize_actor`, e.g. ministry -> state);
     mentions without a source actor are never merged;
   * the target actor key, where a missing target matches any target (a cluster never holds
     two different non-null targets);
   * for physical events (CAMEO roots 14, 15 and 17-20: protests, force postures, coercion,
     assaults, fighting, mass violence) the place: mentions located (by their own sentence or
     paragraph, not a dateline) in different admin-1 areas are different events, so two
     detentions by "Afghan forces" on one day in Khost and in Helmand stay apart; and one whose
     text locates it nowhere joins only mentions of its own article (a generic "coalition forces
     killed two insurgents" is not another article's event by actor and day alone);
     Statements and diplomacy are reported from anywhere: their place does not keep them apart;
   * for physical events, not the same sentence of one article: "arrested a leader and
     detained two suspects" tells two acts, whose counts add up, not one event told twice.
2. Precise dates (any precision but fuzzy) are swept in date order; a mention joins a
   cluster when its interval shares a day with, or touches (next day), every precise member's,
   and day-precision dates differ by at most DAY_SLACK_DAYS. Statements (root 01) are point
   events: one speaker's statements on different days are different events.
3. A window (an inherited or fuzzy interval: the article's month, "in recent months") never
   joins by overlap alone: it joins the dated event it overlaps only when exactly one
   compatible one does, else other windows. An undated mention joins a cluster only if exactly
   one compatible cluster exists; otherwise it starts its own event. A physical event (PLACED_ROOTS)
   that is undated or dated only by a window joins only a cluster of its own article's mentions:
   with no day to tie it to another article's event, "the security force detained three suspects"
   in Sar-e Pul (the article's month) is not another release's Sar-e Pul detention by actor, place
   and overlap alone, and joining it would add that release's count and date to a different operation.
   An event's date is its finest mention date consistent with every precise one (windows date
   an event only when it has nothing finer); `date_disputed` is set only when precise dates
   conflict ("February 2022" vs "last month" in an April article = March 2022), and the event
   then gets their covering interval with precision fuzzy.
4. event_id = hash of the family and the smallest member mention id, so re-running on the same
   mentions gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from newswh.events.lexicon import code_family
from newswh.records import EventMention


@dataclass(frozen=True)
class MentionForConsolidation:
    mention_id: str
    article_id: str
    event_code: str
    source_actor_key: str | None
    target_actor_key: str | None
    date_start: date | None
    date_end: date | None
    modality: str = "asserted"
    precision: str | None = None
    place: str | None = None  # country/admin-1 the text locates it in; None when unknown
    sentence: int | None = None  # sentence index in its article; None when unknown


@dataclass
class ConsolidatedEvent:
    event_id: str
    event_family: str
    event_code: str
    modality: str
    source_actor_key: str | None
    target_actor_key: str | None
    date_start: date | None
    date_end: date | None
    date_disputed: bool
    date_precision: str | None = None
    mention_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)


# Day-precision dates this many days apart or fewer may be one event (time zones, "yesterday").
DAY_SLACK_DAYS = 1
# Statements (CAMEO root 01) are point events: one speaker's statements join only on a common day.
POINT_ROOTS = ("01",)
# Roots whose events happen at a place, so that two places make two events (see rule 1).
PLACED_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
# Finest first: an event's date is its finest consistent mention date.
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "decade": 5, "fuzzy": 6}


def place_of(mention: MentionForConsolidation) -> str | None:
    """The place that keeps a mention apart from others: only a physical event's (PLACED_ROOTS)."""
    return mention.place if mention.event_code[:2] in PLACED_ROOTS else None


def is_window(mention: MentionForConsolidation) -> bool:
    """An inherited or fuzzy window ("in recent months", the article's month) locates, never dates."""
    return mention.date_start is not None and mention.precision == "fuzzy"


def _end(m: MentionForConsolidation) -> date:
    return m.date_end or m.date_start


def _width(m: MentionForConsolidation) -> float:
    """Days an interval covers; an open one ("the future": a start and no end) is the widest."""
    return (m.date_end - m.date_start).days if m.date_end else float("inf")


def _gap(a: MentionForConsolidation, b: MentionForConsolidation) -> int:
    """Days between two intervals (0 when they share a day)."""
    return max((b.date_start - _end(a)).days, (a.date_start - _end(b)).days, 0)


def same_time(a: MentionForConsolidation, b: MentionForConsolidation, point: bool = False) -> bool:
    """Two precise mention dates can be one event's: they share a day, or touch (next day), and
    day-precision dates differ by at most DAY_SLACK_DAYS. A point event (a statement) needs a
    common day, save the day slack."""
    if a.precision == "day" and b.precision == "day":
        return _gap(a, b) <= DAY_SLACK_DAYS
    return _gap(a, b) <= (0 if point else 1)


@dataclass
class _Cluster:
    """A growing event. Its checks read running summaries of the members (date bounds, articles,
    sentences) kept up by add(), not the members themselves: a block of one source's statements
    grows with the corpus, and a check per member per candidate cluster made it quadratic."""

    key: tuple[str, str, str | None]
    members: list[MentionForConsolidation]
    target: str | None
    place: str | None = None
    precise: list[MentionForConsolidation] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    sentences: set[tuple[str, int]] = field(default_factory=set)
    # Per precision kind (day or coarser): the latest start and the earliest end of precise members.
    bounds: dict[bool, tuple[date, date]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for mention in self.members:
            self._index(mention)

    def _index(self, mention: MentionForConsolidation) -> None:
        self.articles.add(mention.article_id)
        if mention.sentence is not None:
            self.sentences.add((mention.article_id, mention.sentence))
        if mention.date_start is not None and not is_window(mention):
            self.precise.append(mention)
            kind = mention.precision == "day"
            latest_start, earliest_end = self.bounds.get(kind, (mention.date_start, _end(mention)))
            self.bounds[kind] = (max(latest_start, mention.date_start), min(earliest_end, _end(mention)))

    def accepts_target(self, target: str | None) -> bool:
        return target is None or self.target is None or target == self.target

    def accepts_place(self, mention: MentionForConsolidation) -> bool:
        """Same place; an unlocated physical event joins only mentions of its own article."""
        place = place_of(mention)
        if mention.event_code[:2] in PLACED_ROOTS and (place is None or self.place is None):
            return self.articles == {mention.article_id}
        return place is None or self.place is None or place == self.place

    def tells_apart(self, mention: MentionForConsolidation) -> bool:
        """A cluster already holds another act of the mention's sentence."""
        if mention.sentence is None or mention.event_code[:2] not in PLACED_ROOTS:
            return False  # "recognized the government, the first country to recognize it": one act
        return (mention.article_id, mention.sentence) in self.sentences

    def accepts_date(self, mention: MentionForConsolidation) -> bool:
        """A precise mention joins when it fits the time of every precise member (same_time with
        each): within the allowed gap of the latest start and of the earliest end of each kind."""
        point = self.key[0][:2] in POINT_ROOTS
        for day_kind, (latest_start, earliest_end) in self.bounds.items():
            both_days = day_kind and mention.precision == "day"
            allowed = DAY_SLACK_DAYS if both_days else (0 if point else 1)
            if (latest_start - _end(mention)).days > allowed or (mention.date_start - earliest_end).days > allowed:
                return False
        return True

    def overlaps(self, mention: MentionForConsolidation) -> bool:
        dated = self.precise or [m for m in self.members if m.date_start is not None]
        return any(_gap(m, mention) == 0 for m in dated)

    def add(self, mention: MentionForConsolidation, target: str | None) -> None:
        self.members.append(mention)
        self._index(mention)
        self.target = self.target or target
        self.place = self.place or place_of(mention)


def consolidate(
    mentions: Iterable[MentionForConsolidation],
    normalize_actor: Callable[[str | None], str | None] | None = None,
) -> tuple[list[ConsolidatedEvent], dict[str, str]]:
    """Events and the mention_id -> event_id map (every mention belongs to exactly one event).

    Precise dates are clustered first; then each window joins the one compatible dated event it
    overlaps, if there is exactly one, else other windows; an undated mention joins the only
    compatible event, if there is one.
    """
    norm = normalize_actor or (lambda key: key)
    keyed = [
        (m, (code_family(m.event_code), m.modality, norm(m.source_actor_key)), norm(m.target_actor_key))
        for m in sorted(mentions, key=lambda m: (m.date_start or date.max, m.mention_id))
    ]
    # Clusters by compatibility key: only a mention's own key can take it, and one list of every
    # cluster made each placement scan the whole corpus's events (quadratic in the mentions).
    clusters: defaultdict[tuple, list[_Cluster]] = defaultdict(list)
    for mention, key, target in keyed:
        if mention.date_start is not None and not is_window(mention):
            _place(clusters[key], mention, key, target, lambda c, m: c.accepts_date(m))
    dated = {key: list(group) for key, group in clusters.items()}
    for mention, key, target in keyed:
        if is_window(mention):
            _place_window(clusters[key], dated.get(key, []), mention, key, target)
    for mention, key, target in keyed:
        if mention.date_start is None:
            _place_undated(clusters[key], mention, key, target)
    every_cluster = [cluster for group in clusters.values() for cluster in group]
    events = [_event(cluster) for cluster in every_cluster]
    membership = {m.mention_id: e.event_id for e, c in zip(events, every_cluster, strict=True) for m in c.members}
    events.sort(key=lambda e: (e.date_start or date.max, e.event_id))
    return events, membership


def _compatible(clusters: list[_Cluster], key: tuple, target: str | None, mention: MentionForConsolidation) -> list:
    """The clusters of the mention's own key (`consolidate` keeps one list per key) it may join."""
    if key[2] is None:  # mentions without a source actor are never merged
        return []
    return [c for c in clusters if c.accepts_target(target) and c.accepts_place(mention) and not c.tells_apart(mention)]


def _place(clusters, mention, key, target, fits) -> None:
    for cluster in _compatible(clusters, key, target, mention):
        if fits(cluster, mention):
            cluster.add(mention, target)
            return
    clusters.append(_Cluster(key, [mention], target, place_of(mention)))


def _own_article_only(candidates: list[_Cluster], mention: MentionForConsolidation) -> list[_Cluster]:
    """Rule 3: a physical event with no date of its own (undated, or a window) joins no other article's act."""
    if mention.event_code[:2] not in PLACED_ROOTS:
        return candidates
    return [c for c in candidates if c.articles == {mention.article_id}]


def _place_window(clusters, dated, mention, key, target) -> None:
    """A window joins the one compatible dated event it overlaps, never one of several; else windows."""
    candidates = [
        c for c in _own_article_only(_compatible(dated, key, target, mention), mention) if c.overlaps(mention)
    ]
    if len(candidates) == 1:
        candidates[0].add(mention, target)
        return
    for cluster in _own_article_only(_compatible(clusters, key, target, mention), mention):
        if not cluster.precise and cluster.overlaps(mention):
            cluster.add(mention, target)
            return
    clusters.append(_Cluster(key, [mention], target, place_of(mention)))


def _place_undated(clusters, mention, key, target) -> None:
    candidates = _own_article_only(_compatible(clusters, key, target, mention), mention)
    if len(candidates) == 1:
        candidates[0].add(mention, target)
    else:
        clusters.append(_Cluster(key, [mention], target, place_of(mention)))


def event_date(members: list[MentionForConsolidation]) -> tuple[date | None, date | None, str | None, bool]:
    """(start, end, precision, disputed): the finest mention date consistent with every precise
    one; when precise dates conflict, their covering interval, fuzzy and disputed. Windows date
    an event only when it has no precise date."""
    dated = [m for m in members if m.date_start is not None]
    precise = [m for m in dated if not is_window(m)]
    pool = precise or dated
    if not pool:
        return None, None, None, False
    ranked = sorted(pool, key=lambda m: (PRECISION_RANK.get(m.precision or "day", 6), _width(m)))
    for candidate in ranked:
        if all(same_time(candidate, other, point=True) for other in pool):
            # An open interval stays open: closing it at its start would date "the future" to a day.
            return candidate.date_start, candidate.date_end, candidate.precision or "day", False
    start, end = min(m.date_start for m in pool), max(_end(m) for m in pool)
    return start, end, "fuzzy", bool(precise)


def _event(cluster: _Cluster) -> ConsolidatedEvent:
    family, modality, source = cluster.key
    ids = sorted(m.mention_id for m in cluster.members)
    codes = Counter(m.event_code for m in cluster.members)
    code = min(codes, key=lambda c: (-codes[c], -len(c), c))
    start, end, precision, disputed = event_date(cluster.members)
    event_id = hashlib.sha1(f"event|{family}|{ids[0]}".encode()).hexdigest()[:16]
    return ConsolidatedEvent(
        event_id=event_id,
        event_family=family,
        event_code=code,
        modality=modality,
        source_actor_key=source,
        target_actor_key=cluster.target,
        date_start=start,
        date_end=end,
        date_disputed=disputed,
        date_precision=precision,
        mention_ids=ids,
        article_ids=sorted({m.article_id for m in cluster.members}),
    )


def from_event_mention(article_id: str, mention_id: str, event: EventMention) -> MentionForConsolidation:
    """Adapter from newswh.records.EventMention (its governing TimeExpression gives the dates)."""
    timex = event.date
    return MentionForConsolidation(
        mention_id=mention_id,
        article_id=article_id,
        event_code=event.event_code,
        source_actor_key=event.source_actor_key,
        target_actor_key=event.target_actor_key,
        date_start=timex.date_start if timex else None,
        date_end=timex.date_end if timex else None,
        modality=event.modality,
        precision=timex.precision if timex else None,
    )

"""Cross-article consolidation: event mentions reporting one real-world event become one event.

Rule (also in seeds/reference/README_events.md):

1. Mentions are compatible when they share
   * the code family: the 3-digit CAMEO code, except extension codes which stay distinct
     (0541 recognition never merges with 0542 accreditation);
   * the modality (an asserted act is not the same event as a demand for it);
   * the source actor key (after the optional `normalize_actor`, e.g. ministry -> state);
     mentions without a source actor are never merged;
   * the target actor key, where a missing target matches any target (a cluster never holds
     two different non-null targets).
2. Dated mentions of compatible kind are swept in date order; a mention joins an open
   cluster when its interval overlaps the cluster's covering interval or touches it
   (next day; for day-precision dates one more day is tolerated for time-zone and
   "yesterday" effects). Each mention keeps its own dates; the event gets the covering
   interval and `date_disputed=True` when the mention intervals have no common day
   ("February 2022" vs "last month" in an April article = March 2022).
3. An undated mention joins a cluster only if exactly one compatible cluster exists;
   otherwise it starts its own event.
4. event_id = hash of the family and the smallest member mention id, so re-running on the same
   mentions gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

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
    mention_ids: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)


@dataclass
class _Cluster:
    key: tuple[str, str, str | None]
    members: list[MentionForConsolidation]
    target: str | None
    start: date | None
    end: date | None
    slack_days: int = 0

    def accepts_target(self, target: str | None) -> bool:
        return target is None or self.target is None or target == self.target

    def add(self, mention: MentionForConsolidation, target: str | None, slack: int) -> None:
        self.members.append(mention)
        self.target = self.target or target
        if mention.date_start is not None:
            self.start = min(self.start, mention.date_start) if self.start else mention.date_start
            end = mention.date_end or mention.date_start
            self.end = max(self.end, end) if self.end else end
            self.slack_days = max(self.slack_days, slack)


def _slack(mention: MentionForConsolidation) -> int:
    return 1 if mention.precision == "day" else 0


def consolidate(
    mentions: Iterable[MentionForConsolidation],
    normalize_actor: Callable[[str | None], str | None] | None = None,
) -> tuple[list[ConsolidatedEvent], dict[str, str]]:
    """Events and the mention_id -> event_id map (every mention belongs to exactly one event)."""
    norm = normalize_actor or (lambda key: key)
    ordered = sorted(mentions, key=lambda m: (m.date_start or date.max, m.mention_id))
    clusters: list[_Cluster] = []
    by_key: dict[tuple, list[_Cluster]] = {}

    def new_cluster(mention, key, target) -> None:
        cluster = _Cluster(key, [], None, None, None)
        cluster.add(mention, target, _slack(mention))
        clusters.append(cluster)
        if key[2] is not None:
            by_key.setdefault(key, []).append(cluster)

    undated = []
    for mention in ordered:
        key = (code_family(mention.event_code), mention.modality, norm(mention.source_actor_key))
        target = norm(mention.target_actor_key)
        if mention.date_start is None:
            undated.append((mention, key, target))
            continue
        if key[2] is None:
            new_cluster(mention, key, target)
            continue
        joined = False
        for cluster in by_key.get(key, []):
            if cluster.start is None or not cluster.accepts_target(target):
                continue
            slack = max(cluster.slack_days, _slack(mention))
            if mention.date_start <= cluster.end + timedelta(days=1 + slack):
                cluster.add(mention, target, _slack(mention))
                joined = True
                break
        if not joined:
            new_cluster(mention, key, target)

    for mention, key, target in undated:
        candidates = [c for c in by_key.get(key, []) if c.accepts_target(target)] if key[2] is not None else []
        if len(candidates) == 1:
            candidates[0].add(mention, target, 0)
        else:
            new_cluster(mention, key, target)

    events = [_event(cluster) for cluster in clusters]
    membership = {m.mention_id: e.event_id for e, c in zip(events, clusters, strict=False) for m in c.members}
    events.sort(key=lambda e: (e.date_start or date.max, e.event_id))
    return events, membership


def _event(cluster: _Cluster) -> ConsolidatedEvent:
    family, modality, source = cluster.key
    ids = sorted(m.mention_id for m in cluster.members)
    codes = Counter(m.event_code for m in cluster.members)
    code = min(codes, key=lambda c: (-codes[c], -len(c), c))
    dated = [m for m in cluster.members if m.date_start is not None]
    latest_start = max((m.date_start for m in dated), default=None)
    earliest_end = min(((m.date_end or m.date_start) for m in dated), default=None)
    disputed = bool(dated) and latest_start > earliest_end
    event_id = hashlib.sha1(f"event|{family}|{ids[0]}".encode()).hexdigest()[:16]
    return ConsolidatedEvent(
        event_id=event_id,
        event_family=family,
        event_code=code,
        modality=modality,
        source_actor_key=source,
        target_actor_key=cluster.target,
        date_start=cluster.start,
        date_end=cluster.end,
        date_disputed=disputed,
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

"""The SQL of incremental text reuse (newswh.store.reuse_state): LSH candidates as joins in DuckDB.

The LSH index is `raw.reuse_bands` (each sentence class's bucket per band), so finding a
sentence's candidates is a join of its class's band keys against the stored ones, and nothing of
the corpus is held in Python. Classes (identical content-word sets) are indexed once, and each
candidate class contributes only its earliest sentence outside the querying article - its two
earliest articles are enough - because every sentence of a class has the same Jaccard with the
query, and the source rule (newswh.events.reuse.source_order) prefers the earliest article. So a
sentence copied into a hundred articles costs one candidate, not a hundred.
"""

from __future__ import annotations

from newswh.store.tables import RAW_SCHEMA as RAW

# Candidates verified first per query class, in order of their earliest holder (see FORWARD).
FIRST_CANDIDATES = 4
# An article's precedence in the source rule: its publication date, undated last (date.max).
STATE = f"(select article_id, coalesce(published_date, date '9999-12-31') as pkey from {RAW}.reuse_state)"

# The classes sharing a bucket in any band with the sentences of `q` (q: article_id,
# sentence_index, class_key, content_words).
_CANDIDATES = f"""
cand as (
    select distinct q.article_id, q.sentence_index, b2.class_key
    from q
    join {RAW}.reuse_bands b1 on b1.class_key = q.class_key
    join {RAW}.reuse_bands b2 on b2.band = b1.band and b2.band_key = b1.band_key
)"""

# A pair passes when Jaccard >= $min_jaccard and the overlap covers >= $min_containment of the
# shorter sentence (newswh.events.reuse.is_match); `paired` has both sentences' words.
_SCORED = """
counted as (
    select *, len(list_intersect(words, source_words)) as shared, len(words) as n_q, len(source_words) as n_h
    from paired
),
scored as (
    select *, shared / (n_q + n_h - shared) as jaccard
    from counted
    where shared / (n_q + n_h - shared) >= $min_jaccard and shared / least(n_q, n_h) >= $min_containment
)"""


def _paired(columns: str, join: str) -> str:
    """Each queried sentence `q` (of candidate class rows `cand`) beside a sentence it may match."""
    return f"""
paired as (
    select {columns}
    from cand c
    join q using (article_id, sentence_index)
    {join}
)"""


_EARLIEST = """
qualify row_number() over (
    partition by article_id, sentence_index order by pkey, source_article_id, jaccard desc, source_sentence_index
) = 1"""

# The queried sentences (_reuse_queried) with their words.
_QUERIED = f"""
q as (
    select s.article_id, s.sentence_index, s.class_key, s.content_words
    from {RAW}.reuse_signatures s
    join _reuse_queried k using (article_id, sentence_index)
)"""

# The LSH buckets of the classes of the queried sentences (a class is looked up once however many
# queried sentences have its words), and every class in those buckets.
QUERY_BUCKETS = f"""
create or replace temp table _reuse_query_buckets as
select distinct b.class_key as query_class, b.band, b.band_key
from {RAW}.reuse_bands b
where b.class_key in (
    select s.class_key from {RAW}.reuse_signatures s join _reuse_queried k using (article_id, sentence_index)
)
"""

BUCKET_CLASSES = f"""
create or replace temp table _reuse_bucket_classes as
select b.band, b.band_key, b.class_key
from {RAW}.reuse_bands b
semi join _reuse_query_buckets q on q.band = b.band and q.band_key = b.band_key
"""

# Per bucket, the FIRST_CANDIDATES + 1 classes whose earliest holder is earliest; a query class's
# first candidates (see FORWARD) are among those of its buckets, so the first round never reads
# the rest of a bucket full of near-duplicates.
CLASS_CANDIDATES = f"""
create or replace temp table _reuse_class_cand as
with bucket_top as (
    select bc.band, bc.band_key, bc.class_key
    from _reuse_bucket_classes bc
    join _reuse_heads h on h.class_key = bc.class_key and h.article_rank = 1
    qualify row_number() over (
        partition by bc.band, bc.band_key order by h.pkey, h.article_id, bc.class_key
    ) <= {FIRST_CANDIDATES + 1}
)
select distinct q.query_class, t.class_key
from _reuse_query_buckets q
join bucket_top t on t.band = q.band and t.band_key = q.band_key
"""

# Per candidate class, its earliest sentence in each of its two earliest articles (its heads).
HEADS = f"""
create or replace temp table _reuse_heads as
select * from (
    select s.class_key, s.article_id, min(s.sentence_index) as sentence_index,
           any_value(s.content_words) as words, st.pkey,
           row_number() over (partition by s.class_key order by st.pkey, s.article_id) as article_rank
    from {RAW}.reuse_signatures s
    join {STATE} st using (article_id)
    where s.class_key in (select distinct class_key from _reuse_bucket_classes)
    group by s.class_key, s.article_id, st.pkey
)
where article_rank <= 2
"""


def _earliest_two(name: str, candidates: str) -> str:
    """CTEs ending in `name`: per query class, the best sentence of each of its two earliest source
    articles (article_order 1 and 2), among the candidate classes of CTE `candidates`."""
    return f"""
{name}_paired as (
    select c.query_class, c.class_key, qw.words, cw.words as source_words
    from {candidates} c
    join class_words qw on qw.class_key = c.query_class
    join class_words cw on cw.class_key = c.class_key
),
{name}_counted as (
    select *, len(list_intersect(words, source_words)) as shared, len(words) as n_q, len(source_words) as n_h
    from {name}_paired
),
{name}_scored as (
    select *, shared / (n_q + n_h - shared) as jaccard
    from {name}_counted
    where shared / (n_q + n_h - shared) >= $min_jaccard and shared / least(n_q, n_h) >= $min_containment
),
{name}_per_article as (
    select s.query_class, h.article_id as source_article_id, h.sentence_index as source_sentence_index,
           h.pkey, s.jaccard
    from {name}_scored s
    join _reuse_heads h on h.class_key = s.class_key
    qualify row_number() over (
        partition by s.query_class, h.article_id order by s.jaccard desc, h.sentence_index
    ) = 1
),
{name} as (
    select * from (
        select *, row_number() over (partition by query_class order by pkey, source_article_id) as article_order
        from {name}_per_article
    )
    where article_order <= 2
)"""


# Each queried sentence with its source, in one statement that DuckDB runs within its memory
# limit. The match test depends on the two word sets only, so it is made once per pair of classes;
# then, per query class, the best sentence of each article holding a match (a head) and the two
# earliest such articles: a sentence's source is the first of them outside its own article. (An
# article that is no class's first or second holder is later than two holders of the same words,
# one of which is outside the querying article, so it is never the earliest.) Candidates are
# verified in two rounds: first the FIRST_CANDIDATES whose earliest holder is earliest; a query
# class is settled when two source articles are found and both precede the earliest holder of every
# candidate not verified (whose holders can then be neither of the two). Only the others verify
# all their candidates - so near-duplicates in many copies are not all compared with each other.
FORWARD = f"""
with {_QUERIED},
class_words as (select class_key, any_value(words) as words from _reuse_heads group by class_key),
ranked as (
    select cc.query_class, cc.class_key, h.pkey, h.article_id,
           row_number() over (partition by cc.query_class order by h.pkey, h.article_id, cc.class_key) as cand_rank
    from _reuse_class_cand cc
    join _reuse_heads h on h.class_key = cc.class_key and h.article_rank = 1
),
first_round as (select query_class, class_key from ranked where cand_rank <= {FIRST_CANDIDATES}),
{_earliest_two("round1", "first_round")},
settled as (
    select s.query_class
    from round1 s
    left join ranked n on n.query_class = s.query_class and n.cand_rank = {FIRST_CANDIDATES + 1}
    where s.article_order = 2
      and (n.query_class is null or s.pkey < n.pkey or (s.pkey = n.pkey and s.source_article_id < n.article_id))
),
second_round as (
    select distinct q.query_class, c.class_key
    from _reuse_query_buckets q
    join _reuse_bucket_classes c on c.band = q.band and c.band_key = q.band_key
    where q.query_class not in (select query_class from settled)
),
{_earliest_two("round2", "second_round")},
earliest_two as (
    select * from round1 where query_class in (select query_class from settled)
    union all
    select * from round2
)
select q.article_id, q.sentence_index, t.source_article_id, t.source_sentence_index, t.jaccard
from q
join earliest_two t on t.query_class = q.class_key and t.source_article_id <> q.article_id
qualify row_number() over (partition by q.article_id, q.sentence_index order by t.pkey, t.source_article_id) = 1
"""

# Sentences not queried this run for which a sentence of a new article (_reuse_signed) is a better
# source than the one they hold; with the held source, so the caller keeps the better of the two.
REVERSE = f"""
with q as (
    select article_id, sentence_index, class_key, content_words
    from {RAW}.reuse_signatures
    where article_id in (select article_id from _reuse_signed)
),
{_CANDIDATES},
members as (
    select t.article_id, t.sentence_index, t.class_key, t.content_words
    from {RAW}.reuse_signatures t
    anti join _reuse_queried k using (article_id, sentence_index)
    where t.class_key in (select class_key from cand)
),
{
    _paired(
        "t.article_id, t.sentence_index, q.article_id as source_article_id, q.sentence_index as source_sentence_index,"
        " st.pkey, t.content_words as words, q.content_words as source_words",
        f"join members t on t.class_key = c.class_key and t.article_id <> q.article_id"
        f" join {STATE} st on st.article_id = q.article_id",
    )
},
{_SCORED},
best as (
    select article_id, sentence_index, source_article_id, source_sentence_index, jaccard, pkey
    from scored
    {_EARLIEST}
)
select b.article_id, b.sentence_index, b.source_article_id, b.source_sentence_index, b.jaccard, b.pkey,
       cur.source_article_id, cur.source_sentence_index, cur.jaccard, cs.pkey
from best b
left join {RAW}.reuse_sources cur using (article_id, sentence_index)
left join {STATE} cs on cs.article_id = cur.source_article_id
"""

# The links between the article pairs in _reuse_pairs (a < b), and the spans of their sentences.
PAIR_LINKS = f"""
select l.article_id, l.sentence_index, l.source_article_id, l.source_sentence_index, l.jaccard
from {RAW}.reuse_sources l
join _reuse_pairs p
  on p.a = least(l.article_id, l.source_article_id) and p.b = greatest(l.article_id, l.source_article_id)
"""

PAIR_SPANS = f"""
with linked as (
    select article_id, sentence_index from ({PAIR_LINKS})
    union
    select source_article_id, source_sentence_index from ({PAIR_LINKS})
)
select s.article_id, s.sentence_index, s.char_start, s.char_end
from {RAW}.reuse_signatures s
join linked using (article_id, sentence_index)
"""

-- Plausibility, warn: a report cannot describe as done something that starts after it was
-- published (its published_date, or published_date_max when the date is only bounded); only
-- planned, hypothetical or requested events may lie in the article's future; a year-less past date is re-resolved first. A breach is a heuristic miss
-- (a misread date or modality), so the row carries the flag reported_after_publication
-- (macros/quality_flags.sql) and the build goes on; quality_flag_share_below in
-- fct_event_mentions.yml fails it when more than 5% of the mentions carry the flag.
{{ config(severity='warn') }}

select m.mention_id, m.article_id, m.reported_date_start, a.published_date, a.published_date_max, m.modality
from {{ ref('fct_event_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where list_contains(m.quality_flags, 'reported_after_publication')

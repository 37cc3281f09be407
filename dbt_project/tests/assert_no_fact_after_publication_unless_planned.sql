-- A report cannot describe as done something that starts after it was published; only
-- planned events may lie in the article's future.
select m.mention_id, m.article_id, m.reported_date_start, a.published_date, m.modality
from {{ ref('fct_event_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where m.reported_date_start > a.published_date
  and m.modality <> 'planned'

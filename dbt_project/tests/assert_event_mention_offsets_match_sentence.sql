-- Every event mention's offsets cut exactly its sentence out of the article body.
-- On an add-one build, the mentions rebuilt (macros/rebuilt_rows.sql; a new body is a new extraction).
select m.mention_id, m.article_id, m.char_start, m.char_end
from {{ ref('fct_event_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where {{ rebuilt_rows('fct_event_mentions', 'm.article_id') }}
  and (
      substring(a.body_text, m.char_start + 1, m.char_end - m.char_start) <> m.sentence_text
      or m.trigger_char_start < m.char_start
      or m.trigger_char_end > m.char_end
  )

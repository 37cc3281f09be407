-- Every actor mention points inside its article's body_text, at the text it claims.
-- On an add-one build, the mentions rebuilt (macros/rebuilt_rows.sql): a body's text changes only
-- with its content hash, which extracts and resolves the article again, and so rebuilds its rows.
select m.mention_id, m.article_id, m.char_start, m.char_end, m.mention_text
from {{ ref('fct_actor_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where {{ rebuilt_rows('fct_actor_mentions', 'm.article_id') }}
  and (
      m.char_start < 0
      or m.char_end > length(a.body_text)
      or m.char_start >= m.char_end
      or substring(a.body_text, m.char_start + 1, m.char_end - m.char_start) <> m.mention_text
  )

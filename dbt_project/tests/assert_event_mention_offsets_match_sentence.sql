-- Every event mention's offsets cut exactly its sentence out of the article body.
select m.mention_id, m.article_id, m.char_start, m.char_end
from {{ ref('fct_event_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where substring(a.body_text, m.char_start + 1, m.char_end - m.char_start) <> m.sentence_text
   or m.trigger_char_start < m.char_start
   or m.trigger_char_end > m.char_end

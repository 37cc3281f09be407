-- Every actor mention points inside its article's body_text, at the text it claims.
select m.mention_id, m.article_id, m.char_start, m.char_end, m.mention_text
from {{ ref('fct_actor_mentions') }} as m
join {{ ref('dim_articles') }} as a using (article_id)
where m.char_start < 0
   or m.char_end > length(a.body_text)
   or m.char_start >= m.char_end
   or substring(a.body_text, m.char_start + 1, m.char_end - m.char_start) <> m.mention_text

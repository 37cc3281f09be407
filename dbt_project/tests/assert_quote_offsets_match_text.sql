-- Every quote's offsets cut exactly its quoted words out of the article body.
select q.quote_id, q.article_id
from {{ ref('fct_quotes') }} as q
join {{ ref('dim_articles') }} as a using (article_id)
where substring(a.body_text, q.char_start + 1, q.char_end - q.char_start) <> q.quote_text

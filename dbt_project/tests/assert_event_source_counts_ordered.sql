-- Independent sources never outnumber reporting articles, nor articles their mentions.
select event_id, num_sources, num_articles, num_mentions
from {{ ref('fct_events') }}
where not (num_sources <= num_articles and num_articles <= num_mentions and num_sources >= 1)

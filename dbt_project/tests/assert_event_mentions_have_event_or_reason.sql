-- Nothing is silently dropped: a mention either reports an event or says why it does not.
select mention_id, event_id, unconsolidated_reason
from {{ ref('fct_event_mentions') }}
where (event_id is null) = (unconsolidated_reason is null)

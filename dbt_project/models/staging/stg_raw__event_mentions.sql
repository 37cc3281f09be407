with

source as (

    select * from {{ source('raw', 'event_mentions') }}

),

renamed as (

    select
        mention_id,
        article_id,
        sentence_index,
        sentence_start,
        sentence_end,
        trigger_start,
        trigger_end,
        trigger_text,
        event_code,
        modality,
        source_actor_key as local_source_actor_key,
        target_actor_key as local_target_actor_key,
        source_text,
        target_text,
        location,
        date_text,
        date_char_start,
        date_char_end,
        date_value,
        reported_date_start,
        reported_date_end,
        date_precision,
        date_basis,
        cited_source_id,
        confidence,
        voice,
        reported_by_trigger,
        source_basis,
        agent_unknown,
        source_cameo_code,
        source_code_basis,
        target_cameo_code,
        target_code_basis,
        not_event_reason,
        location_name,
        location_admin1,
        location_country_code,
        latitude,
        longitude,
        geonames_id,
        location_basis,
        num_killed,
        num_injured,
        num_detained

    from source

)

select * from renamed

with

timexes as (

    select * from {{ ref('stg_raw__time_expressions') }}

),

final as (

    select
        timex_id,
        article_id,
        sentence_index,
        char_start,
        char_end,
        timex_text,
        timex_type,
        timex_value,
        date_start,
        date_end,
        date_precision,
        resolution_basis,
        reference_date,
        {{ takeover_period('date_start', 'date_end') }} as takeover_period

    from timexes

)

select * from final

-- One row per place the articles name or an event is located at, with how often.

with

places as (

    select * from {{ ref('stg_raw__place_mentions') }} where geonames_id is not null

),

event_mentions as (

    select * from {{ ref('int_event_mentions') }} where geonames_id is not null

),

-- A place's attributes are the gazetteer's, the same in every mention; any_value picks one copy.
attributes as (

    select
        geonames_id,
        any_value(place_name) as location_name,
        any_value(place_kind) as place_kind,
        any_value(feature_class) as feature_class,
        any_value(feature_code) as feature_code,
        any_value(country_code) as country_code,
        any_value(country_code_iso2) as country_code_iso2,
        any_value(country_name) as country_name,
        any_value(admin1_code) as admin1_code,
        any_value(admin1_name) as admin1_name,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude,
        any_value(population) as population,
        count(*) as num_place_mentions,
        count(distinct article_id) as num_articles

    from places
    group by geonames_id

),

-- An event can be placed where no mention of its article names (the dateline city): it keeps the
-- attributes its event mentions carry.
events as (

    select
        geonames_id,
        any_value(location_name) as location_name,
        any_value(location_country_code) as country_code,
        any_value(latitude) as latitude,
        any_value(longitude) as longitude,
        count(*) as num_event_mentions,
        count(distinct event_id) as num_events

    from event_mentions
    group by geonames_id

),

final as (

    select
        geonames_id,
        coalesce(attributes.location_name, events.location_name) as location_name,
        attributes.place_kind,
        attributes.feature_class,
        attributes.feature_code,
        coalesce(attributes.country_code, events.country_code) as country_code,
        attributes.country_code_iso2,
        attributes.country_name,
        attributes.admin1_code,
        attributes.admin1_name,
        coalesce(attributes.latitude, events.latitude) as latitude,
        coalesce(attributes.longitude, events.longitude) as longitude,
        attributes.population,
        coalesce(attributes.num_place_mentions, 0) as num_place_mentions,
        coalesce(attributes.num_articles, 0) as num_articles,
        coalesce(events.num_event_mentions, 0) as num_event_mentions,
        coalesce(events.num_events, 0) as num_events

    from attributes
    full outer join events using (geonames_id)

)

select * from final

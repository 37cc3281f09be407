"""Pure core of the news-event warehouse: no Dagster imports live here."""

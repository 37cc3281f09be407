"""Reports: this package owns the pictures an analyst opens, drawn from the marts: the timeline
(`timeline`), events by place (`places`), the rows both read (`events`) and what their
interactive pages share (`explore`)."""

from newswh.reports.events import PLACED_FILTER, STORY_FILTER, read_events
from newswh.reports.places import render_places
from newswh.reports.timeline import render_timeline

__all__ = ["PLACED_FILTER", "STORY_FILTER", "read_events", "render_places", "render_timeline"]

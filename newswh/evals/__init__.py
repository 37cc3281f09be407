"""Evaluations of the warehouse against labelled data kept outside the repository.

`events_dev` scores events against the ISAF dev set (pure functions); `eval_events` builds a
warehouse from the set and prints the scores (`make eval-events`); its names load on first use,
so that `python -m newswh.evals.eval_events` does not find itself imported already.
"""

from newswh import lazy_exports
from newswh.evals.events_dev import (
    METRICS,
    SPLITS,
    TARGETS,
    PredictedEvent,
    Prediction,
    aggregate,
    gold_dateline,
    score_release,
    split_of,
    summarise,
)

_EVAL_EVENTS = {
    name: f"eval_events:{name}"
    for name in ("build_warehouse", "load_releases", "read_predictions", "score_all", "write_corpus")
}
__getattr__ = lazy_exports(__name__, _EVAL_EVENTS)

__all__ = [
    *_EVAL_EVENTS,
    "METRICS",
    "SPLITS",
    "TARGETS",
    "PredictedEvent",
    "Prediction",
    "aggregate",
    "gold_dateline",
    "score_release",
    "split_of",
    "summarise",
]

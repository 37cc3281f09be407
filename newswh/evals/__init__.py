"""Evaluations of the warehouse against labelled data kept outside the repository.

`events_dev` scores events against the ISAF dev set (pure functions); `eval_events` builds a
warehouse from the set and prints the scores (`make eval-events`).
"""

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

__all__ = [
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

"""The Celery app a distributed-extraction worker runs: dagster-celery's step task, with its broker from the env.

Start a worker, on this machine or another one that has the project and reaches the broker:

    NEWSWH_BROKER_URL=redis://HOST:PORT/0 .venv/bin/celery -A orchestration.celery_worker worker -Q dagster -c 1

A step ingests and extracts a few article batches (orchestration.distributed); the worker reads
the corpus at the path the coordinator listed it under, and the raw layer's root.
A step is acknowledged only after it finished (acks_late), and a step whose worker process
died is put back on the queue (reject_on_worker_lost), so another worker redoes it; its files
have deterministic names, so the redone batch overwrites, never duplicates.

One worker is one process on one core: its numerical libraries are held to one thread (set
before numpy is first imported, here), or N workers on N cores would each start N BLAS threads
and fight over the cores; and it loads spaCy once, when it starts, not per task.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from celery.signals import worker_init  # noqa: E402
from dagster_celery.make_app import make_app  # noqa: E402
from dagster_celery.tasks import create_task  # noqa: E402

from orchestration.distributed import broker_url, celery_settings  # noqa: E402

app = make_app()
app.conf.update(broker_url=broker_url(), result_backend=broker_url(), **celery_settings())

execute_plan = create_task(app, acks_late=True, reject_on_worker_lost=True)


@worker_init.connect
def load_the_model_once(**_kwargs) -> None:
    """The worker loads spaCy before it forks its pool process, which inherits it, as does one started after a lost one.

    Not in the pool process's own init: Celery gives that a few seconds before it declares the
    process dead, and a model load under load takes longer.
    """
    from newswh.extract import build_nlp

    build_nlp()

"""The Celery app a distributed-extraction worker runs: dagster-celery's step task, with its broker from the env.

Start a worker, on this machine or another one that has the project and reaches the broker:

    NEWSWH_BROKER_URL=redis://HOST:PORT/0 .venv/bin/celery -A orchestration.celery_worker worker -Q dagster -c 1

A step is acknowledged only after it finished (acks_late), and a step whose worker process
died is put back on the queue (reject_on_worker_lost), so another worker redoes it; its files
have deterministic names, so the redone batch overwrites, never duplicates.
"""

from __future__ import annotations

from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from orchestration.distributed import broker_url, celery_settings

app = make_app()
app.conf.update(broker_url=broker_url(), result_backend=broker_url(), **celery_settings())

execute_plan = create_task(app, acks_late=True, reject_on_worker_lost=True)

"""The README's one command for a worker on another machine names the real app, queue and concurrency.

The distributed integration test starts one of its two workers with exactly that command; this
checks the same line cheaply, without a broker.
"""

from __future__ import annotations

import importlib
import sys

import pytest

from tests.conftest import PROJECT_ROOT
from tests.support import readme_worker_command

pytestmark = pytest.mark.unit

BROKER = "redis://10.0.0.5:6380/0"


def _readme_command() -> tuple[dict[str, str], list[str]]:
    return readme_worker_command((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), BROKER)


def test_the_readme_worker_command_is_the_one_the_local_cluster_runs():
    from dagster_celery.defaults import task_default_queue

    from orchestration.cluster import worker_command

    env, argv = _readme_command()
    assert env == {"NEWSWH_BROKER_URL": BROKER}
    assert argv[0] == ".venv/bin/celery" and (PROJECT_ROOT / argv[0]).exists()
    local = worker_command(1)
    # the app, the subcommand, the queue dagster-celery sends steps to, one process per worker
    assert (
        argv[1:] == local[1:8] == ["-A", "orchestration.celery_worker", "worker", "-Q", task_default_queue, "-c", "1"]
    )


def test_the_worker_app_takes_its_broker_from_the_setting_and_serves_dagsters_step_task(monkeypatch):
    monkeypatch.setenv("NEWSWH_BROKER_URL", BROKER)
    monkeypatch.delitem(sys.modules, "orchestration.celery_worker", raising=False)
    worker = importlib.import_module("orchestration.celery_worker")
    monkeypatch.delitem(sys.modules, "orchestration.celery_worker")
    assert worker.app.conf.broker_url == BROKER == worker.app.conf.result_backend
    assert worker.app.conf.task_acks_late and worker.app.conf.task_reject_on_worker_lost
    assert worker.execute_plan.name in worker.app.tasks


def test_the_worker_modules_docstring_shows_the_readme_command():
    source = (PROJECT_ROOT / "orchestration" / "celery_worker.py").read_text(encoding="utf-8")
    _env, argv = _readme_command()
    assert f"NEWSWH_BROKER_URL=redis://HOST:PORT/0 {' '.join(argv)}" in source

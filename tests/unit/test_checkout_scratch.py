"""Scratch folders of the evals are the checkout's own: two clones never share an eval warehouse."""

import pytest

from newswh import config
from newswh.evals import eval_coding, eval_events

pytestmark = pytest.mark.unit


def test_two_checkouts_get_two_scratch_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path / "clone_a")
    first = config.checkout_scratch_dir("eval-events")
    monkeypatch.setattr(config, "PROJECT_ROOT", tmp_path / "clone_b")
    second = config.checkout_scratch_dir("eval-events")
    assert first != second
    assert first.name.startswith("newswh-eval-events-") and second.name.startswith("newswh-eval-events-")


def test_one_checkout_always_gets_the_same_folder():
    assert config.checkout_scratch_dir("eval-coding") == config.checkout_scratch_dir("eval-coding")


def test_the_evals_default_to_this_checkouts_folders():
    assert eval_events.DEFAULT_WAREHOUSE.parent == config.checkout_scratch_dir("eval-events")
    assert config.checkout_scratch_dir("eval-coding") == eval_coding.DEFAULT_DIR

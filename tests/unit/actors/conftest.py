"""Fixtures shared by the actor tests."""

import pytest

from newswh.actors import load_gazetteer
from newswh.extract import build_nlp


@pytest.fixture(scope="module")
def nlp():
    # `make run`'s own pipeline (the model plus the actor ruler), a separate instance: adding the
    # ruler to `load_nlp()`'s cached one changed every later test's parse with the test order.
    return build_nlp()


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(None)

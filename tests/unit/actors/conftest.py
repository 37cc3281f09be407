"""Fixtures shared by the actor tests."""

import pytest

from newswh.actors import add_actor_components, load_gazetteer
from newswh.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return add_actor_components(load_nlp())


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer(None)

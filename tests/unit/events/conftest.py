"""Fixtures shared by the event tests."""

import pytest

from newswh.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()

"""Every example written in resources/english/rules.yaml, run against the tagger."""

from __future__ import annotations

import pytest

from newswh.time.tagger import RULES, matched_rules, tag

pytestmark = pytest.mark.unit

EXAMPLES = [(rule.name, example) for rule in RULES for example in rule.examples]


@pytest.mark.parametrize("rule_name,example", EXAMPLES, ids=[f"{name}:{example.expect}" for name, example in EXAMPLES])
def test_rule_example(rule_name, example):
    found = [t for t in tag(example.text, example.dct, anchors=()) if t.text == example.expect]
    if example.type == "NONE":
        # The rule claims the span and its handler turns it down: not a time expression.
        assert not found, f"{example.expect!r} should not be tagged in {example.text!r}"
        start = example.text.index(example.expect)
        assert (start, start + len(example.expect), rule_name) in matched_rules(example.text)
        return
    assert found, f"{example.expect!r} not tagged in {example.text!r}"
    assert (found[0].type, found[0].value) == (example.type, example.value)
    start = found[0].start
    assert (start, found[0].end, rule_name) in matched_rules(example.text), "another rule produced this span"


def test_every_rule_has_an_example():
    assert {name for name, _ in EXAMPLES} == {rule.name for rule in RULES}

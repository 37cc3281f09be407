"""The rule loader refuses a broken resource folder, with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from newswh.time.handlers import HANDLERS
from newswh.time.rules import HandlerRegistry, RuleError, load_rules
from newswh.time.vocabulary import ENGLISH

pytestmark = pytest.mark.unit


def _folder(tmp_path: Path, edit_rules=None, edit_patterns=None) -> Path:
    """A copy of the English resources, with rules.yaml / patterns.yaml edited in place."""
    folder = tmp_path / "english"
    shutil.copytree(ENGLISH, folder)
    for name, edit in (("rules.yaml", edit_rules), ("patterns.yaml", edit_patterns)):
        if edit is not None:
            data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
            edit(data)
            (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def _rule(data: dict, name: str) -> dict:
    return next(r for r in data["rules"] if r["name"] == name)


def _copy_of_handlers() -> HandlerRegistry:
    registry = HandlerRegistry()
    for name in HANDLERS.names():
        registry.register(name)(HANDLERS.get(name))
    return registry


def test_the_english_rules_load(tmp_path):
    rules = load_rules(_folder(tmp_path), HANDLERS)
    assert len(rules) == len({r.name for r in rules}) == len(HANDLERS.names())


def test_refuses_an_unknown_placeholder_in_a_rule(tmp_path):
    def edit(data):
        rule = _rule(data, "date_iso")
        rule["pattern"] = rule["pattern"].replace("{YEAR}", "{YEER}")

    with pytest.raises(RuleError, match=r"rule date_iso: unknown placeholder \{YEER\}"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_an_unknown_placeholder_in_a_piece(tmp_path):
    def edit(data):
        data["NUM"] = data["NUM"].replace("{NUMWORD}", "{NUMBERWORD}")

    with pytest.raises(RuleError, match=r"piece NUM uses unknown placeholder \{NUMBERWORD\}"):
        load_rules(_folder(tmp_path, edit_patterns=edit), HANDLERS)


def test_refuses_pieces_that_refer_to_each_other(tmp_path):
    def edit(data):
        data["DAYNUM"] = "{YEAR}"
        data["YEAR"] = "{DAYNUM}"

    with pytest.raises(RuleError, match="cycle"):
        load_rules(_folder(tmp_path, edit_patterns=edit), HANDLERS)


def test_refuses_a_piece_that_rewrites_the_vocabulary(tmp_path):
    def edit(data):
        data["MONTH"] = "(?:Jan|Feb)"

    with pytest.raises(RuleError, match=r"MONTH is generated from vocabulary\.yaml"):
        load_rules(_folder(tmp_path, edit_patterns=edit), HANDLERS)


def test_refuses_a_duplicate_rule_name(tmp_path):
    def edit(data):
        _rule(data, "date_dmy")["name"] = "date_mdy"

    with pytest.raises(RuleError, match="duplicate rule name 'date_mdy'"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_a_rule_with_no_handler(tmp_path):
    def edit(data):
        data["rules"].append({**_rule(data, "weekend"), "name": "fortnight"})

    with pytest.raises(RuleError, match="rule fortnight: no handler registered"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_a_handler_with_no_rule(tmp_path):
    registry = _copy_of_handlers()

    @registry.register("fortnight")
    def fortnight(m, ctx):
        return None

    with pytest.raises(RuleError, match=r"handlers with no rule .*\['fortnight'\]"):
        load_rules(_folder(tmp_path), registry)


def test_refuses_two_handlers_for_one_rule():
    registry = _copy_of_handlers()
    with pytest.raises(RuleError, match="two handlers for rule 'weekend'"):
        registry.register("weekend")(lambda m, ctx: None)


def test_refuses_an_unknown_key_word_set(tmp_path):
    def edit(data):
        _rule(data, "date_mdy")["keys"] = ["@monthz"]

    with pytest.raises(RuleError, match="rule date_mdy: unknown key-word set @monthz"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_a_rule_without_examples(tmp_path):
    def edit(data):
        _rule(data, "weekend")["examples"] = []

    with pytest.raises(RuleError, match="rule weekend: no examples"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_a_pattern_that_does_not_compile(tmp_path):
    def edit(data):
        _rule(data, "weekend")["pattern"] = "{B}(?:the|this"

    with pytest.raises(RuleError, match="rule weekend: pattern does not compile"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)


def test_refuses_an_unquoted_example_value(tmp_path):
    def edit(data):
        _rule(data, "year")["examples"][0]["value"] = 1998

    with pytest.raises(RuleError, match="must be quoted"):
        load_rules(_folder(tmp_path, edit_rules=edit), HANDLERS)

"""Impersonal reporting frames: "Initial reports indicate ...", "It was reported that ...".

A reporting verb whose subject is a report, an assessment or intelligence (no actor in it), or an
agentless expletive passive of a reporting verb, names nobody who reports: a CAMEO coder records
the event it reports, not the reporting. The verb is kept with not-event reason
`impersonal_report` (issue 15 item 2: traceable, never dropped); the events of its reported clause
are untouched. Rules and examples: `resources/impersonal_reports.yaml`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Token

from newswh.events.syntax import child

RULES_FILE = Path(__file__).resolve().parent / "resources" / "impersonal_reports.yaml"
REASON = "impersonal_report"


@lru_cache(maxsize=2)
def impersonal_rules(path: str | None = None) -> dict:
    return yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))


def _names_an_actor(subject: Token, index) -> bool:
    return any(index.at(t) is not None for t in subject.subtree)


def _report_subject(trigger: Token, index, rules: dict) -> bool:
    """ "Initial reports indicate ...": an active reporting verb whose subject is a report noun."""
    subject = child(trigger, "nsubj")
    return (
        subject is not None
        and subject.pos_ in ("NOUN", "PROPN")
        and subject.lemma_.lower() in rules["report_nouns"]
        and not _names_an_actor(subject, index)
    )


def _expletive_passive(trigger: Token, rules: dict) -> bool:
    """ "It was reported that ...": a passive reporting verb with no agent, whose subject is an
    expletive or absent (a clausal subject); a named patient ("he was reported killed") is not one."""
    if trigger.lemma_.lower() not in rules["passive_verbs"]:
        return False
    deps = {c.dep_ for c in trigger.children}
    if "auxpass" not in deps or "agent" in deps:
        return False
    subject = child(trigger, "nsubjpass", "expl")
    return subject is None or subject.lower_ in rules["expletive_subjects"]


def impersonal_report(trigger: Token, has_source: bool, index, rules: dict | None = None) -> bool:
    """True when the trigger is an impersonal reporting frame (see the module docstring)."""
    rules = rules or impersonal_rules()
    if has_source or trigger.pos_ != "VERB":
        return False
    lemma = trigger.lemma_.lower()
    return (lemma in rules["report_verbs"] and _report_subject(trigger, index, rules)) or _expletive_passive(
        trigger, rules
    )

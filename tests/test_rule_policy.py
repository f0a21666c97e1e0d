"""The rule policy parses a rule once and gives what Rasa's parse gives."""

from __future__ import annotations

import json
import random

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import SHOULD_NOT_BE_SET

from components.rule_policy import ParsedRulePolicy

RULE = json.dumps([
    {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "faq_pgb"}},
    {"active_loop": {"name": "locatie_form"}, "slots": {"locatie": [1.0]}},
])


def test_same_states_as_rasa_parsed_once() -> None:
    first = ParsedRulePolicy._rule_key_to_state(RULE)
    assert first == RulePolicy._rule_key_to_state(RULE)
    assert ParsedRulePolicy._rule_key_to_state(RULE) is first


def test_rasa_reads_the_parsed_rule_without_changing_it() -> None:
    policy = ParsedRulePolicy.__new__(ParsedRulePolicy)
    before = json.dumps(ParsedRulePolicy._rule_key_to_state(RULE))
    state = {"prev_action": {"action_name": "action_listen"}, "user": {"intent": "faq_pgb"}}
    assert policy._is_rule_applicable(RULE, 1, state)
    assert not policy._is_rule_applicable(RULE, 1, {**state, "user": {"intent": "greet"}})
    assert json.dumps(ParsedRulePolicy._rule_key_to_state(RULE)) == before


def test_possible_keys_as_rasa_finds_them() -> None:
    """Rasa's walk over every turn and ours, which stops at the longest rule, agree."""
    listen = {"prev_action": {"action_name": "action_listen"}}
    rules = {
        json.dumps([{**listen, "user": {"intent": "faq_pgb"}}]): "action_answer_faq",
        json.dumps([{"prev_action": {"action_name": "utter_greet"}},
                    {**listen, "user": {"intent": "faq_pgb"}}]): "action_answer_faq",
        json.dumps([{**listen, "user": {"intent": "greet"}}]): "utter_greet",
        json.dumps([{}, {**listen, "user": {"intent": "greet"}}]): "utter_greet",
    }
    turns = [{}, {**listen, "user": {"intent": "greet"}}, {"prev_action": {"action_name": "utter_greet"}},
             {**listen, "user": {"intent": "faq_pgb"}}, {"prev_action": {"action_name": "action_answer_faq"}},
             {**listen, "user": {"intent": "greet"}}]
    ours, rasa = ParsedRulePolicy.__new__(ParsedRulePolicy), RulePolicy.__new__(RulePolicy)
    found = []
    for end in range(1, len(turns) + 1):
        states = turns[:end]
        found.append(ours._get_possible_keys(rules, states))
        assert found[-1] == rasa._get_possible_keys(rules, states), end
    assert any(len(keys) == 1 for keys in found) and any(len(keys) == 2 for keys in found)


def _random_state(rng: random.Random, rule: bool) -> dict:
    """A rule or conversation state from a small vocabulary, with Rasa's special values."""
    def value(options: list[str]) -> str:
        return rng.choice(options + ([SHOULD_NOT_BE_SET] if rule else []))

    state: dict = {}
    if rng.random() < 0.85:
        state["prev_action"] = {"action_name": value(ACTIONS)}
    if rng.random() < 0.6:
        state["user"] = {"intent": value(INTENTS)}
    if rng.random() < 0.3:
        state["active_loop"] = {"name": value(["locatie_form", "indicatie_form"])}
    if rng.random() < 0.3:
        state["slots"] = {"locatie": rng.choice([(1.0,), [1.0], SHOULD_NOT_BE_SET])}
    return state


ACTIONS = ["action_listen", "action_answer_faq", "utter_greet", "locatie_form"]
INTENTS = ["greet", "faq_pgb", "inform", "deny"]


def test_same_keys_as_rasa_on_random_rules_and_conversations() -> None:
    rng = random.Random(20231204)
    ours, rasa = ParsedRulePolicy.__new__(ParsedRulePolicy), RulePolicy.__new__(RulePolicy)
    rules = {json.dumps([_random_state(rng, True) for _ in range(rng.randint(1, 3))]): "a"
             for _ in range(300)}
    non_empty = 0
    for _ in range(400):
        states = [_random_state(rng, False) for _ in range(rng.randint(0, 6))]
        expected = rasa._get_possible_keys(rules, states)
        assert ours._get_possible_keys(rules, states) == expected
        non_empty += bool(expected) and len(expected) < len(rules)
    assert non_empty > 50  # the comparison is not between empty sets

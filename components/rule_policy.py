"""Rasa's RulePolicy, doing less work for the same predictions.

py-spy put ``RulePolicy`` at a fifth of the Rasa server's CPU time per message. To predict
one action it checks each of our 482 rule keys against the latest turn, then the survivors
against the turns before, parsing a rule's JSON again at every check. Here:

- a rule is parsed once (``json.loads`` in ``_rule_key_to_state``; the parsed rules are
  only read: Rasa's two callers copy or index them);
- against the latest turn, only the rules whose last state can match are checked: a rule
  that names a previous action or an intent matches only a turn with that action and
  intent (Rasa's ``_does_rule_match_state``), so the rules are indexed by those two (a
  conversation's first state, without a previous action, is checked against all);
- the walk back stops at the length of the longest rule still in the race: further back,
  Rasa's ``_is_rule_applicable`` says yes to every rule, so the set can no longer change.

Every rule that can match is still checked by Rasa's own ``_is_rule_applicable``, so the
predictions are Rasa's: the unit tests compare both on every turn and the conversation tests
run on this policy.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from typing import Any, Dict, List, Set, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
from rasa.shared.core.generator import State
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

Signature = Tuple[str | None, str | None]  # (previous action, intent); None: any


@lru_cache(maxsize=8192)
def _parsed(rule_key: str) -> List[State]:
    return json.loads(rule_key)


def _required(state: State, part: str, key: str) -> str | None:
    """The value a rule's state demands for ``part.key``, or None if any value matches."""
    value = state.get(part, {}).get(key)
    if not value or value == SHOULD_NOT_BE_SET or not isinstance(value, str):
        return None
    return value


def _signature(rule_key: str) -> Signature:
    last = _parsed(rule_key)[-1]
    return _required(last, PREVIOUS_ACTION, ACTION_NAME), _required(last, USER, INTENT)


def _index(keys: Tuple[str, ...]) -> Dict[Signature, Set[str]]:
    index: Dict[Signature, Set[str]] = defaultdict(set)
    for key in keys:
        index[_signature(key)].add(key)
    return dict(index)


@lru_cache(maxsize=16)
def _cached_index(keys: Tuple[str, ...]) -> Dict[Signature, Set[str]]:
    return _index(keys)


def _candidates(lookup: Dict[str, Any], state: State) -> Set[str]:
    """The rules whose last state may match ``state``; all others surely do not."""
    if not state.get(PREVIOUS_ACTION):
        # A conversation's first state: Rasa matches every rule that starts a conversation,
        # whatever it demands of the intent. Rare enough to check all.
        return set(lookup.keys())
    index = _cached_index(tuple(lookup))
    action = state.get(PREVIOUS_ACTION, {}).get(ACTION_NAME)
    intent = state.get(USER, {}).get(INTENT)
    found: Set[str] = set()
    for signature in ((None, None), (action, None), (None, intent), (action, intent)):
        found |= index.get(signature, set())
    return found


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class ParsedRulePolicy(RulePolicy):
    """``RulePolicy`` with less work per prediction (see the module docstring)."""

    @staticmethod
    def _rule_key_to_state(rule_key: str) -> List[State]:
        return _parsed(rule_key)

    def _get_possible_keys(self, lookup: Dict[str, str], states: List[State]) -> Set[str]:
        if not states:
            return set(lookup.keys())
        possible_keys = _candidates(lookup, states[-1])
        for turn_index, state in enumerate(reversed(states)):
            if not possible_keys or turn_index >= max(map(len, map(_parsed, possible_keys))):
                break
            possible_keys = {
                key for key in possible_keys if self._is_rule_applicable(key, turn_index, state)
            }
        return possible_keys

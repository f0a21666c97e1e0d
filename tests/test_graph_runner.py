"""The sequential graph runner gives what Rasa's dask runner gives, node for node."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from channels.graph_runner import SequentialGraphRunner

CALLS: List[str] = []


class Join(GraphComponent):
    """Joins its inputs into a string, and records that it ran."""

    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> Join:
        return cls(execution_context.node_name or "?")

    def run(self, a: Any = None, b: Any = None) -> str:
        CALLS.append(self.name)
        if a == "boom":
            raise RuntimeError("node failed")
        return f"{self.name}({a},{b})"


def _node(**needs: str) -> SchemaNode:
    return SchemaNode(needs=needs, uses=Join, constructor_name="create", fn="run", config={},
                      eager=True)


SCHEMA = GraphSchema({
    "tokens": _node(a="__message__"),
    "features": _node(a="tokens", b="__message__"),
    "intent": _node(a="features", b="tokens"),
    "policy": _node(a="intent", b="__tracker__"),
    "unused": _node(a="__message__"),
    "orphan": _node(a="no_such_input"),
    "goal": SchemaNode(needs={"a": "intent"}, uses=Join, constructor_name="create", fn="run",
                       config={}, eager=True, is_target=True),
})


def _runner(cls: Any, tmp_path: Path) -> Any:
    storage = LocalModelStorage(tmp_path / cls.__name__)
    return cls(SCHEMA, storage, ExecutionContext(SCHEMA, "m"))


@pytest.mark.parametrize("inputs, targets", [
    ({"__message__": "hoi", "__tracker__": "t"}, ["policy"]),
    ({"__message__": "hoi", "__tracker__": "t"}, ["intent", "tokens"]),
    ({"__message__": "hoi"}, ["intent"]),
    ({"__message__": "hoi", "tokens": "given"}, ["intent"]),  # an input replaces a node
    ({"__message__": "hoi", "__tracker__": "t"}, None),  # all targets of the schema
])
def test_same_results_and_calls_as_dask(tmp_path: Path, inputs: Dict[str, Any],
                                        targets: List[str] | None) -> None:
    results = []
    for cls in (DaskGraphRunner, SequentialGraphRunner):
        CALLS.clear()
        runner = _runner(cls, tmp_path)
        for _ in range(2):  # the second run uses the cached order
            output = runner.run(inputs=dict(inputs), targets=targets)
        results.append((output, sorted(CALLS)))
    assert results[0] == results[1]
    assert results[1][0]


@pytest.mark.parametrize("inputs, targets", [
    ({"__message__": "boom"}, ["tokens"]),  # a node fails
    ({"__message__": "tokens"}, ["tokens"]),  # an input's value is a node's name
    ({}, ["orphan"]),  # an input is missing
])
def test_same_errors_as_dask(tmp_path: Path, inputs: Dict[str, Any], targets: List[str]) -> None:
    errors = []
    for cls in (DaskGraphRunner, SequentialGraphRunner):
        with pytest.raises(Exception) as error:
            _runner(cls, tmp_path).run(inputs=inputs, targets=targets)
        errors.append((type(error.value), str(error.value)))
    assert errors[0] == errors[1]

"""Rasa's predict graph, run without dask: the same nodes in the same dependency order.

Rasa 3.6 runs its model graph twice per message (NLU, then each dialogue prediction) through
``dask.get``. For graphs of ten nodes dask's bookkeeping costs more than the nodes: on every
run Rasa rebuilds the minimal schema and the dask graph, and dask orders it again
(``dask.order``). py-spy put that overhead at about 14% of the Rasa server's CPU under load.

``SequentialGraphRunner`` keeps Rasa's node objects and calling convention (each node gets
its parents' ``(name, output)`` pairs, an input is ``(name, value)``, a missing parent is
passed as its name) and computes the order of a target set once. Installed by the REST
channel (``channels.speedups.install``), for the server's prediction graph only; training
keeps Rasa's runner.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

Order = Tuple[Tuple[str, Tuple[str, ...]], ...]  # (node, its parents' names), parents first


class SequentialGraphRunner(DaskGraphRunner):
    """``DaskGraphRunner`` with a plain loop in place of ``dask.get``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._orders: Dict[Tuple[str, ...], Order] = {}

    def run(self, inputs: Dict[str, Any] | None = None,
            targets: List[str] | None = None) -> Dict[str, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        values: Dict[str, Any] = {}
        if inputs:
            self._add_inputs_to_graph(inputs, self._clash_check_graph())  # Rasa's check
            values.update({name: (name, value) for name, value in inputs.items()})
        try:
            for name, needs in self._order(run_targets):
                if name in values:  # an input of that name replaces the node, as in dask
                    continue
                values[name] = self._instantiated_nodes[name](
                    *(values.get(parent, parent) for parent in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(values[target] for target in run_targets)

    def _clash_check_graph(self) -> Dict[str, Any]:
        return dict.fromkeys(self._graph_schema.nodes)

    def _order(self, targets: Tuple[str, ...]) -> Order:
        """The nodes the targets need, each after its parents, with its parents' names;
        kept per target set (Rasa asks for the same two or three sets on every message)."""
        if targets not in self._orders:
            self._orders[targets] = self._new_order(targets)
        return self._orders[targets]

    def _new_order(self, targets: Tuple[str, ...]) -> Order:
        nodes = self._graph_schema.minimal_graph_schema(list(targets)).nodes
        ordered: List[Tuple[str, Tuple[str, ...]]] = []
        done: set[str] = set()

        def visit(name: str) -> None:
            if name in done or name not in nodes:
                return
            done.add(name)
            needs = tuple(nodes[name].needs.values())
            for parent in needs:
                visit(parent)
            ordered.append((name, needs))

        for target in targets:
            visit(target)
        return tuple(ordered)

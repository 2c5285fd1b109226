"""The two rules of play, as pure functions over (node, anger, flags): which replies are shown, where a reply leads.

The live engine shows replies with ``visible``; its routing runs through the transitions machine built from the same
data. The analyser (best/worst search) explores without a machine and uses ``route`` directly.
"""

from __future__ import annotations

from kasuhara_sim.format.model import Choice, Node


def visible(node: Node, anger: int, flags, did=frozenset()) -> list[tuple[int, Choice]]:
    """(0-based index as written, choice) for each reply shown, in the order written.

    ``did``: the steps and NG tags of the replies chosen before this turn."""
    return [(i, c) for i, c in enumerate(node.choices or ()) if c.if_ is None or c.if_.holds(anger, flags, did)]


def apply_anger(anger: int, delta: int) -> int:
    return max(0, min(100, anger + delta))


def carried(choice: Choice) -> frozenset[str]:
    """The steps and NG tags a reply carries (what ``did``/``did_not`` conditions read)."""
    return frozenset(choice.steps) | frozenset(choice.ng)


def route(choice: Choice, anger: int, flags, did=frozenset()) -> str:
    """The node a reply leads to, given anger, flags and steps/NG tags done *after* the reply's own effects."""
    if isinstance(choice.next, str):
        return choice.next
    for r in choice.next:
        if r.if_ is None or r.if_.holds(anger, flags, did):
            return r.to
    return choice.next[-1].to  # unreachable for a loaded scenario: its last route has no ``if``

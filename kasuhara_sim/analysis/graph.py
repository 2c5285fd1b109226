"""A scenario as a diagram: every node, every reply as a labelled edge, endings coloured by success or failure.

Mermaid comes from ``transitions``' own diagram support (its ``mermaid`` engine needs no Graphviz), fed with the same
node-and-reply transition table the engine plays, with our labels and styles; DOT is written here, since transitions'
Graphviz engines need the ``graphviz`` package just to produce text.

Labels are sanitised for each syntax: Mermaid ends an edge label at ``:``, ``;`` or a line break, treats ``%%``
as a comment and ``direction LR`` anywhere on a line as a statement; DOT strings escape ``\\`` and ``"``. Node ids become ``n_<id>`` in Mermaid so that an instructor's
``end`` or ``state`` never collides with a keyword.
"""

from __future__ import annotations

import json
import re

from kasuhara_sim import strings as S
from kasuhara_sim.format.model import Choice, Condition, Scenario
from kasuhara_sim.strings import Authoring as A

SHORT = 18  # characters of a reply or a line shown on the diagram
MERMAID_LOOP_SEP = " ／ "  # between the replies that loop on one node (one line: a label ends at a line break)

# One palette for both formats: start, success, failure, and nodes no run reaches.
STYLES = {
    "default": {"fill": "#ffffff", "stroke": "#333333", "color": "#111111"},
    "start": {"fill": "#e3f2fd", "stroke": "#1565c0", "color": "#111111", "stroke-width": "3px"},
    "success": {"fill": "#d4edda", "stroke": "#2e7d32", "color": "#111111"},
    "failure": {"fill": "#f8d7da", "stroke": "#c62828", "color": "#111111"},
    "unreached": {"fill": "#eeeeee", "stroke": "#9e9e9e", "color": "#757575", "stroke-dasharray": "4 3"},
}


def short(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def condition_text(cond: Condition) -> str:
    parts = []
    if cond.anger_at_least is not None:
        parts.append(A.cond_anger_at_least.format(n=cond.anger_at_least))
    if cond.anger_below is not None:
        parts.append(A.cond_anger_below.format(n=cond.anger_below))
    parts += [A.cond_flags.format(flag=f) for f in cond.flags]
    parts += [A.cond_not_flags.format(flag=f) for f in cond.not_flags]
    return A.cond_sep.join(parts)


def _mark(choice: Choice) -> str:
    if choice.ng:
        return S.Report.bad
    return S.Report.good if choice.steps else S.Report.neutral


def edges(sc: Scenario) -> list[tuple[str, str, str]]:
    """(source, destination, label) for every reply, and for every route of a reply with routes."""
    out = []
    for nid, node in sc.nodes.items():
        for ci, c in enumerate(node.choices or ()):
            label = f"{ci + 1}{_mark(c)}{short(c.text)}"
            if c.if_ is not None:
                label += f" [if {condition_text(c.if_)}]"
            if isinstance(c.next, str):
                out.append((nid, c.next, label))
                continue
            for r in c.next:
                when = condition_text(r.if_) if r.if_ is not None else A.graph_else
                out.append((nid, r.to, f"{label} → {when}"))
    return out


def node_style(sc: Scenario, nid: str, failed: frozenset, reached: set[str] | None) -> str:
    node = sc.nodes[nid]
    if reached is not None and nid not in reached:
        return "unreached"
    if node.ending is not None:
        return "failure" if node.ending in failed else "success"
    return "start" if nid == sc.start else "default"


def node_label(sc: Scenario, nid: str, sep: str = " ") -> str:
    """The node id, then its line (a turn) or its outcome (an ending)."""
    node = sc.nodes[nid]
    if node.ending is not None:
        return nid + sep + A.graph_ending.format(outcome=S.OUTCOMES.get(node.ending, node.ending))
    return nid + sep + short(node.say or "")


REACH_SECONDS = 1.0  # of processor time for greying unreachable nodes; past it, no node is greyed


def _reached(sc: Scenario) -> set[str] | None:
    import time

    from kasuhara_sim.scoring.search import Deadline, reach

    r = reach(sc, deadline=Deadline(REACH_SECONDS, time.process_time))
    return None if r.bound_hit else {s[0] for s in r.situations}


# --- Mermaid (via transitions) --------------------------------------------------------------------------------
_MERMAID_OUT = str.maketrans({'"': "”", ":": "：", ";": "；", "#": "＃", "%": "％", "<": "＜", ">": "＞",
                              "{": "｛", "}": "｝", "\n": " ", "\r": " ", "\t": " ", "`": "'"})


# Mermaid's lexer turns any line mentioning "direction LR" (or TB, BT, RL) into a direction statement.
_DIRECTION = re.compile(r"(direc)(tion\s+(?:TB|BT|RL|LR))", re.IGNORECASE)


def mermaid_text(text: str) -> str:
    return _DIRECTION.sub("\\1\u200b\\2", text.translate(_MERMAID_OUT))


def to_mermaid(sc: Scenario, failed=frozenset({"escalated", "gave_in"})) -> str:
    from transitions import State
    from transitions.extensions import GraphMachine
    from transitions.extensions.diagrams_mermaid import Graph

    class LabelledState(State):
        def __init__(self, *args, label: str | None = None, **kwargs):
            super().__init__(*args, **kwargs)
            self.label = label

    class OneEdgePerReply(Graph):
        # transitions merges the labels of parallel transitions into one edge; a scenario reads better with one
        # arrow per reply. Except for loops back to the same node: Mermaid draws only the last ``a --> a`` of a
        # state, so the replies that loop on one node share one arrow, their labels joined.
        def _add_edges(self, transitions, container):
            loops: dict[str, list[str]] = {}
            for t in transitions:
                if t["source"] == t["dest"]:
                    loops.setdefault(t["source"], []).append(t.get("label", t["trigger"]))
            for t in transitions:
                label = t.get("label", t["trigger"])
                if t["source"] == t["dest"]:
                    labels = loops.pop(t["source"], None)
                    if labels is None:
                        continue  # already drawn with the first loop of this node
                    label = MERMAID_LOOP_SEP.join(labels)
                container.append("{} --> {}: {}".format(t["source"], t["dest"], label))

    class Machine(GraphMachine):
        state_cls = LabelledState
        machine_attributes = {"rankdir": "TB"}
        style_attributes = {"node": STYLES, "edge": {"default": {}}, "graph": {"default": {}}}

        def _init_graphviz_engine(self, graph_engine):
            return OneEdgePerReply

    def mid(nid: str) -> str:
        return f"n_{nid}"

    title = "title: " + json.dumps(mermaid_text(A.graph_title.format(title=sc.title, id=sc.id)), ensure_ascii=False)
    states = [{"name": mid(nid), "label": mermaid_text(node_label(sc, nid))} for nid in sc.nodes]
    transitions = [{"trigger": f"reply_{k}", "source": mid(src), "dest": mid(dst), "label": mermaid_text(label)}
                   for k, (src, dst, label) in enumerate(edges(sc))]
    # Models are attached last: transitions redraws every model's graph after each transition it adds.
    machine = Machine(model=None, states=states, transitions=transitions, initial=mid(sc.start),
                      auto_transitions=False, graph_engine="mermaid", title=title)

    class Canvas:
        pass

    canvas = Canvas()
    machine.add_model(canvas)
    graph = machine.model_graphs[id(canvas)]
    reached = _reached(sc)
    for nid in sc.nodes:
        graph.set_node_style(mid(nid), node_style(sc, nid, failed, reached))
    source = canvas.get_graph().source
    ends = [f"  {mid(nid)} --> [*]" for nid, node in sc.nodes.items() if node.ending is not None]
    return source.rstrip("\n") + "\n" + "\n".join(ends) + "\n"


# --- DOT ---------------------------------------------------------------------------------------------------
def dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", "\\n") + '"'


def _dot_attrs(attrs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{k}={dot_string(v)}" for k, v in attrs.items()) + "]"


def to_dot(sc: Scenario, failed=frozenset({"escalated", "gave_in"})) -> str:
    reached = _reached(sc)
    lines = [
        f"digraph {dot_string(sc.id)} {{",
        "  " + "graph " + _dot_attrs({"label": A.graph_title.format(title=sc.title, id=sc.id), "labelloc": "t",
                                      "rankdir": "TB", "fontname": "sans-serif"}) + ";",
        "  node " + _dot_attrs({"shape": "box", "style": "rounded,filled", "fontname": "sans-serif"}) + ";",
        "  edge " + _dot_attrs({"fontname": "sans-serif", "fontsize": "10"}) + ";",
        "  __start " + _dot_attrs({"shape": "point", "label": ""}) + ";",
    ]
    for nid, node in sc.nodes.items():
        st = STYLES[node_style(sc, nid, failed, reached)]
        attrs = {"label": node_label(sc, nid, "\n"), "fillcolor": st["fill"], "color": st["stroke"],
                 "fontcolor": st["color"]}
        if node.ending is not None:
            attrs["peripheries"] = "2"
        if nid == sc.start:
            attrs["penwidth"] = "2"
        if "stroke-dasharray" in st:
            attrs["style"] = "rounded,filled,dashed"
        lines.append(f"  {dot_string(nid)} {_dot_attrs(attrs)};")
    lines.append(f"  __start -> {dot_string(sc.start)};")
    for src, dst, label in edges(sc):
        lines.append(f"  {dot_string(src)} -> {dot_string(dst)} {_dot_attrs({'label': label})};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(sc: Scenario, fmt: str, failed=frozenset({"escalated", "gave_in"})) -> str:
    return to_dot(sc, failed) if fmt == "dot" else to_mermaid(sc, failed)

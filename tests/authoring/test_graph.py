"""``kasuhara-sim graph``: every node, every reply as a labelled edge, endings by outcome; valid Mermaid and DOT."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kasuhara_sim.analysis.graph import edges, to_dot, to_mermaid
from kasuhara_sim.format.loader import load_scenario

from .diagram_syntax import SyntaxProblem, parse_dot, parse_state_diagram
from .helpers import scenario, write


@pytest.fixture
def kettle(kettle_path):
    return load_scenario(kettle_path).scenario


def expected_edge_count(sc) -> int:
    return sum(1 if isinstance(c.next, str) else len(c.next)
               for n in sc.nodes.values() for c in n.choices or ())


def test_mermaid_has_every_node_and_one_edge_per_reply_or_route(kettle):
    d = parse_state_diagram(to_mermaid(kettle))
    assert set(d.states) == {f"n_{n}" for n in kettle.nodes}
    replies = [(s, t, label) for s, t, label in d.edges if "[*]" not in (s, t)]
    assert len(replies) == expected_edge_count(kettle) == 9
    assert ("[*]", "n_opening", None) in d.edges
    assert {t for s, t, _ in d.edges if t == "[*]"} == {"[*]"} and \
        {s for s, t, _ in d.edges if t == "[*]"} == {"n_resolved", "n_blowup"}
    labels = {label for _, _, label in replies}
    # Reply number as written, a mark (✓ steps, ✗ NG), the start of the text, conditions of replies and routes.
    assert any(label.startswith("1✓「ご不便をおかけして") for label in labels)
    assert any(label.startswith("2✗「お客様の使い方") for label in labels)
    assert sum("→ 怒り≥80" in label for label in labels) == 1
    assert sum("→ それ以外" in label for label in labels) == 1
    assert sum("[if saw_receiptあり]" in label for label in labels) == 1
    assert sum("[if saw_receiptなし]" in label for label in labels) == 1
    assert ("n_offer", "n_offer") in {(s, t) for s, t, _ in replies}  # the loop back is drawn


def test_mermaid_keeps_every_reply_that_loops_back_to_its_node(tmp_path):
    # Mermaid draws only the last ``a --> a`` of a state: two replies looping on one node must share one arrow.
    data = scenario()
    data["nodes"]["offer"]["choices"].append({"text": "「少々お待ちください」", "feedback": "講評", "steps": ["empathy"],
                                              "next": "offer"})
    sc = load_scenario(write(tmp_path, data)).scenario
    d = parse_state_diagram(to_mermaid(sc))
    loops = [label for s, t, label in d.edges if s == t == "n_offer"]
    assert len(loops) == 1
    assert "3✓「先にレシートを拝見できますか。」" in loops[0] and "4✓「少々お待ちください」" in loops[0]
    # Every other reply still has its own arrow.
    assert len([e for e in d.edges if "[*]" not in e[:2]]) == expected_edge_count(sc) - 1


def test_mermaid_styles_endings_by_outcome_and_marks_the_start(kettle):
    d = parse_state_diagram(to_mermaid(kettle))
    assert d.classes["n_resolved"] == "s_success" and d.classes["n_blowup"] == "s_failure"
    assert d.classes["n_opening"] == "s_start" and d.classes["n_details"] == "s_default"
    assert d.class_defs["s_success"]["fill"] != d.class_defs["s_failure"]["fill"]
    assert "解決" in d.states["n_resolved"] and "悪化" in d.states["n_blowup"]
    assert d.title == "初期不良の電気ケトルで激怒するお客様(kettle-initial-defect)"


def test_dot_parses_and_says_the_same(kettle):
    g = parse_dot(to_dot(kettle))
    assert g.directed and g.name == "kettle-initial-defect"
    assert set(g.nodes) == set(kettle.nodes) | {"__start"}
    replies = [e for e in g.edges if e[0] != "__start"]
    assert len(replies) == 9
    assert [(t, h) for t, h, _ in g.edges if t == "__start"] == [("__start", "opening")]
    assert g.nodes["resolved"]["fillcolor"] != g.nodes["blowup"]["fillcolor"]
    assert g.nodes["resolved"]["peripheries"] == "2"
    assert g.nodes["opening"]["label"].startswith("opening\n「買ったばかり")
    ours = sorted((s, t, label) for s, t, label in edges(kettle))
    assert sorted((t, h, a["label"]) for t, h, a in replies) == ours


HOSTILE = "「え: 何; #1 は %%コメント%% \"引用\" <b>太字</b> {波} \\ 改行\nあり direction LR」"


def hostile_scenario() -> dict:
    """Text and node ids chosen to break naive Mermaid or DOT writers."""
    data = scenario(title='題名: "引用" ; # %%')
    nodes = data["nodes"]
    nodes["end"] = nodes.pop("done")
    nodes["state"] = nodes.pop("blowup")
    for node in nodes.values():
        for c in node.get("choices", ()):
            if c["next"] == "done":
                c["next"] = "end"
            elif c["next"] == "blowup":
                c["next"] = "state"
            elif isinstance(c["next"], list):
                for r in c["next"]:
                    r["to"] = {"done": "end", "blowup": "state"}[r["to"]]
    nodes["ask"]["say"] = HOSTILE
    nodes["ask"]["choices"][0]["text"] = HOSTILE
    nodes["open"]["choices"][0]["text"] = "a:b;c#d%%e"
    nodes["open"]["choices"][1]["text"] = 'x\\y"z direction LR'
    return data


def test_hostile_text_and_ids_stay_valid_mermaid(tmp_path):
    sc = load_scenario(write(tmp_path, hostile_scenario())).scenario
    d = parse_state_diagram(to_mermaid(sc))
    assert {"n_end", "n_state"} <= set(d.states)
    assert len([e for e in d.edges if "[*]" not in e[:2]]) == expected_edge_count(sc)
    assert any(label.startswith("1✓a：b；c＃d％％e") for _, _, label in d.edges if label)
    assert any(label.startswith("2✗x\\y”z direc\u200btion LR") for _, _, label in d.edges if label)


def test_hostile_text_round_trips_through_dot(tmp_path):
    sc = load_scenario(write(tmp_path, hostile_scenario())).scenario
    g = parse_dot(to_dot(sc))
    assert g.name == sc.id and set(sc.nodes) <= set(g.nodes)
    assert g.graph_attrs["label"] == f"{sc.title}({sc.id})"
    labels = [a["label"] for _, _, a in g.edges if "label" in a]
    assert any(label.startswith("1✓a:b;c#d%%e") for label in labels)
    assert '2✗x\\y"z direction LR' in labels
    first = next(a["label"] for t, h, a in g.edges if t == "ask")
    assert first.startswith("1✓「え: 何; #1 は %%コメ")  # quotes and backslashes escaped, not lost


def test_the_checkers_reject_what_the_tools_would(kettle):
    """The syntax checks above can fail: they catch the mistakes a naive writer makes."""
    good = to_mermaid(kettle)
    for broken in (good.replace("n_details: ", "n_details: a: b "), good.replace("stateDiagram-v2", "graph TD"),
                   good + "  n_offer --> n_nowhere: x\n", good.replace("s_success\n", "s_missing\n", 1),
                   good + "  n_offer --> n_offer: 50%% off\n"):
        with pytest.raises(SyntaxProblem):
            parse_state_diagram(broken)
    dot = to_dot(kettle)
    for broken in (dot.replace("digraph", "digraf"), dot.replace(' -> "details"', ' -- "details"', 1),
                   dot.replace('label="1✓', 'label="1"✓', 1), dot.rstrip().rstrip("}")):
        with pytest.raises(SyntaxProblem):
            parse_dot(broken)


def test_unreachable_nodes_are_drawn_grey(tmp_path):
    data = scenario()
    data["nodes"]["orphan"] = {"ending": "police", "debrief": "d"}
    sc = load_scenario(write(tmp_path, data)).scenario
    assert parse_state_diagram(to_mermaid(sc)).classes["n_orphan"] == "s_unreached"
    assert "dashed" in parse_dot(to_dot(sc)).nodes["orphan"]["style"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed (the parser above still ran)")
def test_graphviz_renders_it(kettle, tmp_path):
    src = tmp_path / "k.dot"
    src.write_text(to_dot(kettle), encoding="utf-8")
    subprocess.run(["dot", "-Tsvg", str(src), "-o", str(tmp_path / "k.svg")], check=True, timeout=60)
    # Graphviz exits 0 on much that is wrong (unknown attributes are only warnings): read what it drew.
    import xml.etree.ElementTree as ET

    ns = {"svg": "http://www.w3.org/2000/svg"}
    root = ET.parse(tmp_path / "k.svg").getroot()
    nodes = {g.find("svg:title", ns).text for g in root.iterfind(".//svg:g[@class='node']", ns)}
    assert nodes == set(kettle.nodes) | {"__start"}  # and the start marker
    edges = root.findall(".//svg:g[@class='edge']", ns)
    assert len(edges) == len(parse_dot(to_dot(kettle)).edges)

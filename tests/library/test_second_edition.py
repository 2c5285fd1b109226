"""The library's second edition (issue 10), measured over every built-in scenario: replies that need reading, lines
that vary, mistakes that cost what they should."""

from __future__ import annotations

from collections import Counter

import pytest

from kasuhara_sim.analysis.naive import display_width, naive_results
from kasuhara_sim.scoring import default_rubric
from kasuhara_sim.scoring.search import playthroughs

from .walks import SCENARIOS, per_scenario, walks

RUBRIC = default_rubric()
SERIOUS = {tag for name in ("major", "critical") for tag in RUBRIC.deductions[name].ng}


def replies():
    for s in SCENARIOS:
        for nid, node in s.scenario.nodes.items():
            for c in node.choices or ():
                yield s, nid, c


def test_naive_strategies_fail_almost_everywhere(capsys):
    rows = [(s.id, *[r.total for r in naive_results(s.scenario)]) for s in SCENARIOS]
    with capsys.disabled():
        print("\nscenario                                  longest shortest")
        for sid, longest, shortest in rows:
            print(f"{sid:42} {longest:>7} {shortest:>8}")
    for k in (1, 2):
        failing = sum(row[k] < 60 for row in rows)
        assert failing >= 0.9 * len(rows), rows


def test_best_replies_are_not_the_long_ones():
    # A reply that performs a step and makes no mistake is a right one; every other reply is a wrong one.
    right = [display_width(c.text) for _, _, c in replies() if c.steps and not c.ng]
    wrong = [display_width(c.text) for _, _, c in replies() if not (c.steps and not c.ng)]
    ratio = (sum(right) / len(right)) / (sum(wrong) / len(wrong))
    assert ratio <= 1.25, ratio
    too_long = [(s.id, nid, c.text) for s, nid, c in replies() if c.steps and not c.ng and len(c.text) > 120]
    assert not too_long


@pytest.mark.parametrize("loaded", SCENARIOS, ids=lambda s: s.id)
def test_variants_empathy_and_shortest_best(loaded):
    sc = loaded.scenario
    turns = [(nid, n) for nid, n in sc.nodes.items() if n.choices]
    assert sum(isinstance(n.say_, list) for _, n in turns) * 2 >= len(turns), "say variants on under half the turns"
    assert any("empathy" in c.steps for nid, n in turns if nid != sc.start for c in n.choices), \
        "no chance for empathy after the first turn"
    # At least one turn where a right reply is the shortest reply shown there.
    assert any(min(n.choices, key=lambda c: display_width(c.text)).steps
               and not min(n.choices, key=lambda c: display_width(c.text)).ng for _, n in turns)


@per_scenario
def test_no_serious_mistake_grades_above_b(loaded):
    sc = loaded.scenario
    first = walks(sc.id)[:5_000]  # the walk is depth-first and deterministic: its first 5,000 are those of limit=5,000
    assert [w.picks for w in first] == [picks for picks, _, _ in playthroughs(sc, limit=5_000)]
    for w in first:
        if w.ng & SERIOUS:
            assert w.total < 80, (w.picks, w.total)


def test_channels_levels_and_twins():
    channels = Counter(s.scenario.channel for s in SCENARIOS)
    assert len(SCENARIOS) >= 30
    assert all(channels[c] >= 3 for c in ("phone", "counter", "email", "chat", "visit")), channels
    assert Counter(s.scenario.level for s in SCENARIOS).most_common()[-1][1] >= 5
    # Twins: the same opening line, one scored with firm_response (harassment) and one without (a fair complaint).
    openings: dict[str, list] = {}
    for s in SCENARIOS:
        sc = s.scenario
        openings.setdefault(sc.nodes[sc.start].say, []).append("firm_response" in sc.expected)
    twins = [v for v in openings.values() if len(v) >= 2 and True in v and False in v]
    assert len(twins) >= 3, len(twins)

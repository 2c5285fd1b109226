"""The score analysis is exact: checked against an exhaustive search over the full, unreduced run state."""

from __future__ import annotations

from collections import deque

import pytest

from kasuhara_sim.engine import replay
from kasuhara_sim.engine.rules import apply_anger, route, visible
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import default_rubric, load_rubric, score_run
from kasuhara_sim.scoring.search import Analyser, analyse, reach

from .helpers import random_scenario, scenario, write


# Anger is kept within 0–100, so the states are finite; an engine that let anger run past a bound would make this
# search endless (and eat the machine's memory) instead of failing. The largest search here visits under 20,000 states.
ORACLE_BUDGET = 200_000


def oracle(sc, rubric):
    """Every state (node, anger, all flags, every step and NG tag done, status and capped penalty per dimension,
    total penalty, critical mistake made) reachable, breadth first; for each ending state, its depth and one path.
    Totals come from the real scorer."""
    exp = list(sc.expected)
    start = (sc.start, sc.persona.anger, frozenset(), frozenset(), (0,) * len(exp), (0,) * len(exp), 0, False)
    seen = {start: []}
    queue = deque([start])
    endings = []
    while queue:
        s = queue.popleft()
        node, anger, flags, did, status, pen, extra, crit = s
        if sc.nodes[node].ending is not None:
            endings.append(seen[s])
            continue
        for number, (_, c) in enumerate(visible(sc.nodes[node], anger, flags, did), 1):
            this = rubric.dims_performed(c.steps, exp)
            occurred = {d for d, st in zip(exp, status) if st} | set(this)
            st = list(status)
            for d in this:
                if st[exp.index(d)] == 0:
                    st[exp.index(d)] = 1 if rubric.in_order(d, occurred, exp) else 2
            p, x, k = list(pen), extra, crit
            for ng in c.ng:
                for dim, amount in rubric.penalties.get(ng, {}).items():
                    if dim in exp:
                        p[exp.index(dim)] = min(100, p[exp.index(dim)] + amount)
                x = min(100, x + rubric.total_penalty(ng, exp))
                k = k or rubric.is_critical(ng)
            a = apply_anger(anger, c.anger)
            f = flags | frozenset(c.set_)
            d = did | frozenset(c.steps) | frozenset(c.ng)
            t = (route(c, a, f, d), a, f, d, tuple(st), tuple(p), x, k)
            if t not in seen:
                seen[t] = seen[s] + [number]
                queue.append(t)
        assert len(seen) <= ORACLE_BUDGET, f"more than {ORACLE_BUDGET} states: is anger still bounded? ({anger})"
    totals = [(score_run(sc, replay(sc, path), rubric).total, len(path)) for path in endings]
    return totals


def check(sc, rubric):
    totals = oracle(sc, rubric)
    a = analyse(sc, rubric)
    assert not a.bound_hit
    if not totals:
        assert a.best_total is None and a.worst_total is None
        return
    best = max(t for t, _ in totals)
    worst = min(t for t, _ in totals)
    assert (a.best_total, a.worst_total) == (best, worst)
    # One path to each, and a shortest one; replaying it scores what the analysis says.
    assert len(a.best_path) == min(n for t, n in totals if t == best)
    assert len(a.worst_path) == min(n for t, n in totals if t == worst)
    assert score_run(sc, replay(sc, a.best_path), rubric).total == best
    assert score_run(sc, replay(sc, a.worst_path), rubric).total == worst


@pytest.mark.parametrize("seed", range(60))
def test_analysis_matches_exhaustive_search(tmp_path, seed):
    sc = load_scenario(write(tmp_path, random_scenario(seed))).scenario
    check(sc, default_rubric())


def test_analysis_is_exact_under_an_unusual_rubric(tmp_path):
    # Out of order worth more than in order, heavy penalties, a failure cap of 30: no shortcut may assume defaults.
    text = (default_rubric_text()
            .replace("performed: 100", "performed: 50").replace("out_of_order: 60", "out_of_order: 80")
            .replace("failure_cap: 59", "failure_cap: 30").replace("argue: {empathy: 40}", "argue: {empathy: 90}"))
    (tmp_path / "rubric.yaml").write_text(text, encoding="utf-8")
    rubric = load_rubric(tmp_path / "rubric.yaml")
    for seed in range(20):
        sc = load_scenario(write(tmp_path, random_scenario(seed))).scenario
        check(sc, rubric)


def default_rubric_text() -> str:
    from importlib import resources

    return resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")


def test_best_reply_outlook_from_any_state(tmp_path):
    """``Analyser.extremes`` from a state in the middle of a run agrees with a fresh analysis from there."""
    sc = load_scenario(write(tmp_path, scenario())).scenario
    an = Analyser(sc)
    s = an.initial()
    outlooks = [an.extremes(an.apply(s, c)).best_total for _, c in visible(sc.nodes[sc.start], s.anger, s.flags)]
    assert outlooks == [100, 0]  # an apology can still lead to 100; arguing ends the call escalated
    ext = an.extremes(s)
    assert (ext.best_total, ext.best_path, ext.worst_total, ext.worst_path) == (100, [1, 1, 1], 0, [2])


def test_loop_that_only_adds_penalties_is_explored(tmp_path):
    # Going round the loop costs empathy each time: the worst total needs the loop, the best avoids it.
    data = scenario()
    data["nodes"]["ask"]["choices"].append({"text": "「さっきも言いましたよね？」", "feedback": "言い負かそうとした。",
                                            "ng": ["argue"], "next": "ask"})
    sc = load_scenario(write(tmp_path, data)).scenario
    check(sc, default_rubric())
    a = analyse(sc)
    assert a.best_total == 100


def test_budget_is_reported_and_partial(tmp_path):
    sc = next(s for s in (load_scenario(write(tmp_path, random_scenario(k, turns=6))).scenario for k in range(40))
              if analyse(s).states > 3)
    a = analyse(sc, budget=2)
    assert a.bound_hit
    assert analyse(sc).bound_hit is False


def test_reach_agrees_with_the_engine(tmp_path):
    """Every situation ``reach`` records is where the recorded replies really lead."""
    for seed in range(15):
        sc = load_scenario(write(tmp_path, random_scenario(seed))).scenario
        r = reach(sc)
        assert not r.bound_hit
        for i, (node, *_) in enumerate(r.situations):
            run = replay(sc, r.path_to(i))
            assert run.node_id == node


def _turn(*choices) -> dict:
    return {"say": "「…」", "choices": [dict(text=f"返答{i}", feedback="f", **c) for i, c in enumerate(choices, 1)]}


def test_a_later_better_state_is_kept(tmp_path):
    """Arriving second at a node with a better empathy score must not be dropped as a repeat."""
    data = scenario(start="s", nodes={
        "s": _turn({"ng": ["argue"], "next": "b"}, {"next": "b"}),
        "b": _turn({"steps": ["empathy", "limited_apology", "fact_check", "can_cant"], "next": "ok"},
                   {"ng": ["rude"], "next": "ng"}),
        "ok": {"ending": "resolved", "debrief": "d"}, "ng": {"ending": "escalated", "debrief": "d"},
    })
    sc = load_scenario(write(tmp_path, data)).scenario
    check(sc, default_rubric())
    assert analyse(sc).best_path == [2, 1]


def test_a_later_worse_state_is_kept_for_the_worst(tmp_path):
    data = scenario(start="s", nodes={
        "s": _turn({"next": "k"}, {"ng": ["argue"], "next": "m"}),
        "m": _turn({"next": "k"}, {"steps": ["record"], "next": "k"}),
        "k": _turn({"steps": ["empathy", "limited_apology", "fact_check", "can_cant"], "next": "ok"},
                   {"steps": ["empathy", "limited_apology", "fact_check", "can_cant"], "next": "ok2"}),
        "ok": {"ending": "resolved", "debrief": "d"}, "ok2": {"ending": "handed_over", "debrief": "d"},
    })
    sc = load_scenario(write(tmp_path, data)).scenario
    check(sc, default_rubric())
    # The argument costs empathy 40 (mean 90) and, as a minor mistake, 15 more off the total.
    assert (analyse(sc).worst_total, analyse(sc).worst_path) == (75, [2, 1, 1])


def test_a_shorter_path_survives_a_better_deeper_state(tmp_path):
    """Both routes end capped at 59: the shorter one is reported even though a deeper state has more points."""
    data = scenario(start="s", nodes={
        "s": _turn({"steps": ["limited_apology", "empathy"], "next": "m"},
                   {"steps": ["limited_apology", "empathy"], "ng": ["rude"], "next": "k"}),
        "m": _turn({"next": "k"}, {"next": "bad"}),
        "k": _turn({"steps": ["fact_check", "can_cant"], "next": "bad"}, {"next": "bad2"}),
        "bad": {"ending": "escalated", "debrief": "d"}, "bad2": {"ending": "gave_in", "debrief": "d"},
    })
    sc = load_scenario(write(tmp_path, data)).scenario
    check(sc, default_rubric())
    assert (analyse(sc).best_total, analyse(sc).best_path) == (59, [2, 1])


def test_reach_is_complete(tmp_path):
    """Lint's "never" claims rest on this: every reply shown and every route taken in some real run is in ``reach``."""
    from kasuhara_sim.engine.rules import route as route_of

    for seed in range(40):
        sc = load_scenario(write(tmp_path, random_scenario(seed, turns=6))).scenario
        start = (sc.start, sc.persona.anger, frozenset(), frozenset())
        seen, queue = {start}, deque([start])
        shown, taken = set(), set()
        while queue:
            node, anger, flags, did = queue.popleft()
            for ci, c in visible(sc.nodes[node], anger, flags, did):
                shown.add((node, ci))
                a, f = apply_anger(anger, c.anger), flags | frozenset(c.set_)
                d = did | frozenset(c.steps) | frozenset(c.ng)
                dest = route_of(c, a, f, d)
                if not isinstance(c.next, str):
                    taken.add((node, ci, next(k for k, r in enumerate(c.next)
                                              if r.if_ is None or r.if_.holds(a, f, d))))
                t = (dest, a, f, d)
                if t not in seen:
                    seen.add(t)
                    queue.append(t)
        r = reach(sc)
        r_shown = {(r.situations[i][0], ci) for i, moves in enumerate(r.moves) for ci, _, _ in moves or ()}
        r_taken = {(r.situations[i][0], ci, ri) for i, moves in enumerate(r.moves) for ci, ri, _ in moves or ()
                   if ri is not None}
        assert (r_shown, r_taken) == (shown, taken)
        assert {s[0] for s in r.situations} == {s[0] for s in seen}

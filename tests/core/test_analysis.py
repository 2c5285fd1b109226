from __future__ import annotations

from kasuhara_sim.engine import replay
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import score_run
from kasuhara_sim.scoring.search import analyse, playthroughs

from .helpers import scenario_dict, write


def test_kettle_best_and_worst(kettle_path):
    sc = load_scenario(kettle_path).scenario
    a = analyse(sc)
    assert (a.best_total, a.best_path, a.best_outcome) == (100, [1, 1, 1], "resolved")
    assert (a.worst_total, a.worst_path, a.worst_outcome) == (0, [2], "escalated")
    assert not a.bound_hit
    # The paths found score what the analysis says when actually played.
    for path, total in ((a.best_path, a.best_total), (a.worst_path, a.worst_total)):
        assert score_run(sc, replay(sc, path)).total == total


def test_analysis_agrees_with_every_playthrough(kettle_path):
    sc = load_scenario(kettle_path).scenario
    totals = [score_run(sc, replay(sc, picks)).total for picks, _, _ in playthroughs(sc)]
    a = analyse(sc)
    assert max(totals) == a.best_total and min(totals) == a.worst_total
    assert len(totals) >= 6


def test_loops_without_progress_terminate(tmp_path):
    data = scenario_dict()
    # A reply that loops back to the same node with nothing changed.
    data["nodes"]["b"]["choices"].append({"text": "B3", "feedback": "f", "steps": ["empathy"], "next": "b"})
    sc = load_scenario(write(tmp_path, data)).scenario
    a = analyse(sc)
    assert a.best_total == 100 and not a.bound_hit
    assert all(len(p) < 10 for p, _, _ in playthroughs(sc))


def test_trap_has_no_ending(tmp_path):
    data = scenario_dict()
    data["nodes"]["a"]["choices"][1]["next"] = "a"
    data["nodes"]["a"]["choices"][0]["next"] = "a"
    sc = load_scenario(write(tmp_path, data)).scenario
    a = analyse(sc)
    assert a.best_total is None and a.best_path == []


def test_budget_bound_is_reported(tmp_path, kettle_path):
    sc = load_scenario(kettle_path).scenario
    a = analyse(sc, budget=1)
    assert a.bound_hit

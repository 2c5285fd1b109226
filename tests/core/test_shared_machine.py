"""A scenario's state machine is built once and shared by its runs (building one per run was most of a run's cost):
each run moves only its own state, the guards read that run's anger and flags, and nothing is kept once a run is gone."""

from __future__ import annotations

import gc
import pickle

from kasuhara_sim.engine import Run
from kasuhara_sim.format.loader import load_scenario


def test_runs_share_one_machine_and_route_by_their_own_state(kettle_path):
    sc = load_scenario(kettle_path).scenario
    calm, angry = Run(sc), Run(sc, anger=95)
    assert calm._model is not angry._model and sc._derived["machine"].models.count(calm._model) == 1
    for run in (calm, angry):
        run.choose(1)
        run.choose(2)
    calm.choose(1)  # the bare refusal: resolved below anger 80, a blow-up above
    assert calm.node_id == "resolved" and angry.node_id == "offer"
    angry.choose(1)
    assert angry.node_id == "blowup" and calm.node_id == "resolved"


def test_a_finished_run_leaves_nothing_in_the_machine(kettle_path):
    sc = load_scenario(kettle_path).scenario
    for _ in range(50):
        run = Run(sc)
        run.choose(1)
    del run
    gc.collect()
    assert sc._derived["machine"].models == []


def test_a_played_scenario_still_pickles_without_its_machine(kettle_path):
    # The parsed-scenario cache pickles scenarios; a machine holds functions and is derived again after loading.
    sc = load_scenario(kettle_path).scenario
    Run(sc).choose(1)
    copy = pickle.loads(pickle.dumps(sc))
    assert "machine" not in copy._derived and "machine" in sc._derived
    run = Run(copy)
    run.choose(1)
    assert run.node_id == "details"

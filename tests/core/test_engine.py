from __future__ import annotations

import pytest

from kasuhara_sim.engine import ChoiceOutOfRange, Run, RunFinished, replay
from kasuhara_sim.format.loader import load_scenario

from .helpers import scenario_dict, write


def load(tmp_path, data):
    return load_scenario(write(tmp_path, data)).scenario


def test_transcript_records_each_turn(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = replay(sc, [1, 2, 2, 1])
    t = run.transcript
    assert [x.node for x in t] == ["opening", "details", "offer", "offer"]
    assert t[2].visible == [1, 2]  # choice 1 is hidden until the receipt was seen
    assert (t[2].pick, t[2].choice_index) == (2, 2)
    assert t[2].flags_after == ["saw_receipt"]
    assert t[3].visible == [0, 1]
    assert t[0].steps == ["limited_apology", "empathy"] and t[1].ng == ["rash_promise"]
    assert [x.anger_after for x in t] == run.anger_curve[1:]
    assert run.anger_curve[0] == 70


def test_anger_is_clamped(tmp_path):
    data = scenario_dict()
    data["persona"]["anger"] = 90
    sc = load(tmp_path, data)
    run = replay(sc, [2])
    assert run.anger == 100 and run.outcome == "escalated"


def test_routes_take_the_first_that_holds(kettle_path):
    sc = load_scenario(kettle_path).scenario
    # Bare refusal with anger already high: the route to blowup holds.
    run = Run(sc)
    run.anger = 75
    run.choose(1)  # empathy (-15) -> 60
    run.choose(2)  # rash promise -> offer (60)
    run.anger = 65
    run.choose(1)  # bare refusal +20 -> 85 >= 80
    assert run.outcome == "escalated"


def test_wrong_number_and_finished_run(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc)
    with pytest.raises(ChoiceOutOfRange):
        run.choose(4)
    with pytest.raises(ChoiceOutOfRange):
        run.choose(0)
    run.choose(2)
    assert run.finished
    with pytest.raises(RunFinished):
        run.choose(1)


def test_machine_is_built_without_auto_transitions_or_string_callbacks(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc)
    machine = run._machine
    assert machine.auto_transitions is False
    assert not any(name.startswith("to_") for name in machine.events)
    for event in machine.events.values():
        for transitions in event.transitions.values():
            for t in transitions:
                for cond in t.conditions:
                    # Conditions are our own closures; a string would be resolved by transitions as a dotted import.
                    assert callable(cond.func) and not isinstance(cond.func, str)
                assert not t.before and not t.after and not t.prepare


def test_scenario_strings_are_never_imported(tmp_path):
    # A flag and a condition that look like dotted callables stay plain data.
    data = scenario_dict()
    data["nodes"]["a"]["choices"][0]["set"] = ["os.system"]
    data["nodes"]["b"]["choices"][0]["if"] = {"flags": ["os.system"]}
    sc = load(tmp_path, data)
    run = replay(sc, [1, 1, 1])
    assert run.outcome == "resolved"
    assert "os.system" in run.flags


def test_snapshot_is_small_and_serialisable(kettle_path):
    import json

    sc = load_scenario(kettle_path).scenario
    run = replay(sc, [1, 1])
    snap = run.snapshot()
    assert json.loads(json.dumps(snap)) == {"scenario": "kettle-initial-defect", "node": "offer", "anger": 50,
                                            "flags": ["saw_receipt"], "picks": [1, 1], "seed": None}
    again = replay(sc, snap["picks"])
    assert again.snapshot() == snap


def test_replay_refuses_picks_past_an_ending(kettle_path):
    sc = load_scenario(kettle_path).scenario
    assert replay(sc, [2]).outcome == "escalated"
    with pytest.raises(RunFinished):
        replay(sc, [2, 1])  # a pick after the ending is an error, never silently dropped


def test_an_explicit_starting_anger_of_zero_is_kept(kettle_path):
    sc = load_scenario(kettle_path).scenario
    assert sc.persona.anger == 70
    run = Run(sc, anger=0)
    assert run.anger == 0 and run.anger_curve == [0]
    assert Run(sc).anger == 70  # no anger given: the persona's


def test_anger_never_falls_below_zero(tmp_path):
    data = scenario_dict()
    data["persona"]["anger"] = 10
    data["nodes"]["a"]["choices"][0]["anger"] = -50
    run = replay(load(tmp_path, data), [1])
    assert run.anger == 0 and run.anger_curve == [10, 0] and run.transcript[0].anger_after == 0


def test_the_snapshot_stores_the_numbers_shown_not_the_indices_written(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = replay(sc, [1, 2, 2])  # at the offer, reply 1 is hidden (no receipt seen): the 2nd shown is index 2
    assert (run.transcript[2].pick, run.transcript[2].choice_index) == (2, 2)
    snap = run.snapshot()
    assert snap["picks"] == [1, 2, 2]
    assert replay(sc, snap["picks"]).snapshot() == snap


def test_flags_after_are_sorted_whatever_the_set_order(tmp_path):
    # Eight flags set by one reply: a set's iteration order depends on the string hash seed, a sorted list does not.
    names = ["zeta", "eta", "alpha", "theta", "beta", "iota", "gamma", "delta"]
    data = scenario_dict()
    data["nodes"]["a"]["choices"][0]["set"] = names
    data["nodes"]["b"]["choices"][0]["set"] = ["kappa"]
    run = replay(load(tmp_path, data), [1, 1])
    assert run.transcript[0].flags_after == sorted(names)
    assert run.transcript[1].flags_after == sorted([*names, "kappa"])

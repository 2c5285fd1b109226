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

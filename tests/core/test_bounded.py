"""Bounded work on hostile scenarios: the searches stop at a time limit as well as a state budget, say so, and the
better replies can be computed after a run's finish is recorded. The clock is injected: nothing here depends on speed.
The files under benchmarks/cases/ are the attack inputs of the reliability review (benchmarks/cases.py times them)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from kasuhara_sim.engine.run import replay
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring.score import name_better_replies, score_run
from kasuhara_sim.scoring.search import Analyser, Deadline, analyse, reach

CASES = Path(__file__).parents[2] / "benchmarks" / "cases"
DATA = Path(__file__).parents[1] / "data"


class Ticking:
    """A clock that moves on by one second each time it is read (a search reads it every so many states)."""

    def __init__(self):
        self.reads = itertools.count()
        self.now = 0.0

    def __call__(self) -> float:
        self.now = float(next(self.reads))
        return self.now


def ticking() -> Ticking:
    return Ticking()


def test_a_deadline_stops_the_score_search_and_says_it_was_the_time():
    sc = load_scenario(CASES / "validate_slow_flags.yaml").scenario
    a = analyse(sc, deadline=Deadline(10, clock=ticking()))
    assert a.bound_hit and a.time_hit
    assert a.states < 2_000  # a few dozen clock reads, not the 400,000 states of the state budget


def test_a_deadline_stops_the_situation_search():
    sc = load_scenario(CASES / "validate_slow_flags.yaml").scenario
    r = reach(sc, deadline=Deadline(5, clock=ticking()))
    assert r.bound_hit and r.time_hit and len(r.situations) < 5_000


def test_without_a_deadline_nothing_changes(kettle_path):
    sc = load_scenario(kettle_path).scenario
    a = analyse(sc)
    assert not a.bound_hit and not a.time_hit
    assert (a.best_total, a.worst_total) == (analyse(sc, deadline=Deadline(3600)).best_total,
                                             analyse(sc, deadline=Deadline(3600)).worst_total)


def test_an_expired_deadline_is_reported_by_the_lint_as_time():
    from kasuhara_sim.analysis.lint import lint

    loaded = load_scenario(CASES / "validate_slow_flags.yaml")
    diags = lint(loaded, deadline=Deadline(4, clock=ticking()))
    (bound,) = [d for d in diags if d.code == "analysis-bound"]
    assert "探索を途中で打ち切りました" in bound.message and "時間の上限 4 秒" in bound.message
    # Unexplored situations may still be reachable: nothing is claimed unreachable.
    assert not [d for d in diags if d.code in ("unreachable-node", "unreachable-ending", "never-holds")]


def _kettle_run(kettle_path, picks=(3, 1, 1)):
    sc = load_scenario(kettle_path).scenario
    return sc, replay(sc, list(picks))


def test_better_replies_can_be_named_after_the_score(kettle_path):
    sc, run = _kettle_run(kettle_path)
    whole = score_run(sc, run)
    first = score_run(sc, run, better_replies=False)
    assert [t.better_text for t in first.turns] == [None] * len(first.turns)
    assert name_better_replies(sc, run, first) is True
    assert [(t.better_text, t.better_number) for t in first.turns] == \
        [(t.better_text, t.better_number) for t in whole.turns]
    assert any(t.better_text for t in first.turns) and not first.better_cut


def test_better_replies_stop_at_the_deadline_and_name_nothing_uncertain(kettle_path):
    sc, run = _kettle_run(kettle_path)
    report = score_run(sc, run, better_replies=False)
    expired = Deadline(0, clock=lambda: 0.0)
    assert name_better_replies(sc, run, report, deadline=expired) is False
    assert report.better_cut
    # A turn whose chosen reply was not searched to the end names no better reply (it might be wrong).
    assert [t.better_text for t in report.turns] == [None] * len(report.turns)


def test_the_result_says_when_the_better_reply_search_stopped_early(kettle_path):
    from kasuhara_sim.reports.result import render

    sc, run = _kettle_run(kettle_path)
    report = score_run(sc, run, better_replies=False)
    name_better_replies(sc, run, report, deadline=Deadline(0, clock=lambda: 0.0))
    assert "探索を途中で打ち切りました" in render(report, sc, plain=True)
    assert "探索を途中で打ち切りました" not in render(score_run(sc, run), sc, plain=True)


def test_the_better_reply_search_of_a_hostile_scenario_is_bounded_in_time():
    sc = load_scenario(CASES / "play_slow.yaml").scenario
    run = replay(sc, [1] * 11 + [3, 2, 3, 1, 3, 3, 2, 1, 3, 2, 3, 2, 3])
    report = score_run(sc, run, better_replies=False)
    clock = ticking()
    assert name_better_replies(sc, run, report, deadline=Deadline(50, clock=clock)) is False
    assert report.better_cut and clock.now < 60  # it stopped at the deadline


def test_the_analyser_can_be_given_a_deadline_between_queries(kettle_path):
    sc = load_scenario(kettle_path).scenario
    an = Analyser(sc, deadline=Deadline(0, clock=lambda: 0.0))
    start = an.initial()
    an.search(start)
    assert not an.exact(start) and an.time_hit


def _main(*args) -> int:
    from kasuhara_sim.cli import main

    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return exc.code or 0
    return 0


def test_play_choices_records_the_finish_before_the_better_reply_search(kettle_path, monkeypatch, capsys):
    from kasuhara_sim.scoring import score
    from kasuhara_sim.store import Store

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl+C while the better replies are searched

    monkeypatch.setattr(score, "name_better_replies", interrupted)
    assert _main("play", kettle_path, "--choices", "3,1,1", "--trainee", "太郎") == 130
    with Store.open() as store:
        (run,) = store.history(details=True)
    assert run.status == "finished" and run.total is not None and run.turn_count == 3


def test_play_choices_stores_the_better_replies_named_after_the_finish(kettle_path, capsys):
    from kasuhara_sim.store import Store

    assert _main("play", kettle_path, "--choices", "3,1,1", "--trainee", "太郎", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["better_cut"] is False and out["turns"][0]["better_text"]
    with Store.open() as store:
        (run,) = store.history(details=True)
    assert run.status == "finished" and run.turns[0].better_text == out["turns"][0]["better_text"]


def test_play_refuses_a_scenario_with_no_reply_at_the_start(capsys, monkeypatch):
    assert _main("play", CASES / "dead_start.yaml", "--choices", "1") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "演習できません" in err[0] and err[0].endswith("[no-visible-reply]")
    assert "1〜0" not in err[0]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("\n1\n"))
    assert _main("play", CASES / "dead_start.yaml", "--plain") == 1
    captured = capsys.readouterr()
    assert "1〜0" not in captured.out and "演習できません" in captured.err


def test_play_prints_a_hundred_thousand_identical_errors_as_twenty_and_a_count(capsys):
    assert _main("play", CASES / "load_slow_100k_list.yaml", "--choices", "1") == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) < 40 and any("ほか 99980 件" in line for line in err)

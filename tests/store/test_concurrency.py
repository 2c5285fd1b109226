"""A workshop on a shared machine: twenty trainees' processes write to one data directory at once and nothing is
lost. Bounded in time: every process has a timeout."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import subprocess

from kasuhara_sim.store import Store

from .conftest import KETTLE
from .xapi_rules import problems

TRAINEES = 20
PICKS = ["1,1,1", "1,2,2,1", "3,1,1", "2", "1,1,2"]  # 100, 90, 40, 0, 75 (turns 3, 4, 3, 1, 3)
TURNS = {"1,1,1": 3, "1,2,2,1": 4, "3,1,1": 3, "2": 1, "1,1,2": 3}


def test_twenty_trainees_playing_at_once_all_appear_everywhere(cli_exe, home):
    env = {**os.environ, "KASUHARA_SIM_HOME": str(home)}
    names = [f"受講者{i:02d}" for i in range(TRAINEES)]
    procs = [subprocess.Popen([cli_exe, "--trainee", name, "play", str(KETTLE), "--choices", PICKS[i % len(PICKS)],
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for i, name in enumerate(names)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert json.loads(out)["ending"]

    def cli(*args) -> str:
        proc = subprocess.run([cli_exe, *args], capture_output=True, text=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    history = json.loads(cli("history", "--json"))
    assert sorted(r["trainee"] for r in history) == names
    assert all(r["status"] == "finished" for r in history)
    assert sorted(r["turn_count"] for r in history) == sorted(TURNS[PICKS[i % len(PICKS)]] for i in range(TRAINEES))

    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv"))))
    assert sorted(r["trainee"] for r in rows) == names

    statements = json.loads(cli("export", "--format", "xapi"))
    runs = [s for s in statements if s["verb"]["display"]["en-US"] != "answered"]
    assert sorted(s["actor"]["name"] for s in runs) == names
    assert len(statements) - len(runs) == sum(r["turn_count"] for r in history)
    assert all(problems(s) == [] for s in statements)

    report = cli("report")
    assert f"受講者 {TRAINEES} 名 / 演習 {TRAINEES} 回(完了 {TRAINEES}" in report
    assert all(name in report for name in names)
    assert f"受講者 {TRAINEES} 名" in cli("report", "--format", "html")


def _worker(home: str, index: int, barrier, runs: int, errors) -> None:
    """One trainee in the TUI: start, each turn, finish, with the others writing at the same moments."""
    os.environ["KASUHARA_SIM_HOME"] = home
    try:
        from kasuhara_sim.engine import Run
        from kasuhara_sim.format.loader import load_scenario
        from kasuhara_sim.scoring import score_run

        loaded = load_scenario(KETTLE)
        # Generous: on a loaded machine, starting twenty interpreters can take a while; the writes are the test.
        barrier.wait(timeout=240)
        with Store.open() as store:
            for k in range(runs):
                run_id = store.start_run(f"worker{index:02d}", loaded, "practice")
                run = Run(loaded.scenario)
                for pick in (1, 2, 2, 1):
                    store.record_turn(run_id, run.choose(pick))
                store.finish_run(run_id, score_run(loaded.scenario, run))
    except BaseException as exc:  # report it to the test rather than as an anonymous exit code
        errors.put(f"worker {index}: {exc!r}")
        raise


def test_twenty_store_writers_at_the_same_moment(home):
    runs_each = 5
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(TRAINEES)
    errors = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(home), i, barrier, runs_each, errors)) for i in range(TRAINEES)]
    for p in procs:
        p.start()
    try:
        for p in procs:
            p.join(timeout=300)
        problems = []
        while not errors.empty():
            problems.append(errors.get())
        assert problems == []
        assert [p.exitcode for p in procs] == [0] * TRAINEES
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    with Store.open(readonly=True) as store:
        runs = store.history(details=True)
        assert len(runs) == TRAINEES * runs_each
        assert all(r.status == "finished" and r.total == 65 and len(r.turns) == 4 for r in runs)
        assert len(store.trainees()) == TRAINEES
        assert {b.attempts for t in store.trainees() for b in store.best_scores(t).values()} == {runs_each}

"""Hostile scenario files validate, play and score in under 2 s each (goal of the reliability work).

The files in ``benchmarks/cases/`` are the attack inputs of the project's reliability review: a file that takes the
searches tens of seconds, a 100,000-element list, deep nesting, a scenario with no reply at the start. For each file:

* validate: ``python -m kasuhara_sim validate FILE`` as a user runs it;
* play: ``python -m kasuhara_sim play FILE --choices …`` with the longest of the first playthroughs that reach an
  ending (the longest makes the search for better replies work hardest), recorded under a trainee in a throw-away
  results folder; a file that does not load or cannot be played is given ``--choices 1`` (it must fail fast);
* score: ``score_run`` and ``name_better_replies`` in this process on the same run.

Prints, per case and step, the wall time and the processor time, and the ratio of the larger of the two that the goal
is judged on (processor time by default: the machine may be shared; ``--wall`` judges wall time) to the 2 s goal.
Exits 1 if any step misses it.

    python benchmarks/cases.py [--wall] [CASE.yaml …]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"
GOAL_SECONDS = 2.0
PLAYTHROUGHS = 300  # playthroughs looked at to pick a path


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _command(args: list[str], env: dict) -> tuple[float, float, int, str]:
    wall, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-m", "kasuhara_sim", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)
    last = (proc.stdout.strip().splitlines() or proc.stderr.strip().splitlines() or [""])[-1]
    return time.perf_counter() - wall, _children_cpu() - cpu, proc.returncode, last


def _path_to_an_ending(path: Path) -> list[int] | None:
    """The longest of the first playthroughs, or None when the file does not load or no ending is reachable."""
    from kasuhara_sim.format.diagnostics import ScenarioError
    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.scoring.search import playthroughs

    try:
        sc = load_scenario(path).scenario
    except ScenarioError:
        return None
    best = None
    for picks, _, _ in playthroughs(sc, limit=PLAYTHROUGHS):
        if best is None or len(picks) > len(best):
            best = picks
    return best


def _score(path: Path, picks: list[int]) -> tuple[float, float]:
    from kasuhara_sim.engine.run import replay
    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.scoring.score import name_better_replies, score_run

    sc = load_scenario(path).scenario
    run = replay(sc, picks)
    wall, cpu = time.perf_counter(), time.process_time()
    report = score_run(sc, run, better_replies=False)
    name_better_replies(sc, run, report)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wall", action="store_true", help="judge wall time instead of processor time")
    ap.add_argument("cases", nargs="*", type=Path)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    cases = args.cases or sorted(CASES.glob("*.yaml"))
    worst = 0.0
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, PYTHONPATH=str(ROOT), KASUHARA_SIM_HOME=home, NO_COLOR="1")
        env.pop("KASUHARA_SIM_SCENARIOS", None)
        print(f"goal: {GOAL_SECONDS:.0f} s per step, judged on {'wall' if args.wall else 'processor'} time")
        print(f"{'case':32} {'step':9} {'wall s':>7} {'cpu s':>7} {'ratio':>6}  exit  last line")
        for case in cases:
            picks = _path_to_an_ending(case)
            steps = [("validate", lambda: _command(["validate", str(case)], env)),
                     ("play", lambda: _command(["play", str(case), "--choices", ",".join(map(str, picks or [1])),
                                                "--trainee", "bench"], env))]
            if picks is not None:
                steps.append(("score", lambda: (*_score(case, picks), 0, f"{len(picks)} turns")))
            for step, fn in steps:
                wall, cpu, rc, last = fn()
                ratio = (wall if args.wall else cpu) / GOAL_SECONDS
                worst = max(worst, ratio)
                print(f"{case.name[:32]:32} {step:9} {wall:7.2f} {cpu:7.2f} {ratio:6.2f}  {rc:4}  {last[:60]}")
    print(f"worst ratio to the goal: {worst:.2f}" + ("  (met)" if worst < 1 else "  (MISSED)"))
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())

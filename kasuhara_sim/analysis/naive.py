"""Naive strategies: does a scenario pass without reading? Always take the longest (or the shortest) reply
shown and score the run. The deep lint reports a scenario that such a strategy passes (``guessable``); ``validate
--json`` gives each strategy's total. It plays and scores runs, so it sits above ``scoring``, beside the lint."""

from __future__ import annotations

from dataclasses import dataclass

from kasuhara_sim.format.model import Scenario
from kasuhara_sim.scoring.rubric import Rubric

NAIVE_STRATEGIES = ("longest", "shortest")
NAIVE_MAX_TURNS = 100  # a strategy that keeps choosing the same loop stops here, unfinished


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: wide (W) and full-width (F) characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class NaiveResult:
    strategy: str
    total: int
    grade: str
    outcome: str | None  # None: the strategy went round a loop and never reached an ending
    path: list[int]

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def naive_run(scenario: Scenario, strategy: str, rubric: Rubric | None = None) -> NaiveResult:
    """Play by always taking the longest (or shortest) reply shown, by display width; ties go to the one written
    first. No seed: first variants in the order written, as ``play --choices`` shows them."""
    from kasuhara_sim.engine.run import Run
    from kasuhara_sim.scoring.score import score_run

    if strategy not in NAIVE_STRATEGIES:
        raise ValueError(strategy)
    run = Run(scenario)
    sign = -1 if strategy == "longest" else 1
    while not run.finished and len(run.transcript) < NAIVE_MAX_TURNS:
        shown = run.visible_choices()
        if not shown:
            break
        pick = min(shown, key=lambda vc: (sign * display_width(vc.text), vc.number))
        run.choose(pick.number)
    report = score_run(scenario, run, rubric, better_replies=False)
    return NaiveResult(strategy, report.total, report.grade, run.outcome, [t.pick for t in run.transcript])


def naive_results(scenario: Scenario, rubric: Rubric | None = None) -> list[NaiveResult]:
    return [naive_run(scenario, s, rubric) for s in NAIVE_STRATEGIES]

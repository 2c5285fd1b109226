"""A trainee's progress: each dimension's trend, the weakest dimension and the scenario to play next.

The weakest dimension is judged on recent finished runs (the last few scores of each dimension), so that an early
weakness that has since been overcome stops being named. The suggestion practises that dimension: a scenario not yet
tried if there is one (easiest level first), else the one with the lowest best score that is not yet mastered.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from kasuhara_sim import strings as S
from kasuhara_sim.store.db import RunRecord
from kasuhara_sim.strings import Results as R

RECENT = 5  # scores per dimension that decide the weakest one


def mastery() -> int:
    """A best total from which a scenario counts as mastered: the rubric's (grade A by default)."""
    from kasuhara_sim.scoring import default_rubric

    return default_rubric().mastery
LEVEL_ORDER = {k: i for i, k in enumerate(S.LEVELS)}


@dataclass
class Suggestion:
    scenario_id: str
    title: str
    reason: str


@dataclass
class Progress:
    trainee: str
    runs: list[RunRecord]  # newest first
    labels: dict[str, str]
    trends: dict[str, list[int]]  # dimension -> scores of finished runs, oldest first
    weakest: str | None
    weakest_mean: float | None
    suggestion: Suggestion | None
    tried: int
    total_scenarios: int
    finished_runs: int
    mastered: int  # scenarios whose best total reaches the mastery mark
    best: dict[str, int] = field(default_factory=dict)
    # When every recent score is full marks but a dimension's mean over all finished runs is still below grade A
    # (the rubric's mastery band), that dimension and its mean: a screen that shows those means must not say that nothing is weak.
    lagging: str | None = None
    lagging_mean: float | None = None
    mastery: int = field(default_factory=mastery)

    def label(self, dim: str) -> str:
        return self.labels.get(dim, dim)


def _key(ls) -> tuple:
    return (LEVEL_ORDER.get(ls.scenario.level, 9), ls.id)


def suggest(runs: list[RunRecord], scenarios, weakest: str | None, labels: dict[str, str]) -> Suggestion | None:
    """The next scenario for this trainee among ``scenarios`` (LoadedScenarios)."""
    if not scenarios:
        return None
    pool = sorted(scenarios, key=_key)
    tried = {r.scenario_id for r in runs}
    best: dict[str, int] = {}
    for r in runs:
        if r.finished and r.total is not None:
            best[r.scenario_id] = max(best.get(r.scenario_id, -1), r.total)

    def pick(ls, reason: str) -> Suggestion:
        return Suggestion(ls.id, ls.scenario.title, reason)

    if not runs:
        return pick(pool[0], R.suggest_start)
    if weakest:
        label = labels.get(weakest, weakest)
        practise = [ls for ls in pool if weakest in ls.scenario.expected]
        untried = [ls for ls in practise if ls.id not in tried]
        if untried:
            return pick(untried[0], R.suggest_untried.format(label=label))
        weak = [ls for ls in practise if best.get(ls.id, -1) < mastery()]
        if weak:
            ls = min(weak, key=lambda ls: (best.get(ls.id, -1), _key(ls)))
            if ls.id in best:
                return pick(ls, R.suggest_retry.format(label=label, best=best[ls.id]))
            return pick(ls, R.suggest_lowest.format(label=label))
    untried = [ls for ls in pool if ls.id not in tried]
    if untried:
        return pick(untried[0], R.suggest_any_untried)
    ls = min(pool, key=lambda ls: (best.get(ls.id, -1), _key(ls)))
    if best.get(ls.id, -1) < mastery():
        return pick(ls, R.suggest_retry_any.format(best=best.get(ls.id, 0)))
    return pick(ls, R.suggest_all_done.format(mastery=mastery()))


def compute(trainee: str, runs: list[RunRecord], scenarios=()) -> Progress:
    """Progress from one trainee's runs (RunRecords with details, any order) and the scenario library."""
    scenarios = list(scenarios)
    runs = sorted(runs, key=lambda r: (r.started_at, r.id), reverse=True)
    labels: dict[str, str] = dict(S.DIMENSIONS)
    trends: dict[str, list[int]] = {}
    for r in reversed(runs):
        if not r.finished:
            continue
        for d in r.dimensions:
            labels[d.dimension] = d.label
            trends.setdefault(d.dimension, []).append(d.score)
    order = [d for d in S.DIMENSIONS if d in trends] + sorted(set(trends) - set(S.DIMENSIONS))
    trends = {d: trends[d] for d in order}
    recent = {d: statistics.fmean(v[-RECENT:]) for d, v in trends.items() if v}
    weak = {d: v for d, v in recent.items() if v < 100}  # all full marks: nothing to name
    weakest = min(weak, key=lambda d: weak[d]) if weak else None  # ties: the procedure's order
    overall = {d: statistics.fmean(v) for d, v in trends.items() if v}
    below_a = {d: v for d, v in overall.items() if v < mastery()} if weakest is None else {}
    lagging = min(below_a, key=lambda d: below_a[d]) if below_a else None
    best: dict[str, int] = {}
    for r in runs:
        if r.finished and r.total is not None:
            best[r.scenario_id] = max(best.get(r.scenario_id, -1), r.total)
    return Progress(
        trainee=trainee, runs=runs, labels=labels, trends=trends, weakest=weakest,
        weakest_mean=recent.get(weakest) if weakest else None,
        suggestion=suggest(runs, scenarios, weakest, labels),
        tried=len({r.scenario_id for r in runs}), total_scenarios=len(scenarios),
        finished_runs=sum(r.finished for r in runs), mastered=sum(1 for v in best.values() if v >= mastery()),
        best=best, lagging=lagging, lagging_mean=overall.get(lagging) if lagging else None,
    )


def load(store, trainee: str, scenarios=()) -> Progress:
    return compute(trainee, store.history(trainee, details=True), scenarios)

"""Score analysis: the best and worst totals a scenario allows, and a path to each.

The search state is (node, anger, flags, each expected dimension's status and penalty so far, penalty on the total);
it is explored depth-first with memoisation. A state already on the current path is a loop with no progress and is
cut; results that depended on such a cut are not memoised, so the answer stays exact. A budget of expanded states
bounds the work; ``bound_hit`` says when it was reached (the figures are then the best found so far).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import NamedTuple

from kasuhara_sim.engine.rules import apply_anger, route, visible
from kasuhara_sim.scenario.model import Choice, Scenario
from kasuhara_sim.scoring.rubric import Rubric, default_rubric

DEFAULT_BUDGET = 200_000


class State(NamedTuple):
    node: str
    anger: int
    flags: frozenset
    status: tuple  # per expected dimension: 0 not yet, 1 performed in order, 2 performed out of order
    penalty: tuple  # per expected dimension, capped at 100
    extra: int  # penalties on the total (NG tags whose dimension is not expected), capped at 100


@dataclass
class Extremes:
    best_total: int
    best_path: list[int]  # reply numbers as in ``play --choices``
    worst_total: int
    worst_path: list[int]


@dataclass
class Analysis:
    scenario: str
    best_total: int | None
    best_path: list[int]
    best_outcome: str | None
    worst_total: int | None
    worst_path: list[int]
    worst_outcome: str | None
    states: int
    bound_hit: bool

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Analyser:
    """Reusable over many queries on one scenario (memo shared), e.g. 'best total after each possible reply'."""

    scenario: Scenario
    rubric: Rubric = field(default_factory=default_rubric)
    budget: int = DEFAULT_BUDGET

    def __post_init__(self) -> None:
        self.expected = tuple(self.scenario.expected)
        self.memo: dict[State, Extremes | None] = {}
        self.expanded = 0
        self.bound_hit = False

    # --- the scoring rules applied to the compact state ---------------------------------------------
    def initial(self) -> State:
        n = len(self.expected)
        return State(self.scenario.start, self.scenario.persona.anger, frozenset(), (0,) * n, (0,) * n, 0)

    def apply(self, s: State, choice: Choice) -> State:
        rub, exp = self.rubric, self.expected
        status = list(s.status)
        this = rub.dims_performed(choice.steps, exp)
        occurred = {d for d, st in zip(exp, status) if st} | set(this)
        for d in this:
            i = exp.index(d)
            if status[i] == 0:
                status[i] = 1 if rub.in_order(d, occurred, exp) else 2
        penalty, extra = list(s.penalty), s.extra
        for ng in choice.ng:
            for dim, amount in rub.penalties.get(ng, {}).items():
                if dim in exp:
                    i = exp.index(dim)
                    penalty[i] = min(100, penalty[i] + amount)
                else:
                    extra = min(100, extra + amount)
        anger = apply_anger(s.anger, choice.anger)
        flags = s.flags | frozenset(choice.set_) if choice.set_ else s.flags
        return State(route(choice, anger, flags), anger, flags, tuple(status), tuple(penalty), extra)

    def total(self, s: State) -> int:
        rub = self.rubric
        base = {0: 0, 1: rub.performed, 2: rub.out_of_order}
        dims = [max(0, min(100, base[st] - pen)) for st, pen in zip(s.status, s.penalty)]
        return rub.combine(dims, s.extra, self.scenario.nodes[s.node].ending)

    # --- search ------------------------------------------------------------------------------------
    def extremes(self, s: State) -> Extremes | None:
        """Best and worst totals reachable from ``s`` (None: no ending reachable)."""
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20_000))
        try:
            return self._visit(s, 0, {})[0]
        finally:
            sys.setrecursionlimit(limit)

    def _visit(self, s: State, depth: int, stack: dict) -> tuple[Extremes | None, float]:
        if s in self.memo:
            return self.memo[s], float("inf")
        if s in stack:
            return None, stack[s]
        node = self.scenario.nodes[s.node]
        if node.ending is not None:
            t = self.total(s)
            result = Extremes(t, [], t, [])
            self.memo[s] = result
            return result, float("inf")
        if self.expanded >= self.budget:
            self.bound_hit = True
            return None, -1.0  # never memoise anything that depended on an unexplored state
        self.expanded += 1
        stack[s] = depth
        best: Extremes | None = None
        low = float("inf")
        for number, (_, choice) in enumerate(visible(node, s.anger, s.flags), 1):
            sub, sub_low = self._visit(self.apply(s, choice), depth + 1, stack)
            low = min(low, sub_low)
            if sub is None:
                continue
            if best is None:
                best = Extremes(sub.best_total, [number] + sub.best_path, sub.worst_total, [number] + sub.worst_path)
                continue
            # Ties go to the shorter path, then to the reply written first.
            if (sub.best_total, -(len(sub.best_path) + 1)) > (best.best_total, -len(best.best_path)):
                best.best_total, best.best_path = sub.best_total, [number] + sub.best_path
            if (sub.worst_total, len(sub.worst_path) + 1) < (best.worst_total, len(best.worst_path)):
                best.worst_total, best.worst_path = sub.worst_total, [number] + sub.worst_path
        del stack[s]
        if low >= depth:
            self.memo[s] = best
        return best, low


def _outcome(sc: Scenario, path: list[int]) -> str | None:
    from kasuhara_sim.engine.run import replay

    return replay(sc, path).outcome if path else None


def analyse(scenario: Scenario, rubric: Rubric | None = None, budget: int = DEFAULT_BUDGET) -> Analysis:
    """Best and worst reachable totals of a scenario with one path to each."""
    an = Analyser(scenario, rubric or default_rubric(), budget)
    ext = an.extremes(an.initial())
    if ext is None:
        return Analysis(scenario.id, None, [], None, None, [], None, an.expanded, an.bound_hit)
    return Analysis(scenario.id, ext.best_total, ext.best_path, _outcome(scenario, ext.best_path),
                    ext.worst_total, ext.worst_path, _outcome(scenario, ext.worst_path), an.expanded, an.bound_hit)


def playthroughs(scenario: Scenario, limit: int = 10_000, max_turns: int = 60):
    """Yield (picks, node path, outcome) for distinct choice sequences from start to an ending, bounded.

    A sequence that revisits an identical (node, anger, flags) state is a loop without progress and is not followed.
    """
    from kasuhara_sim.engine.rules import route as _route

    count = 0

    def walk(node_id, anger, flags, picks, path, seen):
        nonlocal count
        if count >= limit:
            return
        node = scenario.nodes[node_id]
        if node.ending is not None:
            count += 1
            yield list(picks), list(path), node.ending
            return
        if len(picks) >= max_turns:
            return
        key = (node_id, anger, flags)
        if key in seen:
            return
        seen.add(key)
        for number, (_, c) in enumerate(visible(node, anger, flags), 1):
            a = apply_anger(anger, c.anger)
            f = flags | frozenset(c.set_)
            nxt = _route(c, a, f)
            picks.append(number)
            path.append(nxt)
            yield from walk(nxt, a, f, picks, path, seen)
            picks.pop()
            path.pop()
        seen.discard(key)

    yield from walk(scenario.start, scenario.persona.anger, frozenset(), [], [scenario.start], set())

"""Score analysis: the best and worst totals a scenario allows and a path to each; the situations a run can reach.

A search state is (node, anger, flags, steps and NG tags done that a condition reads, where each expected dimension
stands, penalty on the total, whether a critical mistake was made). A run's total
depends only on the state it ends in, so the best total is the highest total among the ending states reachable from
the start. The search is breadth first, so the first path found to a total is a shortest one (replies written first
are tried first). It remembers the states it has kept (that is the memoisation) and drops a new state when a kept one
at the same node, anger and flags, with the same dimensions performed, is at least as good in every dimension: the
rubric only ever subtracts from a dimension once it is performed, so nothing reachable from the dropped state can do
better. The worst total is the same search with "at least as bad". Loops need no special care: going round a loop
never yields a state that is not dominated by the one it started from, unless it changed something that matters.

States are kept small without changing any answer: anger is dropped (``NO_ANGER``) once no condition reachable from
the node reads it, and so are the flags that no condition reachable from the node reads. A budget of expanded states
bounds each search, and an optional ``Deadline`` bounds its time (a hostile file can make each state slow to expand);
``bound_hit`` says when either was reached (the figures are then the best found so far) and ``time_hit`` whether it
was the time.

It lives beside the scorer, which names a better reply with it; the deep lint and the diagrams
(``kasuhara_sim.analysis``) build on it.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from kasuhara_sim.format.model import Choice, Condition, Scenario
from kasuhara_sim.scoring.rubric import Rubric, default_rubric

DEFAULT_BUDGET = 200_000
NO_ANGER = -1  # anger no longer matters: no condition reachable from this node reads it
CLOCK_EVERY = 64  # the searches read the clock once per this many expanded states (reading it is not free)


class Deadline:
    """A time limit shared by the searches of one task. ``clock`` is injectable so that tests need not depend on
    speed; ``seconds=None`` never expires. ``slice(s)`` is a limit that ends ``s`` seconds from now or with this one,
    whichever comes first, so that one search cannot eat the time of the next."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic,
                 _end: float | None = None):
        self.clock = clock
        self.start = clock() if seconds is not None or _end is not None else 0.0
        self.end = _end if _end is not None else (None if seconds is None else self.start + seconds)
        self.hit = False

    def expired(self) -> bool:
        if not self.hit and self.end is not None and self.clock() >= self.end:
            self.hit = True
        return self.hit

    def remaining(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - self.clock())

    def slice(self, seconds: float) -> "Deadline":
        end = self.clock() + seconds
        return Deadline(None, self.clock, end if self.end is None else min(end, self.end))


NEVER = Deadline(None)


class State(NamedTuple):
    node: str
    anger: int  # NO_ANGER once it can no longer matter
    flags: frozenset  # only the flags some condition reachable from ``node`` still reads
    did: frozenset  # only the steps/NG tags done that some ``did``/``did_not`` reachable from ``node`` still reads
    # Per expected dimension: once performed, its score so far (0-100; later NG tags only subtract from it);
    # before that, -1 - the penalties already incurred (they come off when it is performed).
    dims: tuple
    extra: int  # deductions from the total (rubric 2: by severity; rubric 1: NG tags on dimensions not expected), ≤ 100
    crit: bool  # a critical mistake was made: the total is capped


# --- what can still matter from each node ----------------------------------------------------------------
CompiledCondition = tuple  # (anger_at_least, anger_below, flags needed, flags forbidden, done needed, done forbidden)


def compile_condition(cond: Condition | None) -> CompiledCondition | None:
    if cond is None:
        return None
    return (cond.anger_at_least, cond.anger_below, frozenset(cond.flags), frozenset(cond.not_flags),
            frozenset(cond.did), frozenset(cond.did_not))


def holds(cond: CompiledCondition | None, anger: int, flags: frozenset, did: frozenset = frozenset()) -> bool:
    """``Condition.holds`` on a compiled condition (the same rule, without attribute look-ups)."""
    if cond is None:
        return True
    lo, hi, need, forbid, done, not_done = cond
    if lo is not None and anger < lo:
        return False
    if hi is not None and anger >= hi:
        return False
    if need and not need <= flags:
        return False
    if forbid and not forbid.isdisjoint(flags):
        return False
    if done and not done <= did:
        return False
    return not (not_done and not not_done.isdisjoint(did))


def conditions_at(node) -> list[Condition]:
    """Every condition written at a node: replies' ``if`` and routes' ``if``."""
    out = []
    for c in node.choices or ():
        if c.if_ is not None:
            out.append(c.if_)
        if not isinstance(c.next, str):
            out += [r.if_ for r in c.next if r.if_ is not None]
    return out


def targets(choice: Choice) -> list[str]:
    return [choice.next] if isinstance(choice.next, str) else [r.to for r in choice.next]


@dataclass
class Liveness:
    """Per node: its successors as written, and what a node reachable from it (itself included) can still read, do
    or end in: conditions on anger, flags read, steps and NG tags of replies, outcomes of endings."""

    successors: dict[str, tuple[str, ...]]
    anger: dict[str, bool]
    flags: dict[str, frozenset]
    steps: dict[str, frozenset]
    ng: dict[str, frozenset]
    outcomes: dict[str, frozenset]
    did: dict[str, frozenset]  # steps and NG tags read by ``did``/``did_not`` conditions


def liveness(scenario: Scenario) -> Liveness:
    cached = scenario._derived.get("liveness")
    if cached is not None:
        return cached
    nodes = scenario.nodes
    succ: dict[str, tuple[str, ...]] = {}
    anger: dict[str, bool] = {}
    sets: dict[str, tuple[frozenset, ...]] = {}  # flags, steps, ng, outcomes, did
    preds: dict[str, set[str]] = {n: set() for n in nodes}
    for nid, node in nodes.items():
        conds = conditions_at(node)
        choices = node.choices or ()
        anger[nid] = any(c.anger_at_least is not None or c.anger_below is not None for c in conds)
        sets[nid] = (frozenset(f for c in conds for f in (*c.flags, *c.not_flags)),
                     frozenset(s for c in choices for s in c.steps), frozenset(t for c in choices for t in c.ng),
                     frozenset([node.ending] if node.ending else ()),
                     frozenset(t for c in conds for t in (*c.did, *c.did_not)))
        succ[nid] = tuple(dict.fromkeys(t for c in choices for t in targets(c) if t in nodes))
        for t in succ[nid]:
            preds[t].add(nid)
    # Propagate backwards to a fixed point: what matters at a node matters at every node that can lead to it.
    work = deque(nodes)
    queued = set(nodes)
    while work:
        n = work.popleft()
        queued.discard(n)
        for p in preds[n]:
            a = anger[p] or anger[n]
            merged = tuple(x | y for x, y in zip(sets[p], sets[n]))
            if a != anger[p] or merged != sets[p]:
                anger[p], sets[p] = a, merged
                if p not in queued:
                    queued.add(p)
                    work.append(p)
    result = Liveness(succ, anger, *({n: s[k] for n, s in sets.items()} for k in range(5)))
    scenario._derived["liveness"] = result
    return result


# --- the score search ------------------------------------------------------------------------------------
class Extremes:
    """Best and worst totals reachable from a state with a path to each; the worst is searched when first read."""

    def __init__(self, analyser: "Analyser", state: State, best: int, best_path: list[int]):
        self.best_total = best
        self.best_path = best_path
        self._an, self._state = analyser, state
        self._worst: tuple[int | None, list[int]] | None = None

    def _worst_result(self) -> tuple[int | None, list[int]]:
        if self._worst is None:
            self._worst = self._an.search(self._state, best=False)
        return self._worst

    @property
    def worst_total(self) -> int:
        return self._worst_result()[0]

    @property
    def worst_path(self) -> list[int]:
        return self._worst_result()[1]

    def __repr__(self) -> str:
        return f"Extremes(best_total={self.best_total}, best_path={self.best_path})"


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
    bound_hit: bool  # a budget (states or time) ran out: the figures are the best and worst found so far
    time_hit: bool = False  # it was the time

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Analyser:
    """Best/worst searches over one scenario; reusable for many queries (e.g. 'best total after each reply' in a
    score report), each query bounded by ``budget`` expanded states."""

    scenario: Scenario
    rubric: Rubric = field(default_factory=default_rubric)
    budget: int = DEFAULT_BUDGET
    deadline: Deadline = NEVER  # may be replaced between queries (each query reads it when it starts)

    def __post_init__(self) -> None:
        sc, rub = self.scenario, self.rubric
        self.expected = tuple(sc.expected)
        exp = self.expected
        self.live = liveness(sc)
        pos = {d: i for i, d in enumerate(exp)}
        self._prereq = tuple(tuple(pos[p] for p in rub.prerequisites(d, exp)) for d in exp)
        self._dims_live = {
            n: frozenset(i for i, d in enumerate(exp) if not steps.isdisjoint(rub.dimensions[d].steps))
            for n, steps in self.live.steps.items()
        }
        self._ending = {n: node.ending for n, node in sc.nodes.items()}
        failed = set(rub.failed_outcomes)
        # For the bounds: can a run from here still succeed, still fail, still lose points to an NG tag?
        self._can_succeed = {n: bool(o - failed) for n, o in self.live.outcomes.items()}
        self._can_fail = {n: bool(o & failed) for n, o in self.live.outcomes.items()}
        self._can_lose = {n: any(rub.penalties.get(t) or rub.deduction(t) or rub.is_critical(t) for t in ng)
                          for n, ng in self.live.ng.items()}
        self._failed_outcome = rub.failed_outcomes[0] if rub.failed_outcomes else None
        self._effects: dict[int, tuple] = {}
        self._turns: dict[str, tuple] = {
            nid: tuple((compile_condition(c.if_), self._effect(c)) for c in node.choices)
            for nid, node in sc.nodes.items() if node.choices
        }
        self._memo: dict[tuple[State, bool], tuple[int | None, list[int]]] = {}
        self._cut: set[tuple[State, bool]] = set()  # queries stopped by a budget: their result is a bound, not exact
        self.expanded = 0
        self.bound_hit = False
        self.time_hit = False

    # --- the scoring rules applied to the compact state ---------------------------------------------
    def _effect(self, choice: Choice) -> tuple:
        """A reply compiled once: (anger change, flags set, dimensions performed, penalties, total penalty, routes,
        steps and NG tags carried, critical)."""
        key = id(choice)
        if key not in self._effects:
            rub, exp = self.rubric, self.expected
            dims = tuple(exp.index(d) for d in rub.dims_performed(choice.steps, exp))
            pen: dict[int, int] = {}
            extra = 0
            for ng in choice.ng:
                for dim, amount in rub.penalties.get(ng, {}).items():
                    if dim in exp:
                        pen[exp.index(dim)] = pen.get(exp.index(dim), 0) + amount
                extra += rub.total_penalty(ng, exp)
            if isinstance(choice.next, str):
                routes = ((None, choice.next),)
            else:
                routes = tuple((compile_condition(r.if_), r.to) for r in choice.next)
            self._effects[key] = (choice.anger, frozenset(choice.set_), dims, tuple(pen.items()), extra, routes,
                                  frozenset(choice.steps) | frozenset(choice.ng),
                                  any(rub.is_critical(ng) for ng in choice.ng))
        return self._effects[key]

    def _canonical(self, node: str, anger: int, flags: frozenset, did: frozenset, dims: tuple, extra: int,
                   crit: bool) -> State:
        if anger != NO_ANGER and not self.live.anger[node]:
            anger = NO_ANGER
        if flags:
            flags = flags & self.live.flags[node]
        if did:
            did = did & self.live.did[node]
        live = self._dims_live[node]
        if any(d < -1 and i not in live for i, d in enumerate(dims)):
            # A dimension that can no longer be performed scores 0 whatever its penalties.
            dims = tuple(-1 if d < -1 and i not in live else d for i, d in enumerate(dims))
        return State(node, anger, flags, did, dims, min(100, extra), crit)

    def initial(self) -> State:
        sc = self.scenario
        return self._canonical(sc.start, sc.persona.anger, frozenset(), frozenset(), (-1,) * len(self.expected), 0,
                               False)

    def _step(self, s: State, effect: tuple) -> State:
        delta, set_, performed, pens, extra_inc, routes, carried, crit = effect
        anger = s.anger if s.anger == NO_ANGER else max(0, min(100, s.anger + delta))
        flags = s.flags | set_ if set_ else s.flags
        did = s.did | carried
        dims = s.dims
        if performed or pens:
            rub, old, new = self.rubric, dims, list(dims)
            for i in performed:
                if old[i] < 0:
                    pre = self._prereq[i]
                    # Steps in the same reply count as having occurred together.
                    base = rub.performed if not pre or any(old[p] >= 0 or p in performed for p in pre) \
                        else rub.out_of_order
                    new[i] = max(0, base - (-1 - old[i]))
            for i, amount in pens:
                d = new[i]
                new[i] = max(0, d - amount) if d >= 0 else -1 - min(100, -1 - d + amount)
            dims = tuple(new)
        dest = routes[-1][1]
        for cond, to in routes:  # effects apply before routing, as in the engine
            if holds(cond, anger, flags, did):
                dest = to
                break
        return self._canonical(dest, anger, flags, did, dims, s.extra + extra_inc, s.crit or crit)

    def apply(self, s: State, choice: Choice) -> State:
        return self._step(s, self._effect(choice))

    def total(self, s: State) -> int:
        return self.rubric.combine([max(0, d) for d in s.dims], s.extra, self._ending[s.node], s.crit)

    def upper_bound(self, s: State) -> int:
        """No run from ``s`` can score more: every dimension still open performed in order, no more NG tags."""
        live, performed = self._dims_live[s.node], max(self.rubric.performed, self.rubric.out_of_order)
        dims = [d if d >= 0 else (max(0, performed - (-1 - d)) if i in live else 0) for i, d in enumerate(s.dims)]
        return self.rubric.combine(dims, s.extra, None if self._can_succeed[s.node] else self._failed_outcome, s.crit)

    def lower_bound(self, s: State) -> int:
        """No run from ``s`` can score less: nothing more performed, and if an NG tag can still come, anything."""
        if self._can_lose[s.node]:
            return 0
        return self.rubric.combine([max(0, d) for d in s.dims], s.extra,
                                   self._failed_outcome if self._can_fail[s.node] else None, s.crit)

    # --- search ------------------------------------------------------------------------------------
    def search(self, start: State, best: bool = True) -> tuple[int | None, list[int]]:
        """The best (or worst) total reachable from ``start`` and a shortest path to it (None: no ending reachable).

        Breadth first, so the first path found to a total is a shortest one, replies written first tried first.
        A state is dropped when the best (worst) total it could still reach cannot beat the one found, or when another already kept for the same (node, anger, flags, dimensions performed) is at
        least as good in every dimension and in the total penalty: nothing reachable from the dropped one can do
        better (or, for the worst, worse). Stops as soon as it reaches the bound of the start state, which nothing can beat.
        """
        memo = self._memo.get((start, best))
        if memo is not None:
            return memo
        ending, turns = self._ending, self._turns
        if ending[start.node] is not None:
            t = self.total(start)
            return t, []
        bound = self.upper_bound if best else self.lower_bound
        goal = bound(start)  # reaching the bound itself: nothing can do better, stop there
        labels = [start]
        parent = [(-1, 0)]
        dead = [False]
        depth = [0]
        fronts: dict[tuple, list[int]] = {}
        found: int | None = None
        found_path: list[int] = []
        queue = deque([0])
        expanded = 0
        deadline = self.deadline

        def path_of(i: int) -> list[int]:
            out = []
            while i > 0:
                i, number = parent[i]
                out.append(number)
            return out[::-1]

        while queue:
            i = queue.popleft()
            if dead[i]:
                continue
            if expanded >= self.budget or (expanded % CLOCK_EVERY == 0 and deadline.expired()):
                self.bound_hit = True
                self.time_hit = self.time_hit or deadline.hit
                self._cut.add((start, best))
                break
            expanded += 1
            s = labels[i]
            number = 0
            for cond, effect in turns[s.node]:
                if cond is not None and not holds(cond, s.anger, s.flags, s.did):
                    continue
                number += 1
                t = self._step(s, effect)
                if ending[t.node] is not None:
                    total = self.total(t)
                    if found is None or (total > found if best else total < found):
                        found, found_path = total, path_of(i) + [number]
                        if total == goal:
                            queue.clear()
                            break
                    continue
                if found is not None and (bound(t) <= found if best else bound(t) >= found):
                    continue  # cannot beat what was found, and a path found later is never shorter
                key = (t.node, t.anger, t.flags, t.did, t.crit, tuple(d >= 0 for d in t.dims))
                front = fronts.setdefault(key, [])
                td, tx = t.dims, t.extra
                if best:
                    if any(labels[j].extra <= tx and all(a >= b for a, b in zip(labels[j].dims, td)) for j in front):
                        continue
                    worse = [j for j in front if tx <= labels[j].extra and all(a >= b for a, b in zip(td, labels[j].dims))]
                else:
                    if any(labels[j].extra >= tx and all(a <= b for a, b in zip(labels[j].dims, td)) for j in front):
                        continue
                    worse = [j for j in front if tx >= labels[j].extra and all(a <= b for a, b in zip(td, labels[j].dims))]
                d = depth[i] + 1
                for j in worse:
                    # Only states as deep as the new one are dropped, so that shorter paths survive.
                    if depth[j] == d:
                        dead[j] = True
                        front.remove(j)
                k = len(labels)
                labels.append(t)
                parent.append((i, number))
                dead.append(False)
                depth.append(d)
                front.append(k)
                queue.append(k)
        self.expanded += expanded
        result = (found, found_path)
        self._memo[(start, best)] = result
        return result

    def exact(self, start: State, best: bool = True) -> bool:
        """Whether the query from ``start`` ran to the end (False: a budget stopped it, its total is only the best
        (worst) found so far). Only meaningful after the query."""
        return (start, best) not in self._cut

    def extremes(self, s: State) -> Extremes | None:
        """Best and worst totals reachable from ``s`` (None: no ending reachable)."""
        best, path = self.search(s, best=True)
        if best is None:
            return None
        return Extremes(self, s, best, path)


def _outcome(sc: Scenario, path: list[int]) -> str | None:
    from kasuhara_sim.engine.run import replay

    return replay(sc, path).outcome if path else None


def analyse(scenario: Scenario, rubric: Rubric | None = None, budget: int = DEFAULT_BUDGET,
            deadline: Deadline = NEVER) -> Analysis:
    """Best and worst reachable totals of a scenario with one path to each. Under a ``deadline`` the best search
    gets half the time left, so that the worst one is not starved."""
    left = deadline.remaining()
    an = Analyser(scenario, rubric or default_rubric(), budget, deadline if left is None else deadline.slice(left / 2))
    ext = an.extremes(an.initial())
    an.deadline = deadline
    if ext is None:
        return Analysis(scenario.id, None, [], None, None, [], None, an.expanded, an.bound_hit, an.time_hit)
    outcome = scenario.nodes[scenario.start].ending
    best_outcome = _outcome(scenario, ext.best_path) if ext.best_path else outcome
    worst_outcome = _outcome(scenario, ext.worst_path) if ext.worst_path else outcome
    return Analysis(scenario.id, ext.best_total, ext.best_path, best_outcome,
                    ext.worst_total, ext.worst_path, worst_outcome, an.expanded, an.bound_hit, an.time_hit)


# --- situations: where a run can be, whatever it scored -----------------------------------------------------
Situation = tuple  # (node, anger or NO_ANGER, flags still read, steps/NG tags done still read)


@dataclass
class Reach:
    """Every situation reachable from the start, one shortest way there, and where each reply shown leads.

    ``moves[i]`` lists (choice index as written, route index or None, destination) for the replies shown in
    situation ``i``, in the order shown; None when the budget ran out before ``i`` was explored.
    """

    scenario: Scenario
    situations: list[Situation]
    parent: list[tuple[int, int]]
    moves: list[list[tuple[int, int | None, int]] | None]
    bound_hit: bool
    time_hit: bool = False

    def path_to(self, i: int) -> list[int]:
        """Reply numbers (as ``play --choices`` counts them) of a shortest way to situation ``i``."""
        path = []
        while i > 0:
            i, number = self.parent[i]
            path.append(number)
        return path[::-1]

    def alive(self) -> list[bool]:
        """Per situation: an ending can still be reached (situations left unexplored count as alive)."""
        n = len(self.situations)
        preds: list[list[int]] = [[] for _ in range(n)]
        alive = [False] * n
        queue = deque()
        for i, (node, *_) in enumerate(self.situations):
            if self.scenario.nodes[node].ending is not None or self.moves[i] is None:
                alive[i] = True
                queue.append(i)
            for _, _, j in self.moves[i] or ():
                preds[j].append(i)
        while queue:
            j = queue.popleft()
            for i in preds[j]:
                if not alive[i]:
                    alive[i] = True
                    queue.append(i)
        return alive


def reach(scenario: Scenario, budget: int = DEFAULT_BUDGET, deadline: Deadline = NEVER) -> Reach:
    """Explore (node, anger, flags) breadth first from the start, reduced as in ``Analyser``."""
    live = liveness(scenario)
    nodes = scenario.nodes
    compiled = {
        nid: [(compile_condition(c.if_), c.anger, frozenset(c.set_),
               [(compile_condition(r.if_), r.to) for r in c.next] if not isinstance(c.next, str) else None, c.next,
               frozenset(c.steps) | frozenset(c.ng))
              for c in node.choices]
        for nid, node in nodes.items() if node.choices
    }

    def canonical(node: str, anger: int, flags: frozenset, did: frozenset) -> Situation:
        return (node, anger if anger == NO_ANGER or live.anger[node] else NO_ANGER,
                flags & live.flags[node] if flags else flags, did & live.did[node] if did else did)

    start = canonical(scenario.start, scenario.persona.anger, frozenset(), frozenset())
    situations: list[Situation] = [start]
    index = {start: 0}
    parent = [(-1, 0)]
    moves: list = [None]
    expanded = 0
    bound_hit = False
    queue = deque([0])
    while queue:
        i = queue.popleft()
        node, anger, flags, did = situations[i]
        if nodes[node].ending is not None:
            moves[i] = []
            continue
        if expanded >= budget or (expanded % CLOCK_EVERY == 0 and deadline.expired()):
            bound_hit = True
            break
        expanded += 1
        out = []
        number = 0
        for ci, (cond, delta, set_, routes, dest, carried) in enumerate(compiled[node]):
            if not holds(cond, anger, flags, did):
                continue
            number += 1
            a = anger if anger == NO_ANGER else max(0, min(100, anger + delta))
            f = flags | set_ if set_ else flags
            d = did | carried
            ri = None
            if routes is not None:
                ri = next((k for k, (rc, _) in enumerate(routes) if holds(rc, a, f, d)), len(routes) - 1)
                dest = routes[ri][1]
            t = canonical(dest, a, f, d)
            j = index.get(t)
            if j is None:
                j = index[t] = len(situations)
                situations.append(t)
                parent.append((i, number))
                moves.append(None)
                queue.append(j)
            out.append((ci, ri, j))
        moves[i] = out
    return Reach(scenario, situations, parent, moves, bound_hit, bound_hit and deadline.hit)


def playthroughs(scenario: Scenario, limit: int = 10_000, max_turns: int = 60):
    """Yield (picks, node path, outcome) for distinct choice sequences from start to an ending, bounded.

    A sequence that revisits an identical (node, anger, flags) state is a loop without progress and is not followed.
    """
    from kasuhara_sim.engine.rules import apply_anger, carried, route, visible

    count = 0

    def walk(node_id, anger, flags, did, picks, path, seen):
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
        key = (node_id, anger, flags, did)
        if key in seen:
            return
        seen.add(key)
        for number, (_, c) in enumerate(visible(node, anger, flags, did), 1):
            a = apply_anger(anger, c.anger)
            f = flags | frozenset(c.set_)
            d = did | carried(c)
            nxt = route(c, a, f, d)
            picks.append(number)
            path.append(nxt)
            yield from walk(nxt, a, f, d, picks, path, seen)
            picks.pop()
            path.pop()
        seen.discard(key)

    yield from walk(scenario.start, scenario.persona.anger, frozenset(), frozenset(), [], [scenario.start], set())

"""Deep checks of a loaded scenario: what the loader cannot see because it needs the scenario's situations.

Errors (the scenario cannot be played as written): a trap (a loop no reply leaves, or a turn from which no ending is
reachable), a turn where the ``if`` filters can leave no reply, a condition that can never hold, a route after a route
without ``if``. Warnings (it plays, but probably not as meant): unreachable nodes and endings, flags set but never
read or read but never set, replies that neither perform a step nor make a mistake, expected dimensions no reply
performs, steps that are not scored, a best total below the top grade or a worst total above the failure cap.

"Can" and "never" are decided over the situations (node, anger, flags) a run can actually reach, from
``scoring.search.reach``, not over the file's syntax: a reply guarded by ``anger_at_least: 90`` at a turn where anger is
always below 50 is reported. Every finding points at the YAML line of the key or value it is about.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from kasuhara_sim import strings as S
from kasuhara_sim.analysis.naive import NaiveResult, naive_results
from kasuhara_sim.format.diagnostics import Diagnostic, error, warning
from kasuhara_sim.format.loader import LoadedScenario
from kasuhara_sim.format.model import Condition
from kasuhara_sim.scoring.rubric import Rubric, default_rubric
from kasuhara_sim.scoring.search import (NEVER, NO_ANGER, Analysis, Deadline, Reach, analyse, compile_condition, holds,
                                         liveness, reach)
from kasuhara_sim.strings import Lint as L

DEFAULT_BUDGET = 200_000

# Every finding this module reports, with its severity (docs/authoring.md lists the same table for instructors).
CODES: dict[str, str] = {
    "trap": "error", "no-visible-reply": "error", "never-holds": "error", "route-shadowed": "error",
    "one-visible-reply": "warning", "route-never-taken": "warning", "unreachable-node": "warning",
    "unreachable-ending": "warning", "flag-unused": "warning", "flag-never-set": "warning",
    "untagged-choice": "warning", "duplicate-reply": "warning", "expects-unperformed": "warning",
    "step-not-scored": "warning", "best-low": "warning", "worst-high": "warning", "analysis-bound": "warning",
    "guessable": "warning", "same-variants": "warning",
}
GUESSABLE_AT = 70  # a naive strategy reaching this total (grade B under the default rubric) passes without reading


def lint(loaded: LoadedScenario, rubric: Rubric | None = None, analysis: Analysis | None = None,
         budget: int = DEFAULT_BUDGET, naive: list[NaiveResult] | None = None,
         deadline: Deadline = NEVER) -> list[Diagnostic]:
    """Every deep finding for one loaded (schema-valid) scenario, sorted by position. ``budget`` (states) and
    ``deadline`` bound the searches; reaching either is reported as ``analysis-bound``."""
    rubric = rubric or default_rubric()
    if analysis is None:
        left = deadline.remaining()
        analysis = analyse(loaded.scenario, rubric, deadline=deadline if left is None else deadline.slice(left / 2))
    checker = _Checker(loaded, rubric, reach(loaded.scenario, budget, deadline), budget)
    checker.seconds = None if deadline.end is None else round(deadline.end - deadline.start, 1)
    checker.routes()
    checker.flags()
    checker.replies()
    checker.variants()
    checker.dimensions()
    checker.situations()
    checker.score(analysis)
    checker.guessable(naive_results(loaded.scenario, rubric) if naive is None else naive)
    return sorted(set(checker.out), key=lambda d: (d.line, d.col, d.code))


UNPLAYABLE = ("no-visible-reply", "trap")  # a run can get stuck: no reply to choose, or no way to any ending
PLAY_CHECK_SECONDS = 0.3  # of processor time, before a run starts


def unplayable(loaded: LoadedScenario, deadline: Deadline | None = None) -> list[Diagnostic]:
    """The errors that leave a trainee stuck (``UNPLAYABLE``), found over the situations a run can reach, in a
    short time: ``play`` refuses such a scenario rather than show a turn with no reply. What the limit leaves
    unexplored counts as playable (``validate`` says more)."""
    import time

    if deadline is None:
        deadline = Deadline(PLAY_CHECK_SECONDS, time.process_time)
    checker = _Checker(loaded, default_rubric(), reach(loaded.scenario, DEFAULT_BUDGET, deadline), DEFAULT_BUDGET)
    checker.situations()
    return sorted(d for d in set(checker.out) if d.code in UNPLAYABLE)


def _path(numbers: list[int]) -> str:
    return ",".join(map(str, numbers)) if numbers else L.path_none


def _suggest(name: str, others) -> str:
    guess = difflib.get_close_matches(name, sorted(others), n=1, cutoff=0.6)
    return S.Load.did_you_mean.format(guess=guess[0]) if guess else ""


class _Checker:
    def __init__(self, loaded: LoadedScenario, rubric: Rubric, r: Reach, budget: int):
        self.ls, self.sc, self.rubric, self.r, self.budget = loaded, loaded.scenario, rubric, r, budget
        self.src = loaded.source
        self.seconds: float | None = None  # the time limit of the searches, when there is one
        self.out: list[Diagnostic] = []
        # Conditions already reported as impossible on their own (no need to say so again from the situations).
        self.static_never: set[tuple] = set()
        self.flags_set = {f for n in self.sc.nodes.values() for c in n.choices or () for f in c.set_}

    # --- reporting ------------------------------------------------------------------------------------
    def report(self, at: tuple, msg: str, code: str, key: bool = False) -> None:
        """A finding at the value (or, with ``key``, the key) found at ``at`` in the YAML; severity from CODES."""
        pos = self.src.key_pos(at) if key else self.src.value_pos(at)
        make = error if CODES[code] == "error" else warning
        self.out.append(make(self.ls.path, *pos, msg, code))

    def conditions(self):
        """(path of the ``if`` mapping, condition) for every condition in the file."""
        for nid, node in self.sc.nodes.items():
            for ci, c in enumerate(node.choices or ()):
                at = ("nodes", nid, "choices", ci)
                if c.if_ is not None:
                    yield at + ("if",), c.if_
                if not isinstance(c.next, str):
                    for ri, route in enumerate(c.next):
                        if route.if_ is not None:
                            yield at + ("next", ri, "if"), route.if_
            # Debrief routes read flags and steps done too (a flag read only there is not unused).
            for ri, droute in enumerate(node.debrief_routes if isinstance(node.debrief_, list) else ()):
                if droute.if_ is not None:
                    yield ("nodes", nid, "debrief", ri, "if"), droute.if_

    # --- checks that need only the file ---------------------------------------------------------------
    def routes(self) -> None:
        for nid, node in self.sc.nodes.items():
            for ci, c in enumerate(node.choices or ()):
                if isinstance(c.next, str):
                    continue
                for ri, route in enumerate(c.next[:-1]):
                    if route.if_ is None:
                        self.report(("nodes", nid, "choices", ci, "next", ri), L.route_shadowed.format(to=route.to),
                                 "route-shadowed")
                        break
        for at, cond in self.conditions():
            self._static(at, cond)

    def _static(self, at: tuple, cond: Condition) -> None:
        lo, hi = cond.anger_at_least, cond.anger_below
        if hi == 0:
            self.report(at + ("anger_below",), L.contradiction_below_zero, "never-holds")
            self.static_never.add(at)
        elif lo is not None and hi is not None and lo >= hi:
            self.report(at, L.contradiction_anger.format(low=lo, high=hi), "never-holds", key=True)
            self.static_never.add(at)
        for k, flag in enumerate(cond.flags):
            if flag in cond.not_flags:
                self.report(at + ("flags", k), L.contradiction_flag.format(flag=flag), "never-holds")
                self.static_never.add(at)
            elif flag not in self.flags_set:
                self.report(at + ("flags", k), L.flag_never_set_holds.format(flag=flag,
                                                                         suggest=_suggest(flag, self.flags_set)),
                         "never-holds")
                self.static_never.add(at)
        for k, flag in enumerate(cond.not_flags):
            if flag not in self.flags_set and flag not in cond.flags:
                self.report(at + ("not_flags", k), L.flag_never_set_always.format(
                    flag=flag, suggest=_suggest(flag, self.flags_set)), "flag-never-set")

    def flags(self) -> None:
        read = {f for _, cond in self.conditions() for f in (*cond.flags, *cond.not_flags)}
        reported: set[str] = set()
        for nid, node in self.sc.nodes.items():
            for ci, c in enumerate(node.choices or ()):
                for k, flag in enumerate(c.set_):
                    if flag not in read and flag not in reported:
                        reported.add(flag)
                        self.report(("nodes", nid, "choices", ci, "set", k),
                                  L.flag_unused.format(flag=flag, suggest=_suggest(flag, read)), "flag-unused")

    def replies(self) -> None:
        for nid, node in self.sc.nodes.items():
            first: dict[str, int] = {}
            for ci, c in enumerate(node.choices or ()):
                at = ("nodes", nid, "choices", ci)
                if not c.steps and not c.ng:
                    self.report(at, L.untagged, "untagged-choice")
                text = c.text.strip()
                if text in first:
                    self.report(at + ("text",), L.duplicate_reply.format(number=first[text] + 1), "duplicate-reply")
                else:
                    first[text] = ci

    def variants(self) -> None:
        """Variants are there so that replays differ: two that differ only in spaces and punctuation do not."""
        def key(text: str) -> str:
            return "".join(ch for ch in text if ch.isalnum())

        def check(at: tuple, values) -> None:
            if not isinstance(values, list):
                return
            seen: dict[str, int] = {}
            for k, v in enumerate(values):
                if key(v) in seen:
                    self.report(at + (k,), L.same_variants.format(number=seen[key(v)] + 1), "same-variants")
                else:
                    seen[key(v)] = k

        for nid, node in self.sc.nodes.items():
            check(("nodes", nid, "say"), node.say_)
            for ci, c in enumerate(node.choices or ()):
                check(("nodes", nid, "choices", ci, "text"), c.text_)

    def guessable(self, naive: list[NaiveResult]) -> None:
        for res in naive:
            if res.total >= GUESSABLE_AT:
                self.report(("id",), L.guessable.format(strategy=L.strategies[res.strategy], total=res.total,
                                                        grade=res.grade, path=_path(res.path)), "guessable")

    def dimensions(self) -> None:
        rub, sc = self.rubric, self.sc
        expected = sc.expected
        used_steps = [s for n in sc.nodes.values() for c in n.choices or () for s in c.steps]
        for i, dim in enumerate(expected):
            steps = rub.dimensions[dim].steps
            if any(s in steps for s in used_steps):
                continue
            msg = L.expects_unperformed.format(label=rub.label(dim), steps=", ".join(steps))
            if sc.expects:
                self.report(("expects", i), msg, "expects-unperformed")
            else:
                self.report(("id",), msg + L.expects_default.format(dims=", ".join(expected)), "expects-unperformed")
        # Once per step, at its first reply, naming the lines of the others: all of them are fixed in one round.
        unscored: dict[str, list[tuple]] = {}
        for nid, node in sc.nodes.items():
            for ci, c in enumerate(node.choices or ()):
                for k, step in enumerate(c.steps):
                    if not rub.dims_performed([step], expected):
                        unscored.setdefault(step, []).append(("nodes", nid, "choices", ci, "steps", k))
        for step, places in unscored.items():
            owner = next((d for d, rule in rub.dimensions.items() if step in rule.steps), None)
            label = S.STEPS.get(step, step)
            msg = (L.step_not_scored.format(step=label, label=rub.label(owner)) if owner
                   else L.step_no_dimension.format(step=label))
            others = list(dict.fromkeys(self.src.value_pos(at)[0] for at in places[1:]))
            if others:
                msg += L.also_at.format(lines=L.line_sep.join(map(str, others)))
            self.report(places[0], msg, "step-not-scored")

    # --- checks over the situations a run can reach ------------------------------------------------
    def _when(self, i: int) -> str:
        _, anger, flags, _did = self.r.situations[i]
        path = self.r.path_to(i)
        parts = [L.when_path.format(path=_path(path)) if path else L.when_start]
        if anger != NO_ANGER:
            parts.append(L.when_anger.format(anger=anger))
        if flags:
            parts.append(L.when_flags.format(flags=", ".join(sorted(flags))))
        return S.LIST_SEP.join(parts)

    def situations(self) -> None:
        sc, r = self.sc, self.r
        nodes = sc.nodes
        at_node: dict[str, list[int]] = defaultdict(list)
        for i, (nid, *_) in enumerate(r.situations):
            at_node[nid].append(i)
        shown: set[tuple[str, int]] = set()
        taken: set[tuple[str, int, int]] = set()
        held: set[tuple[str, int, int]] = set()
        after_anger: dict[tuple[str, int], list[int]] = defaultdict(list)
        no_reply: dict[str, int] = {}
        one_reply: dict[str, int] = {}
        for i, (nid, anger, flags, did) in enumerate(r.situations):
            moves = r.moves[i]
            if moves is None or nodes[nid].ending is not None:
                continue
            if not moves:
                no_reply.setdefault(nid, i)
            elif len(moves) == 1:
                one_reply.setdefault(nid, i)
            for ci, ri, _ in moves:
                shown.add((nid, ci))
                c = nodes[nid].choices[ci]
                if ri is None:
                    continue
                taken.add((nid, ci, ri))
                a = anger if anger == NO_ANGER else max(0, min(100, anger + c.anger))
                f = flags | frozenset(c.set_)
                d = did | frozenset(c.steps) | frozenset(c.ng)
                after_anger[(nid, ci)].append(a)
                for k, route in enumerate(c.next):
                    if route.if_ is not None and holds(compile_condition(route.if_), a, f, d):
                        held.add((nid, ci, k))
        for nid, i in no_reply.items():
            self.report(("nodes", nid), L.no_reply.format(node=nid, when=self._when(i)), "no-visible-reply", key=True)
        for nid, i in one_reply.items():
            if nid not in no_reply:
                self.report(("nodes", nid), L.one_reply.format(node=nid, when=self._when(i)), "one-visible-reply",
                            key=True)
        self._traps(no_reply)
        if r.bound_hit:
            return  # what was not explored may still be reachable: say nothing about "never"
        self._unreachable(set(at_node))
        for nid in at_node:
            node = nodes[nid]
            angers = sorted({r.situations[i][1] for i in at_node[nid]} - {NO_ANGER})
            for ci, c in enumerate(node.choices or ()):
                at = ("nodes", nid, "choices", ci)
                if c.if_ is not None and (nid, ci) not in shown:
                    if at + ("if",) not in self.static_never:
                        self.report(at + ("if",), L.never_holds_choice.format(seen=self._seen(c.if_, angers, False)),
                                 "never-holds", key=True)
                    continue
                if isinstance(c.next, str) or (nid, ci) not in shown:
                    continue
                after = sorted(set(after_anger[(nid, ci)]) - {NO_ANGER})
                for k, route in enumerate(c.next[:-1]):
                    if route.if_ is None:
                        break  # reported as route-shadowed
                    rat = at + ("next", k, "if")
                    if (nid, ci, k) not in held:
                        if rat not in self.static_never:
                            self.report(rat, L.never_holds_route.format(seen=self._seen(route.if_, after, True)),
                                     "never-holds", key=True)
                    elif (nid, ci, k) not in taken:
                        self.report(at + ("next", k), L.route_never_taken, "route-never-taken")

    @staticmethod
    def _seen(cond: Condition, angers: list[int], after: bool) -> str:
        if not angers or (cond.anger_at_least is None and cond.anger_below is None):
            return ""
        if angers[0] == angers[-1]:
            return (L.seen_anger_after_fixed if after else L.seen_anger_fixed).format(anger=angers[0])
        return (L.seen_anger_after if after else L.seen_anger).format(low=angers[0], high=angers[-1])

    def _unreachable(self, reached: set[str]) -> None:
        sc = self.sc
        live = liveness(sc)
        written: set[str] = set()
        todo = [sc.start]
        while todo:
            n = todo.pop()
            if n in written:
                continue
            written.add(n)
            todo += live.successors[n]
        for nid, node in sc.nodes.items():
            if nid in reached:
                continue
            if node.ending is not None:
                self.report(("nodes", nid), L.unreachable_ending.format(node=nid), "unreachable-ending", key=True)
            else:
                msg = L.unreachable_node_conditions if nid in written else L.unreachable_node
                self.report(("nodes", nid), msg.format(node=nid), "unreachable-node", key=True)

    def _traps(self, no_reply: dict[str, int]) -> None:
        """Report loops that no reply leaves. Situations from which no ending is reachable either end in a turn
        with no reply shown (reported already) or in such a loop: report the loop, not every turn leading to it."""
        r, nodes = self.r, self.sc.nodes
        alive = r.alive()
        dead = [i for i in range(len(r.situations)) if not alive[i]]
        if not dead:
            return
        dead_set = set(dead)
        succ = {i: [j for _, _, j in r.moves[i] or ()] for i in dead}
        seen_sets: set[frozenset] = set()
        order = {nid: k for k, nid in enumerate(nodes)}
        for comp in _components(dead, succ):
            members = set(comp)
            if any(j not in members for i in comp for j in succ[i] if j in dead_set):
                continue  # not a bottom component: it leads into another trap
            if len(comp) == 1 and comp[0] not in succ[comp[0]]:
                continue  # a single situation with no reply shown: reported as no-visible-reply
            names = frozenset(r.situations[i][0] for i in comp)
            if names in seen_sets:
                continue
            seen_sets.add(names)
            first = min(comp, key=lambda i: len(r.path_to(i)))
            where = min(names, key=order.__getitem__)
            path = _path(r.path_to(first))
            if len(names) == 1:
                msg = L.trap_one.format(node=where, path=path)
            else:
                listed = L.node_list_sep.join(L.node_quote.format(node=n) for n in sorted(names, key=order.__getitem__))
                msg = L.trap.format(nodes=L.nodes_between.format(nodes=listed), path=path)
            self.report(("nodes", where), msg, "trap", key=True)

    # --- the score analysis -----------------------------------------------------------------------------
    def score(self, a: Analysis) -> None:
        rub = self.rubric
        if (a.time_hit or self.r.time_hit) and self.seconds is not None:
            self.report(("id",), L.bound_time.format(seconds=f"{self.seconds:g}"), "analysis-bound")
        elif a.bound_hit or self.r.bound_hit:
            self.report(("id",), L.bound.format(budget=self.budget), "analysis-bound")
        if a.best_total is None:
            return  # no ending reachable: the traps say why
        top = max(rub.grades, key=lambda g: g.min)
        if a.best_total < top.min:
            self.report(("id",), L.best_low.format(best=a.best_total, top=top.min, grade=top.grade,
                                                 path=_path(a.best_path)), "best-low")
        if a.worst_total is not None and a.worst_total > rub.failure_cap:
            self.report(("id",), L.worst_high.format(worst=a.worst_total, cap=rub.failure_cap,
                                                   path=_path(a.worst_path)), "worst-high")


def _components(nodes: list[int], succ: dict[int, list[int]]) -> list[list[int]]:
    """Strongly connected components of the graph restricted to ``nodes`` (Tarjan, iterative)."""
    inside = set(nodes)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter([j for j in succ[root] if j in inside]))]
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter([j for j in succ[w] if j in inside])))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                u = work[-1][0]
                low[u] = min(low[u], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out

"""Score a finished (or abandoned) run and explain every point lost, turn by turn.

The numbers follow the rubric exactly (see docs/format.md and docs/scoring.md). Steps performed in the same
reply count as having occurred together: a reply that apologises and then asks for the receipt is in order.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from kasuhara_sim import strings as S
from kasuhara_sim.format.model import Scenario
from kasuhara_sim.i18n import relabel
from kasuhara_sim.scoring.rubric import Rubric, default_rubric


@dataclass
class Loss:
    """One reason for points lost. ``points`` is the rule's amount, ``effective`` what it cost after clamping at 0."""

    kind: str  # not_performed | out_of_order | ng (on a dimension) | deduction | ng_total (rubric 1) | failure_cap | critical_cap
    dimension: str | None  # None: taken from the total
    points: int
    effective: int
    reason: str
    turn: int | None = None
    ng: str | None = None
    severity: str | None = None  # deduction: the severity's name (minor, major, critical, …)


@dataclass
class DimensionResult:
    dimension: str
    label: str
    score: int
    performed: bool
    in_order: bool | None
    first_turn: int | None
    losses: list[Loss] = field(default_factory=list)


@dataclass
class TurnReview:
    turn: int
    node: str
    text: str
    feedback: str
    steps: list[str]
    ng: list[str]
    anger_before: int
    anger_after: int
    losses: list[Loss]
    better_text: str | None = None  # a reply shown at this turn that kept a higher total reachable
    better_feedback: str | None = None
    better_number: int | None = None
    # 自由回答: ``text`` is what the trainee typed; the authored reply it was taken as, the words behind each tag and
    # the 言葉づかい advice (never scored).
    reply: str | None = None
    evidence: list[dict] = field(default_factory=list)
    advice: list[dict] = field(default_factory=list)
    pressed: list[dict] = field(default_factory=list)  # timed mode: the customer pressed before this reply


@dataclass
class ScoreReport:
    scenario: str
    outcome: str | None
    success: bool | None
    finished: bool
    dimensions: list[DimensionResult]
    total: int
    grade: str
    total_losses: list[Loss]  # after the procedure's mean: each deduction with its reply, then any cap
    turns: list[TurnReview]
    order_yours: list[str]  # expected dimensions in the order first performed
    order_basic: list[list[str]]  # the procedure's order, as groups
    anger_curve: list[int]
    debrief: str | None  # the ending's commentary for the path taken
    ending_say: str | None  # the ending's line as shown
    mean: int = 0  # the procedure's mean: the rounded mean of the expected dimensions
    ending_narration: str | None = None
    seed: int | None = None
    critical: list[str] = field(default_factory=list)  # critical NG tags made
    # ``order_yours`` grouped by the reply that first performed them, each group in the order the reply performed them
    order_groups: list[list[str]] = field(default_factory=list)
    # The search for better replies stopped early (time or states): some turns may lack the better reply they have.
    better_cut: bool = False
    timed: int | None = None  # timed mode: the seconds the customer waited for each reply (None: not timed)

    def breakdown(self) -> list[tuple[str, int, str]]:
        """How the total is reached, as (kind, points, words): the procedure's mean, each deduction with its reply,
        any cap, and the total. Points are signed (deductions and caps negative)."""
        rows = [("mean", self.mean, S.Score.mean.format(mean=self.mean))]
        rows += [(loss.kind, -loss.effective, loss.reason) for loss in self.total_losses]
        rows.append(("total", self.total, S.Report.total.format(total=self.total)))
        return rows

    @property
    def scores(self) -> dict[str, int]:
        return {d.dimension: d.score for d in self.dimensions}

    def to_dict(self) -> dict:
        data = asdict(self)
        data["scores"] = self.scores
        return data


def basic_order(rubric: Rubric, expected) -> list[list[str]]:
    """The procedure's order as groups: a dimension's rank is one more than that of its earliest prerequisite."""
    rank: dict[str, int] = {}

    def rank_of(d: str, seen: frozenset = frozenset()) -> int:
        if d not in rank:
            pre = [p for p in rubric.prerequisites(d, expected) if p not in seen]
            rank[d] = 1 + min(rank_of(p, seen | {d}) for p in pre) if pre else 0
        return rank[d]

    dims = [d for d in expected if rubric.prerequisites(d, expected) or any(
        d in rubric.prerequisites(o, expected) for o in expected)]
    groups: dict[int, list[str]] = {}
    for d in dims:
        groups.setdefault(rank_of(d), []).append(d)
    return [groups[k] for k in sorted(groups)]


def score_run(scenario: Scenario, run, rubric: Rubric | None = None, better_replies: bool = True) -> ScoreReport:
    """Score ``run`` (an engine Run, finished or not) under ``rubric`` (default: the shipped rubric)."""
    rub = rubric or default_rubric()
    exp = list(scenario.expected)
    status: dict[str, int] = {d: 0 for d in exp}
    first_turn: dict[str, int] = {}
    order_yours: list[str] = []
    dim_losses: dict[str, list[Loss]] = {d: [] for d in exp}
    total_losses: list[Loss] = []
    reviews: list[TurnReview] = []
    critical: list[str] = []
    critical_turn: dict[str, int] = {}
    order_groups: list[list[str]] = []
    for t in run.transcript:
        # The dimensions this reply performs, in the order its steps are written.
        this = list(dict.fromkeys(d for step in t.steps for d in rub.dims_performed([step], exp)))
        occurred = {d for d in exp if status[d]} | set(this)
        group = []
        for d in this:
            if status[d] == 0:
                status[d] = 1 if rub.in_order(d, occurred, exp) else 2
                first_turn[d] = t.number
                order_yours.append(d)
                group.append(d)
        if group:
            order_groups.append(group)
        turn_losses: list[Loss] = []
        quoted = S.Score.quoted(t.text)
        for ng in t.ng:
            label = S.NG_TAGS.get(ng, ng)
            for dim, amount in rub.penalties.get(ng, {}).items():
                if dim in exp:
                    loss = Loss("ng", dim, amount, amount,
                                S.Score.ng_penalty.format(turn=t.number, text=quoted, ng=label), t.number, ng)
                    dim_losses[dim].append(loss)
                    turn_losses.append(loss)
                elif rub.rubric == 1:
                    loss = Loss("ng_total", None, amount, amount,
                                S.Score.total_penalty.format(turn=t.number, text=quoted, ng=label), t.number, ng)
                    total_losses.append(loss)
                    turn_losses.append(loss)
            sev = rub.severity(ng) if rub.rubric >= 2 else None
            if sev is not None and sev[1].points:
                name, severity = sev
                loss = Loss("deduction", None, severity.points, severity.points,
                            S.Score.deduction.format(turn=t.number, text=quoted, ng=label, severity=relabel(severity.label)),
                            t.number, ng, name)
                total_losses.append(loss)
                turn_losses.append(loss)
            if rub.is_critical(ng) and ng not in critical:
                critical.append(ng)
                critical_turn.setdefault(ng, t.number)
        reviews.append(TurnReview(t.number, t.node, t.text, t.feedback, list(t.steps), list(t.ng),
                                  t.anger_before, t.anger_after, turn_losses, reply=getattr(t, "reply", None),
                                  evidence=list(getattr(t, "evidence", ())), advice=list(getattr(t, "advice", ())),
                                  pressed=list(getattr(t, "pressed", ()))))

    results: list[DimensionResult] = []
    for d in exp:
        label = rub.label(d)
        losses: list[Loss] = []
        if status[d] == 0:
            base = 0
            losses.append(Loss("not_performed", d, rub.performed, rub.performed, S.Score.not_performed.format(label=label)))
        elif status[d] == 2:
            base = rub.out_of_order
            before = S.LABEL_SEP.join(rub.label(p) for p in rub.prerequisites(d, exp))
            lost = rub.performed - rub.out_of_order
            losses.append(Loss("out_of_order", d, lost, lost,
                               S.Score.out_of_order.format(label=label, turn=first_turn[d], before=before), first_turn[d]))
        else:
            base = rub.performed
        score = base
        for loss in dim_losses[d]:
            loss.effective = min(loss.points, score)
            if loss.effective == 0:
                loss.reason += S.Score.ng_no_effect
            score -= loss.effective
            losses.append(loss)
        results.append(DimensionResult(d, label, score, status[d] != 0, None if status[d] == 0 else status[d] == 1,
                                       first_turn.get(d), losses))

    outcome = run.outcome if run.finished else None
    scores = [r.score for r in results]
    mean = rub.mean(scores)
    # Deductions come off the procedure's mean in the order made; once the total is at 0 the rest cost nothing more.
    left = mean
    for loss in total_losses:
        loss.effective = min(loss.points, max(0, left))
        if loss.effective < loss.points:
            loss.reason += S.Score.deduction_floor if loss.effective else S.Score.deduction_no_effect
        left -= loss.effective
    extra = sum(loss.points for loss in total_losses)
    uncapped = rub.combine(scores, extra, None)
    total = rub.combine(scores, extra, outcome, bool(critical))
    if total < uncapped:
        cut = uncapped - total
        if outcome in rub.failed_outcomes:
            total_losses.append(Loss("failure_cap", None, cut, cut, S.Score.failure_cap.format(
                outcome=S.OUTCOMES.get(outcome, outcome), cap=rub.failure_cap)))
        else:
            first = critical[0]
            total_losses.append(Loss("critical_cap", None, cut, cut, S.Score.critical_cap.format(
                turn=critical_turn[first], ng=S.NG_TAGS.get(first, first), cap=rub.failure_cap), critical_turn[first],
                first))
    node = run.node
    report = ScoreReport(
        scenario=scenario.id, outcome=outcome, success=None if outcome is None else outcome not in rub.failed_outcomes,
        finished=run.finished, dimensions=results, total=total, grade=rub.grade(total), total_losses=total_losses,
        turns=reviews, order_yours=order_yours, order_basic=basic_order(rub, exp), anger_curve=list(run.anger_curve),
        debrief=run.debrief if run.finished else None, ending_say=run.say if run.finished else None,
        mean=mean, ending_narration=node.narration if run.finished else None, seed=getattr(run, "seed", None),
        critical=critical, order_groups=order_groups, timed=getattr(run, "timed", None),
    )
    if better_replies:
        name_better_replies(scenario, run, report, rub)
    return report


BETTER_BUDGET = 50_000  # expanded states per search for a better reply
BETTER_SECONDS = 0.8  # for all the turns of a run together: the trainee is waiting for the result


def name_better_replies(scenario: Scenario, run, report: ScoreReport, rubric: Rubric | None = None,
                        deadline=None) -> bool:
    """At each turn, name the first reply shown (in the order the trainee saw, with the words the trainee saw) whose
    best reachable total beats that of the reply chosen; fills ``report.turns`` in place.

    Separate from ``score_run(..., better_replies=False)`` so that a run's finish can be recorded before this search,
    which can take a while. Bounded by ``deadline`` (``scoring.search.Deadline``; default: ``BETTER_SECONDS`` of
    processor time from now) and by ``BETTER_BUDGET`` states per search. A reply is named only when it is certainly
    better: the chosen reply's search ran to the end and another reply reaches a higher total. When a search was cut
    short, ``report.better_cut`` is set (and False returned) so that the result can say so."""
    from kasuhara_sim.engine.run import layout
    from kasuhara_sim.scoring.search import NO_ANGER, Analyser, Deadline

    if not run.transcript:
        return True
    # Processor time, as validate: the same run gets the same explanations on a machine busy with other work.
    an = Analyser(scenario, rubric or default_rubric(), budget=BETTER_BUDGET,
                  deadline=Deadline(BETTER_SECONDS, time.process_time) if deadline is None else deadline)
    # The state before each turn first; then the turns from the last, whose searches are the shortest, so that
    # when time runs out it is the early turns (the most expensive to search) that go without.
    states = [an.initial()]
    for t in run.transcript[:-1]:
        states.append(an.apply(states[-1], scenario.nodes[t.node].choices[t.choice_index]))
    # Timed mode: the customer's presses raised the anger between replies; each turn is searched from the anger the
    # trainee actually faced (a route or a reply guarded by anger may differ), where the anger still matters.
    states = [s if s.anger == NO_ANGER else s._replace(anger=t.anger_before) for s, t in zip(states, run.transcript)]
    visits: dict[str, int] = {}
    texts_at = []
    seed = getattr(run, "seed", None)
    for t in run.transcript:
        node = scenario.nodes[t.node]
        texts_at.append(layout(t.node, node, seed, visits.get(t.node, 0)).texts)
        visits[t.node] = visits.get(t.node, 0) + 1
    cut = False
    for t, review, state, texts in reversed(list(zip(run.transcript, report.turns, states, texts_at))):
        node = scenario.nodes[t.node]
        shown = [(i, node.choices[i]) for i in t.visible]
        outlooks = []
        chosen_exact = True
        for k, (_, c) in enumerate(shown):
            after = an.apply(state, c)
            ext = an.extremes(after)
            outlooks.append(-1 if ext is None else ext.best_total)
            if not an.exact(after):
                cut = True
                if k == t.pick - 1:
                    chosen_exact = False
        chosen = outlooks[t.pick - 1]
        top = max(outlooks)
        # A total found is reachable, so a higher one is certainly better; the chosen reply's total must be exact.
        if chosen_exact and top > chosen:
            n = outlooks.index(top)
            review.better_text = texts[shown[n][0]]
            review.better_feedback = shown[n][1].feedback
            review.better_number = n + 1
    report.better_cut = cut
    return not cut

"""Score a finished (or abandoned) run and explain every point lost, turn by turn.

The numbers follow the rubric exactly (see SCENARIO_FORMAT.md and docs/scoring.md). Steps performed in the same
reply count as having occurred together: a reply that apologises and then asks for the receipt is in order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kasuhara_sim import strings as S
from kasuhara_sim.scenario.model import Scenario
from kasuhara_sim.scoring.rubric import Rubric, default_rubric


@dataclass
class Loss:
    """One reason for points lost. ``points`` is the rule's amount, ``effective`` what it cost after clamping at 0."""

    kind: str  # not_performed | out_of_order | ng | ng_total | failure_cap
    dimension: str | None  # None: taken from the total
    points: int
    effective: int
    reason: str
    turn: int | None = None
    ng: str | None = None


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


@dataclass
class ScoreReport:
    scenario: str
    outcome: str | None
    success: bool | None
    finished: bool
    dimensions: list[DimensionResult]
    total: int
    grade: str
    total_losses: list[Loss]
    turns: list[TurnReview]
    order_yours: list[str]  # expected dimensions in the order first performed
    order_basic: list[list[str]]  # the procedure's order, as groups
    anger_curve: list[int]
    debrief: str | None
    ending_say: str | None

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
    for t in run.transcript:
        this = rub.dims_performed(t.steps, exp)
        occurred = {d for d in exp if status[d]} | set(this)
        for d in this:
            if status[d] == 0:
                status[d] = 1 if rub.in_order(d, occurred, exp) else 2
                first_turn[d] = t.number
                order_yours.append(d)
        turn_losses: list[Loss] = []
        quoted = S.Score.quoted(t.text)
        for ng in t.ng:
            for dim, amount in rub.penalties.get(ng, {}).items():
                label = S.NG_TAGS.get(ng, ng)
                if dim in exp:
                    loss = Loss("ng", dim, amount, amount,
                                S.Score.ng_penalty.format(turn=t.number, text=quoted, ng=label), t.number, ng)
                    dim_losses[dim].append(loss)
                else:
                    loss = Loss("ng_total", None, amount, amount,
                                S.Score.total_penalty.format(turn=t.number, text=quoted, ng=label), t.number, ng)
                    total_losses.append(loss)
                turn_losses.append(loss)
        reviews.append(TurnReview(t.number, t.node, t.text, t.feedback, list(t.steps), list(t.ng),
                                  t.anger_before, t.anger_after, turn_losses))

    results: list[DimensionResult] = []
    for d in exp:
        label = rub.label(d)
        losses: list[Loss] = []
        if status[d] == 0:
            base = 0
            losses.append(Loss("not_performed", d, rub.performed, rub.performed, S.Score.not_performed.format(label=label)))
        elif status[d] == 2:
            base = rub.out_of_order
            before = "・".join(rub.label(p) for p in rub.prerequisites(d, exp))
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
    extra = min(100, sum(loss.points for loss in total_losses))
    uncapped = rub.combine([r.score for r in results], extra, None)
    total = rub.combine([r.score for r in results], extra, outcome)
    if total < uncapped:
        total_losses.append(Loss("failure_cap", None, uncapped - total, uncapped - total,
                                 S.Score.failure_cap.format(outcome=S.OUTCOMES.get(outcome, outcome), cap=rub.failure_cap)))
    if better_replies and run.transcript:
        _name_better_replies(scenario, rub, run, reviews)
    node = run.node
    return ScoreReport(
        scenario=scenario.id, outcome=outcome, success=None if outcome is None else outcome not in rub.failed_outcomes,
        finished=run.finished, dimensions=results, total=total, grade=rub.grade(total), total_losses=total_losses,
        turns=reviews, order_yours=order_yours, order_basic=basic_order(rub, exp), anger_curve=list(run.anger_curve),
        debrief=node.debrief if run.finished else None, ending_say=node.say if run.finished else None,
    )


def _name_better_replies(scenario: Scenario, rub: Rubric, run, reviews: list[TurnReview]) -> None:
    """At each turn, name the first shown reply whose best reachable total beats that of the reply chosen."""
    from kasuhara_sim.analysis import Analyser
    from kasuhara_sim.engine.rules import visible

    an = Analyser(scenario, rub, budget=50_000)
    state = an.initial()
    for t, review in zip(run.transcript, reviews):
        node = scenario.nodes[state.node]
        shown = visible(node, state.anger, state.flags)
        outlooks = []
        for _, c in shown:
            ext = an.extremes(an.apply(state, c))
            outlooks.append(-1 if ext is None else ext.best_total)
        chosen = outlooks[t.pick - 1]
        top = max(outlooks)
        if top > chosen:
            n = outlooks.index(top)
            review.better_text = shown[n][1].text
            review.better_feedback = shown[n][1].feedback
            review.better_number = n + 1
        state = an.apply(state, shown[t.pick - 1][1])

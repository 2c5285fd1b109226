"""The instructor's report after a workshop: where the group is strong and where it is weak.

Mean and spread are taken *across trainees*: each trainee counts once per scenario, through one finished run chosen
by ``basis`` (their best, first or latest), so a trainee who played a scenario five times does not weigh five times.
Mistakes (NG tags) are counted over every reply chosen in every run, finished or not: each one is something the
group did and an instructor will want to discuss.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from rich.cells import cell_len

from kasuhara_sim import __version__
from kasuhara_sim import strings as S
from kasuhara_sim.display import clean, local_time, short
from kasuhara_sim.reports.export import dimension_order, text_cell
from kasuhara_sim.store.db import RunRecord, utc_now
from kasuhara_sim.strings import Results as R

BASES = ("best", "first", "latest")
TOP_REPLIES = 3


@dataclass
class Stat:
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, values) -> "Stat":
        v = [float(x) for x in values]
        if not v:
            return cls(0, None, None, None, None)
        # Population SD: the spread of this group, not an estimate for a wider population.
        return cls(len(v), statistics.fmean(v), statistics.pstdev(v), min(v), max(v))


@dataclass
class ScenarioSummary:
    scenario_id: str
    title: str
    level: str
    expects: list[str]
    trainees: int
    attempts: int
    finished: int
    abandoned: int
    total: Stat
    points: list[float]  # each trainee's total (on the basis), for the chart
    dims: dict[str, Stat]
    success_rate: float | None
    outcomes: dict[str, int]


@dataclass
class DimensionSummary:
    dimension: str
    label: str
    stat: Stat
    runs: int
    missed: float | None  # shares of the runs considered in which the dimension was ...
    out_of_order: float | None
    penalised: float | None


@dataclass
class NgReply:
    text: str
    scenario_id: str
    scenario_title: str
    count: int


@dataclass
class NgSummary:
    tag: str
    label: str
    count: int
    trainees: int
    replies: list[NgReply]


@dataclass
class TraineeSummary:
    name: str
    runs: int
    finished: int
    mean_total: float | None
    weakest: str | None  # dimension label


@dataclass
class QuizQuestionSummary:
    question_id: str
    topic: str
    statement: str
    answered: int
    correct: int
    trainees: int

    @property
    def rate(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass
class QuizSummary:
    rounds: int  # rounds with at least one answer
    trainees: int
    mean_rate: float | None  # mean share of right answers per round
    questions: list[QuizQuestionSummary]  # hardest first


@dataclass
class PassRow:
    """One trainee's test-mode record on one scenario."""

    trainee: str
    scenario_id: str
    title: str
    attempts: int  # test-mode runs, finished or not
    best: int | None  # best finished test total
    grade: str | None
    pass_mark: int
    passed: bool
    passed_at: str | None  # when the first passing run ended


@dataclass
class GridCell:
    """One trainee on one scenario, every mode: first and best finished totals, and every attempt."""

    first: int | None
    best: int | None
    attempts: int


@dataclass
class ChoiceCount:
    index: int  # the reply's position in the node, as written
    text: str
    count: int


@dataclass
class TurnChoices:
    """How often each reply of one node was chosen, over every run that reached it."""

    node: str
    turn: int  # the earliest turn at which the node was reached
    prompt: str | None
    total: int
    replies: list[ChoiceCount]


@dataclass
class ScenarioChoices:
    scenario_id: str
    title: str
    turns: list[TurnChoices]


@dataclass
class WorkshopReport:
    generated_at: str
    since: str | None
    basis: str
    first_at: str | None
    last_at: str | None
    runs: int
    finished: int
    abandoned: int
    in_progress: int
    trainees: list[TraineeSummary]
    scenarios: list[ScenarioSummary]
    dimensions: list[DimensionSummary]
    ng: list[NgSummary]
    weakest: DimensionSummary | None
    labels: dict[str, str] = field(default_factory=dict)
    quiz: QuizSummary | None = None
    filters: dict[str, str] = field(default_factory=dict)
    passes: list[PassRow] = field(default_factory=list)
    grid: dict[tuple[str, str], GridCell] = field(default_factory=dict)  # (trainee, scenario id) -> cell
    choices: list[ScenarioChoices] = field(default_factory=list)

    @property
    def passed_trainees(self) -> list[str]:
        return sorted({p.trainee for p in self.passes if p.passed})


def _chosen(runs: list[RunRecord], basis: str) -> dict[tuple[str, str], RunRecord]:
    """One finished run per (trainee, scenario) on the basis."""
    out: dict[tuple[str, str], RunRecord] = {}
    for r in sorted(runs, key=lambda r: (r.started_at, r.id)):
        if not r.finished:
            continue
        key = (r.trainee, r.scenario_id)
        have = out.get(key)
        if have is None or basis == "latest" or (basis == "best" and (r.total or 0) > (have.total or 0)):
            out[key] = r
    return out


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def build_quiz(quizzes) -> QuizSummary | None:
    """○× answers across the group: which statements most trainees get wrong."""
    rounds = [q for q in quizzes if q.answers]
    if not rounds:
        return None
    per: dict[str, QuizQuestionSummary] = {}
    people: dict[str, set] = defaultdict(set)
    for q in rounds:
        for a in q.answers:
            item = per.setdefault(a.question_id, QuizQuestionSummary(a.question_id, a.topic, a.statement, 0, 0, 0))
            item.answered += 1
            item.correct += a.correct
            people[a.question_id].add(q.trainee)
    for qid, item in per.items():
        item.trainees = len(people[qid])
    hardest = sorted(per.values(), key=lambda x: (x.rate, -x.answered, x.question_id))
    return QuizSummary(len(rounds), len({q.trainee for q in rounds}),
                       statistics.fmean(q.correct / len(q.answers) for q in rounds), hardest)


def build_passes(runs: list[RunRecord]) -> list[PassRow]:
    """Test-mode runs per trainee and scenario. A pass: a success ending with a total at or above the pass mark the
    run was scored against (kept with the run, so a later change of rubric does not rewrite who passed)."""
    rows: dict[tuple[str, str], PassRow] = {}
    for r in sorted(runs, key=lambda r: (r.started_at, r.id)):
        if r.mode != "test":
            continue
        row = rows.setdefault((r.trainee, r.scenario_id), PassRow(r.trainee, r.scenario_id, r.scenario_title, 0, None,
                                                                  None, r.pass_mark, False, None))
        row.attempts += 1
        row.title = r.scenario_title
        if not r.finished or r.total is None:
            continue
        ok = bool(r.success) and r.total >= r.pass_mark
        if row.best is None or r.total > row.best:
            row.best, row.grade, row.pass_mark = r.total, r.grade, r.pass_mark
        if ok and not row.passed:
            row.passed, row.passed_at = True, r.ended_at or r.started_at
    return sorted(rows.values(), key=lambda p: (p.trainee, p.scenario_id))


def build_grid(runs: list[RunRecord]) -> dict[tuple[str, str], GridCell]:
    grid: dict[tuple[str, str], GridCell] = {}
    for r in sorted(runs, key=lambda r: (r.started_at, r.id)):
        cell = grid.setdefault((r.trainee, r.scenario_id), GridCell(None, None, 0))
        cell.attempts += 1
        if r.finished and r.total is not None:
            if cell.first is None:
                cell.first = r.total
            cell.best = r.total if cell.best is None else max(cell.best, r.total)
    return grid


def build_choices(runs: list[RunRecord]) -> list[ScenarioChoices]:
    """For each scenario and node, how many times each reply was chosen (every stored turn of every run).

    A reply is known by its position in the node (``choice_index``) and labelled with its text as written in the
    newest run; replies nobody chose are listed too, with 0, because that is worth discussing as well."""
    out: list[ScenarioChoices] = []
    by_scenario: dict[str, list[RunRecord]] = defaultdict(list)
    for r in runs:
        by_scenario[r.scenario_id].append(r)
    for sid, rs in by_scenario.items():
        counts: dict[str, Counter] = defaultdict(Counter)
        first_turn: dict[str, int] = {}
        labels: dict[str, dict[int, str]] = defaultdict(dict)
        prompts: dict[str, str | None] = {}
        for r in sorted(rs, key=lambda r: (r.started_at, r.id)):  # oldest first: the newest wording wins
            for t in r.turns:
                counts[t.node][t.choice_index] += 1
                first_turn[t.node] = min(first_turn.get(t.node, t.number), t.number)
                if t.choices:
                    labels[t.node].update(enumerate(t.choices))
                labels[t.node].setdefault(t.choice_index, t.text)
                prompts[t.node] = t.prompt
        turns = []
        for node in sorted(counts, key=lambda n: (first_turn[n], n)):
            c = counts[node]
            indexes = sorted(set(labels[node]) | set(c))
            replies = [ChoiceCount(i, labels[node].get(i, ""), c.get(i, 0)) for i in indexes]
            turns.append(TurnChoices(node, first_turn[node], prompts.get(node), sum(c.values()), replies))
        latest = max(rs, key=lambda r: (r.started_at, r.id))
        if turns:
            out.append(ScenarioChoices(sid, latest.scenario_title, turns))
    return out


def build(runs: list[RunRecord], basis: str = "best", since: str | None = None, quizzes=(),
          filters: dict[str, str] | None = None) -> WorkshopReport:
    """Aggregate ``runs`` (RunRecords with details) and ``quizzes`` (QuizRecords); ``filters`` (e.g. the session)
    are only shown."""
    if basis not in BASES:
        raise ValueError(basis)
    labels: dict[str, str] = dict(S.DIMENSIONS)
    for r in runs:
        for d in r.dimensions:
            labels[d.dimension] = d.label
    chosen = _chosen(runs, basis)
    dims = dimension_order(runs)

    scenarios: list[ScenarioSummary] = []
    by_scenario: dict[str, list[RunRecord]] = defaultdict(list)
    for r in runs:
        by_scenario[r.scenario_id].append(r)
    for sid, rs in by_scenario.items():
        latest = max(rs, key=lambda r: r.started_at)
        picked = [run for (_, s), run in chosen.items() if s == sid]
        dstats = {}
        for d in latest.expects:
            dstats[d] = Stat.of(run.scores[d] for run in picked if d in run.scores)
        outcomes = Counter(r.outcome for r in rs if r.finished)  # every run, as the success rate
        scenarios.append(ScenarioSummary(
            scenario_id=sid, title=latest.scenario_title, level=latest.scenario_level, expects=list(latest.expects),
            trainees=len({r.trainee for r in rs}), attempts=len(rs), finished=sum(r.finished for r in rs),
            abandoned=sum(r.status == "abandoned" for r in rs), total=Stat.of(run.total for run in picked),
            points=sorted(float(run.total) for run in picked), dims=dstats,
            # Every finished run counts, not each trainee's best only: a success that took five tries shows as such.
            success_rate=_share([bool(r.success) for r in rs if r.finished]),
            outcomes={k: outcomes[k] for k in S.OUTCOMES if outcomes.get(k)},
        ))
    level_rank = {k: i for i, k in enumerate(S.LEVELS)}
    scenarios.sort(key=lambda s: (level_rank.get(s.level, 9), s.scenario_id))

    # A trainee's score on a dimension: the mean over the scenarios (on the basis) that scored it.
    per_trainee: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (name, _), run in chosen.items():
        for d in run.dimensions:
            per_trainee[name][d.dimension].append(d.score)
    dimensions: list[DimensionSummary] = []
    for d in dims:
        values = [statistics.fmean(v[d]) for v in per_trainee.values() if v.get(d)]
        recs = [x for run in chosen.values() for x in run.dimensions if x.dimension == d]
        dimensions.append(DimensionSummary(
            dimension=d, label=labels.get(d, d), stat=Stat.of(values), runs=len(recs),
            missed=_share([not x.performed for x in recs]),
            out_of_order=_share([x.in_order is False for x in recs]),
            penalised=_share([x.penalised for x in recs]),
        ))
    rated = [x for x in dimensions if x.stat.n and x.stat.mean < 100]  # nothing to improve is not a weakness
    weakest = min(rated, key=lambda x: x.stat.mean) if rated else None  # min keeps the rubric order on ties

    ng_count: Counter = Counter()
    ng_people: dict[str, set] = defaultdict(set)
    ng_replies: dict[str, Counter] = defaultdict(Counter)
    titles: dict[str, str] = {}
    for r in runs:
        titles[r.scenario_id] = r.scenario_title
        for t in r.turns:
            for tag in t.ng:
                ng_count[tag] += 1
                ng_people[tag].add(r.trainee)
                ng_replies[tag][(r.scenario_id, t.text)] += 1
    def replies(tag: str) -> list[NgReply]:
        top = sorted(ng_replies[tag].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REPLIES]
        return [NgReply(text, sid, titles.get(sid, sid), c) for (sid, text), c in top]

    tag_order = {t: i for i, t in enumerate(S.NG_TAGS)}
    ng = [NgSummary(tag, S.NG_TAGS.get(tag, tag), n, len(ng_people[tag]), replies(tag))
          for tag, n in sorted(ng_count.items(), key=lambda kv: (-kv[1], tag_order.get(kv[0], 99)))]

    trainees: list[TraineeSummary] = []
    for name in sorted({r.trainee for r in runs}):
        mine = [r for r in runs if r.trainee == name]
        picked = [run for (n, _), run in chosen.items() if n == name]
        scores = {d: statistics.fmean(v) for d, v in per_trainee.get(name, {}).items() if v}
        weak = min((d for d in dims if d in scores and scores[d] < 100), key=lambda d: scores[d], default=None)
        trainees.append(TraineeSummary(name, len(mine), sum(r.finished for r in mine),
                                       statistics.fmean(run.total for run in picked) if picked else None,
                                       labels.get(weak, weak) if weak else None))

    starts = sorted(r.started_at for r in runs)
    return WorkshopReport(
        generated_at=utc_now(), since=since, basis=basis, first_at=starts[0] if starts else None,
        last_at=starts[-1] if starts else None, runs=len(runs), finished=sum(r.finished for r in runs),
        abandoned=sum(r.status == "abandoned" for r in runs), in_progress=sum(r.status == "in_progress" for r in runs),
        trainees=trainees, scenarios=scenarios, dimensions=dimensions, ng=ng, weakest=weakest, labels=labels,
        quiz=build_quiz(quizzes), filters=dict(filters or {}), passes=build_passes(runs), grid=build_grid(runs),
        choices=build_choices(runs),
    )


# --- formatting helpers shared by the renderers ----------------------------------------------------------------------
def num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return R.none
    return f"{value:.{digits}f}"


def pct(share: float | None) -> str:
    return R.none if share is None else R.report_percent.format(value=round(share * 100))


def spread(stat: Stat) -> str:
    return R.none if stat.sd is None else R.report_sd.format(sd=num(stat.sd))


def span(stat: Stat) -> str:
    return R.none if stat.low is None else R.report_range.format(low=num(stat.low, 0), high=num(stat.high, 0))


def period(rep: WorkshopReport) -> str:
    line = R.report_period.format(start=local_time(rep.first_at), end=local_time(rep.last_at))
    if rep.since:
        line += R.report_since.format(since=local_time(rep.since))
    return line


def filters_line(rep: WorkshopReport) -> str | None:
    if not rep.filters:
        return None
    parts = []
    for key, value in rep.filters.items():
        shown = local_time(value) if key == "until" else R.mode_short.get(value, value) if key == "mode" else value
        parts.append(R.report_filter[key].format(value=shown))
    return R.report_filters.format(filters=S.LIST_SEP.join(parts))


def pass_rows(rep: WorkshopReport) -> list[list[str]]:
    return [[p.trainee, p.title, str(p.attempts), "" if p.best is None else str(p.best), p.grade or "",
             str(p.pass_mark), R.passed[p.passed], local_time(p.passed_at, "%Y-%m-%d") if p.passed_at else ""]
            for p in rep.passes]


def pass_count(rep: WorkshopReport) -> str:
    return R.report_pass_count.format(passed=len(rep.passed_trainees), tried=len({p.trainee for p in rep.passes}))


def grid_columns(rep: WorkshopReport) -> list[tuple[str, str]]:
    """(scenario id, title) in the report's scenario order."""
    return [(s.scenario_id, s.title) for s in rep.scenarios]


def grid_text(rep: WorkshopReport, name: str, sid: str) -> str:
    cell = rep.grid.get((name, sid))
    if cell is None:
        return ""
    return R.report_grid_cell.format(first=R.none if cell.first is None else cell.first,
                                     best=R.none if cell.best is None else cell.best, attempts=cell.attempts)


def choice_share(count: int, total: int) -> str:
    return pct(count / total if total else None)


def summary_line(rep: WorkshopReport) -> str:
    return R.report_summary.format(trainees=len(rep.trainees), runs=rep.runs, finished=rep.finished,
                                   abandoned=rep.abandoned, in_progress=rep.in_progress)


def weakest_lines(rep: WorkshopReport) -> list[str]:
    w = rep.weakest
    if w is None:
        return [R.report_weakest_none]
    return [R.report_weakest.format(label=w.label, mean=num(w.stat.mean), sd=num(w.stat.sd)),
            R.report_weakest_detail.format(missed=round((w.missed or 0) * 100),
                                           order=round((w.out_of_order or 0) * 100),
                                           penalised=round((w.penalised or 0) * 100), n=w.runs)]


# --- text ------------------------------------------------------------------------------------------------------------
def _pad(text: str, width: int, right: bool = False) -> str:
    gap = max(0, width - cell_len(text))
    return " " * gap + text if right else text + " " * gap


def _table(header: tuple[str, ...], rows: list[list[str]], text_columns: tuple[int, ...] = (0,)) -> list[str]:
    widths = [max(cell_len(str(x)) for x in col) for col in zip(header, *rows)]
    out = []
    for row in [list(header)] + rows:
        out.append("  " + "  ".join(_pad(str(c), w, right=i not in text_columns) for i, (c, w) in
                                    enumerate(zip(row, widths))).rstrip())
    return out


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return ""
    full = round(value * width / 100)
    return "█" * full + "░" * (width - full)


def render_text(rep: WorkshopReport) -> str:
    lines = [R.report_title, R.report_generated.format(at=local_time(rep.generated_at))]
    if not rep.runs:
        lines += ["", R.report_empty]
        if rep.quiz is not None:
            lines += ["", R.report_quiz, "  " + quiz_summary(rep.quiz)]
            lines += ["  " + quiz_line(x) for x in rep.quiz.questions[:QUIZ_SHOWN]]
        return clean("\n".join(lines) + "\n")
    lines += [period(rep)] + ([filters_line(rep)] if rep.filters else [])
    lines += [summary_line(rep), R.report_basis_line.format(basis=R.report_basis[rep.basis]), ""]
    lines += [R.report_weakest_title] + ["  " + x for x in weakest_lines(rep)] + [""]

    lines.append(R.report_scenarios)
    rows = [[short(s.title), str(s.trainees), str(s.attempts), num(s.total.mean), spread(s.total),
             span(s.total), pct(s.success_rate)] for s in rep.scenarios]
    lines += _table(R.report_scenario_header, rows) + [""]

    lines.append(R.report_dimensions)
    rows = [[d.label, str(d.stat.n), num(d.stat.mean), spread(d.stat), span(d.stat), pct(d.missed),
             pct(d.out_of_order), pct(d.penalised)] for d in rep.dimensions]
    lines += _table(R.report_dimension_header, rows)
    lines += [""] + [f"  {_pad(d.label, max(cell_len(x.label) for x in rep.dimensions))}  {_bar(d.stat.mean)} "
                     f"{num(d.stat.mean)}" for d in rep.dimensions if d.stat.n] + [""]

    lines.append(R.report_matrix)
    dims = [d.dimension for d in rep.dimensions]
    rows = [[short(s.title, 20)] + [num(s.dims[d].mean) if d in s.dims else "" for d in dims] for s in rep.scenarios]
    lines += _table(("",) + tuple(short(rep.labels.get(d, d), 12) for d in dims), rows) + [""]

    lines.append(R.report_ng)
    if not rep.ng:
        lines.append("  " + R.report_ng_none)
    for n in rep.ng:
        lines.append(f"  {n.label}  {R.report_ng_header[1]} {n.count} / {R.report_ng_header[2]} {n.trainees}")
        for rp in n.replies:
            reply = R.report_ng_reply.format(count=rp.count, text=rp.text, scenario=short(rp.scenario_title))
            lines.append("    " + reply)
    lines.append("")

    lines.append(R.report_trainees)
    rows = [[t.name, str(t.runs), str(t.finished), num(t.mean_total), t.weakest or R.none] for t in rep.trainees]
    lines += _table(R.report_trainee_header, rows, text_columns=(0, 4))

    lines += ["", R.report_pass]
    if rep.passes:
        lines += ["  " + pass_count(rep)]
        lines += _table(R.report_pass_header, pass_rows(rep), text_columns=(0, 1, 4, 6, 7))
    else:
        lines.append("  " + R.report_pass_none)

    lines += ["", R.report_grid]
    cols = grid_columns(rep)
    rows = [[t.name] + [grid_text(rep, t.name, sid) for sid, _ in cols] for t in rep.trainees]
    lines += _table(("",) + tuple(short(title, 16) for _, title in cols), rows)

    lines += ["", R.report_choices]
    for sc in rep.choices:
        lines.append("  " + sc.title)
        for t in sc.turns:
            lines.append("    " + R.report_choices_turn.format(turn=t.turn, prompt=short(t.prompt or t.node, 40)))
            for c in t.replies:
                lines.append("      " + R.report_choices_line.format(count=c.count, share=choice_share(c.count, t.total),
                                                                    text=c.text))
    if rep.quiz is not None:
        lines += ["", R.report_quiz, "  " + quiz_summary(rep.quiz)]
        lines += ["  " + quiz_line(x) for x in rep.quiz.questions[:QUIZ_SHOWN]]
    return clean("\n".join(lines) + "\n")  # names and titles were typed by others: no escape reaches a terminal


QUIZ_SHOWN = 10


def quiz_summary(q: QuizSummary) -> str:
    return R.report_quiz_summary.format(rounds=q.rounds, trainees=q.trainees, mean=round((q.mean_rate or 0) * 100))


def quiz_line(x: QuizQuestionSummary) -> str:
    return R.report_quiz_line.format(rate=round(x.rate * 100), correct=x.correct, answered=x.answered, topic=x.topic,
                                     statement=x.statement)


# --- CSV (one tidy table: filter on ``kind`` in a spreadsheet) --------------------------------------------------
CSV_COLUMNS = ("kind", "scenario_id", "scenario_title", "dimension", "dimension_label", "ng_tag", "ng_label", "reply",
               "trainee", "trainees", "runs", "count", "mean", "sd", "min", "max", "share", "question_id",
               "node", "turn", "first", "best", "pass_mark", "passed")


# Columns of words (names, titles, replies): neutralised against formula injection. The others hold numbers.
CSV_TEXT_COLUMNS = frozenset(("kind", "scenario_id", "scenario_title", "dimension", "dimension_label", "ng_tag",
                              "ng_label", "reply", "trainee", "question_id"))


class _SafeWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({k: text_cell(v) if k in CSV_TEXT_COLUMNS and isinstance(v, str) else v
                                 for k, v in rowdict.items()})


def render_csv(rep: WorkshopReport) -> str:
    buf = io.StringIO()
    w = _SafeWriter(buf, CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()

    def stat(s: Stat) -> dict:
        return {"mean": num(s.mean, 2), "sd": num(s.sd, 2), "min": num(s.low, 0), "max": num(s.high, 0)}

    for s in rep.scenarios:
        base = {"scenario_id": s.scenario_id, "scenario_title": s.title}
        w.writerow({"kind": "scenario_total", **base, "trainees": s.total.n, "runs": s.attempts, **stat(s.total),
                    "share": num(s.success_rate, 3)})
        for d, st in s.dims.items():
            w.writerow({"kind": "scenario_dimension", **base, "dimension": d, "dimension_label": rep.labels.get(d, d),
                        "trainees": st.n, **stat(st)})
    for d in rep.dimensions:
        w.writerow({"kind": "dimension", "dimension": d.dimension, "dimension_label": d.label, "trainees": d.stat.n,
                    "runs": d.runs, **stat(d.stat)})
        for kind, share in (("dimension_missed", d.missed), ("dimension_out_of_order", d.out_of_order),
                            ("dimension_penalised", d.penalised)):
            w.writerow({"kind": kind, "dimension": d.dimension, "dimension_label": d.label, "runs": d.runs,
                        "share": num(share, 3)})
    if rep.weakest is not None:
        w.writerow({"kind": "weakest_dimension", "dimension": rep.weakest.dimension,
                    "dimension_label": rep.weakest.label, "trainees": rep.weakest.stat.n, **stat(rep.weakest.stat)})
    for n in rep.ng:
        w.writerow({"kind": "ng_tag", "ng_tag": n.tag, "ng_label": n.label, "count": n.count, "trainees": n.trainees})
        for rp in n.replies:
            w.writerow({"kind": "ng_reply", "ng_tag": n.tag, "ng_label": n.label, "scenario_id": rp.scenario_id,
                        "scenario_title": rp.scenario_title, "reply": rp.text, "count": rp.count})
    for t in rep.trainees:
        w.writerow({"kind": "trainee", "trainee": t.name, "runs": t.runs, "count": t.finished,
                    "mean": num(t.mean_total, 2), "dimension_label": t.weakest or ""})
    for p in rep.passes:
        w.writerow({"kind": "pass", "trainee": p.trainee, "scenario_id": p.scenario_id, "scenario_title": p.title,
                    "runs": p.attempts, "best": "" if p.best is None else p.best, "pass_mark": p.pass_mark,
                    "passed": int(p.passed)})
    titles = {s.scenario_id: s.title for s in rep.scenarios}
    for (name, sid), cell in sorted(rep.grid.items()):
        w.writerow({"kind": "trainee_scenario", "trainee": name, "scenario_id": sid,
                    "scenario_title": titles.get(sid, sid), "runs": cell.attempts,
                    "first": "" if cell.first is None else cell.first, "best": "" if cell.best is None else cell.best})
    for sc in rep.choices:
        for t in sc.turns:
            for c in t.replies:
                w.writerow({"kind": "reply_choice", "scenario_id": sc.scenario_id, "scenario_title": sc.title,
                            "node": t.node, "turn": t.turn, "reply": c.text, "count": c.count, "runs": t.total,
                            "share": num(c.count / t.total if t.total else None, 3)})
    if rep.quiz is not None:
        for x in rep.quiz.questions:
            w.writerow({"kind": "quiz_question", "question_id": x.question_id, "reply": x.statement,
                        "trainees": x.trainees, "runs": x.answered, "count": x.correct, "share": num(x.rate, 3)})
    return buf.getvalue()


def footer() -> str:
    return R.report_footer.format(version=__version__)


def since_bound(value: str | None) -> str | None:
    """``--since`` (local date or date-time, or ``today``) as a UTC timestamp string, or None."""
    if value is None:
        return None
    from kasuhara_sim.store.db import format_time

    text = value.strip()
    if text.lower() == "today":
        dt = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        dt = datetime.fromisoformat(text)  # ValueError for bad input, reported by the caller
        if dt.tzinfo is None:
            dt = dt.astimezone()  # a bare date or time is the user's local time
    return format_time(dt)

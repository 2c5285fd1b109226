"""The result of a run for the terminal: a rich report, or plain text for screen readers and tiny terminals."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kasuhara_sim import strings as S
from kasuhara_sim.display import bar
from kasuhara_sim.format.model import Scenario
from kasuhara_sim.scoring.score import ScoreReport


def score_style(score: int, rubric=None) -> str:
    from kasuhara_sim.scoring import default_rubric

    return {"good": "green", "mid": "yellow", "low": "red"}[(rubric or default_rubric()).band(score)]


def labels(names, table: dict[str, str]) -> str:
    return "・".join(table.get(n, n) for n in names)


def order_line(groups: list[list[str]], label) -> str:
    return S.Score.order_arrow.join(S.Score.order_sep.join(label(d) for d in g) for g in groups) or S.Report.order_none


def turn_mark(review) -> str:
    if review.ng:
        return S.Report.bad
    return S.Report.good if review.steps else S.Report.neutral


def _amount(kind: str, points: int) -> str:
    """How a line of the total's calculation shows its points: the mean, a deduction or cap, the result."""
    if kind == "mean":
        return str(points)
    if kind == "total":
        return f"= {points}"
    return f"−{-points}"


def _heading(report: ScoreReport) -> str:
    outcome = S.OUTCOMES.get(report.outcome, S.Report.unfinished) if report.outcome else S.Report.unfinished
    return f"{S.Report.title}  {outcome}  {S.Report.total.format(total=report.total)}  {report.grade}"


def render(report: ScoreReport, scenario: Scenario, plain: bool = False) -> Group | str:
    """The whole report. ``plain`` gives text without bars, colour or box drawing."""
    label = {d.dimension: d.label for d in report.dimensions}.get
    yours = order_line(report.order_groups, lambda d: label(d) or d)
    basic = order_line(report.order_basic, lambda d: label(d) or d)
    breakdown = [(_amount(kind, points), words) for kind, points, words in report.breakdown()]
    if plain:
        out = [_heading(report), scenario.title]
        if report.ending_narration:
            out.append(report.ending_narration)
        if report.ending_say:
            out.append(f"{scenario.persona.name} {report.ending_say}")
        out += ["", S.Report.dimensions]
        out += [f"  {d.label}: {d.score}" for d in report.dimensions]
        out += ["", S.Report.breakdown]
        out += [f"  {amount} {words}" for amount, words in breakdown]
        out += ["", S.Report.order, f"  {S.Score.order_yours}: {yours}", f"  {S.Score.order_basic}: {basic}"]
        out += ["", S.Report.losses]
        losses = [(d.label, loss) for d in report.dimensions for loss in d.losses]
        out += [f"  {name} −{loss.effective}: {loss.reason}" for name, loss in losses] or [f"  {S.Score.none_lost}"]
        out += ["", S.Report.review]
        for r in report.turns:
            out.append(f"  {S.Report.turn.format(n=r.turn)} {turn_mark(r)} {r.text}")
            out.append(f"    {r.feedback}")
            if r.better_text:
                out.append(f"    {S.Report.better.format(text=r.better_text)}")
        if report.debrief:
            out += ["", S.Report.debrief.format(text=report.debrief)]
        return "\n".join(out)

    parts = []
    head = Text(_heading(report), style="bold")
    parts.append(head)
    parts.append(Text(scenario.title, style="dim"))
    if report.ending_narration:
        parts.append(Text(report.ending_narration, style="dim"))
    if report.ending_say:
        parts.append(Text(f"{scenario.persona.name} {report.ending_say}", style="italic"))
    dims = Table(title=S.Report.dimensions, title_justify="left", show_header=False, box=None, padding=(0, 1))
    for d in report.dimensions:
        dims.add_row(d.label, Text(bar(d.score), style=score_style(d.score)), f"{d.score:>3}")
    parts += [Text(""), dims, Text("")]
    parts.append(Text(S.Report.breakdown, style="bold"))
    width = max(len(a) for a, _ in breakdown)
    for (kind, points, _), (amount, words) in zip(report.breakdown(), breakdown):
        style = "bold" if kind in ("mean", "total") else "red"
        parts.append(Text(f"  {amount.rjust(width)} {words}", style=style))
    parts.append(Text(""))
    parts.append(Text(S.Report.order, style="bold"))
    parts.append(Text(f"  {S.Score.order_yours}: {yours}"))
    parts.append(Text(f"  {S.Score.order_basic}: {basic}"))
    parts.append(Text(""))
    parts.append(Text(S.Report.losses, style="bold"))
    any_loss = False
    for d in report.dimensions:
        for loss in d.losses:
            any_loss = True
            parts.append(Text(f"  {d.label} −{loss.effective}: {loss.reason}", style="red" if loss.effective else "dim"))
    if not any_loss:
        parts.append(Text(f"  {S.Score.none_lost}", style="green"))
    parts.append(Text(""))
    parts.append(Text(S.Report.review, style="bold"))
    for r in report.turns:
        mark = turn_mark(r)
        style = "red" if mark == S.Report.bad else "green" if mark == S.Report.good else "yellow"
        line = Text(f"  {S.Report.turn.format(n=r.turn)} ")
        line.append(mark, style=style)
        line.append(f" {r.text}")
        parts.append(line)
        tags = [S.STEPS.get(s, s) for s in r.steps] + [S.NG_TAGS.get(n, n) for n in r.ng]
        if tags:
            parts.append(Text(f"      [{' / '.join(tags)}]", style="dim"))
        parts.append(Text(f"      {r.feedback}"))
        if r.better_text:
            parts.append(Text(f"      {S.Report.better.format(text=r.better_text)}", style="cyan"))
    if report.debrief:
        parts += [Text(""), Text(S.Report.debrief.format(text=report.debrief), style="bold")]
    return Group(*parts)


def print_report(report: ScoreReport, scenario: Scenario, plain: bool = False, console: Console | None = None) -> None:
    if plain:
        print(render(report, scenario, plain=True))
        return
    (console or Console()).print(render(report, scenario))

"""The result of a run for the terminal: a rich report, or plain text for screen readers and tiny terminals."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kasuhara_sim import strings as S
from kasuhara_sim.display import bar, clean, console as make_console, wrap_ja
from kasuhara_sim.format.model import Scenario
from kasuhara_sim.scoring.score import ScoreReport


def score_style(score: int, rubric=None) -> str:
    from kasuhara_sim.scoring import default_rubric

    return {"good": "green", "mid": "yellow", "low": "red"}[(rubric or default_rubric()).band(score)]


def labels(names, table: dict[str, str]) -> str:
    return S.LABEL_SEP.join(table.get(n, n) for n in names)


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
        if report.timed:
            out.append(S.Timed.meta + ": " + S.Timed.meta_value.format(seconds=report.timed))
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
        out += [f"  {name} −{loss.effective}: {loss.reason}" for name, loss in losses] or [f"  {no_losses(report)}"]
        out += ["", S.Report.review]
        for r in report.turns:
            out += [f"    {line}" for line in pressed_lines(r)]
            out.append(f"  {S.Report.turn.format(n=r.turn)} {turn_mark(r)} {r.text}")
            out += [f"    {line}" for line in free_lines(r)]
            if r.feedback:  # none for a typed reply whose tags differ from the reply it was taken as
                out.append(f"    {r.feedback}")
            if r.better_text:
                out.append(f"    {S.Report.better.format(text=r.better_text)}")
        if report.better_cut:
            out.append(f"  {S.Score.better_cut}")
        if report.debrief:
            out += ["", S.Report.debrief.format(text=report.debrief)]
        return clean("\n".join(out))

    parts: list = [Text(_heading(report), style="bold"), Para("", scenario.title, "dim")]
    if report.timed:
        parts.append(Para("", S.Timed.meta + ": " + S.Timed.meta_value.format(seconds=report.timed), "dim"))
    if report.ending_narration:
        parts.append(Para("", report.ending_narration, "dim"))
    if report.ending_say:
        parts.append(Para(f"{clean(scenario.persona.name)} ", report.ending_say, "italic"))
    dims = Table(title=S.Report.dimensions, title_justify="left", show_header=False, box=None, padding=(0, 1))
    for d in report.dimensions:
        dims.add_row(Text(clean(d.label)), Text(bar(d.score), style=score_style(d.score)), f"{d.score:>3}")
    parts += [Text(""), dims, Text("")]
    parts.append(Text(S.Report.breakdown, style="bold"))
    width = max(len(a) for a, _ in breakdown)
    for (kind, points, _), (amount, words) in zip(report.breakdown(), breakdown):
        style = "bold" if kind in ("mean", "total") else "red"
        parts.append(Para(f"  {amount.rjust(width)} ", words, style))
    parts.append(Text(""))
    parts.append(Text(S.Report.order, style="bold"))
    parts.append(Para(f"  {S.Score.order_yours}: ", yours))
    parts.append(Para(f"  {S.Score.order_basic}: ", basic))
    parts.append(Text(""))
    parts.append(Text(S.Report.losses, style="bold"))
    any_loss = False
    for d in report.dimensions:
        for loss in d.losses:
            any_loss = True
            parts.append(Para(f"  {clean(d.label)} −{loss.effective}: ", loss.reason,
                              "red" if loss.effective else "dim"))
    if not any_loss:
        parts.append(Text(f"  {no_losses(report)}", style="green"))
    parts.append(Text(""))
    parts.append(Text(S.Report.review, style="bold"))
    for r in report.turns:
        mark = turn_mark(r)
        style = "red" if mark == S.Report.bad else "green" if mark == S.Report.good else "yellow"
        parts += [Para("      ", line, "yellow") for line in pressed_lines(r)]
        head = Text(f"  {S.Report.turn.format(n=r.turn)} ")
        head.append(mark, style=style)
        head.append(" ")
        parts.append(Para(head, r.text))
        tags = [S.STEPS.get(s, s) for s in r.steps] + [S.NG_TAGS.get(n, n) for n in r.ng]
        if tags:
            parts.append(Para("      ", f"[{' / '.join(tags)}]", "dim"))
        parts += [Para("      ", line, "dim") for line in free_lines(r)]
        if r.feedback:
            parts.append(Para("      ", r.feedback))
        if r.better_text:
            parts.append(Para("      ", S.Report.better.format(text=r.better_text), "cyan"))
    if report.better_cut:
        parts.append(Text(f"  {S.Score.better_cut}", style="dim"))
    if report.debrief:
        parts += [Text(""), Para("", S.Report.debrief.format(text=report.debrief), "bold")]
    return Group(*parts)


def no_losses(report) -> str:
    """What 減点の理由 says when no dimension lost points: nothing at all, or only deductions from the total."""
    return S.Score.none_lost_dimensions if report.total_losses else S.Score.none_lost


def pressed_lines(review) -> list[str]:
    """Timed mode: each time the customer pressed before this reply, with the anger it raised."""
    return [S.Timed.press_line.format(line=p["line"], before=p["anger_before"], after=p["anger_after"])
            for p in getattr(review, "pressed", None) or ()]


def free_lines(review) -> list[str]:
    """自由回答: the words recognised (marked 「」), the authored reply the run went on along, and the 言葉づかい advice."""
    if not getattr(review, "reply", None):
        return []
    from kasuhara_sim.understand.turn import marked

    lines = [f"{S.Free.words}: {marked(review.text, review.evidence)}" if review.evidence else None,
             f"{S.Free.taken_as_label}: {S.Score.quoted(review.reply)}"]
    lines += [f"{S.Free.advice}: " + S.Free.advice_line.format(**a) for a in getattr(review, "advice", ())]
    return [line for line in lines if line]


class Para:
    """A line of scenario text for a terminal: control characters removed, wrapped at the terminal's width by the
    Japanese rules (no 。 or 」 at the start of a line, no 「 at its end), continuation lines hung under the text after
    ``prefix``. Where the console does not wrap (a pipe or a file), it stays one line."""

    def __init__(self, prefix: Text | str, body: str, style: str = "") -> None:
        self.prefix = prefix if isinstance(prefix, Text) else Text(prefix)
        self.body = clean(body)
        self.style = style

    def __rich_console__(self, console, options):
        hang = self.prefix.cell_len
        width = options.max_width - hang
        if options.no_wrap or width < 8:
            line = self.prefix.copy()
            line.append(self.body, style=self.style)
            yield line
            return
        # A long prefix on a narrow terminal would leave a thin column: then continuation lines hang less.
        indent = hang if width >= 24 else min(hang, 6)
        rest = options.max_width - indent
        first = True
        for paragraph in self.body.split("\n"):
            pieces = wrap_ja(paragraph, width if first else rest)[:1] if paragraph else [""]
            remainder = paragraph[len(pieces[0]):].lstrip(" ")
            pieces += wrap_ja(remainder, rest) if remainder else []
            for piece in pieces:
                line = self.prefix.copy() if first else Text(" " * indent)
                line.append(piece, style=self.style)
                line.no_wrap, line.overflow = True, "fold"
                first = False
                yield line


def print_report(report: ScoreReport, scenario: Scenario, plain: bool = False, console: Console | None = None) -> None:
    if plain:
        print(render(report, scenario, plain=True))
        return
    (console or make_console()).print(render(report, scenario))

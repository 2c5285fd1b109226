"""Result: outcome and ending line, total and grade, a bar per dimension, the anger curve, the order of the steps,
the turn-by-turn review with better replies, and the debrief. Everything shown comes from the core's ScoreReport.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from kasuhara_sim import strings as S
from kasuhara_sim.display import format_elapsed
from kasuhara_sim.reports.result import free_lines, order_line, pressed_lines, turn_mark
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.textsafe import strip_controls
from kasuhara_sim.tui.widgets.anger import AngerChart
from kasuhara_sim.tui.widgets.conversation import underlined
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.widgets.jatext import JaText
from kasuhara_sim.tui.widgets.scores import DimensionBars, score_colour

if TYPE_CHECKING:
    from kasuhara_sim.tui.session import PlaySession


def section(title: str) -> Static:
    return Static(Content(title), classes="section-title")


class ResultScreen(Screen):
    CSS_PATH = "result.tcss"
    HELP = T.help_result
    AUTO_FOCUS = "#result"
    BINDINGS = [
        Binding("r", "retry", T.key_retry),
        Binding("enter", "library", T.key_library, key_display="Enter"),
        Binding("escape", "library", show=False),
        Binding("s", "save", T.key_save),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        r, sc = s.report, s.scenario
        label = {d.dimension: d.label for d in r.dimensions}
        outcome = S.OUTCOMES.get(r.outcome, strip_controls(r.outcome)) if r.outcome else S.Report.unfinished
        verdict = T.result_success if r.success else T.result_failure
        with Horizontal(id="topbar"):
            yield Static(Content.assemble((S.Report.title, "bold"), "  ", (outcome, "bold"), T.result_verdict.format(verdict=verdict)),
                         id="brand")
            yield Static(Content.assemble(T.result_total.format(total=r.total), "  ",
                                          (f" {r.grade} ", f"bold reverse {score_colour(r.total)}")), id="result-total")
        with VerticalScroll(id="result"):
            meta = T.result_meta.format(title=sc.title, mode=S.MODES[s.mode], turns=len(s.run.transcript),
                                        elapsed=format_elapsed(s.elapsed))
            meta += " · " + T.result_category.format(category=S.CATEGORIES.get(sc.category, sc.category))
            if s.run.seed is not None:
                meta += " · " + T.result_seed.format(seed=s.run.seed)
            if s.run.timed:
                meta += f" · {S.Timed.meta}: " + S.Timed.meta_value.format(seconds=s.run.timed)
                presses = sum(len(t.pressed) for t in s.run.transcript)
                if presses:
                    meta += " · " + S.Timed.press_short.format(count=presses)
            yield Static(JaText(meta), id="result-meta")
            yield from self._ending()
            with Horizontal(id="result-panels"):
                with Vertical(id="dims-panel", classes="panel") as dims:
                    dims.border_title = T.result_dimensions
                    yield DimensionBars([(d.label, d.score) for d in r.dimensions], id="dims")
                with Vertical(id="curve-panel", classes="panel") as curve:
                    curve.border_title = T.result_curve
                    yield AngerChart(r.anger_curve, id="curve")
                    yield Static(Content(T.result_curve_summary.format(
                        start=r.anger_curve[0], end=r.anger_curve[-1], peak=max(r.anger_curve))), id="curve-summary")
            yield section(T.result_order)
            # Steps carried by one reply are one group, in the order the reply performed them.
            yours = order_line(r.order_groups, lambda d: label.get(d, d))
            basic = order_line(r.order_basic, lambda d: label.get(d, d))
            heads = [S.Score.order_yours, S.Score.order_basic]
            width = max(cell_len(h) for h in heads) + 2
            with Vertical(id="order"):
                for head, line in zip(heads, (yours, basic)):
                    yield Static(JaText(line, prefix=Content.styled(head + " " * (width - cell_len(head)), "bold")))
            yield section(T.result_breakdown)
            with Vertical(id="breakdown"):
                yield from self._breakdown()
            yield section(T.result_losses)
            with Vertical(id="losses"):
                yield from self._losses()
            yield section(T.result_review)
            for review in r.turns:
                yield self._review(review)
            if r.debrief:
                yield section(T.result_debrief)
                yield Static(JaText(r.debrief), id="debrief")
        yield Static(id="saved")
        yield KeysFooter()

    def _ending(self):
        """How it ended, which the play screen only flashes: the last reply's answer and feedback, the ending's
        narration and line."""
        s = self.session
        r, sc = s.report, s.scenario
        name = Content.assemble((strip_controls(sc.persona.name), "bold"), " ")
        parts = []
        last = s.run.transcript[-1] if s.run.transcript else None
        if last is not None and last.reaction:
            parts.append(Static(JaText(last.reaction, prefix=name), classes="ending-line"))
        if last is not None and r.finished and last.feedback:
            parts.append(Static(JaText(Content.assemble((last.feedback, "$text-muted")),
                                       prefix=Content.styled(S.YOU + " ", "bold")), classes="ending-feedback"))
        if r.ending_narration:
            parts.append(Static(JaText(r.ending_narration), classes="ending-narration"))
        if r.ending_say:
            parts.append(Static(JaText(r.ending_say, prefix=name), id="result-ending"))
        if parts:
            yield section(T.result_ending)
            yield Vertical(*parts, id="ending")

    def _breakdown(self):
        """The total from the procedure's mean, each deduction with its reply, then any cap."""
        rows = self.session.report.breakdown()
        width = max(len(f"{p:+d}") for _, p, _ in rows) + 1
        for kind, points, words in rows:
            if kind == "mean":
                amount, style = f"{points}", "bold"
            elif kind == "total":
                amount, style = f"= {points}", f"bold {score_colour(points)}"
            else:
                amount, style = f"−{-points}", "bold $error" if points else "$text-muted"
            yield Static(JaText(Content(words), prefix=Content.styled(amount.rjust(width) + " ", style)))

    def _losses(self):
        """One line per reason for points lost on a dimension, the amount hanging in front (the total's deductions
        are in the calculation above)."""
        r = self.session.report
        rows = []
        for d in r.dimensions:
            for loss in d.losses:
                style = "$error" if loss.effective else "$text-muted"
                rows.append((f"−{loss.effective}", style, d.label, loss.reason))
        if not rows:
            from kasuhara_sim.reports.result import no_losses

            yield Static(Content.styled(no_losses(r), "$success"))
        width = max((len(points) for points, *_ in rows), default=0) + 1
        for points, style, label, reason in rows:
            yield Static(JaText(Content.assemble((label, "bold"), " ", reason),
                                prefix=Content.styled(points.rjust(width - 1) + " ", f"bold {style}")))

    def _review(self, review) -> Vertical:
        mark = turn_mark(review)
        style = "$error" if mark == S.Report.bad else "$success" if mark == S.Report.good else "$warning"
        tags = [S.STEPS.get(x, x) for x in review.steps] + [S.NG_TAGS.get(x, x) for x in review.ng]
        head = Content.assemble((S.Report.turn.format(n=review.turn), "bold"), " ", (mark, f"bold {style}"), " ")
        free = free_lines(review)
        said = underlined(review.text, review.evidence) if free else review.text
        parts = [Static(JaText(Content.styled(line, "$warning")), classes="review-body")
                 for line in pressed_lines(review)]  # timed mode: the customer pressed before this reply
        parts.append(Static(JaText(said, prefix=head)))
        lines = ([(" / ".join(tags), "$text-muted")] if tags else []) + ([review.feedback] if review.feedback else [])
        # 自由回答: the reply it was taken as and the 言葉づかい advice (the words are underlined above)
        lines += [(line, "$text-muted") for line in free if not line.startswith(S.Free.words)]
        body = Content.assemble(*[piece for i, line in enumerate(lines) for piece in (("\n",) if i else ()) + (line,)])
        parts.append(Static(JaText(body), classes="review-body"))
        if review.better_text:
            better = Content(review.better_text)
            if review.better_feedback:
                better = Content.assemble(better, "\n", (review.better_feedback, "$text-muted"))
            parts.append(Static(JaText(better, prefix=Content.styled(T.result_better + ": ", "bold $accent")),
                                classes="review-body better"))
        return Vertical(*parts, classes="review")

    # --- actions ----------------------------------------------------------------------------------------
    def action_retry(self) -> None:
        self.app.start_run(self.session.loaded, replace=True)

    def action_library(self) -> None:
        self.app.back_to_library()

    def action_save(self) -> None:
        from kasuhara_sim.tui.screens.save import SaveScreen

        def saved(path) -> None:
            # A line that stays, rather than a toast that would cover it and vanish before the path is noted.
            if path is not None:
                self.session.saved_to = path
                line = self.query_one("#saved", Static)
                line.update(Content.styled(T.result_saved_line.format(path=path), "$success"))
                line.add_class("-shown")

        self.app.push_screen(SaveScreen(self.session), saved)

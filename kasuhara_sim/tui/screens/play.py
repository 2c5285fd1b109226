"""Play: the conversation, the replies one key away, and the customer's state at a glance.

The engine (``Run``) decides which replies are shown and where each leads; the scorer grades the run at the end.
This screen only shows what they say.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static

from kasuhara_sim import strings as S
from kasuhara_sim.display import format_elapsed
from kasuhara_sim.reports.result import turn_mark
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.messages import RunAbandoned, RunFinished, RunStarted, TurnPlayed
from kasuhara_sim.tui.textsafe import strip_controls
from kasuhara_sim.tui.widgets.anger import AngerGauge, AngerTrend, anger_style
from kasuhara_sim.tui.widgets.conversation import ConversationLog, underlined
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.widgets.jatext import JaText
from kasuhara_sim.tui.widgets.replies import ReplyList
from kasuhara_sim.tui.workers import RecoversFromWorkers

if TYPE_CHECKING:
    from kasuhara_sim.tui.session import PlaySession

MAX_REPLIES = 6  # the format allows 2–6 replies per turn, one number key each


def feedback_kind(turn) -> str:
    mark = turn_mark(turn)
    return "bad" if mark == S.Report.bad else "good" if mark == S.Report.good else "neutral"


class PlayScreen(RecoversFromWorkers, Screen):
    CSS_PATH = "play.tcss"
    HELP = T.help_play
    AUTO_FOCUS = "#replies"
    BINDINGS = [
        Binding("1", "choose(1)", T.key_answer, key_display="1-6"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(2, MAX_REPLIES + 1)],
        Binding("h", "hint", T.key_hint),
        Binding("escape", "abandon", T.key_abandon, key_display="Esc"),
        Binding("pageup", "scroll_log(-1)", show=False),
        Binding("pagedown", "scroll_log(1)", show=False),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.scoring = False
        self.reply_count = 0  # replies shown on this turn: the footer's "1-n"
        self.menu_offered = False  # 自由回答: the numbered replies are shown once a typed reply was not recognised
        # Timed mode: when the customer started waiting for the reply (session clock); None while nothing is awaited
        # (a typed reply being read, an ending reached).
        self.waiting_since: float | None = None
        self._bar: dict[str, tuple[str, str]] = {}  # what the bar's Statics show: (text, style)
        self._hints_shown: frozenset[str] | None = None  # the dimensions done when the hints were last drawn
        if session.free:
            self.HELP = T.help_play_free

    @property
    def under_way(self) -> bool:
        """Started and not yet at an ending: leaving now abandons the run."""
        return not (self.scoring or self.session.run.finished)

    # --- layout -------------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s = self.session
        sc = s.scenario
        with Horizontal(id="playbar"):
            yield Static(Content(strip_controls(sc.title)), id="play-title")
            yield Static(Content(S.MODES[s.mode]), id="play-mode", classes=s.mode)
            yield Static(id="play-anger")
            yield Static(id="play-turn")
            yield Static(id="play-wait")
            yield Static(id="play-clock")
        with Horizontal(id="play-main"):
            log = ConversationLog(id="log")
            log.border_title = T.play_log_title
            yield log
            with Vertical(id="side") as side:
                side.border_title = T.play_customer_title
                yield Static(Content(strip_controls(sc.persona.name)), id="side-name")
                yield Static(JaText(sc.persona.profile), id="side-profile")
                yield AngerGauge(s.run.anger, id="gauge")
                yield AngerTrend(id="trend")
                yield Static(id="hint", classes="hint")
        yield Static(id="hint-inline", classes="hint")
        replies = ReplyList(id="replies")
        yield replies
        if s.free:
            box = Input(placeholder=T.free_placeholder, id="free-input")
            box.border_title = T.free_title
            yield box
        yield KeysFooter()

    def on_mount(self) -> None:
        self.set_class(self.session.practice, "-practice")
        if not self.session.practice or not self.session.run.timed:
            # Timed: a countdown only in 練習; in 本番 nothing but the customer pressing gives it away.
            self.query_one("#play-wait").display = False
        if not self.session.practice:
            # 本番: no live gauge or trend; the customer's words and the narration carry the cues, and the anger
            # curve is shown on the result screen.
            for wid in ("#gauge", "#trend", "#play-anger"):
                self.query_one(wid).display = False
        self.app.post_message(RunStarted(self.session))
        if self.session.free:
            self.query_one(ReplyList).display = False
            self.query_one("#free-input", Input).focus()
            self.understand("")  # loads the dictionary while the trainee reads the first line
        self.show_node()
        self.update_state()
        self.set_interval(1.0, self.tick)

    # --- showing the run ----------------------------------------------------------------------------------
    def show_node(self) -> None:
        """The current node's narration and line, then (for a turn) its replies."""
        run, log = self.session.run, self.query_one(ConversationLog)
        node = run.node
        if node.ending is not None:
            log.divider(T.play_ending)
        if node.narration:
            log.narration(node.narration)
        if run.say:
            log.customer(self.session.scenario.persona.name, run.say)
        replies = self.query_one(ReplyList)
        if run.finished:
            replies.set_options([Content(T.play_scoring)])
            replies.disabled = True
            replies.border_title = ""
            return
        self.waiting_since = self.session.clock()
        shown = [(vc.number, vc.text) for vc in run.visible_choices()]
        replies.show(shown)
        replies.border_title = T.play_replies_title.format(n=len(shown))
        if self.session.free:
            self.menu_offered = False
            replies.display = False
            replies.border_title = T.free_menu_title
        if len(shown) != self.reply_count:
            # The footer's "1-n": it is rebuilt on every refresh of the bindings, so only when n changes.
            self.reply_count = len(shown)
            self.refresh_bindings()

    def update_state(self) -> None:
        run = self.session.run
        self.query_one("#gauge", AngerGauge).value = run.anger
        trend = self.query_one("#trend", AngerTrend)
        if trend.points != run.anger_curve:  # redrawn on every assignment (always_update)
            trend.points = list(run.anger_curve)
        self._set("#play-anger", T.play_anger_short.format(anger=run.anger), f"bold {anger_style(run.anger)}")
        # The turn being answered; once an ending is reached, the last one played (not one past it).
        turn = len(run.transcript) + (0 if run.finished else 1)
        self._set("#play-turn", T.play_turn.format(n=max(1, turn)))
        self.tick()
        hints = self._hint_key()
        if hints != self._hints_shown:  # most replies perform no new step: the panel stays as it is
            self._hints_shown = hints
            self.query_one("#hint", Static).update(self.hint_text())
            self.query_one("#hint-inline", Static).update(self.hint_text(compact=True))

    def _set(self, selector: str, text: str, style: str = "") -> None:
        """Update a one-line Static of the bar only if its text changed, and lay the screen out again only if its
        width did: a served tab pays for every refresh (the clock ticks every second)."""
        before = self._bar.get(selector)
        if before == (text, style):
            return
        self._bar[selector] = (text, style)
        widget = self.query_one(selector, Static)
        widget.update(Content.styled(text, style) if style else Content(text),
                      layout=before is None or cell_len(before[0]) != cell_len(text))

    def _hint_key(self) -> frozenset[str]:
        s = self.session
        expected = list(s.scenario.expected)
        done: set[str] = set()
        for t in s.run.transcript:
            done.update(s.rubric.dims_performed(t.steps, expected))
        return frozenset(done)

    def hint_text(self, compact: bool = False):
        """Which expected dimensions the replies so far have performed, and the next one in the basic order.
        ``compact``: on one wrapped paragraph, for narrow terminals where it sits above the replies."""
        from kasuhara_sim.scoring.score import basic_order

        s = self.session
        expected = list(s.scenario.expected)
        done: set[str] = set()
        for t in s.run.transcript:
            done.update(s.rubric.dims_performed(t.steps, expected))
        order = [d for group in basic_order(s.rubric, expected) for d in group]
        order += [d for d in expected if d not in order]
        items = []
        for d in order:
            mark, style = (T.play_hint_done, "$success") if d in done else (T.play_hint_missing, "$text-muted")
            pad = "" if compact else " " * (3 - cell_len(mark))
            items.append(Content.assemble((mark + pad, style), s.rubric.label(d)))
        missing = [d for d in order if d not in done]
        nxt = Content.styled(T.play_hint_next.format(label=s.rubric.label(missing[0])) if missing
                             else T.play_hint_all, "italic")
        if compact:
            return JaText(Content("  ").join(items + [nxt]), prefix=Content.styled(T.play_hint_title + " ", "bold"))
        return Content("\n").join([Content.styled(T.play_hint_title, "bold")] + items + [nxt])

    def tick(self) -> None:
        self._set("#play-clock", format_elapsed(self.session.elapsed))
        run = self.session.run
        if not run.timed or self.waiting_since is None or self.scoring or run.finished:
            self._set("#play-wait", "")
            return
        if self.app.screen is not self:
            self.waiting_since = self.session.clock()  # a dialog is open: the wait starts again when it closes
            return
        left = run.timed - (self.session.clock() - self.waiting_since)
        if left <= 0:
            self.press()
            left = run.timed
        self._set("#play-wait", S.Timed.countdown.format(seconds=math.ceil(left)))

    def press(self) -> None:
        """Timed mode: no reply came in time. The customer presses, angrier; the replies shown follow the new anger
        (what was typed in the box stays)."""
        run, s = self.session.run, self.session
        before = [vc.index for vc in run.visible_choices()]
        p = run.wait()
        self.waiting_since = s.clock()
        self.query_one(ConversationLog).customer(s.scenario.persona.name, p.line)
        now = run.visible_choices()
        if [vc.index for vc in now] != before:
            self.query_one(ReplyList).show([(vc.number, vc.text) for vc in now])
            self.reply_count = len(now)
            self.refresh_bindings()
        self.update_state()

    # --- acting -------------------------------------------------------------------------------------------
    def on_key(self, event) -> None:
        # With the IME on, a trainee types the full-width ２: it means the same reply as 2.
        ch = event.character or ""
        if isinstance(self.focused, Input):
            return  # typed into the reply: a full-width digit is part of the words
        if len(ch) == 1 and not ch.isascii() and unicodedata.category(ch) == "Nd":
            digit = unicodedata.digit(ch, None)
            if digit is not None and 1 <= digit <= MAX_REPLIES:
                event.stop()
                event.prevent_default()
                self.action_choose(digit)
    @on(OptionList.OptionSelected, "#replies")
    def _reply_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_choose(int(event.option.id))

    # --- 自由回答: typed replies ------------------------------------------------------------------------
    @on(Input.Submitted, "#free-input")
    def _typed_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text or self.scoring or self.session.run.finished:
            return
        event.input.value = ""
        from kasuhara_sim.display import ascii_digits

        digits = ascii_digits(text)
        if digits.isdigit():  # a number picks from the replies (shown or not: the trainee may know them)
            self.action_choose(int(digits))
            return
        event.input.disabled = True  # one reply at a time; enabled again when it has been taken
        self.waiting_since = None  # the trainee has spoken: the customer waits while the words are read
        self.understand(text)

    @work(thread=True, exclusive=True, group="understand", exit_on_error=False)
    def understand(self, text: str) -> None:
        # SudachiPy's dictionary takes a moment to load the first time: never on the UI thread.
        from kasuhara_sim.understand.recognise import default_recogniser

        rec = default_recogniser()
        if text:
            self.app.call_from_thread(self.typed, rec.recognise(text))

    def typed(self, rec) -> None:
        box = self.query_one("#free-input", Input)
        box.disabled = False
        box.focus()
        if self.scoring or self.session.run.finished:
            return
        log = self.query_one(ConversationLog)
        if not rec.recognised:
            self.waiting_since = self.session.clock()  # still no reply the customer can take: the wait goes on
            # Never called wrong: the words may be right and the rules not know them. Another wording, or the menu.
            body = S.Free.nothing
            if self.session.practice:  # a keigo slip is worth knowing even in words whose steps were not recognised
                body = "\n".join([body, *(f"{S.Free.advice}: " + S.Free.advice_line.format(**a.as_dict())
                                         for a in rec.advice)])
            log.you(S.YOU, rec.text, (S.Report.neutral, S.Free.mode, body, "neutral"))
            self.menu_offered = True
            self.query_one(ReplyList).display = True
            return
        from kasuhara_sim.understand.turn import take

        self._played(take(self.session.run, rec))

    def action_choose(self, number: int) -> None:
        run = self.session.run
        if self.scoring or run.finished:
            return
        if not 1 <= number <= len(run.visible_choices()):
            self.app.bell()
            return
        self._played(run.choose(number))

    def _played(self, turn) -> None:
        run = self.session.run
        self.waiting_since = None  # answered: the next turn's wait starts when its line is shown (show_node)
        log = self.query_one(ConversationLog)
        feedback = None
        said: str | Content = turn.text
        if self.session.practice:
            tags = [S.STEPS.get(x, x) for x in turn.steps] + [S.NG_TAGS.get(x, x) for x in turn.ng]
            body = turn.feedback
            if turn.free:
                said = underlined(turn.text, turn.evidence)
                body = "\n".join([*(f"{S.STEPS.get(e['label']) or S.NG_TAGS.get(e['label'], e['label'])}: 「{e['words']}」"
                                     f" — {e['explain']}" for e in turn.evidence),
                                  S.Free.taken_as.format(text=S.Score.quoted(turn.reply)),
                                  *([S.Free.feedback.format(text=turn.feedback)] if turn.feedback else []),
                                  *(f"{S.Free.advice}: " + S.Free.advice_line.format(**x) for x in turn.advice)])
            feedback = (turn_mark(turn), " / ".join(tags) or T.play_no_tags, body, feedback_kind(turn))
        log.you(S.YOU, said, feedback)
        if turn.reaction:
            log.customer(self.session.scenario.persona.name, turn.reaction)
        self.app.post_message(TurnPlayed(self.session, turn))
        self.update_state()
        self.show_node()
        if run.finished:
            self.scoring = True
            self.score()

    @work(thread=True, exclusive=True, group="score", exit_on_error=False)
    def score(self) -> None:
        # Naming the better reply at each turn searches the scenario's states; keep it off the UI thread.
        from kasuhara_sim.scoring import score_run

        s = self.session
        report = score_run(s.scenario, s.run, s.rubric)
        self.app.call_from_thread(self.finished, report)

    def recover(self, worker) -> None:
        if worker.group == "understand":  # the typed reply could not be read: the trainee may type again
            box = self.query_one("#free-input", Input)
            box.disabled = False
            box.focus()
        elif worker.group == "score":  # no result to show: the trainee can leave with Esc
            self.scoring = False
            self.refresh_bindings()

    def finished(self, report) -> None:
        self.session.finish(report)
        self.app.post_message(RunFinished(self.session))
        self.app.show_result(self.session)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "hint" and not self.session.practice:
            return False  # 本番: no hints, and none offered in the footer
        if action == "choose" and (self.scoring or self.session.run.finished):
            return False
        return True

    def action_hint(self) -> None:
        self.toggle_class("-hint")

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one(ConversationLog)
        (log.scroll_page_down if direction > 0 else log.scroll_page_up)()

    def action_abandon(self) -> None:
        if self.scoring:
            return
        from kasuhara_sim.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.post_message(RunAbandoned(self.session))
                self.dismiss()

        self.app.push_screen(ConfirmScreen(T.play_abandon_title, T.play_abandon_body, T.play_abandon_yes,
                                           T.play_abandon_no), answered)

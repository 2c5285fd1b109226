"""The ○× knowledge check: questions drawn from the bank, the explanation after each answer, the score at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.messages import QuizAnswered, QuizEnded, QuizStarted
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.textsafe import strip_controls
from kasuhara_sim.tui.widgets.jatext import JaText
from kasuhara_sim.tui.workers import RecoversFromWorkers

if TYPE_CHECKING:
    from kasuhara_sim.format.quiz import Question


class QuizScreen(RecoversFromWorkers, Screen):
    CSS_PATH = "quiz.tcss"
    HELP = T.help_quiz
    BINDINGS = [
        Binding("o", "answer(True)", T.key_true, key_display="o"),
        Binding("x", "answer(False)", T.key_false, key_display="x"),
        Binding("1", "answer(True)", show=False),
        Binding("2", "answer(False)", show=False),
        Binding("enter", "next", T.key_next, key_display="Enter"),
        Binding("r", "again", T.key_retry),
        Binding("escape", "leave", T.key_back, key_display="Esc"),
    ]

    def __init__(self, scenario_dirs=(), count: int = 20, seed: int | None = None) -> None:
        super().__init__()
        self.scenario_dirs, self.count, self.seed = tuple(scenario_dirs), count, seed
        self.bank: list[Question] = []
        self.questions: list[Question] = []
        self.answers: list[bool] = []  # the trainee's answers so far, one per question
        self.rounds = 0
        self.state = "loading"  # loading | question | answered | done | empty

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Content.styled(S.Quiz.title, "bold"), id="brand")
            yield Static(id="quiz-progress")
        with VerticalScroll(id="quiz-body"):
            yield Static(Content(T.loading), id="quiz-topic")
            yield Static(id="quiz-statement")
            with Horizontal(id="quiz-buttons"):
                yield Button(T.quiz_answer_true, id="answer-true", variant="primary")
                yield Button(T.quiz_answer_false, id="answer-false", variant="warning")
            yield Static(Content(T.quiz_keys), id="quiz-keys")
            yield Static(id="quiz-feedback")
        yield KeysFooter()

    def on_mount(self) -> None:
        for b in self.query(Button):
            b.can_focus = False  # keys answer; the buttons are for the mouse, and must not swallow Enter
        self.load()

    @work(thread=True, exclusive=True, group="quiz", exit_on_error=False)
    def load(self) -> None:
        from kasuhara_sim.format.quizbank import load_questions

        questions, problems = load_questions(self.scenario_dirs)
        self.app.call_from_thread(self.loaded, questions, problems)

    def recover(self, worker) -> None:
        self.loaded([], [])  # the screen says there are no questions, and Esc goes back

    def loaded(self, questions, problems) -> None:
        self.bank = questions
        if problems:
            self.notify(T.home_problems.format(count=len(problems)), severity="warning", timeout=8)
        if not questions:
            self.state = "empty"
            self.query_one("#quiz-topic", Static).update(Content.styled(S.Quiz.no_questions, "$error"))
            self._refresh_view()
            return
        self.start_round()

    def start_round(self) -> None:
        from kasuhara_sim.format.quiz import draw

        seed = None if self.seed is None else self.seed + self.rounds
        self.rounds += 1
        self.questions = draw(self.bank, self.count, seed)
        self.answers = []
        self.app.post_message(QuizStarted(len(self.questions), seed))
        self.show_question()

    # --- views ------------------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return len(self.answers) - (1 if self.state == "answered" else 0)

    def right(self) -> int:
        return sum(a == q.answer for a, q in zip(self.answers, self.questions))

    def _progress(self) -> None:
        n = min(self.index + 1, len(self.questions))
        self.query_one("#quiz-progress", Static).update(Content(
            f"{T.quiz_progress.format(n=n, total=len(self.questions))}  {T.quiz_right_so_far.format(right=self.right())}"))

    def _refresh_view(self) -> None:
        for state in ("loading", "question", "answered", "done", "empty"):
            self.set_class(self.state == state, f"-{state}")
        self.refresh_bindings()

    def show_question(self) -> None:
        q = self.questions[len(self.answers)]
        self.state = "question"
        self.query_one("#quiz-topic", Static).update(Content.styled(strip_controls(q.topic), "$text-muted"))
        self.query_one("#quiz-statement", Static).update(JaText(q.statement))
        self.query_one("#quiz-feedback", Static).update("")
        self._refresh_view()
        self._progress()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def show_feedback(self, q: Question, answer: bool) -> None:
        ok = answer == q.answer
        last = len(self.answers) == len(self.questions)
        head = Content.assemble((S.Quiz.correct if ok else S.Quiz.wrong, f"bold {'$success' if ok else '$error'}"),
                                "  ", S.Quiz.answer_is.format(mark=S.Quiz.mark(q.answer)))
        self.query_one("#quiz-feedback", Static).update(JaText(Content.assemble(
            head, "\n", q.explanation, "\n\n", (T.quiz_finish if last else T.quiz_next, "$text-muted"))))
        self.state = "answered"
        self._refresh_view()
        self._progress()

    def show_score(self) -> None:
        self.state = "done"
        self.app.post_message(QuizEnded())
        total, right = len(self.questions), self.right()
        self.query_one("#quiz-topic", Static).update(Content.styled(T.quiz_result_title, "bold"))
        self.query_one("#quiz-statement", Static).update(Content.styled(
            S.Quiz.score.format(total=total, right=right, percent=round(100 * right / total)), "bold"))
        missed = [(q, a) for q, a in zip(self.questions, self.answers) if a != q.answer]
        if missed:
            lines = [Content.styled(T.quiz_missed, "bold")]
            for q, _ in missed:
                lines.append(Content.assemble((S.Quiz.mark(q.answer), "bold $accent"), " ", q.statement))
                lines.append(Content.styled(q.explanation, "$text-muted"))
            body = Content("\n").join(lines)
        else:
            body = Content.styled(T.quiz_all_right, "$success")
        self.query_one("#quiz-feedback", Static).update(
            JaText(Content.assemble(body, "\n\n", (T.quiz_end_keys, "$text-muted"))))
        self._refresh_view()
        self.query_one("#quiz-progress", Static).update("")

    # --- actions ------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        allowed = {"answer": ("question",), "next": ("answered", "done"), "again": ("done",)}
        if action in allowed:
            return self.state in allowed[action]
        return True

    @on(Button.Pressed, "#answer-true, #answer-false")
    def _answer_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "answer-true")

    def action_answer(self, value: bool) -> None:
        if self.state != "question":
            return
        q = self.questions[len(self.answers)]
        self.answers.append(value)
        self.app.post_message(QuizAnswered(len(self.answers), q, value))
        self.show_feedback(q, value)

    def action_next(self) -> None:
        if self.state == "done":
            self.app.back_to_library()
        elif self.state == "answered":
            if len(self.answers) < len(self.questions):
                self.show_question()
            else:
                self.show_score()

    def action_again(self) -> None:
        if self.state == "done":
            self.start_round()

    def action_leave(self) -> None:
        if self.state in ("question", "answered") and self.answers:
            from kasuhara_sim.tui.screens.dialogs import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.post_message(QuizEnded(abandoned=True))
                    self.app.back_to_library()

            self.app.push_screen(ConfirmScreen(T.quiz_abandon_title, T.quiz_abandon_body, T.quiz_abandon_yes,
                                               T.quiz_abandon_no), answered)
            return
        self.app.back_to_library()

"""The kasuhara-sim trainer as a Textual app.

Start-up matters (the goal is a first frame within 1.3× that of a minimal Textual app), so this module imports only
the home screen; the engine, the scorer, pydantic models and the other screens are imported when first needed. The
library table is filled from the listing of the last start before the first frame, and the library itself is read in a
thread after it.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from kasuhara_sim import strings as S
from kasuhara_sim.i18n import relabel
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.messages import (
    QuizAnswered,
    QuizEnded,
    QuizStarted,
    RunAbandoned,
    RunFinished,
    RunStarted,
    TurnPlayed,
)
from kasuhara_sim.tui.results import ResultsKeeper

if TYPE_CHECKING:
    from kasuhara_sim.format.library import Library
    from kasuhara_sim.format.loader import LoadedScenario
    from kasuhara_sim.scoring import Rubric
    from kasuhara_sim.tui.session import PlaySession


@dataclass(frozen=True)
class BestResult:
    """A scenario's best result, shown in the library's 最高 column (total None: attempted, never finished)."""

    total: int | None
    grade: str | None
    attempts: int = 0  # known when results are stored


class KasuharaApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so that subclasses elsewhere find it too
    TITLE = S.APP_TITLE
    SUB_TITLE = S.APP_SUBTITLE
    ENABLE_COMMAND_PALETTE = False  # its commands are English-only
    # Screens get these classes from the terminal size; app.tcss rearranges panels with them.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", T.key_quit, show=False, priority=True),
        Binding("question_mark", "help", T.key_help, key_display="?"),
        Binding("f1", "help", T.key_help, show=False, priority=True),
    ]

    mode: reactive[str] = reactive("practice")
    trainee: reactive[str | None] = reactive(None)
    free: reactive[bool] = reactive(False)  # 自由回答: the trainee types the replies

    def __init__(self, scenario_dirs=(), trainee: str | None = None, scenario: LoadedScenario | None = None,
                 rubric: Rubric | None = None, mode: str = "practice", quiz: bool = False, quiz_count: int = 20,
                 quiz_seed: int | None = None, seed: int | None = None, *, shuffle: bool = True,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = datetime.now, save_dir: Path | None = None,
                 ask_trainee: bool = False, remember_trainee: bool = True, free: bool = False,
                 timed: bool = False) -> None:
        localise_bindings()  # before Textual copies the class's bindings into this app
        super().__init__()
        self.sub_title = relabel(self.SUB_TITLE)
        self.set_reactive(KasuharaApp.free, free)
        self.timed = timed  # --timed: the customer does not wait for a reply (every run of this session)
        self.scenario_dirs = tuple(scenario_dirs)
        self.set_reactive(KasuharaApp.trainee, trainee)
        self.ask_trainee_at_start = ask_trainee  # the command sets it; tests that do not ask for it see no dialog
        # False in a browser tab (serve): the database is shared by the whole room, so the name is asked in every
        # tab, is required, and is not remembered for the next one.
        self.remember_trainee = remember_trainee
        self.results = ResultsKeeper(self.notify, now)
        # The library, once the home screen has read it: the other screens use it instead of reading it again.
        self.library: Library | None = None
        self.initial_scenario = scenario
        self._rubric = rubric
        self.set_reactive(KasuharaApp.mode, mode)
        self.open_quiz_at_start = quiz
        self.quiz_count = quiz_count
        self.quiz_seed = quiz_seed
        # Every run gets a seed that picks the lines and shuffles the replies: ``seed`` (from --seed) for every run,
        # else a fresh one per run. ``shuffle=False`` shows the written order (the tests that press "1").
        self.seed = seed
        self.shuffle = shuffle
        self.clock = clock
        self.now = now
        self.save_dir = save_dir  # where transcripts go by default (None: the current directory)
        self._session_best: dict[str, BestResult] = {}

    @property
    def rubric(self) -> Rubric:
        if self._rubric is None:
            from kasuhara_sim.scoring import default_rubric

            self._rubric = default_rubric()
        return self._rubric

    def get_default_screen(self):
        # The library is the bottom of the stack: Esc and "back" always end there, never on a blank screen.
        from kasuhara_sim.tui.screens.home import HomeScreen

        screen = HomeScreen()
        self._fit(screen)  # its classes before its styles are first computed: a change after that restyles every widget
        return screen

    def on_mount(self) -> None:
        if self.initial_scenario is not None:
            self.open_briefing(self.initial_scenario)
        elif self.open_quiz_at_start:
            self.open_quiz()
        if self.ask_trainee_at_start and self.trainee is None:
            self.call_after_refresh(self._trainee_at_start)

    def on_unmount(self) -> None:
        self.results.close()

    # The screens' own CSS, read once while the trainee looks at the library: Textual otherwise parses the whole
    # stylesheet again and restyles every widget of the app on the key that first opens each of these screens
    # (in a served tab, 30 share 2 cores, that key waited the longest). app.tcss stays short for the first frame.
    SCREEN_CSS = ("briefing.tcss", "play.tcss", "result.tcss", "quiz.tcss", "progress.tcss")

    def prepare_screens(self) -> None:
        # The modules of a run's screens too, for the same reason (the first frame does not wait for them).
        import kasuhara_sim.tui.screens.briefing  # noqa: F401
        import kasuhara_sim.tui.screens.play  # noqa: F401
        import kasuhara_sim.tui.screens.result  # noqa: F401
        import kasuhara_sim.tui.session  # noqa: F401

        folder = Path(__file__).with_name("screens")
        added = False
        for name in self.SCREEN_CSS:
            path = (folder / name).resolve()  # the key a screen's CSS_PATH resolves to: it is not read twice
            if path.is_file() and not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                added = True
        if added:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    # --- screens get the terminal-size classes before their first frame --------------------------------------
    def _fit(self, screen) -> None:
        """Textual sets the breakpoint classes (-narrow, -short, …) on a screen's first Resize, after its first
        frame: a screen pushed at 60×18 drew once in the wide layout (the result's panels side by side, crushed)."""
        from textual.screen import Screen

        if not isinstance(screen, Screen):
            return
        width, height = self.size
        classes: dict[str, bool] = {}
        for breakpoints, value in ((self.HORIZONTAL_BREAKPOINTS, width), (self.VERTICAL_BREAKPOINTS, height)):
            chosen = [name for edge, name in breakpoints if value >= edge][-1:]
            classes.update({name: name in chosen for _, name in breakpoints})
        screen.update_classes(classes)

    def push_screen(self, screen, *args, **kwargs):
        self._fit(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen):
        self._fit(screen)
        return super().switch_screen(screen)

    def get_key_display(self, binding: Binding) -> str:
        # The answer keys are shown as the range that exists on this turn (1-2 with two replies), not 1-6.
        if binding.action.startswith("choose("):
            count = getattr(self.screen, "reply_count", None)
            if count:
                return "1" if count == 1 else f"1-{count}"
        return super().get_key_display(binding)

    # --- quitting: a run under way is not dropped without asking, and a crash leaves a log and a status ------
    async def action_quit(self) -> None:
        from kasuhara_sim.tui.screens.dialogs import ConfirmScreen
        from kasuhara_sim.tui.screens.play import PlayScreen

        if isinstance(self.screen, ConfirmScreen) and self.screen.quitting:
            self.exit()  # Ctrl+Q twice: the trainee means it
            return
        # The run may be under a help or confirmation screen: look down the stack.
        screen = next((s for s in self.screen_stack if isinstance(s, PlayScreen) and s.under_way), None)
        if screen is None:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                # Recorded as abandoned, as Esc would, before the app closes (the message is handled first).
                self.post_message(RunAbandoned(screen.session))
                self.call_later(self.exit)

        dialog = ConfirmScreen(T.quit_run_title, T.quit_run_body, T.quit_run_yes, T.play_abandon_no)
        dialog.quitting = True
        self.push_screen(dialog, answered)

    crash_log: Path | None = None

    def worker_failed(self, worker) -> None:
        """A background task raised (its worker runs with exit_on_error=False): the trainee is told in one line where
        the details were written, and the app goes on instead of closing with a traceback."""
        log = write_crash_log(worker.error) if worker.error is not None else None
        where = T.crash_log.format(path=log) if log else ""
        self.notify(T.worker_failed + (" " + where if where else ""), severity="error", timeout=12)

    def _handle_exception(self, error: Exception) -> None:
        # Textual prints the traceback once the screen is restored; keep it in a file too, so that the trainee can
        # send it, and so that run_app can name it and exit non-zero.
        if self.crash_log is None:
            self.crash_log = write_crash_log(error)
        super()._handle_exception(error)

    # --- the trainee: asked once, then remembered in the data directory --------------------------------------
    def _trainee_at_start(self) -> None:
        if not self.remember_trainee:
            self.ask_trainee()
            return
        remembered = self.results.remembered_trainee()
        if remembered:
            self.trainee = remembered
        elif self.results.available:
            self.ask_trainee()

    def ask_trainee(self, then: Callable[[], None] | None = None) -> None:
        from kasuhara_sim.tui.screens.trainee import TraineeScreen
        from kasuhara_sim.strings import Results as R

        def given(name: str | None) -> None:
            if name and not self.remember_trainee:
                self.trainee = name
            elif name:
                self.trainee = self.results.remember_trainee(name) or name
            elif self.trainee is None:
                self.notify(R.no_trainee, timeout=6)
            if then is not None:
                then()

        self.push_screen(TraineeScreen(self.trainee, required=not self.remember_trainee), given)

    def open_progress(self) -> None:
        from kasuhara_sim.tui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen())

    # --- navigation ---------------------------------------------------------------------------------------
    def open_briefing(self, loaded: LoadedScenario) -> None:
        from kasuhara_sim.tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(loaded))

    def start_run(self, loaded: LoadedScenario, replace: bool = False) -> None:
        """Start a new run of ``loaded`` in the current mode (``replace``: instead of the current screen)."""
        from kasuhara_sim.engine import Run, new_seed
        from kasuhara_sim.tui.screens.play import PlayScreen
        from kasuhara_sim.tui.session import PlaySession

        seed = None
        if self.shuffle:
            seed = self.seed if self.seed is not None else new_seed()
        session = PlaySession(loaded=loaded, rubric=self.rubric, mode=self.mode, trainee=self.trainee,
                              run=Run(loaded.scenario, seed=seed,
                                      timed=loaded.scenario.wait_seconds if self.timed else None),
                              started_at=self.now(), clock=self.clock,
                              free=self.free)
        screen = PlayScreen(session)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_result(self, session: PlaySession) -> None:
        from kasuhara_sim.tui.screens.result import ResultScreen

        self.switch_screen(ResultScreen(session))

    def open_quiz(self) -> None:
        from kasuhara_sim.tui.screens.quiz import QuizScreen

        self.push_screen(QuizScreen(self.scenario_dirs, self.quiz_count, self.quiz_seed))

    def back_to_library(self) -> None:
        from kasuhara_sim.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def toggle_mode(self) -> None:
        self.mode = "test" if self.mode == "practice" else "practice"

    def toggle_free(self) -> None:
        self.free = not self.free

    def action_help(self) -> None:
        from kasuhara_sim.tui.screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "HELP", ())))

    def action_help_quit(self) -> None:
        # Textual's own Ctrl+C message is English; say the same thing in the UI's language.
        self.notify(T.quit_hint)

    # --- a run's lifecycle: every run's start, each turn and its end pass through here ---------------------
    # Results storage hooks in by extending these four handlers and ``best_results``.
    def on_run_started(self, message: RunStarted) -> None:
        self.results.started(message.session)

    def on_turn_played(self, message: TurnPlayed) -> None:
        self.results.turn(message.session, message.turn)

    def on_run_finished(self, message: RunFinished) -> None:
        self.results.finished(message.session)
        report = message.session.report
        sid = message.session.scenario.id
        best = self._session_best.get(sid)
        if best is None or report.total > best.total:
            self._session_best[sid] = BestResult(report.total, report.grade)

    def on_run_abandoned(self, message: RunAbandoned) -> None:
        self.results.abandoned(message.session)

    def on_quiz_started(self, message: QuizStarted) -> None:
        self.results.quiz_started(self.trainee, message.planned, message.seed)

    def on_quiz_answered(self, message: QuizAnswered) -> None:
        self.results.quiz_answered(message.number, message.question, message.given)

    def on_quiz_ended(self, message: QuizEnded) -> None:
        self.results.quiz_ended(message.abandoned)

    def best_results(self, stored: bool = True) -> dict[str, BestResult]:
        """Best result and attempts per scenario id (the library's 最高 column and progress line): the stored
        results of the trainee, or this session's runs when no name was given or nothing can be stored (or
        ``stored`` is False)."""
        best = dict(self._session_best)
        if self.trainee and stored:
            for sid, b in self.results.best(self.trainee).items():
                best[sid] = BestResult(b.total, b.grade, b.attempts)
        return best


def write_crash_log(error: BaseException) -> Path | None:
    """The traceback of ``error`` in ``crash.log`` in the data directory (None if it cannot be written)."""
    import traceback

    from kasuhara_sim.store.db import data_home

    try:
        path = data_home() / "crash.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {stamp}\n{text}\n")
        return path
    except OSError:
        return None


# Terminals that cannot move the cursor: Textual never settles on them (the screen keeps re-laying itself out and
# ignores every key), so refuse to start rather than leave a process that only a signal ends.
DUMB_TERMINALS = frozenset({"dumb", "unknown"})


def check_terminal() -> None:
    """Raise a one-line ClickException if the screen version cannot run here (click is imported only then: the
    start of the trainer does not need it)."""
    problem = None
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        problem = T.no_terminal
    elif os.environ.get("TERM", "").strip().lower() in DUMB_TERMINALS:
        problem = T.dumb_terminal.format(term=os.environ["TERM"].strip())
    if problem:
        import click

        raise click.ClickException(problem)


def localise_bindings() -> None:
    """The footer's key labels in the chosen language. Textual reads BINDINGS when a class is created, which may be
    before the language is chosen (a test that switches it, say): each of our classes' bindings is relabelled."""
    from dataclasses import replace

    from textual.dom import DOMNode

    stack = [DOMNode]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        merged = cls.__dict__.get("_merged_bindings")
        if merged is None or not any(c.__module__.startswith("kasuhara_sim.") for c in cls.__mro__):
            continue  # Textual's own classes; ours and their subclasses (elsewhere too) are relabelled
        for key, bindings in merged.key_to_bindings.items():
            merged.key_to_bindings[key] = [replace(b, description=relabel(b.description, "key_")) for b in bindings]


def run_app(**kwargs) -> None:
    """Entry point used by ``kasuhara_sim.cli.root.launch_tui``; see KasuharaApp for the arguments."""
    check_terminal()
    app = KasuharaApp(ask_trainee=True, **kwargs)
    app.run()
    if app.return_code:  # Textual returns normally after a crash; wrappers and CI must see it failed
        import click

        where = T.crash_log.format(path=app.crash_log) if app.crash_log else T.crash_no_log
        click.echo(T.crashed + where, err=True)
        raise click.exceptions.Exit(app.return_code)

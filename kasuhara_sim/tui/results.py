"""The TUI's link to the results database: it records every run (start, each turn, finish or abandon), remembers the
trainee's name, and answers the library's "best score and attempts".

The store is opened on first use, after the first frame, so start-up does not wait for SQLite. Writes run on the UI
thread: each is one short transaction (milliseconds, even with a workshop's worth of other processes writing), and
doing them in order right where the run changes keeps "a kill loses at most the current turn" simple and true.
A database that cannot be used never stops the training: the trainee is told once, and plays on unrecorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from kasuhara_sim.strings import Results as R

if TYPE_CHECKING:
    from kasuhara_sim.store import Best, Store
    from kasuhara_sim.tui.session import PlaySession


class ResultsKeeper:
    def __init__(self, notify: Callable[..., None], now: Callable[[], datetime]) -> None:
        self._notify = notify
        self._now = now
        self._store: Store | None = None
        self.problem: str | None = None  # why the database cannot be used (None: fine, or not tried yet)
        self._run_ids: dict[int, int] = {}  # id(session) -> run id in the database
        self._told: set[str] = set()
        self._quiz: tuple | None = None  # (trainee, planned, seed) of the round under way
        self._quiz_id: int | None = None

    # --- the database --------------------------------------------------------------------------------
    @property
    def store(self) -> Store | None:
        if self._store is None and self.problem is None:
            from kasuhara_sim.store import Store, StoreError

            try:
                self._store = Store.open()
            except StoreError as exc:
                self._fail(str(exc))
        return self._store

    @property
    def available(self) -> bool:
        return self.store is not None

    def _fail(self, message: str) -> None:
        if self._store is None:
            self.problem = message
        if message not in self._told:  # once per distinct problem, not once per turn
            self._told.add(message)
            self._notify(R.store_unavailable.format(reason=message), severity="error", timeout=12)

    def _do(self, action: Callable[[Store], Any], default: Any = None) -> Any:
        store = self.store
        if store is None:
            return default
        from kasuhara_sim.store import StoreError

        try:
            return action(store)
        except StoreError as exc:
            self._fail(str(exc))
            return default

    def _stamp(self, when: datetime | None = None) -> str:
        from kasuhara_sim.store.db import format_time

        return format_time((when or self._now()).astimezone())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- the trainee ---------------------------------------------------------------------------------
    def remembered_trainee(self) -> str | None:
        return self._do(lambda s: s.remembered_trainee())

    def remember_trainee(self, name: str) -> str | None:
        return self._do(lambda s: s.remember_trainee(name))

    # --- a run's lifecycle ---------------------------------------------------------------------------
    def started(self, session: PlaySession) -> None:
        if not session.trainee:
            return
        self._do(lambda s: s.close_stale_runs(session.trainee, at=self._stamp()))  # runs killed mid-way
        run_id = self._do(lambda s: s.start_run(session.trainee, session.loaded, session.mode, session.rubric,
                                                started_at=self._stamp(session.started_at), seed=session.run.seed))
        if run_id is not None:
            self._run_ids[id(session)] = run_id

    def turn(self, session: PlaySession, turn) -> None:
        run_id = self._run_ids.get(id(session))
        if run_id is not None:
            self._do(lambda s: s.record_turn(run_id, turn, at=self._stamp()))

    def finished(self, session: PlaySession) -> None:
        run_id = self._run_ids.pop(id(session), None)
        if run_id is not None and session.report is not None:
            self._do(lambda s: s.finish_run(run_id, session.report, at=self._stamp()))

    def abandoned(self, session: PlaySession) -> None:
        run_id = self._run_ids.pop(id(session), None)
        if run_id is None:
            return
        from kasuhara_sim.scoring import score_run

        # The partial score, without the search for better replies (that is for the result screen).
        report = score_run(session.scenario, session.run, session.rubric, better_replies=False)
        self._do(lambda s: s.abandon_run(run_id, report, at=self._stamp()))

    # --- the ○× quiz: a round is stored from its first answer (a round left unanswered is not an attempt) ---
    def quiz_started(self, trainee: str | None, planned: int, seed: int | None) -> None:
        self._quiz = (trainee, planned, seed) if trainee else None
        self._quiz_id = None

    def quiz_answered(self, number: int, question, given: bool) -> None:
        if self._quiz is None:
            return
        if self._quiz_id is None:
            trainee, planned, seed = self._quiz
            self._quiz_id = self._do(lambda s: s.start_quiz(trainee, planned, seed, started_at=self._stamp()))
        if self._quiz_id is not None:
            self._do(lambda s: s.record_answer(self._quiz_id, number, question, given, at=self._stamp()))

    def quiz_ended(self, abandoned: bool) -> None:
        if self._quiz_id is not None:
            quiz_id = self._quiz_id
            self._do(lambda s: s.finish_quiz(quiz_id, abandoned=abandoned, at=self._stamp()))
        self._quiz, self._quiz_id = None, None

    # --- reading -------------------------------------------------------------------------------------
    def best(self, trainee: str) -> dict[str, Best]:
        return self._do(lambda s: s.best_scores(trainee), default={})

    def history(self, trainee: str):
        return self._do(lambda s: s.history(trainee, details=True), default=[])

"""The TUI's link to the results database: it records every run (start, each turn, finish or abandon), remembers the
trainee's name, and answers the library's "best score and attempts".

The store is opened on first use, after the first frame, so start-up does not wait for SQLite. Writes run in order on
one writer thread, never on the UI thread: another process holding the database's lock makes a write wait, and the
screen must not freeze meanwhile (the trainee is told, once, that the results are waiting). If the lock outlasts the
store's wait, the run goes on in memory and is kept in a pending file at its end, merged by the next process that
opens the database. The finish (total, grade, outcome) is written as soon as the last reply is chosen, before the
result screen's slower search for better replies, which is added to the stored run afterwards.
A database that cannot be used never stops the training: the trainee is told once, and plays on unrecorded.
"""

from __future__ import annotations

import threading
import uuid as uuidlib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from kasuhara_sim.strings import Results as R

if TYPE_CHECKING:
    from kasuhara_sim.store import Best, Store
    from kasuhara_sim.tui.session import PlaySession


class _Run:
    """One session's run as the writer knows it: enough to keep it pending if the database stays locked."""

    def __init__(self, session: PlaySession, started_at: str) -> None:
        self.session = session
        self.uuid = str(uuidlib.uuid4())
        self.started_at = started_at
        self.turns: list[tuple[Any, str]] = []
        self.run_id: int | None = None
        self.busy = False  # the lock outlasted the wait: kept in memory, then pending
        self.ended = False


class ResultsKeeper:
    def __init__(self, notify: Callable[..., None], now: Callable[[], datetime]) -> None:
        self._notify = notify  # App.notify: safe to call from the writer thread
        self._now = now
        self._store: Store | None = None
        self._opening = threading.Lock()
        self.problem: str | None = None  # why the database cannot be used (None: fine, or not tried yet)
        self._runs: dict[int, _Run] = {}  # id(session) -> its run (touched by the writer thread only)
        self._told: set[str] = set()
        self._quiz: tuple | None = None  # (trainee, planned, seed) of the round under way
        self._quiz_id: int | None = None
        self._writer: ThreadPoolExecutor | None = None

    # --- the database --------------------------------------------------------------------------------
    @property
    def store(self) -> Store | None:
        with self._opening:
            if self._store is None and self.problem is None:
                from kasuhara_sim.store import Store, StoreError

                try:
                    self._store = Store.open(on_wait=self._waiting)
                except StoreError as exc:
                    self._fail(str(exc))
            return self._store

    @property
    def opened(self) -> bool:
        """The database was opened, or found unusable: asking it no longer waits for SQLite."""
        return self._store is not None or self.problem is not None

    @property
    def available(self) -> bool:
        return self.store is not None

    def _waiting(self) -> None:
        self._tell(R.store_waiting, severity="warning", timeout=8)

    def _tell(self, message: str, **kwargs) -> None:
        if message not in self._told:  # once per distinct problem, not once per turn
            self._told.add(message)
            self._notify(message, **kwargs)

    def _fail(self, message: str) -> None:
        if self._store is None:
            self.problem = message
        self._tell(R.store_unavailable.format(reason=message), severity="error", timeout=12)

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

    def _in_writer(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the writer thread, after every write queued before it."""
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kasuhara-results")

        def guarded() -> None:
            try:
                job()
            except Exception as exc:  # said, not swallowed by the executor's future
                self._fail(f"{type(exc).__name__}: {exc}")

        self._writer.submit(guarded)

    def flush(self) -> None:
        """Wait until every queued write is done (tests, and before closing)."""
        if self._writer is not None:
            self._writer.submit(lambda: None).result()

    def _stamp(self, when: datetime | None = None) -> str:
        from kasuhara_sim.store.db import format_time

        return format_time((when or self._now()).astimezone())

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True)  # what is queued is written (or kept pending) before the app ends
            self._writer = None
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- the trainee ---------------------------------------------------------------------------------
    def remembered_trainee(self) -> str | None:
        return self._do(lambda s: s.remembered_trainee())

    def remember_trainee(self, name: str) -> str | None:
        return self._do(lambda s: s.remember_trainee(name))

    # --- a run's lifecycle: each step is queued on the writer thread ---------------------------------
    def started(self, session: PlaySession) -> None:
        if not session.trainee:
            return
        run = _Run(session, self._stamp(session.started_at))
        self._runs[id(session)] = run
        closed_at = self._stamp()
        # Runs of this trainee killed mid-way (no finish, no abandon recorded) are marked abandoned now.
        self._in_writer(lambda: self._do(lambda s: s.close_stale_runs(session.trainee, at=closed_at)))
        self._in_writer(lambda: self._write(run, lambda s: s.start_run(
            session.trainee, session.loaded, session.mode, session.rubric, started_at=run.started_at,
            seed=session.run.seed, uuid=run.uuid, free=session.free,
            timed=session.run.timed), start=True))

    def turn(self, session: PlaySession, turn) -> None:
        run = self._runs.get(id(session))
        if run is None:
            return
        at = self._stamp()
        run.turns.append((turn, at))
        self._in_writer(lambda: self._write(run, lambda s: s.record_turn(run.run_id, turn, at=at)))
        if session.run.finished:
            # The finish now, scored without the search for better replies (fast), so that quitting while the
            # result screen searches cannot leave a fully played run unfinished.
            at_end = self._stamp()
            self._in_writer(lambda: self._end(run, better_replies=False, at=at_end))

    def finished(self, session: PlaySession) -> None:
        """The result screen's full report: the better replies are added to the run already finished."""
        run = self._runs.pop(id(session), None)
        report = session.report
        if run is None or report is None:
            return
        at = self._stamp()

        def job() -> None:
            if run.ended:
                self._write(run, lambda s: s.add_better_replies(run.run_id, report))
            else:  # pragma: no cover - the last turn has already queued the finish
                self._end(run, report=report, at=at)

        self._in_writer(job)

    def abandoned(self, session: PlaySession) -> None:
        run = self._runs.pop(id(session), None)
        if run is None:
            return
        at = self._stamp()
        self._in_writer(lambda: self._end(run, better_replies=False, at=at))

    def _write(self, run: _Run, action: Callable[[Store], Any], start: bool = False) -> None:
        """One step of a run on the writer thread; a lock that outlasts the wait turns the run pending."""
        if run.busy or (run.run_id is None and not start):
            return
        from kasuhara_sim.store import StoreError
        from kasuhara_sim.store.errors import DatabaseBusy

        store = self.store
        if store is None:
            return
        try:
            result = action(store)
        except DatabaseBusy:
            run.busy = True
            return
        except StoreError as exc:
            self._fail(str(exc))
            return
        if start:
            run.run_id = result

    def _end(self, run: _Run, report=None, better_replies: bool = True, at: str | None = None) -> None:
        if run.ended:
            return
        session = run.session
        if report is None:
            from kasuhara_sim.scoring import score_run

            report = score_run(session.scenario, session.run, session.rubric, better_replies=better_replies)
        if run.run_id is not None and not run.busy:
            if session.run.finished:
                self._write(run, lambda s: s.finish_run(run.run_id, report, at=at))
            else:
                self._write(run, lambda s: s.abandon_run(run.run_id, report, at=at))
        if run.busy:
            self._keep_pending(run, report, at)
        run.ended = True

    def _keep_pending(self, run: _Run, report, at: str | None) -> None:
        from kasuhara_sim.store import Store, StoreError
        from kasuhara_sim.store.db import run_entry

        s = run.session
        entry = run_entry(s.trainee, s.loaded, run.turns, report, s.mode, s.rubric, seed=s.run.seed, uuid=run.uuid,
                          started_at=run.started_at, ended_at=at, free=s.free,
                          timed=s.run.timed)
        try:
            path = Store.keep_pending(entry, self._store.home if self._store is not None else None)
        except StoreError as exc:
            self._fail(str(exc))
            return
        self._notify(R.kept_pending.format(path=path), severity="warning", timeout=12)

    # --- the ○× quiz: a round is stored from its first answer (a round left unanswered is not an attempt) ---
    def quiz_started(self, trainee: str | None, planned: int, seed: int | None) -> None:
        self._quiz = (trainee, planned, seed) if trainee else None

        def job() -> None:
            self._quiz_id = None

        self._in_writer(job)

    def quiz_answered(self, number: int, question, given: bool) -> None:
        if self._quiz is None:
            return
        quiz, at = self._quiz, self._stamp()

        def job() -> None:
            if self._quiz_id is None:
                trainee, planned, seed = quiz
                self._quiz_id = self._do(lambda s: s.start_quiz(trainee, planned, seed, started_at=at))
            if self._quiz_id is not None:
                quiz_id = self._quiz_id
                self._do(lambda s: s.record_answer(quiz_id, number, question, given, at=at))

        self._in_writer(job)

    def quiz_ended(self, abandoned: bool) -> None:
        at = self._stamp()

        def job() -> None:
            if self._quiz_id is not None:
                quiz_id = self._quiz_id
                self._do(lambda s: s.finish_quiz(quiz_id, abandoned=abandoned, at=at))
            self._quiz_id = None

        self._quiz = None
        self._in_writer(job)

    # --- reading -------------------------------------------------------------------------------------
    def best(self, trainee: str) -> dict[str, Best]:
        return self._do(lambda s: s.best_scores(trainee), default={})

    def history(self, trainee: str):
        return self._do(lambda s: s.history(trainee, details=True), default=[])

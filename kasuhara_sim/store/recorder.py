"""Recording a run or a quiz played on the plain terminal (``play --plain``, ``quiz --plain``) as it happens.

The trainee keeps playing when the database cannot be used: the problem is said once, on stderr, and the command
then ends with a non-zero status so that nobody believes the result was kept. A database held by another process
is different: it is said within a second that the results are waiting, and if the lock outlasts the wait the run
goes on in memory and is kept in a pending file at its end (merged by the next command), so nothing is lost.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from kasuhara_sim.store.errors import DatabaseBusy, StoreError
from kasuhara_sim.strings import Cli
from kasuhara_sim.strings import Results as R


class Recorder:
    def __init__(self, trainee: str, echo: Callable[[str], None] | None = None) -> None:
        self.trainee = trainee
        self.problem: str | None = None
        self._echo = echo or (lambda line: print(line, file=sys.stderr, flush=True))
        self._store = None
        self._run_id: int | None = None
        self._quiz_id: int | None = None
        self._told_waiting = False
        self._busy = False  # the lock outlasted the wait: the run is kept in memory, then pending
        self._run: dict | None = None  # what a pending entry needs: loaded, mode, rubric, seed, uuid, start, turns

    def _waiting(self) -> None:
        if not self._told_waiting:
            self._told_waiting = True
            self._echo(R.store_waiting)

    def _do(self, action: Callable[[Any], Any]) -> Any:
        if self.problem is not None or self._busy:
            return None
        try:
            if self._store is None:
                from kasuhara_sim.store import Store

                self._store = Store.open(on_wait=self._waiting)
            return action(self._store)
        except DatabaseBusy:
            self._busy = True
            return None
        except StoreError as exc:
            self.problem = str(exc)
            self._echo(Cli.error_prefix + self.problem)
            return None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- a run ---------------------------------------------------------------------------------------
    def started(self, loaded, mode: str, rubric, seed: int | None = None, free: bool = False,
                timed: int | None = None) -> None:
        import uuid

        from kasuhara_sim.store.db import utc_now

        self._run = {"loaded": loaded, "mode": mode, "rubric": rubric, "seed": seed, "uuid": str(uuid.uuid4()),
                     "started_at": utc_now(), "turns": [], "free": free, "timed": timed}
        r = self._run
        self._run_id = self._do(lambda s: s.start_run(self.trainee, loaded, mode, rubric, seed=seed, uuid=r["uuid"],
                                                      started_at=r["started_at"], free=free,
                                                      timed=timed))

    def turn(self, turn) -> None:
        from kasuhara_sim.store.db import utc_now

        if self._run is None:
            return
        at = utc_now()
        self._run["turns"].append((turn, at))
        if self._run_id is not None:
            self._do(lambda s: s.record_turn(self._run_id, turn, at=at))

    def finished(self, report) -> None:
        """The finish (total, grade, outcome), recorded before the better replies are searched."""
        self._end(report, lambda s: s.finish_run(self._run_id, report))

    def better_replies(self, report) -> None:
        """The full report, once the better replies are known (the finish is already stored)."""
        if self._run_id is not None and not self._busy:
            self._do(lambda s: s.add_better_replies(self._run_id, report))

    def abandoned(self, scenario, run, rubric) -> None:
        if self._run is None:
            return
        from kasuhara_sim.scoring import score_run

        report = score_run(scenario, run, rubric, better_replies=False)
        self._end(report, lambda s: s.abandon_run(self._run_id, report), abandoned=True)

    def _end(self, report, write: Callable[[Any], Any], abandoned: bool = False) -> None:
        if self._run is None or self.problem is not None:
            return
        if self._run_id is not None:
            self._do(write)
        if self._busy:
            self._keep_pending(report, abandoned)

    def _keep_pending(self, report, abandoned: bool) -> None:
        from kasuhara_sim.store import Store
        from kasuhara_sim.store.db import run_entry

        r = self._run
        entry = run_entry(self.trainee, r["loaded"], r["turns"], report, r["mode"], r["rubric"], seed=r["seed"],
                          uuid=r["uuid"], started_at=r["started_at"], free=r["free"], timed=r["timed"])
        if abandoned:
            entry["end"]["run"].update(status="abandoned", outcome=None, success=None, passed=None)
        try:
            path = Store.keep_pending(entry, self._store.home if self._store is not None else None)
        except StoreError as exc:
            self.problem = str(exc)
            self._echo(Cli.error_prefix + self.problem)
            return
        self._echo(R.kept_pending.format(path=path))

    # --- a quiz --------------------------------------------------------------------------------------
    def quiz_started(self, planned: int, seed: int | None) -> None:
        self._quiz_id = self._do(lambda s: s.start_quiz(self.trainee, planned, seed))

    def answered(self, number: int, question, given: bool) -> None:
        if self._quiz_id is not None:
            self._do(lambda s: s.record_answer(self._quiz_id, number, question, given))

    def quiz_ended(self, abandoned: bool = False) -> None:
        if self._quiz_id is not None:
            self._do(lambda s: s.finish_quiz(self._quiz_id, abandoned=abandoned))

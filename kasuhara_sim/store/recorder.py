"""Recording a run or a quiz played on the plain terminal (``play --plain``, ``quiz --plain``) as it happens.

The trainee keeps playing when the database cannot be used: the problem is said once, on stderr, and the command
then ends with a non-zero status so that nobody believes the result was kept.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from kasuhara_sim.store.errors import StoreError
from kasuhara_sim.strings import Cli


class Recorder:
    def __init__(self, trainee: str, echo: Callable[[str], None] | None = None) -> None:
        self.trainee = trainee
        self.problem: str | None = None
        self._echo = echo or (lambda line: print(line, file=sys.stderr, flush=True))
        self._store = None
        self._run_id: int | None = None
        self._quiz_id: int | None = None

    def _do(self, action: Callable[[Any], Any]) -> Any:
        if self.problem is not None:
            return None
        try:
            if self._store is None:
                from kasuhara_sim.store import Store

                self._store = Store.open()
            return action(self._store)
        except StoreError as exc:
            self.problem = str(exc)
            self._echo(Cli.error_prefix + self.problem)
            return None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- a run ---------------------------------------------------------------------------------------
    def started(self, loaded, mode: str, rubric, seed: int | None = None) -> None:
        self._run_id = self._do(lambda s: s.start_run(self.trainee, loaded, mode, rubric, seed=seed))

    def turn(self, turn) -> None:
        if self._run_id is not None:
            self._do(lambda s: s.record_turn(self._run_id, turn))

    def finished(self, report) -> None:
        if self._run_id is not None:
            self._do(lambda s: s.finish_run(self._run_id, report))

    def abandoned(self, scenario, run, rubric) -> None:
        if self._run_id is not None:
            from kasuhara_sim.scoring import score_run

            report = score_run(scenario, run, rubric, better_replies=False)
            self._do(lambda s: s.abandon_run(self._run_id, report))

    # --- a quiz --------------------------------------------------------------------------------------
    def quiz_started(self, planned: int, seed: int | None) -> None:
        self._quiz_id = self._do(lambda s: s.start_quiz(self.trainee, planned, seed))

    def answered(self, number: int, question, given: bool) -> None:
        if self._quiz_id is not None:
            self._do(lambda s: s.record_answer(self._quiz_id, number, question, given))

    def quiz_ended(self, abandoned: bool = False) -> None:
        if self._quiz_id is not None:
            self._do(lambda s: s.finish_quiz(self._quiz_id, abandoned=abandoned))

"""One trainee's attempt at one scenario, as the TUI sees it: the core's Run plus who, when, which mode, how long.

The Run (state machine, transcript) and the ScoreReport come from the core; nothing here decides anything about
routing or scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from kasuhara_sim.engine import Run
    from kasuhara_sim.format.loader import LoadedScenario
    from kasuhara_sim.scoring import Rubric, ScoreReport


@dataclass
class PlaySession:
    loaded: LoadedScenario
    rubric: Rubric
    mode: str  # "practice" | "test"
    trainee: str | None
    run: Run
    started_at: datetime  # wall clock, for the transcript
    clock: Callable[[], float]  # monotonic seconds; injectable so that tests and snapshots are deterministic
    started: float = field(default=0.0)
    ended: float | None = None
    report: ScoreReport | None = None
    saved_to: Path | None = None
    free: bool = False  # 自由回答: the trainee types the replies

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def scenario(self):
        return self.loaded.scenario

    @property
    def practice(self) -> bool:
        return self.mode == "practice"

    @property
    def elapsed(self) -> float:
        return (self.ended if self.ended is not None else self.clock()) - self.started

    def finish(self, report: ScoreReport) -> None:
        self.ended = self.clock()
        self.report = report

"""The lifecycle of a run, as messages the play screen posts and the app handles in one place.

Anything that must see every run (results storage, trainee history) hooks into ``KasuharaApp.on_run_*``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from kasuhara_sim.engine import Turn
    from kasuhara_sim.tui.session import PlaySession


class RunStarted(Message):
    """The trainee pressed Enter on the briefing; ``session.run`` is at the start node."""

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session


class TurnPlayed(Message):
    """A reply was chosen; ``turn`` is the transcript line just appended."""

    def __init__(self, session: PlaySession, turn: Turn) -> None:
        super().__init__()
        self.session = session
        self.turn = turn


class RunFinished(Message):
    """An ending was reached and scored: ``session.report`` is set and ``session.ended`` is the finish time."""

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session


class RunAbandoned(Message):
    """The trainee confirmed Esc before an ending."""

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session


class QuizStarted(Message):
    """A round of ``planned`` ○× questions was drawn (``seed``: the draw's seed, if any)."""

    def __init__(self, planned: int, seed: int | None) -> None:
        super().__init__()
        self.planned, self.seed = planned, seed


class QuizAnswered(Message):
    """The ``number``-th question of the round (1-based) was answered ``given`` (True: ○)."""

    def __init__(self, number: int, question, given: bool) -> None:
        super().__init__()
        self.number, self.question, self.given = number, question, given


class QuizEnded(Message):
    """The round's score was shown, or (``abandoned``) the trainee left it part-way."""

    def __init__(self, abandoned: bool = False) -> None:
        super().__init__()
        self.abandoned = abandoned

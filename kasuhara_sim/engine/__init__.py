"""A run of a scenario: a ``transitions`` state machine plus anger, flags and an append-only transcript."""

from kasuhara_sim.engine.run import ChoiceOutOfRange, Run, RunFinished, Turn, VisibleChoice, replay

__all__ = ["ChoiceOutOfRange", "Run", "RunFinished", "Turn", "VisibleChoice", "replay"]

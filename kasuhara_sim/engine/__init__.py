"""A run of a scenario: a ``transitions`` state machine plus anger, flags and an append-only transcript.

It reads the scenario model (``kasuhara_sim.format``) and knows nothing of scores, results or screens."""

from kasuhara_sim.engine.run import (ChoiceOutOfRange, Layout, Press, Run, RunFinished, Turn, VisibleChoice, layout,
                                     new_seed, replay)

__all__ = ["ChoiceOutOfRange", "Layout", "Press", "Run", "RunFinished", "Turn", "VisibleChoice", "layout", "new_seed", "replay"]

"""Scoring runs against a rubric (a data file), with an explanation for every point lost.

``rubric`` holds the rules as data, ``score`` scores one run turn by turn, and ``search`` finds the best and worst
totals a scenario allows (the scorer uses it to name a better reply; ``kasuhara_sim.analysis`` builds on it). The
rules are coded twice, in ``score`` and, on a compact state for speed, in ``search``: a new rule goes into both, and
tests/authoring/test_analysis_exact.py checks that they agree."""

from kasuhara_sim.scoring.rubric import Rubric, default_rubric, load_rubric
from kasuhara_sim.scoring.score import Loss, ScoreReport, TurnReview, score_run

__all__ = ["Loss", "Rubric", "ScoreReport", "TurnReview", "default_rubric", "load_rubric", "score_run"]

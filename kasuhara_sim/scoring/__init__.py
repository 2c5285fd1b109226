"""Scoring runs against a rubric (a data file), with an explanation for every point lost."""

from kasuhara_sim.scoring.rubric import Rubric, default_rubric, load_rubric
from kasuhara_sim.scoring.score import Loss, ScoreReport, TurnReview, score_run

__all__ = ["Loss", "Rubric", "ScoreReport", "TurnReview", "default_rubric", "load_rubric", "score_run"]

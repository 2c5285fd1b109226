"""The ○× knowledge check: question banks in ``scenarios/quiz/*.yaml``."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.format.model import SCENARIO_ID_PATTERN
from kasuhara_sim.format.yamlsource import read_document
from kasuhara_sim.strings import Load

Text = Annotated[str, StringConstraints(min_length=1)]


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: Annotated[str, StringConstraints(pattern=SCENARIO_ID_PATTERN)]
    topic: Text
    statement: Text
    answer: bool = Field(description="true = ○, false = ×")
    explanation: Text


class QuizBank(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    title: Text | None = None
    questions: list[Question] = Field(min_length=1)


def load_quiz(path: Path | str) -> QuizBank:
    from kasuhara_sim.format.loader import _translate

    doc = read_document(path)
    try:
        bank = QuizBank.model_validate(doc.data)
    except ValidationError as exc:
        raise ScenarioError([_translate(e, doc, QuizBank) for e in exc.errors()]) from None
    seen: dict[str, int] = {}
    problems: list[Diagnostic] = []
    for i, q in enumerate(bank.questions):
        if q.id in seen:
            problems.append(error(doc.path, *doc.source.value_pos(("questions", i, "id")),
                                  Load.duplicate_value.format(value=q.id), "duplicate-id"))
        seen[q.id] = i
    if problems:
        raise ScenarioError(problems)
    return bank


def draw(questions: list[Question], n: int = 20, seed: int | None = None) -> list[Question]:
    """``n`` distinct questions in random order (all of them when the bank is smaller)."""
    rng = random.Random(seed)
    return rng.sample(questions, min(n, len(questions)))

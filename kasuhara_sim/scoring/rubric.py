"""The rubric: which steps perform which dimension, the order rules, penalties, the failure cap and grades.

The default is the data file beside this module; an organisation can replace it with its own file (same keys).
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from kasuhara_sim.diagnostics import ScenarioError, error
from kasuhara_sim.scenario.model import Dimension, NgTag, Outcome, Step
from kasuhara_sim.scenario.yamlsource import parse_document, read_document

Points = Annotated[int, Field(ge=0, le=100)]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DimensionRule(_M):
    label: Annotated[str, StringConstraints(min_length=1)]
    steps: list[Step] = Field(min_length=1)


class GradeBand(_M):
    grade: Annotated[str, StringConstraints(min_length=1)]
    min: Points


class Rubric(_M):
    rubric: int = Field(1, ge=1, le=1)
    name: str = ""
    dimensions: dict[Dimension, DimensionRule]
    performed: Points = 100
    out_of_order: Points = 60
    order: dict[Dimension, list[Dimension]] = Field(default_factory=dict)
    penalties: dict[NgTag, dict[Dimension, Points]] = Field(default_factory=dict)
    failed_outcomes: list[Outcome] = Field(default_factory=lambda: ["escalated", "gave_in"])
    failure_cap: Points = 59
    grades: list[GradeBand] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> "Rubric":
        missing = {"empathy", "fact_check", "can_cant", "limited_apology", "firm_response"} - set(self.dimensions)
        if missing:
            raise ValueError(f"dimensions に {', '.join(sorted(missing))} がありません")
        if min(g.min for g in self.grades) != 0:
            raise ValueError("grades には min: 0 の段階が必要です")
        return self

    # --- rules, used by both the scorer and the analyser --------------------------------------------
    def label(self, dim: str) -> str:
        return self.dimensions[dim].label

    def dims_performed(self, steps, expected) -> list[str]:
        return [d for d in expected if any(s in self.dimensions[d].steps for s in steps)]

    def prerequisites(self, dim: str, expected) -> list[str]:
        """Dimensions of which at least one must have occurred before ``dim`` (empty: no order rule)."""
        return [d for d in self.order.get(dim, ()) if d in expected]

    def in_order(self, dim: str, occurred, expected) -> bool:
        pre = self.prerequisites(dim, expected)
        return not pre or any(p in occurred for p in pre)

    def grade(self, total: int) -> str:
        for band in sorted(self.grades, key=lambda g: -g.min):
            if total >= band.min:
                return band.grade
        return self.grades[-1].grade  # pragma: no cover - a band with min 0 always exists

    def combine(self, dim_scores: list[int], extra_penalty: int, outcome: str | None) -> int:
        mean = sum(dim_scores) / len(dim_scores) if dim_scores else 0
        total = max(0, min(100, math.floor(mean + 0.5) - extra_penalty))
        if outcome in self.failed_outcomes:
            total = min(total, self.failure_cap)
        return total


def _from_document(doc) -> Rubric:
    try:
        return Rubric.model_validate(doc.data)
    except ValidationError as exc:
        from kasuhara_sim.scenario.loader import _translate  # same wording and positions as scenario files

        raise ScenarioError([_translate(e, doc, Rubric) for e in exc.errors()]) from None


def load_rubric(path: Path | str) -> Rubric:
    return _from_document(read_document(path))


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    text = resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    return _from_document(parse_document(text, "default_rubric.yaml"))

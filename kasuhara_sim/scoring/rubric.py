"""The rubric: which steps perform which dimension, the order rules, penalties, the failure cap and grades.

The default is the data file beside this module; an organisation can replace it with its own file (same keys).
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationError, field_validator,
                      model_validator)

from kasuhara_sim.format.diagnostics import ScenarioError, error
from kasuhara_sim.format.model import Dimension, NgTag, Outcome, Step
from kasuhara_sim.format.yamlsource import parse_document, read_document
from kasuhara_sim.i18n import relabel

Points = Annotated[int, Field(ge=0, le=100)]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DimensionRule(_M):
    label: Annotated[str, StringConstraints(min_length=1)]
    steps: list[Step] = Field(min_length=1)


class GradeBand(_M):
    grade: Annotated[str, StringConstraints(min_length=1)]
    min: Points


class Severity(_M):
    """A class of mistakes: how many points each one costs the total, every time it is made."""

    label: Annotated[str, StringConstraints(min_length=1)]
    points: Points
    ng: list[NgTag] = Field(default_factory=list)


class Rubric(_M):
    # 1: the first edition (NG tags lower dimensions only; a penalty on a dimension not expected comes off the total).
    # 2: adds severity deductions from the total and the critical cap (docs/format.md, default rubric v2).
    rubric: int = Field(1, ge=1, le=2)
    name: str = ""
    dimensions: dict[Dimension, DimensionRule]
    performed: Points = 100
    out_of_order: Points = 60
    order: dict[Dimension, list[Dimension]] = Field(default_factory=dict)
    penalties: dict[NgTag, dict[Dimension, Points]] = Field(default_factory=dict)
    failed_outcomes: list[Outcome] = Field(default_factory=lambda: ["escalated", "gave_in"])
    failure_cap: Points = 59
    # Revision 2: severity → points off the total per NG tag made; tags whose mistake caps the total like a failure.
    deductions: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")], Severity] = Field(default_factory=dict)
    critical: list[NgTag] = Field(default_factory=list)
    grades: list[GradeBand] = Field(min_length=1)
    _severity_of: dict[str, str] = PrivateAttr(default_factory=dict)

    # Field validators rather than one model validator: an error then points at the key it is about (grades:, …).
    @field_validator("dimensions")
    @classmethod
    def _all_dimensions(cls, value):
        missing = {"empathy", "fact_check", "can_cant", "limited_apology", "firm_response"} - set(value)
        if missing:
            raise ValueError(f"dimensions に {', '.join(sorted(missing))} がありません")
        return value

    @field_validator("grades")
    @classmethod
    def _grade_from_zero(cls, value):
        if min(g.min for g in value) != 0:
            raise ValueError("grades には min: 0 の段階が必要です")
        return value

    @field_validator("deductions", "critical")
    @classmethod
    def _revision_2_only(cls, value, info):
        if value and info.data.get("rubric", 1) == 1:
            raise ValueError("deductions と critical は rubric: 2 の採点基準で使えます")
        return value

    @field_validator("deductions")
    @classmethod
    def _one_severity_per_tag(cls, value):
        seen: dict[str, str] = {}
        for name, sev in value.items():
            for tag in sev.ng:
                if tag in seen:
                    raise ValueError(f"NG タグ {tag} が deductions の {seen[tag]} と {name} の両方にあります")
                seen[tag] = name
        return value

    @model_validator(mode="after")
    def _index(self) -> "Rubric":
        self._severity_of = {tag: name for name, sev in self.deductions.items() for tag in sev.ng}
        return self

    @property
    def passing(self) -> int:
        """The lowest total that is not a failure (one above the cap that failures and critical mistakes get)."""
        return self.failure_cap + 1

    @property
    def mastery(self) -> int:
        """The lowest total that counts as mastered and is shown as good: the second grade band from the top (A in
        the default rubric; the top band when there are only two)."""
        mins = sorted({g.min for g in self.grades}, reverse=True)
        return mins[1] if len(mins) > 2 else mins[0]

    def band(self, total: float) -> str:
        """How a score is coloured everywhere: "good" (mastered), "mid" (passed) or "low" (below the pass mark)."""
        return "good" if total >= self.mastery else "mid" if total >= self.passing else "low"

    # --- rules, used by both the scorer and the analyser --------------------------------------------
    def label(self, dim: str) -> str:
        # The default rubric's labels are messages (strings.DIMENSIONS): shown in the chosen language. An
        # organisation's own labels are content, shown as written.
        return relabel(self.dimensions[dim].label)

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

    def severity(self, ng: str) -> tuple[str, Severity] | None:
        """(severity name, severity) of an NG tag under revision 2; None when the tag costs the total nothing."""
        name = self._severity_of.get(ng)
        return None if name is None else (name, self.deductions[name])

    def deduction(self, ng: str) -> int:
        found = self.severity(ng)
        return found[1].points if found else 0

    def is_critical(self, ng: str) -> bool:
        return ng in self.critical

    def total_penalty(self, ng: str, expected) -> int:
        """Points an NG tag takes off the total: its severity (rubric 2), or under rubric 1 its penalties on
        dimensions that are not expected (the first edition's rule)."""
        if self.rubric >= 2:
            return self.deduction(ng)
        return sum(amount for dim, amount in self.penalties.get(ng, {}).items() if dim not in expected)

    @staticmethod
    def mean(dim_scores: list[int]) -> int:
        return math.floor(sum(dim_scores) / len(dim_scores) + 0.5) if dim_scores else 0

    def capped(self, outcome: str | None, critical: bool) -> bool:
        return outcome in self.failed_outcomes or critical

    def combine(self, dim_scores: list[int], extra_penalty: int, outcome: str | None, critical: bool = False) -> int:
        total = max(0, min(100, self.mean(dim_scores) - extra_penalty))
        if self.capped(outcome, critical):
            total = min(total, self.failure_cap)
        return total


def _from_document(doc) -> Rubric:
    try:
        return Rubric.model_validate(doc.data)
    except ValidationError as exc:
        from kasuhara_sim.format.loader import _translate  # same wording and positions as scenario files

        raise ScenarioError([_translate(e, doc, Rubric) for e in exc.errors()]) from None


def load_rubric(path: Path | str) -> Rubric:
    return _from_document(read_document(path))


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    text = resources.files("kasuhara_sim.scoring").joinpath("default_rubric.yaml").read_text(encoding="utf-8")
    return _from_document(parse_document(text, "default_rubric.yaml"))

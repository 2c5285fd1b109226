"""言葉づかい advice: the common keigo slips of a typed reply (self-honorifics, double keigo, バイト敬語, 了解しました),
each with the correction. Rules are data (``advice.yaml``); advice is never scored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class AdviceRule:
    id: str
    pattern: re.Pattern
    fix: str
    why: str
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    rule: str
    start: int
    end: int
    words: str
    fix: str
    why: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "start": self.start, "end": self.end, "words": self.words, "fix": self.fix,
                "why": self.why}


_RULES: list[AdviceRule] | None = None


def advice_rules() -> list[AdviceRule]:
    global _RULES
    if _RULES is None:
        import yaml

        text = resources.files("kasuhara_sim.understand").joinpath("advice.yaml").read_text(encoding="utf-8")
        _RULES = [AdviceRule(str(r["id"]), re.compile(r["pattern"]), str(r["fix"]), str(r["why"]),
                             tuple(r.get("examples") or ()), tuple(r.get("counter") or ()))
                  for r in yaml.safe_load(text)["rules"]]
    return _RULES


def advise(text: str) -> list[Advice]:
    """Each slip in ``text`` (first occurrence per rule), in the order they appear."""
    out = []
    for rule in advice_rules():
        m = rule.pattern.search(text)
        if m:
            out.append(Advice(rule.id, m.start(), m.end(), m.group(0), rule.fix, rule.why))
    return sorted(out, key=lambda a: (a.start, a.rule))

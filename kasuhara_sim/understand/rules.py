"""The recogniser's data: a lexicon of named word lists, the rules that find steps and mistakes, the typo table and
the overrides between labels. Read from ``rules.yaml`` and from any file an organisation adds (same keys: a list in the
lexicon is extended, a rule with the id of a built-in rule replaces it, ``disabled: true`` removes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

STEPS = ("empathy", "limited_apology", "fact_check", "can_cant", "firm_boundary", "escalate", "record")
NG_TAGS = ("full_apology", "argue", "rash_promise", "bare_refusal", "premature_label", "give_in", "pass_around",
           "lone_handling", "rude", "misinform", "conceal", "unsafe", "expose_staff")
LABELS = STEPS + NG_TAGS
POLARITIES = ("positive", "negative", "any", "final")
RULE_KEYS = {"id", "label", "pattern", "polarity", "unless_followed_by", "unless", "question", "explain", "examples",
             "counter", "disabled"}


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file and the rule."""


@dataclass
class Rule:
    id: str
    label: str
    patterns: list[str]
    polarity: str = "positive"
    unless_followed_by: list[str] = field(default_factory=list)
    unless: list[str] = field(default_factory=list)
    question: bool | None = None
    explain: str = ""
    examples: list[str] = field(default_factory=list)
    counter: list[str] = field(default_factory=list)

    @property
    def is_step(self) -> bool:
        return self.label in STEPS


@dataclass
class RuleSet:
    lexicon: dict[str, list[str]] = field(default_factory=dict)
    typos: dict[str, str] = field(default_factory=dict)
    fold: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    overrides: list[tuple[str, list[str]]] = field(default_factory=list)


def _strings(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RuleError(f"{where}: 文字列または文字列のリストを指定してください")


def _merge(rs: RuleSet, data, source: str) -> None:
    if not isinstance(data, dict):
        raise RuleError(f"{source}: error: マッピングではありません")
    unknown = set(data) - {"lexicon", "typos", "fold", "rules", "overrides"}
    if unknown:
        raise RuleError(f"{source}: error: 不明なキー {', '.join(sorted(unknown))}")
    for name, words in (data.get("lexicon") or {}).items():
        rs.lexicon.setdefault(str(name), []).extend(_strings(words, f"{source}: lexicon.{name}"))
    for table in ("typos", "fold"):
        for k, v in (data.get(table) or {}).items():
            getattr(rs, table)[str(k)] = str(v)
    for ov in data.get("overrides") or []:
        if not isinstance(ov, dict) or set(ov) != {"when", "drop"}:
            raise RuleError(f"{source}: error: overrides の各項目は when と drop を持ちます")
        drops = _strings(ov["drop"], f"{source}: overrides")
        for lab in [ov["when"], *drops]:
            if lab not in LABELS:
                raise RuleError(f"{source}: error: overrides に不明なラベル {lab}")
        rs.overrides.append((ov["when"], drops))
    by_id = {r.id: i for i, r in enumerate(rs.rules)}
    for raw in data.get("rules") or []:
        if not isinstance(raw, dict) or "id" not in raw:
            raise RuleError(f"{source}: error: id のないルールがあります")
        rid = str(raw["id"])
        where = f"{source}: rule {rid}"
        unknown = set(raw) - RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: error: 不明なキー {', '.join(sorted(unknown))}")
        if raw.get("disabled"):
            if rid in by_id:
                rs.rules[by_id.pop(rid)] = None  # type: ignore[call-overload]
            continue
        if raw.get("label") not in LABELS:
            raise RuleError(f"{where}: error: label は {', '.join(LABELS)} のいずれかです")
        polarity = raw.get("polarity", "positive")
        if polarity not in POLARITIES:
            raise RuleError(f"{where}: error: polarity は positive, negative, any, final のいずれかです")
        patterns = _strings(raw.get("pattern"), where)
        if not patterns:
            raise RuleError(f"{where}: error: pattern がありません")
        rule = Rule(id=rid, label=raw["label"], patterns=patterns, polarity=polarity,
                    unless_followed_by=_strings(raw.get("unless_followed_by"), where),
                    unless=_strings(raw.get("unless"), where), question=raw.get("question"),
                    explain=str(raw.get("explain", "")), examples=_strings(raw.get("examples"), where),
                    counter=_strings(raw.get("counter"), where))
        if rid in by_id:
            rs.rules[by_id[rid]] = rule
        else:
            by_id[rid] = len(rs.rules)
            rs.rules.append(rule)
    rs.rules = [r for r in rs.rules if r is not None]


def load_rules(extra: list[str | Path] = ()) -> RuleSet:
    """The built-in rules, extended by each extra file in order."""
    import yaml

    rs = RuleSet()
    text = resources.files("kasuhara_sim.understand").joinpath("rules.yaml").read_text(encoding="utf-8")
    _merge(rs, yaml.safe_load(text), "rules.yaml")
    for path in extra:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise RuleError(f"{path}: error: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        _merge(rs, data, str(path))
    return rs

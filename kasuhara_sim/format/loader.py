"""Load scenario files: YAML → SourceMap → typed model → cross-reference checks, every problem with a position."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.format.model import Choice, Condition, DebriefRoute, Node, Persona, Route, Scenario, Timing
from kasuhara_sim.format.yamlsource import Document, SourceMap, read_document, shown
from kasuhara_sim.strings import Load


@dataclass
class LoadedScenario:
    """A valid scenario with where it came from (for positions in later lint findings, and the file hash)."""

    scenario: Scenario
    path: str
    source: SourceMap
    sha256: str

    @property
    def id(self) -> str:
        return self.scenario.id


_WHAT = {"choices": "返答(choices)", "objectives": "学習目標(objectives)", "nodes": "ノード(nodes)",
         "expects": "採点する観点(expects)", "next": "ルート(next)", "say": "せりふの言い換え(say)",
         "text": "返答の言い換え(text)", "debrief": "講評のルート(debrief)",
         "press": "催促の言い換え(press)"}


def _model_for(path: tuple, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for listing allowed keys after a typo)."""
    model: Any = root
    i = 0
    while i < len(path):
        part = path[i]
        if model is Scenario and part == "persona":
            model = Persona
        elif model is Scenario and part == "timing":
            model = Timing
        elif model is Scenario and part == "nodes" and i + 1 < len(path):
            model, i = Node, i + 1
        elif model is Node and part == "choices" and i + 1 < len(path):
            model, i = Choice, i + 1
        elif model is Choice and part == "next" and i + 1 < len(path):
            model, i = Route, i + 1
        elif model is Node and part == "debrief" and i + 1 < len(path):
            model, i = DebriefRoute, i + 1
        elif model in (Choice, Route, DebriefRoute) and part == "if":
            model = Condition
        else:
            return None
        i += 1
    return model


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _real_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """Map a pydantic ``loc`` onto the data (dropping union tags); second value: the last part is a dict key error."""
    path: list = []
    cur = data
    for part in loc:
        if part == "[key]":
            return tuple(path), True
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and part not in ("node", "routes"):
            path.append(part)  # a missing key: keep it so the message can name it
            cur = None
    return tuple(path), False


def _not_a_number(value: Any, line: int, col: int) -> tuple[str, str, int] | None:
    """A text where a number was wanted that an instructor meant as one: full-width digits (an input method's
    ６５ or －１０), a YAML 1.1 time ``1:30``, or digits grouped with ``_``. (message, code, column offset)."""
    import re
    import unicodedata

    if not isinstance(value, str):
        return None
    half = unicodedata.normalize("NFKC", value).strip().replace("\u2212", "-")
    if half != value.strip() and re.fullmatch(r"[-+]?[0-9]+", half):
        first = next((i for i, c in enumerate(value) if ord(c) > 0x7F), 0)
        return Load.full_width_number.format(value=half), "full-width", first
    if re.fullmatch(r"[-+]?[0-9]+(:[0-5]?[0-9])+", value.strip()):
        return Load.not_a_number.format(value=shown(value), hint=Load.sexagesimal_hint), "type", 0
    if re.fullmatch(r"[-+]?[0-9][0-9_]*", value.strip()):
        return Load.not_a_number.format(value=shown(value), hint=Load.underscore_hint), "type", 0
    return None


def _format_value(value: Any) -> str:
    """How a wrong ``format`` value is named back (the message must not say "1 (now 1)")."""
    if isinstance(value, str):
        return f"文字列の「{shown(value)}」"
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown(value)


def _translate(err: dict, doc: Document, root: type[BaseModel]) -> Diagnostic:
    src = doc.source
    path, is_key = _real_path(doc.data, tuple(err["loc"]))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if not isinstance(value, (dict, list)):
        value = shown(value)  # one line, never 4 KB (and never str() of a 5,000-digit int)
    last = path[-1] if path else ""
    line, col = src.value_pos(path)
    code = "type"
    if kind == "missing":
        line, col = src.value_pos(path[:-1])
        msg, code = Load.missing_key.format(key=last), "missing-key"
    elif kind == "extra_forbidden":
        line, col = src.key_pos(path)
        model = _model_for(path[:-1], root)
        allowed = _keys_of(model) if model else []
        guess = difflib.get_close_matches(str(last), allowed, n=1, cutoff=0.6)
        suggest = Load.did_you_mean.format(guess=guess[0]) if guess else (
            Load.allowed_keys.format(keys=", ".join(allowed)) if allowed else "")
        msg, code = Load.unknown_key.format(key=last, suggest=suggest), "unknown-key"
    elif is_key:
        line, col = src.key_pos(path)
        msg, code = Load.node_id_format.format(value=value), "id-format"
    elif kind == "literal_error":
        allowed = ctx.get("expected", "").replace("' or '", "', '").replace("'", "")
        msg, code = Load.unknown_value.format(value=value, allowed=allowed), "unknown-value"
        if last == "format":
            msg, code = Load.format_version.format(value=value), "format"
            if isinstance(err.get("input"), str) and err["input"].strip() == "1":
                msg = Load.format_type.format(value=_format_value(err["input"]))
    elif kind == "format_type":
        msg, code = Load.format_type.format(value=_format_value(err.get("input"))), "format"
    elif kind == "string_pattern_mismatch":
        msg, code = (Load.id_format if path == ("id",) else Load.node_id_format).format(value=value), "id-format"
    elif kind in ("string_type",):
        hint = Load.want_str_bool_hint if isinstance(err.get("input"), bool) else ""
        msg = Load.want_str.format(hint=hint)
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        msg = Load.want_int
        slip = _not_a_number(err.get("input"), line, col)
        if slip:
            msg, code, offset = slip
            col += offset
    elif kind == "bool_type":
        msg = Load.want_bool
    elif kind in ("list_type", "tuple_type"):
        msg = Load.want_list
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        msg = Load.want_mapping
    elif kind == "next_type":
        msg = Load.want_str.format(hint="") + "(ノード ID、またはルートのリスト)"
    elif kind == "variants_type":
        msg = Load.want_variants
    elif kind == "debrief_type":
        msg = Load.want_debrief
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = (0, 100)
        if last == "anger" and len(path) > 2 and path[0] == "nodes":
            low, high = -100, 100
        elif last == "minutes":
            low, high = 1, 600
        msg, code = Load.range.format(low=low, high=high, value=value), "range"
    elif kind in ("too_short", "too_long"):
        what = _WHAT.get(str(last), str(last))
        count = len(value) if isinstance(value, (list, dict)) else "?"
        if last == "choices":
            msg = Load.count.format(what=what, low=2, high=6, count=count)
        else:
            msg = Load.at_least.format(what=what, low=1)
        code = "count"
    elif kind == "string_too_short":
        msg, code = Load.empty_string, "empty"
    elif kind == "value_error":  # our own validators' Japanese text, without pydantic's "Value error, "
        msg = str(ctx.get("error", err.get("msg", "")))
    else:
        msg = Load.generic.format(detail=err.get("msg", kind))
    return error(doc.path, line, col, msg, code)


def _semantic(doc: Document, sc: Scenario) -> list[Diagnostic]:
    """Cross-references the model cannot express: node kinds, targets, route order, duplicates."""
    src, out = doc.source, []
    nodes = sc.nodes

    def missing(target: str, at: tuple) -> None:
        guess = difflib.get_close_matches(target, list(nodes), n=1, cutoff=0.6)
        suggest = Load.did_you_mean.format(guess=guess[0]) if guess else ""
        out.append(error(doc.path, *src.value_pos(at), Load.missing_node.format(node=target, suggest=suggest),
                         "missing-node"))

    if sc.start not in nodes:
        missing(sc.start, ("start",))
    if sc.expects:
        seen: set[str] = set()
        for i, dim in enumerate(sc.expects):
            if dim in seen:
                out.append(error(doc.path, *src.value_pos(("expects", i)), Load.duplicate_value.format(value=dim),
                                 "duplicate-value"))
            seen.add(dim)
    def condition(cond: Condition | None, at: tuple) -> None:
        if cond is not None and cond.empty:
            out.append(error(doc.path, *src.value_pos(at), Load.empty_condition, "empty-condition"))
        elif cond is not None:
            for key in ("flags", "not_flags", "did", "did_not"):
                seen_: set[str] = set()
                for vi, v in enumerate(getattr(cond, key)):
                    if v in seen_:
                        out.append(error(doc.path, *src.value_pos(at + (key, vi)),
                                         Load.duplicate_value.format(value=v), "duplicate-value"))
                    seen_.add(v)

    for nid, node in nodes.items():
        at = ("nodes", nid)
        if isinstance(node.debrief_, list):
            for ri, droute in enumerate(node.debrief_):
                condition(droute.if_, at + ("debrief", ri, "if"))
            if node.debrief_[-1].if_ is not None:
                out.append(error(doc.path, *src.key_pos(at + ("debrief", len(node.debrief_) - 1, "if")),
                                 Load.debrief_last_if, "route-last-if"))
        if node.ending is None:
            for key in ("say", "choices"):
                if getattr(node, key) is None:
                    out.append(error(doc.path, *src.key_pos(at), Load.turn_needs.format(key=key), "missing-key"))
            if node.debrief is not None:
                out.append(error(doc.path, *src.key_pos(at + ("debrief",)), Load.turn_no_debrief, "node-kind"))
        else:
            if node.choices is not None:
                out.append(error(doc.path, *src.key_pos(at + ("choices",)), Load.ending_no_choices, "node-kind"))
            if node.press is not None:
                out.append(error(doc.path, *src.key_pos(at + ("press",)), Load.ending_no_press, "node-kind"))
            if node.debrief is None:
                out.append(error(doc.path, *src.key_pos(at), Load.missing_key.format(key="debrief"), "missing-key"))
        for ci, choice in enumerate(node.choices or ()):
            cat = at + ("choices", ci)
            condition(choice.if_, cat + ("if",))
            if not isinstance(choice.next, str):
                for ri, route in enumerate(choice.next):
                    condition(route.if_, cat + ("next", ri, "if"))
            for key, values in (("steps", choice.steps), ("ng", choice.ng), ("set", choice.set_)):
                seen = set()
                for vi, v in enumerate(values):
                    if v in seen:
                        out.append(error(doc.path, *src.value_pos(cat + (key, vi)), Load.duplicate_value.format(value=v),
                                         "duplicate-value"))
                    seen.add(v)
            if isinstance(choice.next, str):
                if choice.next not in nodes:
                    missing(choice.next, cat + ("next",))
                continue
            for ri, route in enumerate(choice.next):
                if route.to not in nodes:
                    missing(route.to, cat + ("next", ri, "to"))
            if choice.next[-1].if_ is not None:
                out.append(error(doc.path, *src.key_pos(cat + ("next", len(choice.next) - 1, "if")),
                                 Load.route_last_if, "route-last-if"))
    return out


def scenario_from_document(doc: Document) -> LoadedScenario:
    try:
        sc = Scenario.model_validate(doc.data)
    except ValidationError as exc:
        diags = {(_d.line, _d.col, _d.message): _d for _d in (_translate(e, doc, Scenario) for e in exc.errors())}
        raise ScenarioError(list(diags.values())) from None
    problems = _semantic(doc, sc)
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(sc, doc.path, doc.source, doc.sha256)


def load_scenario(path: Path | str) -> LoadedScenario:
    """Load and check one scenario file; raises ScenarioError listing every problem with its position."""
    return scenario_from_document(read_document(path))

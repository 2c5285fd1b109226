"""The JSON Schema: generated from the model, shipped in the repository, and in agreement with the loader."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kasuhara_sim.format.diagnostics import ScenarioError
from kasuhara_sim.format.library import builtin_dir, is_quiz_file, yaml_files
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.format.schema import build_schema, schema_text
from kasuhara_sim.format.yamlsource import read_document

from .helpers import scenario, write

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "schema" / "scenario.schema.json"
KETTLE = REPO / "tests" / "data" / "kettle.yaml"  # the example of SCENARIO_FORMAT.md
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def validator():
    schema = build_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_schema_is_what_the_model_generates():
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), \
        "schema/scenario.schema.json is stale: run  kasuhara-sim schema -o schema/scenario.schema.json"


def test_every_property_is_described_in_japanese():
    schema = build_schema()
    missing = []
    for where, obj in [("root", schema), *schema["$defs"].items()]:
        assert JAPANESE.search(obj.get("description", "")), where
        for name, prop in obj["properties"].items():
            if "$ref" in prop:  # described by the definition it refers to
                prop = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]]
            if not JAPANESE.search(prop.get("description", "")):
                missing.append(f"{where}.{name}")
    assert missing == []
    # Enumerations explain each value for hover and completion.
    category = schema["properties"]["category"]
    assert category["enumDescriptions"][category["enum"].index("dogeza")] == "土下座の要求"
    steps = schema["$defs"]["Choice"]["properties"]["steps"]["items"]
    assert dict(zip(steps["enum"], steps["enumDescriptions"]))["fact_check"] == "事実確認"
    assert "title" not in category  # no English titles derived from field names


def _data(path: Path) -> dict:
    return read_document(path).data


def test_every_builtin_scenario_and_the_spec_example_validate(validator):
    files = [f for f in yaml_files(builtin_dir()) if not is_quiz_file(f)] + [KETTLE]
    assert len(files) >= 2
    for f in files:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_data(f))]
        assert errors == [], f


def _mutate(path: tuple, value, delete: bool = False):
    def change(d: dict) -> dict:
        d = copy.deepcopy(d)
        target = d
        for key in path[:-1]:
            target = target[key]
        if delete:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return d
    return change


_CHOICE = ("nodes", "ask", "choices", 0)
BAD = {
    "unknown top-level key": _mutate(("titel",), "x"),
    "unknown key in a reply": _mutate(_CHOICE + ("stpes",), ["fact_check"]),
    "unknown key in a condition": _mutate(("nodes", "offer", "choices", 0, "if", "anger_atleast"), 3),
    "unknown key in a route": _mutate(("nodes", "offer", "choices", 1, "next", 0, "goto"), "done"),
    "anger as a string": _mutate(("persona", "anger"), "70"),
    "reply text as a boolean": _mutate(_CHOICE + ("text",), True),
    "objectives as a string": _mutate(("objectives",), "目標"),
    "next as a number": _mutate(_CHOICE + ("next",), 3),
    "anger change as a float": _mutate(_CHOICE + ("anger",), 2.5),
    "bad category": _mutate(("category",), "angry"),
    "bad level": _mutate(("level",), "expert"),
    "bad channel": _mutate(("channel",), "fax"),
    "bad NG tag": _mutate(_CHOICE + ("ng",), ["argue_back"]),
    "bad step": _mutate(_CHOICE + ("steps",), ["listen"]),
    "bad outcome": _mutate(("nodes", "done", "ending"), "win"),
    "bad expected dimension": _mutate(("expects",), ["empathy", "politeness"]),
    "format 2": _mutate(("format",), 2),
    "id not kebab-case": _mutate(("id",), "Lint_Mini"),
    "node id with a hyphen": _mutate(("nodes", "bad-id"), {"ending": "resolved", "debrief": "d"}),
    "route target with a space": _mutate(_CHOICE + ("next",), "of fer"),
    "anger above 100": _mutate(("persona", "anger"), 101),
    "anger change below -100": _mutate(_CHOICE + ("anger",), -150),
    "minutes 0": _mutate(("minutes",), 0),
    "one reply": _mutate(("nodes", "ask", "choices"), [scenario()["nodes"]["ask"]["choices"][0]]),
    "seven replies": _mutate(("nodes", "ask", "choices"), [scenario()["nodes"]["ask"]["choices"][0]] * 7),
    "no objectives": _mutate(("objectives",), []),
    "empty reply text": _mutate(_CHOICE + ("text",), ""),
    "missing role": _mutate(("role",), None, delete=True),
    "missing feedback": _mutate(_CHOICE + ("feedback",), None, delete=True),
    "missing persona name": _mutate(("persona", "name"), None, delete=True),
    "duplicate step": _mutate(_CHOICE + ("steps",), ["fact_check", "fact_check"]),
    "duplicate expected dimension": _mutate(("expects",), ["empathy", "empathy"]),
    "turn with a debrief": _mutate(("nodes", "ask", "debrief"), "講評"),
    "turn without say": _mutate(("nodes", "ask", "say"), None, delete=True),
    "turn without choices": _mutate(("nodes", "ask", "choices"), None, delete=True),
    "ending with choices": _mutate(("nodes", "done", "choices"), scenario()["nodes"]["ask"]["choices"]),
    "ending without debrief": _mutate(("nodes", "done", "debrief"), None, delete=True),
    "route without to": _mutate(("nodes", "offer", "choices", 1, "next", 1), {}),
    "empty route list": _mutate(("nodes", "offer", "choices", 1, "next"), []),
    "empty condition": _mutate(_CHOICE + ("if",), {}),
    "empty say variants": _mutate(("nodes", "ask", "say"), []),
    "reply variants with an empty one": _mutate(_CHOICE + ("text",), ["「はい。」", ""]),
    "reaction as a list": _mutate(_CHOICE + ("reaction",), ["「はい」"]),
    "debrief route without text": _mutate(("nodes", "done", "debrief"), [{"if": {"did": ["argue"]}}]),
    "did with an unknown tag": _mutate(_CHOICE + ("if",), {"did": ["shouting"]}),
    "did_not duplicated": _mutate(_CHOICE + ("if",), {"did_not": ["argue", "argue"]}),
    "debrief as a number": _mutate(("nodes", "done", "debrief"), 3),
}

GOOD = {
    "the base": lambda d: d,
    "narration omitted": _mutate(("nodes", "ask", "narration"), "説明"),
    "firm_response expected": _mutate(("expects",), ["empathy", "fact_check", "can_cant", "limited_apology",
                                                     "firm_response"]),
    "say variants": _mutate(("nodes", "ask", "say"), ["「昨日買ったんだよ」", "「買ったの昨日だよ」"]),
    "reply variants": _mutate(_CHOICE + ("text",), ["「はい。」", "「承知しました。」"]),
    "reaction": _mutate(_CHOICE + ("reaction",), "「そうだよ」"),
    "did condition": _mutate(_CHOICE + ("if",), {"did": ["fact_check", "argue"], "did_not": ["conceal"]}),
    "debrief routes": _mutate(("nodes", "done", "debrief"), [{"if": {"did": ["argue"]}, "text": "a"}, {"text": "b"}]),
    "new NG tags": _mutate(_CHOICE + ("ng",), ["misinform", "conceal", "unsafe", "expose_staff"]),
    "ending with a line": _mutate(("nodes", "done", "say"), "「…」"),
    "industry free text": _mutate(("industry",), "鉄道"),
}

# What the schema cannot express: cross-references and the order of routes. The loader reports these.
LOADER_ONLY = {
    "next names no node": _mutate(_CHOICE + ("next",), "nowhere"),
    "start names no node": _mutate(("start",), "nowhere"),
    "last route has if": _mutate(("nodes", "offer", "choices", 1, "next", 1, "if"), {"anger_below": 10}),
}


def _both(tmp_path, data) -> tuple[bool, bool]:
    path = write(tmp_path, data)
    try:
        load_scenario(path)
        loader_ok = True
    except ScenarioError:
        loader_ok = False
    schema_ok = not list(Draft202012Validator(build_schema()).iter_errors(_data(path)))
    return loader_ok, schema_ok


@pytest.mark.parametrize("name", sorted(BAD))
def test_schema_rejects_what_the_loader_rejects(tmp_path, name):
    assert _both(tmp_path, BAD[name](scenario())) == (False, False)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_schema_accepts_what_the_loader_accepts(tmp_path, name):
    assert _both(tmp_path, GOOD[name](scenario())) == (True, True)


@pytest.mark.parametrize("name", sorted(LOADER_ONLY))
def test_cross_references_are_left_to_the_loader(tmp_path, name):
    assert _both(tmp_path, LOADER_ONLY[name](scenario())) == (False, True)

"""The instructor commands as a user runs them: ``graph``, ``schema`` and ``new``."""

from __future__ import annotations

import json

import pytest
import yaml

from kasuhara_sim.format.schema import schema_text

from .diagram_syntax import parse_dot, parse_state_diagram
from .helpers import scenario, write


def test_commands_are_listed(invoke):
    out = invoke("--help").stdout
    for name in ("graph", "schema", "new"):
        assert name in out


# --- the command -------------------------------------------------------------------------------------------
def test_graph_by_id_and_by_path(run_cli, kettle_path):
    by_id = run_cli("graph", "kettle-initial-defect", "--scenarios", kettle_path.parent)
    by_path = run_cli("graph", kettle_path)
    assert by_id.returncode == 0 and by_path.returncode == 0
    assert by_id.stdout == by_path.stdout and parse_state_diagram(by_id.stdout).states


def test_graph_dot_to_a_file_and_mermaid_to_markdown(invoke, kettle_path, tmp_path):
    out = tmp_path / "k.dot"
    res = invoke("graph", kettle_path, "--format", "dot", "-o", out)
    assert res.returncode == 0 and str(out) in res.stderr
    parse_dot(out.read_text(encoding="utf-8"))
    md = tmp_path / "k.md"
    assert invoke("graph", kettle_path, "-o", md).returncode == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("```mermaid\n") and text.endswith("```\n")
    parse_state_diagram(text[len("```mermaid\n"):-len("```\n")])


def test_graph_errors_are_one_line(invoke, tmp_path):
    res = invoke("graph", "no-such-scenario", "--scenarios", tmp_path)
    assert res.returncode == 2 and "no-such-scenario" in res.stderr and "Traceback" not in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\n", encoding="utf-8")
    res = invoke("graph", bad)
    assert res.returncode == 1 and res.stderr.startswith(f"{bad}:") and "[missing-key]" in res.stderr
    res = invoke("graph", "x", "--format", "png")
    assert res.returncode == 2


def test_schema_command_prints_and_writes_the_same_text(run_cli, invoke, tmp_path):
    proc = run_cli("schema")
    assert proc.returncode == 0 and proc.stdout == schema_text()
    out = tmp_path / "s.json"
    res = invoke("schema", "-o", out)
    assert res.returncode == 0 and out.read_text(encoding="utf-8") == schema_text()
    assert json.loads(out.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


# --- new ------------------------------------------------------------------------------------------------------
def test_new_writes_a_scaffold_that_validates_strictly(run_cli, tmp_path):
    proc = run_cli("new", "garbage-day-complaint", "--category", "repeat_caller", "--level", "intermediate",
                   "--channel", "phone", "--output", tmp_path)
    assert proc.returncode == 0, proc.stderr
    f = tmp_path / "garbage-day-complaint.yaml"
    text = f.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert (data["id"], data["category"], data["level"], data["channel"]) == \
        ("garbage-day-complaint", "repeat_caller", "intermediate", "phone")
    assert text.count("#") > 20  # commented for the instructor, in Japanese
    check = run_cli("validate", "--strict", "--json", f)
    report = json.loads(check.stdout)
    assert check.returncode == 0 and report["diagnostics"] == []
    (sc,) = report["scenarios"]
    assert sc["best_total"] == 100 and sc["worst_total"] <= 59
    # It plays as written.
    play = run_cli("play", f, "--choices", ",".join(map(str, sc["best_path"])), "--json")
    assert play.returncode == 0 and json.loads(play.stdout)["total"] == 100


@pytest.mark.parametrize("category, level, channel", [
    ("angry_customer", "beginner", "counter"), ("dogeza", "manager", "visit"), ("sns_threat", "beginner", "chat"),
    ("other", "intermediate", "email"),
])
def test_every_option_combination_validates(invoke, tmp_path, category, level, channel):
    res = invoke("new", "case-1", "--category", category, "--level", level, "--channel", channel,
                 "--output", tmp_path)
    assert res.returncode == 0, res.stderr
    res = invoke("validate", "--strict", tmp_path / "case-1.yaml")
    assert res.returncode == 0 and "エラー 0 件、警告 0 件" in res.stdout


def test_new_refuses_to_overwrite(invoke, tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("# 講師が書きかけたファイル\n", encoding="utf-8")
    res = invoke("new", "mine", "--output", tmp_path)
    assert res.returncode == 1 and "上書きはしません" in res.stderr
    assert target.read_text(encoding="utf-8") == "# 講師が書きかけたファイル\n"


@pytest.mark.parametrize("bad", ["My-Case", "my_case", "-case", "case-", "a--b", "ｃａｓｅ", "case.yaml", "a/b"])
def test_new_checks_the_id(invoke, tmp_path, bad):
    res = invoke("new", "--output", tmp_path, "--", bad)
    assert res.returncode == 2 and "id に使えません" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_id_already_in_use(invoke, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    write(lib, scenario())
    out = tmp_path / "out"
    out.mkdir()
    res = invoke("new", "lint-mini", "--output", out, "--scenarios", lib)
    assert res.returncode == 2 and "すでに使われています" in res.stderr and list(out.iterdir()) == []


def test_new_makes_a_missing_folder_but_not_over_a_file(invoke, tmp_path):
    res = invoke("new", "case-1", "--output", tmp_path / "missing")
    assert res.returncode == 0 and (tmp_path / "missing" / "case-1.yaml").is_file()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    res = invoke("new", "case-1", "--output", tmp_path / "afile")
    assert res.returncode == 2 and "afile" in res.stderr


def test_new_points_the_editor_at_a_schema(invoke, tmp_path):
    # A folder of its own: a copy of the schema is written beside the scenario.
    res = invoke("new", "case-1", "--output", tmp_path)
    assert res.returncode == 0
    first = (tmp_path / "case-1.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == schema_text()
    # A second scenario there uses the same copy.
    assert invoke("new", "case-2", "--output", tmp_path).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case-1.yaml", "case-2.yaml", "scenario.schema.json"]
    # The repository layout (scenarios/ beside schema/): the shipped schema is referenced, nothing is copied.
    (tmp_path / "repo" / "schema").mkdir(parents=True)
    (tmp_path / "repo" / "schema" / "scenario.schema.json").write_text(schema_text(), encoding="utf-8")
    (tmp_path / "repo" / "scenarios").mkdir()
    assert invoke("new", "case-3", "--output", tmp_path / "repo" / "scenarios").returncode == 0
    first = (tmp_path / "repo" / "scenarios" / "case-3.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json"
    assert [p.name for p in (tmp_path / "repo" / "scenarios").iterdir()] == ["case-3.yaml"]


def test_new_scaffold_graphs(invoke, tmp_path):
    assert invoke("new", "case-1", "--output", tmp_path).returncode == 0
    res = invoke("graph", tmp_path / "case-1.yaml")
    d = parse_state_diagram(res.stdout)
    assert {"n_resolved", "n_blowup", "n_gave_in"} <= set(d.states)
    assert d.classes["n_gave_in"] == "s_failure" and d.classes["n_resolved"] == "s_success"
    assert "s_unreached" not in d.classes.values()
    parse_dot(invoke("graph", tmp_path / "case-1.yaml", "--format", "dot").stdout)

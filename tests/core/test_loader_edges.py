"""Hostile and mistyped scenario files (issues 13 and 15): explicit tags with bad values, huge numbers, deep nesting,
YAML 1.1 coercions, control characters, Japanese input slips, long names. Each gives one positioned Japanese line
at the value concerned, never a traceback and never a value that means something else than it seems to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kasuhara_sim.format.diagnostics import ScenarioError
from kasuhara_sim.format.library import load_library
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.format.quiz import load_quiz
from kasuhara_sim.scoring.rubric import load_rubric

DATA = Path(__file__).parent.parent / "data"
EXAMPLE = (DATA / "kettle.yaml").read_text(encoding="utf-8")
REPO = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parents[4] / "shared" / "reviews" / "reliability-cases"
# PyYAML's and pydantic's English that must not reach an instructor.
ENGLISH = re.compile(r"not allowed|could not|found |expected|Value error|constructor|invalid literal|Exceeds the limit"
                     r"|string index|<unicode string>|Traceback")


def variant(old: str, new: str) -> str:
    assert old in EXAMPLE, old
    return EXAMPLE.replace(old, new, 1)


def line_of(needle: str, text: str = EXAMPLE) -> int:
    return text[: text.index(needle)].count("\n") + 1


HEX = "0x" + "F" * 4000
BIN = "0b" + "1" * 4000

# (name, text, code, line, col or None, fragment)
CASES = [
    ("int-empty", variant("minutes: 6", 'minutes: !!int ""'), "type", line_of("minutes: 6"), 10, "整数"),
    ("float-empty", variant("minutes: 6", 'minutes: !!float ""'), "type", line_of("minutes: 6"), 10, "数"),
    ("bool-maybe", variant("minutes: 6", "minutes: !!bool maybe"), "type", line_of("minutes: 6"), 10, "true か false"),
    ("timestamp-x", variant("minutes: 6", "minutes: !!timestamp x"), "type", line_of("minutes: 6"), 10, "日付"),
    ("int-tag-alone", "format: 1\nid: !!int\n", "type", 2, 5, "整数"),
    ("huge-hex", variant("minutes: 6", f"minutes: {HEX}"), "range", line_of("minutes: 6"), 10, "長すぎます"),
    ("huge-binary", variant("  anger: 70", f"  anger: {BIN}"), "type", line_of("  anger: 70"), 10, "整数"),
    ("huge-decimal", variant("minutes: 6", "minutes: " + "9" * 5000), "range", line_of("minutes: 6"), 10, "長すぎます"),
    ("python-name", variant("industry: retail", "industry: !!python/name:os.system"), "tag", line_of("industry: retail"),
     11, "!!python/name:os.system"),
    ("tag-on-mapping", variant("persona:\n", "persona: !!python/object:__main__.Persona\n"), "tag",
     line_of("persona:\n"), 10, "タグ"),
    ("set-on-mapping", variant("persona:\n", "persona: !!set\n"), "tag", line_of("persona:\n"), 10, "!!set"),
    ("tuple-on-list", variant("objectives:\n", "objectives: !!python/tuple\n"), "tag", line_of("objectives:\n"), 13, "タグ"),
    ("format-true", variant("format: 1", "format: true"), "format", 2, 9, "いま true"),
    ("format-float", variant("format: 1", "format: 1.0"), "format", 2, 9, "いま 1.0"),
    ("format-quoted", variant("format: 1", 'format: "1"'), "format", 2, 9, "引用符を付けずに"),
    ("anger-underscore", variant("  anger: 70", "  anger: 7_0"), "type", line_of("  anger: 70"), 10, "_ を外して"),
    ("minutes-sexagesimal", variant("minutes: 6", "minutes: 1:30"), "type", line_of("minutes: 6"), 10, "90"),
    ("full-width-digits", variant("  anger: 70", "  anger: ６５"), "full-width", line_of("  anger: 70"), 10,
     "全角の数字です。半角で 65"),
    ("full-width-negative", variant("anger: -15", "anger: －１５"), "full-width", line_of("anger: -15"), 16, "半角で -15"),
    ("full-width-after-digit", variant("minutes: 6", "minutes: 1２"), "full-width", line_of("minutes: 6"), 11,
     "半角で 12"),
    ("full-width-colon", variant("title: 初期不良", "title： 初期不良"), "full-width", line_of("title: 初期不良"), 6, "："),
    ("full-width-indent", variant("  name: 田中様", "\u3000\u3000name: 田中様"), "full-width", line_of("  name: 田中様"), 1,
     "全角スペース"),
    ("extra-indent", variant("        feedback: 代わりに", "         feedback: 代わりに"), "yaml-syntax",
     line_of("        feedback: 代わりに"), 10, "インデント"),
    ("colon-in-text", variant("title: 初期不良", "title: 注意: 初期不良"), "yaml-syntax", 4, None, "引用符"),
    ("unterminated-quote", variant("title: 初期不良", 'title: "初期不良'), "yaml-syntax", 4, 8, "引用符が閉じていません"),
    ("tab-indent", variant("  name: 田中様", "\tname: 田中様"), "yaml-syntax", line_of("  name: 田中様"), 1, "タブ"),
    ("escape-in-title", variant("title: 初期不良の電気ケトルで激怒するお客様", r'title: "\e]0;PWNED\a\e[2J"'),
     "control-character", 4, 8, "U+001B"),
    ("c1-in-say", variant("say: 「で、どうしてくれるの？」", 'say: "\\x9b2J"'), "control-character",
     line_of("say: 「で、どうしてくれるの？」"), 10, "U+009B"),
    ("raw-escape", variant("industry: retail", "industry: re\x1btail"), "control-character", line_of("industry: retail"),
     13, "U+001B"),
    ("deep-list", variant("minutes: 6", "minutes: " + "[" * 1000 + "]" * 1000), "nesting", None, None, "入れ子"),
    ("deep-map", variant("minutes: 6", "minutes: " + "{a: " * 1000 + "1" + "}" * 1000), "nesting", None, None, "入れ子"),
    ("flat-long-list", "format: 1\nobjectives: [" + ",".join(["1"] * 200_001) + "]\n", "too-many-values", 2, None,
     "値の数"),
    ("duplicate-null-keys", "format: 1\n~: 1\nnull: 2\n", "duplicate-key", 3, 1, "「null」"),
]


@pytest.mark.parametrize("name,text,code,line,col,fragment", CASES, ids=[c[0] for c in CASES])
def test_one_positioned_japanese_line(tmp_path, name, text, code, line, col, fragment):
    f = tmp_path / f"{name}.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    found = [d for d in info.value.diagnostics if d.code == code]
    assert found, [d.format() for d in info.value.diagnostics]
    d = found[0]
    if line is not None:
        assert d.line == line, d.format()
    if col is not None:
        assert d.col == col, d.format()
    assert fragment in d.message, d.format()
    assert "\n" not in d.format() and len(d.format()) < 400
    assert not ENGLISH.search(d.message), d.format()


@pytest.mark.parametrize("old,new", [
    ("format: 1", "format: true"), ("format: 1", "format: 1.0"), ("  anger: 70", "  anger: 7_0"),
    ("minutes: 6", "minutes: 1:30"), ("minutes: 6", "minutes: 012"),
])
def test_yaml_1_1_coercions_never_load_as_something_else(tmp_path, old, new):
    f = tmp_path / "s.yaml"
    f.write_text(variant(old, new), encoding="utf-8")
    try:
        loaded = load_scenario(f)
    except ScenarioError:
        return
    # YAML 1.2 (what editors read): 012 is twelve, never octal ten.
    assert new == "minutes: 012" and loaded.scenario.minutes == 12


def test_yes_is_text_as_in_the_editor(tmp_path):
    """The schema (YAML 1.2 in the editor) and the tool agree: ``text: yes`` is the reply "yes"."""
    f = tmp_path / "s.yaml"
    f.write_text(variant("        feedback: 代わりに何ができるかを示さない拒否。", "        feedback: yes"), encoding="utf-8")
    choice = load_scenario(f).scenario.nodes["offer"].choices[1]
    assert choice.feedback == "yes"


def test_merge_keys_work_as_in_the_editor(tmp_path):
    text = variant("  resolved:\n    ending: resolved\n", "  resolved:\n    <<: {ending: resolved}\n")
    f = tmp_path / "s.yaml"
    f.write_text(text, encoding="utf-8")
    assert load_scenario(f).scenario.nodes["resolved"].ending == "resolved"


def test_the_size_limit_is_in_megabytes(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("format: 1\n" + "#" * (5 * 1024 * 1024), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    (d,) = info.value.diagnostics
    assert d.code == "too-large"
    assert "約 5.0 MB" in d.message and "上限は 1.0 MB" in d.message and "バイト" not in d.message


def test_empty_condition_is_an_error(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(variant("if: {flags: [saw_receipt]}", "if: {}"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert [d.code for d in info.value.diagnostics] == ["empty-condition"]


@pytest.mark.parametrize("reliability_case", ["nest_list_1000.yaml", "nest_map_1000.yaml"])
def test_review_nesting_cases_say_nesting(reliability_case):
    path = CASES_DIR / reliability_case
    if not path.exists():
        pytest.skip("the review's cases folder is not beside this checkout")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [d.code for d in info.value.diagnostics] == ["nesting"]


# --- quiz banks and rubrics go through the same reader ---------------------------------------------------------
QUIZ = """questions:
  - id: q-one
    topic: 定義
    statement: 文。
    answer: false
    explanation: 説明。
"""


@pytest.mark.parametrize("bad", ["!!bool maybe", '!!int ""', "!!timestamp soon", "yes"])
def test_quiz_bank_bad_answer(tmp_path, bad):
    f = tmp_path / "quiz" / "bank.yaml"
    f.parent.mkdir()
    f.write_text(QUIZ.replace("answer: false", f"answer: {bad}"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_quiz(f)
    (d,) = info.value.diagnostics
    assert (d.line, d.col) == (5, 13)
    assert not ENGLISH.search(d.message)


def _rubric_text() -> str:
    from importlib import resources

    return (resources.files("kasuhara_sim.scoring") / "default_rubric.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ['!!int ""', "!!float x", HEX])
def test_rubric_bad_number(tmp_path, bad):
    text = _rubric_text()
    f = tmp_path / "rubric.yaml"
    f.write_text(text.replace("performed: 100", f"performed: {bad}"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_rubric(f)
    (d,) = info.value.diagnostics
    assert d.line == line_of("performed: 100", text)
    assert not ENGLISH.search(d.message)


def test_rubric_error_without_pydantic_words_at_grades(tmp_path):
    text = _rubric_text()
    f = tmp_path / "rubric.yaml"
    f.write_text(text.replace("min: 0", "min: 1"), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_rubric(f)
    (d,) = info.value.diagnostics
    assert d.message == "grades には min: 0 の段階が必要です"
    assert d.line > line_of("grades:", text) - 1


def _run(*args: str, cwd: Path) -> tuple[int, str]:
    import os
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kasuhara_sim", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


# --- names longer than the system allows ---------------------------------------------------------------------
LONG = "a" * 300


def test_long_file_name_is_one_line(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / f"{LONG}.yaml")
    assert [d.code for d in info.value.diagnostics] == ["name-too-long"]


def test_long_folder_name_in_the_library(tmp_path):
    lib = load_library([str(tmp_path / LONG)])
    assert [d.code for d in lib.problems] == ["name-too-long"]
    assert lib.scenarios  # the built-ins stay usable


@pytest.mark.parametrize("args", [
    ["play", LONG, "--choices", "1"], ["validate", LONG], ["graph", f"{LONG}.yaml"], ["list", "--scenarios", LONG],
    ["new", LONG], ["validate", f"{LONG}/x.yaml"],
])
def test_every_loader_command_with_a_long_name(tmp_path, args):
    rc, out = _run(*args, cwd=tmp_path)
    assert "Traceback" not in out, out
    assert "長すぎます" in out and rc in (1, 2)


# --- instructor review D1, D2 -----------------------------------------------------------------------------------
def test_validate_refuses_a_copy_of_a_built_in(tmp_path):
    """D1: a copied built-in with its id unchanged passed validate, then vanished from the library."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "hotel-copy.yaml").write_text((REPO / "scenarios" / "hotel-seii-wo-misero.yaml").read_text("utf-8"),
                                          encoding="utf-8")
    rc, out = _run("validate", str(mine), cwd=tmp_path)
    assert rc == 1 and "[duplicate-id]" in out and "hotel-copy.yaml:" in out
    rc, out = _run("validate", str(REPO / "scenarios" / "hotel-seii-wo-misero.yaml"), cwd=tmp_path)
    assert "[duplicate-id]" not in out  # the built-in itself is not its own duplicate


def test_new_makes_the_missing_output_folder(tmp_path):
    """D2: the quick start's first command named a folder that does not exist yet and failed."""
    rc, out = _run("new", "delivery-late", "--output", "my-scenarios", cwd=tmp_path)
    assert rc == 0, out
    assert (tmp_path / "my-scenarios" / "delivery-late.yaml").is_file()
    rc, out = _run("validate", "--strict", "my-scenarios", cwd=tmp_path)
    assert rc == 0, out

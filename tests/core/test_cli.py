"""The installed command, run as a user runs it: from another directory, as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .helpers import scenario_dict, write


def run(cli_exe, *args, cwd=None, env=None, input=None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([cli_exe, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=full_env,
                          input=input)


@pytest.fixture
def library(tmp_path, kettle_path):
    d = tmp_path / "lib"
    d.mkdir()
    shutil.copy(kettle_path, d / "kettle.yaml")
    return d


def test_play_json_has_the_documented_fields(cli_exe, library, tmp_path):
    proc = run(cli_exe, "play", "kettle-initial-defect", "--choices", "1,2,2,1", "--json", "--scenarios",
               str(library), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    for key in ("scenario", "title", "path", "turns", "ending", "outcome", "success", "scores", "total", "grade"):
        assert key in data
    assert data["path"] == ["opening", "details", "offer", "offer", "resolved"]
    assert data["ending"] == "resolved" and data["outcome"] == "resolved" and data["success"] is True
    assert data["scores"] == {"empathy": 100, "fact_check": 100, "can_cant": 60, "limited_apology": 100}
    # Rubric v2: the procedure's mean (90), then the rash promise's deduction (major, 25).
    assert (data["mean"], data["total"], data["grade"]) == (90, 65, "C")
    deduction = [loss for loss in data["total_losses"] if loss["kind"] == "deduction"]
    assert [(d["ng"], d["severity"], d["effective"], d["turn"]) for d in deduction] == [("rash_promise", "major", 25, 2)]
    assert len(data["turns"]) == 4 and data["turns"][1]["ng"] == ["rash_promise"]
    assert data["turns"][1]["better_number"] == 1
    # What was shown: the customer's lines, the replies chosen as shown, the ending and its commentary; no seed given.
    assert data["seed"] is None
    assert data["turns"][0]["say"] == "「買ったばかりなのにもう動かない！どうなってるんだ！」"
    assert data["turns"][0]["text"].startswith("「ご不便をおかけして")
    assert data["ending_say"] == "「…まあ、交換してくれるならいいよ。」"
    assert data["debrief"].startswith("限定的謝罪→事実確認")


def test_play_by_path_and_rich_report(cli_exe, kettle_path, tmp_path):
    proc = run(cli_exe, "play", str(kettle_path), "--choices", "3,1,1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for label in ("心情理解", "事実確認", "できること・できないこと", "限定的謝罪", "総合 40 点", "D", "講評",
                  "より良い返答", "手順の順番"):
        assert label in out
    assert "毅然とした対応" not in out  # not expected by this scenario


@pytest.mark.parametrize("choices,fragment", [("1,9", "ターン2で返答 9 は選べません"), ("1,1", "結末に届きません"),
                                              ("2,1", "残りの番号 1"), ("a,b", "--choices"), ("0", "返答 0")])
def test_bad_choices_exit_2_with_one_line(cli_exe, kettle_path, choices, fragment):
    proc = run(cli_exe, "play", str(kettle_path), "--choices", choices)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["play"], ["play", "x", "--mode", "exam"], ["nosuch"], ["list", "--bogus"],
                                  ["validate"]])
def test_usage_errors_exit_2_with_one_line(cli_exe, args):
    proc = run(cli_exe, *args)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("kasuhara-sim: error: ")


def test_unknown_scenario_id(cli_exe, library):
    proc = run(cli_exe, "play", "no-such-scenario", "--choices", "1", "--scenarios", str(library))
    assert proc.returncode == 2 and "no-such-scenario" in proc.stderr


def test_list_finds_builtins_from_another_directory(cli_exe, tmp_path):
    proc = run(cli_exe, "list", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows, "no built-in scenarios found"
    assert set(rows[0]) >= {"id", "title", "category", "level", "channel", "minutes"}


def test_sources_option_and_environment(cli_exe, library, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write(other, scenario_dict(id="env-one"))
    proc = run(cli_exe, "list", "--json", "--scenarios", str(library),
               env={"KASUHARA_SIM_SCENARIOS": os.pathsep.join([str(other), str(tmp_path / "missing-dir")])})
    ids = {r["id"] for r in json.loads(proc.stdout)}
    assert {"kettle-initial-defect", "env-one"} <= ids
    assert proc.returncode == 1 and "missing-dir" in proc.stderr  # a configured folder that is gone is reported


def test_duplicate_ids_name_both_files(cli_exe, library, kettle_path, tmp_path):
    second = tmp_path / "second"
    second.mkdir()
    shutil.copy(kettle_path, second / "copy.yaml")
    proc = run(cli_exe, "list", "--scenarios", str(library), "--scenarios", str(second))
    assert proc.returncode == 1
    line = [ln for ln in proc.stderr.splitlines() if "duplicate-id" in ln][0]
    assert str(second / "copy.yaml") in line and str(library / "kettle.yaml") in line
    proc = run(cli_exe, "validate", str(library), str(second))
    assert proc.returncode == 1 and "duplicate-id" in proc.stdout


def test_validate_exit_codes(cli_exe, library, tmp_path):
    proc = run(cli_exe, "validate", str(library))
    assert proc.returncode == 0, proc.stdout
    assert "最高 100 点 / 最低 0 点" in proc.stdout
    proc = run(cli_exe, "validate", str(library), "--json")
    data = json.loads(proc.stdout)
    assert data["ok"] and data["errors"] == 0
    (sc,) = data["scenarios"]
    assert (sc["best_total"], sc["worst_total"], sc["best_path"], sc["worst_path"]) == (100, 0, [1, 1, 1], [2])
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    proc = run(cli_exe, "validate", str(bad), "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["errors"] > 0
    proc = run(cli_exe, "validate", str(tmp_path / "nothing-here"))
    assert proc.returncode == 1 and "not-found" in proc.stdout


def test_builtin_library_validates_strictly(cli_exe, tmp_path):
    from kasuhara_sim.format.library import builtin_dir

    proc = run(cli_exe, "validate", "--strict", "--json", str(builtin_dir()), cwd=tmp_path)
    out = json.loads(proc.stdout)
    # The second edition is in: no errors and no warnings at all, [guessable] included.
    assert proc.returncode == 0 and out["ok"] and not out["diagnostics"], out["diagnostics"]
    assert all(r["total"] < 60 for sc in out["scenarios"] for r in sc["naive"].values())


def test_python_dash_m(kettle_path):
    proc = subprocess.run([sys.executable, "-m", "kasuhara_sim", "play", str(kettle_path), "--choices", "1,1,1",
                           "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and json.loads(proc.stdout)["total"] == 100


def shown_numbers(path, seed, written):
    """The numbers that pick the replies written at ``written`` (0-based, per turn) when ``seed`` shuffles them."""
    from kasuhara_sim.engine import Run
    from kasuhara_sim.format.loader import load_scenario

    run = Run(load_scenario(path).scenario, seed=seed)
    numbers = []
    for index in written:
        number = next(vc.number for vc in run.visible_choices() if vc.index == index)
        numbers.append(number)
        run.choose(number)
    return numbers


def test_plain_mode_plays_from_numbered_prompts(cli_exe, kettle_path):
    picks = shown_numbers(kettle_path, 11, [0, 0, 0])
    proc = run(cli_exe, "play", str(kettle_path), "--plain", "--seed", "11",
               input="\n" + "\n".join(map(str, picks)) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "シード 11" in out
    assert "田中様 「買ったばかりなのにもう動かない！どうなってるんだ！」" in out
    assert f"  {picks[0]}. 「ご不便をおかけして申し訳ございません。" in out
    assert "総合 100 点" in out and "不便をかけた点に限って謝り" in out  # practice mode shows feedback
    assert "█" not in out and "\x1b[" not in out  # no bars or colour for screen readers


def test_plain_mode_test_mode_hides_feedback_until_the_end(cli_exe, kettle_path):
    blame = shown_numbers(kettle_path, 5, [1])[0]
    proc = run(cli_exe, "play", str(kettle_path), "--plain", "--mode", "test", "--seed", "5", input=f"\n9\n{blame}\n")
    assert proc.returncode == 0
    before_result = proc.stdout.split("結果")[0]
    assert "事実を確かめる前に相手の落ち度を示唆" not in before_result
    # 本番 gives nothing away: no objectives before the end, no anger figure.
    assert "学習目標" not in before_result and "怒り" not in before_result
    assert "1〜3 の番号を入力してください" in proc.stdout


def test_plain_mode_end_of_input_abandons_cleanly(cli_exe, kettle_path):
    first = shown_numbers(kettle_path, 7, [0])[0]
    proc = run(cli_exe, "play", str(kettle_path), "--plain", "--seed", "7", input=f"\n{first}\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "中断" in proc.stdout


def test_quiz_plain(cli_exe, tmp_path):
    import re

    from kasuhara_sim.format.quizbank import load_questions

    q = tmp_path / "lib" / "quiz"
    q.mkdir(parents=True)
    (q / "bank.yaml").write_text(
        "questions:\n"
        "  - {id: q-one, topic: 定義, statement: 一問目の文, answer: true, explanation: 説明その1}\n"
        "  - {id: q-two, topic: 刑法, statement: 二問目の文, answer: false, explanation: 説明その2}\n", encoding="utf-8")
    proc = run(cli_exe, "quiz", "--plain", "-n", "3", "--seed", "1", "--scenarios", str(tmp_path / "lib"),
               input="o\no\no\n")
    assert proc.returncode == 0, proc.stderr
    bank = {x.statement: x for x in load_questions([str(tmp_path / "lib")])[0]}
    asked = re.findall(r"^Q\d/3 \[.+?\] (.+)$", proc.stdout, re.M)
    assert len(asked) == 3
    right = sum(bank[s].answer for s in asked)  # every answer given was ○
    for s in asked:
        assert bank[s].explanation in proc.stdout
    assert f"3 問中 {right} 問正解({round(100 * right / 3)}%)" in proc.stdout

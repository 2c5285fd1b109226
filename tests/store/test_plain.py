"""``play --plain`` and ``quiz --plain`` keep their results when the trainee is named (screen-reader users' runs
count as much as anyone's)."""

from __future__ import annotations

import yaml

from kasuhara_sim.store import DB_NAME, Store

from .conftest import KETTLE, run_cli

QUIZ = {"title": "テスト用", "questions": [
    {"id": "q-one", "topic": "定義", "statement": "カスハラには暴言も含まれる。", "answer": True, "explanation": "…"},
    {"id": "q-two", "topic": "対応", "statement": "まず全面的に謝るのがよい。", "answer": False, "explanation": "…"},
]}


def test_a_plain_run_is_recorded_turn_by_turn(cli_exe):
    # Seed 75 happens to show the kettle's replies in the order written at every turn of this path.
    proc = run_cli(cli_exe, "play", KETTLE, "--plain", "--trainee", "読み上げ", "--seed", "75",
                   input="\n1\n2\n2\n1\n")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli(cli_exe, "--trainee", "読み上げ", "play", KETTLE, "--plain", "--mode", "test", "--seed", "75",
                   input="\n1\nq\n")
    assert proc.returncode == 1  # left before the ending
    with Store.open(readonly=True) as store:
        done, left = store.history(details=True, newest_first=False)
    assert (done.status, done.total, [t.pick for t in done.turns]) == ("finished", 65, [1, 2, 2, 1])
    assert (left.status, left.mode, left.turn_count, left.scores["empathy"]) == ("abandoned", "test", 1, 100)


def test_a_plain_quiz_is_recorded(cli_exe, tmp_path):
    # A bank of our own, in case the built-in one is not there.
    bank = tmp_path / "bank" / "quiz"
    bank.mkdir(parents=True)
    (bank / "q.yaml").write_text(yaml.safe_dump(QUIZ, allow_unicode=True), encoding="utf-8")
    env = {"KASUHARA_SIM_SCENARIOS": str(tmp_path / "bank")}
    proc = run_cli(cli_exe, "--trainee", "読み上げ", "quiz", "--plain", "-n", "2", "--seed", "1", input="o\no\n",
                   env=env)
    assert proc.returncode == 0, proc.stderr
    with Store.open(readonly=True) as store:
        [quiz] = store.quizzes("読み上げ")
    assert quiz.status == "finished" and quiz.planned == 2 and quiz.seed == 1
    # The built-in bank is drawn from too; whatever was asked, both answers were ○ and judged against the bank.
    assert [a.number for a in quiz.answers] == [1, 2] and all(a.given for a in quiz.answers)
    assert all(a.correct == a.answer for a in quiz.answers)
    assert all(a.statement and a.topic for a in quiz.answers)


def test_without_a_name_plain_play_writes_nothing(cli_exe, home):
    assert run_cli(cli_exe, "play", KETTLE, "--plain", "--seed", "75", input="\n1\n1\n1\n").returncode == 0
    assert not (home / DB_NAME).exists()


def test_a_broken_database_does_not_stop_plain_play(cli_exe, home):
    home.mkdir()
    (home / DB_NAME).write_bytes(b"garbage" * 1000)
    proc = run_cli(cli_exe, "play", KETTLE, "--plain", "--trainee", "a", "--seed", "75", input="\n1\n1\n1\n")
    assert proc.returncode == 1
    assert "総合 100 点" in proc.stdout  # the trainee still gets the whole result
    errors = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(errors) == 1 and errors[0].startswith("kasuhara-sim: error: ") and "壊れている" in errors[0]


def test_a_free_answer_run_is_recorded_with_the_typed_words(cli_exe):
    typed = "ご不便をおかけして申し訳ございません。お気持ちはよくわかります。"
    proc = run_cli(cli_exe, "play", KETTLE, "--plain", "--free", "--trainee", "入力", "--seed", "75",
                   input=f"\n{typed}\n1\n1\n", timeout=120)
    assert proc.returncode == 0, proc.stderr
    with Store.open(readonly=True) as store:
        (run,) = store.history(details=True)
    assert run.free and run.status == "finished"
    assert run.turns[0].text == typed and set(run.turns[0].steps) == {"limited_apology", "empathy"}
    assert run.turns[1].text == run.turns[1].choices[0]  # picked from the menu: the reply as written

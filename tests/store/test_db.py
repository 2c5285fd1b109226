"""The results database: schema and migrations, what a run stores, and the queries the TUI and CLI use."""

from __future__ import annotations

import json
import sqlite3

import pytest

from kasuhara_sim.engine import Run
from kasuhara_sim.scoring import score_run
from kasuhara_sim.store import DB_NAME, Store, data_home, normalize_name
from kasuhara_sim.store import errors as E
from kasuhara_sim.store.migrations import APPLICATION_ID, LATEST

from .conftest import play


def test_open_creates_the_database_under_kasuhara_sim_home(home):
    with Store.open() as store:
        assert store.path == home / DB_NAME
        assert store.schema_version() == LATEST
    conn = sqlite3.connect(home / DB_NAME)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == list(range(1, LATEST + 1))


def test_reopening_applies_no_migration_twice(home):
    Store.open().close()
    Store.open().close()
    conn = sqlite3.connect(home / DB_NAME)
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == LATEST


def test_data_home_is_the_platform_user_data_dir_without_the_variable(monkeypatch):
    monkeypatch.delenv("KASUHARA_SIM_HOME")
    import platformdirs

    assert data_home() == __import__("pathlib").Path(platformdirs.user_data_dir("kasuhara-sim", appauthor=False))


def test_a_finished_run_keeps_everything_the_issue_lists(kettle):
    with Store.open() as store:
        rid = play(store, "山田 花子", kettle, [1, 2, 2, 1], mode="test")
        r = store.run(rid)
    assert (r.trainee, r.scenario_id, r.scenario_sha256, r.mode) == ("山田 花子", kettle.id, kettle.sha256, "test")
    assert r.status == "finished" and r.outcome == "resolved" and r.success is True
    assert (r.total, r.grade, r.passed) == (65, "C", True)
    assert r.scores == {"empathy": 100, "fact_check": 100, "can_cant": 60, "limited_apology": 100}
    assert r.started_at <= r.ended_at and r.duration_seconds >= 0
    assert [t.node for t in r.turns] == ["opening", "details", "offer", "offer"]
    assert [t.pick for t in r.turns] == [1, 2, 2, 1]
    second = r.turns[1]
    assert second.ng == ["rash_promise"] and second.prompt == kettle.scenario.nodes["details"].say
    assert second.choices == [c.text for c in kettle.scenario.nodes["details"].choices]
    assert second.better_text == kettle.scenario.nodes["details"].choices[0].text
    can_cant = next(d for d in r.dimensions if d.dimension == "can_cant")
    assert can_cant.penalised and can_cant.in_order is True and can_cant.label == "できること・できないこと"


def test_a_failed_ending_is_finished_but_not_passed(kettle):
    with Store.open() as store:
        r = store.run(play(store, "a", kettle, [2]))
    assert (r.status, r.outcome, r.success, r.passed, r.total) == ("finished", "escalated", False, False, 0)


def test_a_resolved_run_below_the_pass_mark_is_not_passed(kettle):
    with Store.open() as store:
        r = store.run(play(store, "a", kettle, [3, 1, 1]))
    assert (r.success, r.total, r.passed) == (True, 40, False)


def test_an_abandoned_run_keeps_its_turns_and_partial_score(kettle):
    with Store.open() as store:
        rid = play(store, "a", kettle, [1, 1])
        r = store.run(rid)
    assert r.status == "abandoned" and r.outcome is None and r.success is None and r.passed is None
    assert len(r.turns) == 2 and r.turn_count == 2 and r.ended_at is not None
    assert r.scores["empathy"] == 100 and r.scores["can_cant"] == 0


def test_abandon_without_a_report(kettle):
    with Store.open() as store:
        rid = store.start_run("a", kettle, "practice")
        store.abandon_run(rid)
        r = store.run(rid)
    assert r.status == "abandoned" and r.total is None and r.dimensions == []


def test_turns_are_written_as_they_happen(kettle, home):
    store = Store.open()
    rid = store.start_run("a", kettle, "practice")
    run = Run(kettle.scenario)
    store.record_turn(rid, run.choose(1))
    # Another connection (another process) sees the turn at once: it is committed, not buffered.
    other = sqlite3.connect(home / DB_NAME)
    assert other.execute("SELECT number, node FROM turns WHERE run_id = ?", (rid,)).fetchall() == [(1, "opening")]
    assert other.execute("SELECT status, turn_count FROM runs WHERE id = ?", (rid,)).fetchone() == ("in_progress", 1)
    store.close()


def test_best_scores_counts_attempts_and_keeps_the_best_finished_total(kettle):
    with Store.open() as store:
        play(store, "a", kettle, [3, 1, 1])  # 40 D
        play(store, "a", kettle, [1, 2, 2, 1])  # 65 C (a rash promise)
        play(store, "a", kettle, [1, 1, 1], finish=False)  # still in progress: not an attempt yet, no score
        play(store, "a", kettle, [1])  # abandoned: not counted (attempts are runs played to an ending), not a best
        play(store, "b", kettle, [1, 1, 1])  # someone else's 100
        best = store.best_scores("a")
    assert best == {kettle.id: (65, "C", 2)}
    assert best[kettle.id].attempts == 2


def test_best_scores_of_a_scenario_never_finished(kettle):
    with Store.open() as store:
        play(store, "a", kettle, [1])
        assert store.best_scores("a") == {kettle.id: (None, None, 0)}  # tried, never played to an ending
        assert store.best_scores("nobody") == {}


def test_history_filters_and_orders(kettle):
    times = ["2025-01-01T10:00:00.000Z", "2025-01-01T10:00:30.000Z", "2025-01-01T10:01:00.000Z"]
    with Store.open() as store:
        first = play(store, "a", kettle, [2], times=times)
        second = play(store, "b", kettle, [2], times=[t.replace("01T", "02T") for t in times])
        third = play(store, "a", kettle, [2], times=[t.replace("01T", "03T") for t in times])
        assert [r.id for r in store.history()] == [third, second, first]
        assert [r.id for r in store.history(newest_first=False)] == [first, second, third]
        assert [r.id for r in store.history("a")] == [third, first]
        assert [r.id for r in store.history(since="2025-01-02T00:00:00.000Z")] == [third, second]
        assert [r.id for r in store.history(limit=1)] == [third]
        assert store.history("a")[0].turns == []  # details only when asked
        assert len(store.history("a", details=True)[0].turns) == 1
        assert store.trainees() == ["a", "b"]


def test_trainee_names_are_normalised():
    assert normalize_name("  山田\u3000花子 ") == "山田 花子"
    assert normalize_name("ＹＡＭＡＤＡ") == "YAMADA"
    for bad in ("", "   ", "a\x00b", "a\x1bb", "x" * 65):
        with pytest.raises(E.BadTrainee):
            normalize_name(bad)


def test_the_same_person_typed_two_ways_is_one_trainee(kettle):
    with Store.open() as store:
        play(store, "山田 花子", kettle, [2])
        play(store, "山田\u3000花子", kettle, [2])
        assert store.trainees() == ["山田 花子"]
        assert store.best_scores("山田　花子")[kettle.id].attempts == 2


def test_the_remembered_trainee(home):
    with Store.open() as store:
        assert store.remembered_trainee() is None
        store.remember_trainee("佐藤")
        store.remember_trainee("鈴木\u3000一郎")
    with Store.open() as store:
        assert store.remembered_trainee() == "鈴木 一郎"
        assert store.trainees() == ["佐藤", "鈴木 一郎"]


def test_quiz_answers_are_kept(kettle):
    from kasuhara_sim.format.quiz import Question

    q1 = Question(id="q-one", topic="定義", statement="カスハラは…", answer=True, explanation="…")
    q2 = Question(id="q-two", topic="対応", statement="全面謝罪は…", answer=False, explanation="…")
    with Store.open() as store:
        qid = store.start_quiz("a", planned=2, seed=5)
        store.record_answer(qid, 1, q1, True)
        store.record_answer(qid, 2, q2, True)
        store.finish_quiz(qid)
        [quiz] = store.quizzes("a")
    assert quiz.status == "finished" and quiz.seed == 5 and quiz.planned == 2
    assert [(a.question_id, a.given, a.correct) for a in quiz.answers] == [("q-one", True, True),
                                                                           ("q-two", True, False)]
    assert quiz.correct == 1 and quiz.to_dict()["answered"] == 2


def test_unknown_run_ids_are_refused(kettle):
    with Store.open() as store:
        with pytest.raises(E.UnknownRun):
            store.record_turn(999, Run(kettle.scenario).choose(1))
        with pytest.raises(E.UnknownRun):
            store.run(999)


def test_a_readonly_open_never_creates_the_database(home):
    with Store.open(readonly=True) as store:
        assert store.history() == [] and store.trainees() == [] and not store.exists
    assert not (home / DB_NAME).exists()


def test_a_readonly_store_refuses_writes(kettle):
    Store.open().close()
    with Store.open(readonly=True) as store:
        with pytest.raises(E.ReadOnlyLocation):
            store.start_run("a", kettle)


def test_the_report_json_is_stored_for_later_rereading(kettle, home):
    with Store.open() as store:
        rid = play(store, "a", kettle, [1, 1, 2])
    row = sqlite3.connect(home / DB_NAME).execute("SELECT report FROM runs WHERE id = ?", (rid,)).fetchone()
    rep = json.loads(row[0])
    # What was stored, worked out by hand: can_cant never done (0), the rest performed in order (100) → mean 75;
    # the bare refusal at turn 3 is a minor mistake (−15) → 60, grade C.
    assert (rep["total"], rep["grade"], rep["outcome"], rep["mean"]) == (60, "C", "resolved", 75)
    assert rep["scores"] == {"empathy": 100, "fact_check": 100, "can_cant": 0, "limited_apology": 100}
    assert [(x["kind"], x["ng"], x["points"], x["turn"]) for x in rep["total_losses"]] == [
        ("deduction", "bare_refusal", 15, 3)]
    assert rep["anger_curve"] == [70, 55, 50, 70] and len(rep["turns"]) == 3
    run = Run(kettle.scenario)
    for p in (1, 1, 2):
        run.choose(p)
    assert rep == json.loads(json.dumps(score_run(kettle.scenario, run).to_dict(), ensure_ascii=False))


def test_a_free_answer_run_keeps_the_typed_words_and_its_flag(kettle):
    run = Run(kettle.scenario)
    typed = "ご不便をおかけして申し訳ございません。"
    with Store.open() as store:
        rid = store.start_run("山田", kettle, free=True)
        store.record_turn(rid, run.choose(1, performed=(["limited_apology"], []), text=typed))
        store.finish_run(rid, score_run(kettle.scenario, run, better_replies=False))
        other = store.record_run("山田", kettle, Run(kettle.scenario), score_run(kettle.scenario, Run(kettle.scenario)))
        r, o = store.run(rid), store.run(other)
    assert r.free and not o.free
    assert r.turns[0].text == typed and r.turns[0].steps == ["limited_apology"] and r.turns[0].choice_index == 0


def test_a_database_of_schema_3_gains_the_free_column(home, kettle):
    from kasuhara_sim.store import migrations

    home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(home / DB_NAME)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for m in migrations.MIGRATIONS[:3]:
        for sql in m.statements:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with Store.open() as store:
        rid = play(store, "山田", kettle, [1, 2, 2, 1])
        assert store.schema_version() == LATEST and not store.run(rid).free


def test_a_timed_run_keeps_its_seconds_and_each_press(kettle):
    run = Run(kettle.scenario, timed=15)
    with Store.open() as store:
        rid = store.start_run("山田", kettle, timed=15)
        run.wait()
        store.record_turn(rid, run.choose(1))
        store.record_turn(rid, run.choose(1))
        store.finish_run(rid, score_run(kettle.scenario, run, better_replies=False))
        whole = Run(kettle.scenario, timed=30)
        whole.wait()
        whole.choose(2)
        other = store.record_run("山田", kettle, whole, score_run(kettle.scenario, whole, better_replies=False))
        plain = play(store, "山田", kettle, [1, 2, 2, 1])
        r, o, p = store.run(rid), store.run(other), store.run(plain)
    assert r.timed == 15 and o.timed == 30 and p.timed is None
    assert r.turns[0].pressed == [run.transcript[0].pressed[0]] and r.turns[0].pressed[0]["anger_after"] == 80
    assert r.turns[1].pressed == [] and o.turns[0].pressed[0]["line"] == whole.transcript[0].pressed[0]["line"]
    assert r.to_dict()["timed"] == 15


def test_a_database_of_schema_4_gains_the_timed_columns(home, kettle):
    from kasuhara_sim.store import migrations

    home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(home / DB_NAME)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for m in migrations.MIGRATIONS[:4]:
        for sql in m.statements:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with Store.open() as store:
        rid = play(store, "山田", kettle, [1, 2, 2, 1])
        assert store.schema_version() == LATEST == 5
        r = store.run(rid)
    assert r.timed is None and all(t.pressed == [] for t in r.turns)

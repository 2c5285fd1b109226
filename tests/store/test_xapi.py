"""xAPI 1.0.3 statements: checked against the data-model rules of the specification (xapi_rules.py)."""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid

import pytest

from kasuhara_sim.format.quiz import Question
from kasuhara_sim.reports import xapi
from kasuhara_sim.store import Store

from .conftest import KETTLE, play, run_cli
from .xapi_rules import DURATION, problems

T = ["2025-02-03T01:00:00.000Z", "2025-02-03T01:00:20.250Z", "2025-02-03T01:00:41.000Z",
     "2025-02-03T01:01:02.000Z", "2025-02-03T01:01:30.120Z", "2025-02-03T01:01:31.000Z"]


def by_verb(statements, name):
    return [s for s in statements if s["verb"]["id"] == xapi.ADL_VERBS + name]


@pytest.fixture
def runs(kettle):
    with Store.open() as store:
        ids = {
            "practice": play(store, "山田 花子", kettle, [1, 2, 2, 1], times=T[:6]),
            "passed": play(store, "山田 花子", kettle, [1, 1, 1], mode="test", times=T[:5]),
            "failed": play(store, "taro@Example.COM", kettle, [2], mode="test", times=T[:3]),
            "abandoned": play(store, "佐藤", kettle, [1, 1], times=T[:4]),
            "in_progress": play(store, "佐藤", kettle, [1], finish=False, times=T[:2]),
        }
        return {k: store.run(v) for k, v in ids.items()}


def test_every_statement_follows_the_data_model(runs):
    statements = xapi.statements(runs.values())
    assert statements
    for st in statements:
        assert problems(st) == [], json.dumps(st, ensure_ascii=False, indent=1)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))


def test_one_statement_per_run_and_one_per_turn(runs):
    statements = xapi.statements(runs.values())
    answered = by_verb(statements, "answered")
    assert len(answered) == sum(r.turn_count for r in runs.values()) == 4 + 3 + 1 + 2 + 1
    run_statements = [s for s in statements if s["verb"]["id"] != xapi.ADL_VERBS + "answered"]
    assert len(run_statements) == 4  # the run still in progress has no statement of its own yet
    registrations = {s["context"]["registration"] for s in statements}
    assert registrations == {r.uuid for r in runs.values()}


def test_the_verbs(runs):
    st = {k: xapi.run_statement(r, xapi.Vocabulary()) for k, r in runs.items()}
    assert st["practice"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert st["passed"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert st["failed"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"
    assert st["abandoned"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/exited"
    assert st["in_progress"] is None
    assert st["practice"]["verb"]["display"]["en-US"] == "completed"


def test_the_result_of_a_finished_run(runs):
    vocab = xapi.Vocabulary()
    st = xapi.run_statement(runs["practice"], vocab)
    r = st["result"]
    assert r["score"] == {"scaled": 0.65, "raw": 65, "min": 0, "max": 100}
    assert r["success"] is True and r["completion"] is True
    assert r["duration"] == "PT1M31S"
    assert r["extensions"][vocab.dimension("empathy")] == 100
    assert r["extensions"][vocab.dimension("can_cant")] == 60
    assert r["extensions"][vocab.ext("outcome")] == "resolved"
    assert st["timestamp"] == T[5]
    assert st["object"]["id"] == "https://kasuhara-sim.example/xapi/scenarios/kettle-initial-defect"
    assert st["object"]["definition"]["name"] == {"ja-JP": "初期不良の電気ケトルで激怒するお客様"}
    assert st["context"]["revision"] == runs["practice"].scenario_sha256[:12]
    assert st["context"]["extensions"][vocab.ext("mode")] == "practice"


def test_failure_and_abandonment(runs):
    vocab = xapi.Vocabulary()
    failed = xapi.run_statement(runs["failed"], vocab)["result"]
    assert failed["success"] is False and failed["score"]["raw"] == 0 and failed["completion"] is True
    left = xapi.run_statement(runs["abandoned"], vocab)["result"]
    assert left["completion"] is False and "score" not in left and "success" not in left


def test_each_turn_says_which_reply_was_chosen(runs, kettle):
    vocab = xapi.Vocabulary()
    run = runs["practice"]
    turn = run.turns[1]
    st = xapi.turn_statement(run, turn, vocab)
    node = kettle.scenario.nodes["details"]
    d = st["object"]["definition"]
    assert st["object"]["id"].endswith("/scenarios/kettle-initial-defect/nodes/details")
    assert d["interactionType"] == "choice" and d["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert [c["description"]["ja-JP"] for c in d["choices"]] == [c.text for c in node.choices]
    assert d["description"] == {"ja-JP": node.say}
    assert st["result"]["response"] == "choice-2"
    assert st["result"]["success"] is False  # a rash promise
    assert st["result"]["extensions"][vocab.ext("reply")] == node.choices[1].text
    assert st["result"]["extensions"][vocab.ext("ng")] == ["rash_promise"]
    assert st["context"]["contextActivities"]["parent"][0]["id"] == vocab.scenario("kettle-initial-defect")
    assert st["timestamp"] == T[2]


def test_the_actor(runs):
    vocab = xapi.Vocabulary(homepage="https://lms.example.co.jp/")
    assert xapi.actor("山田 花子", vocab) == {"objectType": "Agent", "name": "山田 花子",
                                             "account": {"homePage": "https://lms.example.co.jp/", "name": "山田 花子"}}
    mail = xapi.run_statement(runs["failed"], vocab)["actor"]
    assert mail == {"objectType": "Agent", "name": "taro@Example.COM", "mbox": "mailto:taro@example.com"}


def test_statement_ids_are_stable_uuids(runs):
    first = [s["id"] for s in xapi.statements(runs.values())]
    again = [s["id"] for s in xapi.statements(runs.values())]
    assert first == again  # re-exporting sends the same ids: an LRS keeps one copy
    assert all(uuid.UUID(i).variant == uuid.RFC_4122 for i in first)
    # The same in every process and every release: a literal, so that ids from hash() or uuid4() would fail here.
    run = dataclasses.replace(runs["passed"], uuid="0b6f9c3e-2a4d-4f1e-9c8b-7d5e3a1f2c40")
    assert xapi.run_statement(run, xapi.Vocabulary())["id"] == "8d674eb8-2cd9-5c5b-b9c6-357e057edcef"
    turn_ids = [s["id"] for s in xapi.statements([run]) if s["verb"]["id"] == xapi.ADL_VERBS + "answered"]
    assert turn_ids[0] == "571564ec-f1ae-5b30-90cd-5d845d00e853"


@pytest.mark.parametrize("seconds, text", [
    (0, "PT0S"), (0.004, "PT0S"), (5, "PT5S"), (59.999, "PT1M"), (61.5, "PT1M1.5S"), (134.25, "PT2M14.25S"),
    (3600, "PT1H"), (3723.1, "PT1H2M3.1S"), (90061, "PT25H1M1S"),
])
def test_durations(seconds, text):
    assert xapi.duration(seconds) == text
    assert DURATION.match(text)


def test_quiz_statements(kettle):
    q1 = Question(id="q-one", topic="定義", statement="カスハラの定義は…", answer=True, explanation="…")
    q2 = Question(id="q-two", topic="対応", statement="全面謝罪は…", answer=False, explanation="…")
    with Store.open() as store:
        qid = store.start_quiz("a", 2, started_at=T[0])
        store.record_answer(qid, 1, q1, True, at=T[1])
        store.record_answer(qid, 2, q2, True, at=T[2])
        store.finish_quiz(qid, at=T[3])
        quizzes = store.quizzes()
    statements = xapi.statements([], quizzes)
    for st in statements:
        assert problems(st) == [], st
    answers = by_verb(statements, "answered")
    assert [(s["result"]["response"], s["result"]["success"]) for s in answers] == [("true", True), ("true", False)]
    assert answers[1]["object"]["definition"]["correctResponsesPattern"] == ["false"]
    [done] = by_verb(statements, "completed")
    assert done["result"]["score"] == {"scaled": 0.5, "raw": 1, "min": 0, "max": 2}


def test_the_base_iri_is_configurable(runs):
    vocab = xapi.Vocabulary("https://training.example.co.jp/kasuhara")
    st = xapi.run_statement(runs["practice"], vocab)
    assert st["object"]["id"] == "https://training.example.co.jp/kasuhara/scenarios/kettle-initial-defect"
    assert problems(st) == []


# The checker itself must be able to fail, or the tests above prove nothing.
@pytest.mark.parametrize("path, value, expected", [
    (("id",), "not-a-uuid", "UUID"),
    (("timestamp",), "2025-02-03 01:00", "timestamp"),
    (("timestamp",), "2025-02-03T01:00:00Z", "millisecond"),
    (("result", "score", "scaled"), 1.5, "-1..1"),
    (("result", "score", "raw"), 101, "exceed max"),
    (("result", "score", "raw"), "90", "number"),
    (("result", "success"), "true", "boolean"),
    (("result", "duration"), "1:31", "duration"),
    (("result", "duration"), "PT", "duration"),
    (("object", "id"), "scenarios/kettle", "IRI"),
    (("verb", "display"), {"japanese": "完了"}, "language tag"),
    (("actor", "mbox"), "mailto:x@example.com", "exactly one"),
    (("actor", "account", "homePage"), "kasuhara-sim", "IRL"),
    (("context", "registration"), "1234", "UUID"),
    (("result", "extensions"), {"dimension-empathy": 100}, "not an IRI"),
    (("result", "grade"), "S", "not allowed"),
    (("context", "platform"), None, "null"),
])
def test_the_rule_checker_rejects_what_an_lrs_rejects(runs, path, value, expected):
    st = copy.deepcopy(xapi.run_statement(runs["practice"], xapi.Vocabulary()))
    target = st
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    found = problems(st)
    assert any(expected in p for p in found), found


def test_export_xapi_through_the_command(cli_exe, home):
    for picks in ("1,1,1", "2", "1,2,2,1"):
        proc = run_cli(cli_exe, "play", KETTLE, "--choices", picks, "--trainee", "受講者A", "--mode", "test")
        assert proc.returncode == 0, proc.stderr
    proc = run_cli(cli_exe, "export", "--format", "xapi")
    assert proc.returncode == 0, proc.stderr
    statements = json.loads(proc.stdout)
    assert len(statements) == 3 + (3 + 1 + 4)
    for st in statements:
        assert problems(st) == []
    assert sorted(s["verb"]["display"]["en-US"] for s in statements if s["verb"]["display"]["en-US"] != "answered") \
        == ["failed", "passed", "passed"]
    out = home.parent / "statements.json"
    proc = run_cli(cli_exe, "export", "--format", "xapi", "-o", out, "--base", "https://lrs.example.org/k/",
                   "--homepage", "https://lms.example.org")
    assert proc.returncode == 0 and "3 件" in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(s["object"]["id"].startswith("https://lrs.example.org/k/") for s in data)
    assert all(s["actor"]["account"]["homePage"] == "https://lms.example.org" for s in data)


def test_a_bad_base_iri_is_a_usage_error(cli_exe):
    proc = run_cli(cli_exe, "export", "--format", "xapi", "--base", "kasuhara/xapi")
    assert proc.returncode == 2 and "--base" in proc.stderr and "Traceback" not in proc.stderr

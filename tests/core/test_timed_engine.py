"""Timed mode in the engine: ``Run.wait()`` raises the anger, presses with a line chosen by the seed, and the next
reply carries the press in the transcript; routes and the replies shown see the new anger."""

from __future__ import annotations

import pytest

from kasuhara_sim.engine import Run, RunFinished
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.format.model import DEFAULT_PRESS, DEFAULT_WAIT_ANGER
from kasuhara_sim.scoring import score_run
from tests.core.helpers import scenario_dict, write


def test_wait_raises_the_anger_and_presses_with_a_default_line(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc)
    press = run.wait()
    assert press.anger_before == 70 and press.anger_after == 70 + DEFAULT_WAIT_ANGER == run.anger
    assert press.line == DEFAULT_PRESS[0] and press.node == "opening"
    assert run.wait().line == DEFAULT_PRESS[1]  # without a seed: the lines in the order written
    assert run.anger_curve == [70, 80, 90]
    turn = run.choose(1)
    assert [p["line"] for p in turn.pressed] == list(DEFAULT_PRESS[:2])
    assert turn.anger_before == 90 and turn.anger_after == 75
    assert run.choose(1).pressed == []  # a press belongs to the reply that followed it


def test_the_press_is_chosen_by_the_seed(kettle_path):
    sc = load_scenario(kettle_path).scenario
    lines = [[Run(sc, seed=seed).wait().line for _ in range(1)] for seed in range(40)]
    assert len({tuple(x) for x in lines}) > 1  # the seed picks among the defaults
    a, b = Run(sc, seed=7), Run(sc, seed=7)
    assert [a.wait().line for _ in range(4)] == [b.wait().line for _ in range(4)]
    run = Run(sc, seed=11)
    said = [run.wait().line for _ in range(6)]
    assert all(x != y for x, y in zip(said, said[1:]))  # never the same words twice in a row


def test_scenario_timing_and_node_press(tmp_path):
    data = scenario_dict()
    data["timing"] = {"seconds": 5, "anger": 30, "press": ["「まだですか？」", "「早くして。」"]}
    start = data["start"]
    other = next(n for n in data["nodes"] if n != start and "choices" in data["nodes"][n])
    data["nodes"][other]["press"] = "「で、どうなの？」"
    sc = load_scenario(write(tmp_path, data)).scenario
    assert sc.wait_seconds == 5 and sc.wait_anger == 30
    assert sc.press_lines(start) == ["「まだですか？」", "「早くして。」"]
    assert sc.press_lines(other) == ["「で、どうなの？」"]


def test_routes_see_the_anger_raised_by_waiting(kettle_path):
    sc = load_scenario(kettle_path).scenario
    # The kettle's bare refusal at the offer leads to the blow-up only at anger 80 or more.
    calm, pressed = Run(sc), Run(sc)
    for run in (calm, pressed):
        run.choose(1)
        run.choose(2)  # 55 → 55 (the rash promise) → offer
    assert calm.anger == 55
    pressed.wait()
    pressed.wait()  # 75
    calm.choose(1)
    pressed.choose(1)  # the bare refusal (the first reply shown without the receipt seen): +20
    assert calm.node_id == "resolved" and pressed.node_id == "blowup"


def test_wait_after_the_end_is_refused(kettle_path):
    run = Run(load_scenario(kettle_path).scenario)
    run.choose(2)
    with pytest.raises(RunFinished):
        run.wait()


def test_the_report_keeps_the_presses_and_the_timing(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc, timed=20)
    run.wait()
    run.choose(2)
    report = score_run(sc, run, better_replies=False)
    assert report.timed == 20 and report.turns[0].pressed[0]["line"] == DEFAULT_PRESS[0]
    assert report.to_dict()["turns"][0]["pressed"][0]["anger_after"] == 80


def _problem(tmp_path, data) -> str:
    from kasuhara_sim.format.diagnostics import ScenarioError

    with pytest.raises(ScenarioError) as exc:
        load_scenario(write(tmp_path, data))
    return str(exc.value)


def test_timing_keys_are_checked(tmp_path):
    data = scenario_dict()
    data["timing"] = {"secnds": 5}
    msg = _problem(tmp_path, data)
    assert "unknown-key" in msg and "seconds" in msg  # a typo stays an error, with the key it was meant to be
    data["timing"] = {"seconds": 1}
    assert "range" in _problem(tmp_path, data)


def test_press_only_on_a_turn(tmp_path):
    data = scenario_dict()
    ending = next(n for n, v in data["nodes"].items() if "ending" in v)
    data["nodes"][ending]["press"] = "「まだ？」"
    assert "node-kind" in _problem(tmp_path, data)


def test_the_markdown_transcript_shows_the_press(kettle_path):
    from kasuhara_sim.reports.transcript import transcript_markdown

    sc = load_scenario(kettle_path).scenario
    run = Run(sc, timed=20)
    run.wait()
    run.choose(2)
    md = transcript_markdown(sc, run, score_run(sc, run, better_replies=False))
    assert "- **時間制限**: あり(返答まで 20 秒)" in md
    assert f"*(返答を待たされて)* **田中様** {DEFAULT_PRESS[0]}(怒り 70 → 80)" in md


def test_the_better_reply_is_searched_from_the_anger_the_presses_left(tmp_path):
    # The full reply ends well below anger 80 and fails at or above it (capped at 59); the partial one ends well at
    # 75. Calm, the full reply is the best there is; after two presses (anger 50 → 90) the partial one is better, and
    # the search must start from the anger the trainee actually faced to say so.
    path = tmp_path / "pressed.yaml"
    path.write_text(PRESSED, encoding="utf-8")
    sc = load_scenario(path).scenario
    calm, pressed = Run(sc), Run(sc)
    pressed.wait()
    pressed.wait()
    calm.choose(1)
    pressed.choose(1)
    assert (calm.node_id, pressed.node_id) == ("resolved", "failed")
    calm_report, pressed_report = score_run(sc, calm), score_run(sc, pressed)
    assert calm_report.total == 100 and calm_report.turns[0].better_number is None
    assert pressed_report.total == 59 and pressed_report.turns[0].better_number == 2


PRESSED = """
format: 1
id: pressed-anger
title: 待たされたお客様
summary: 返答が遅れると怒りが上がる。
category: angry_customer
level: beginner
channel: phone
objectives: [待たせない]
role: あなたは窓口の担当です。
persona: {name: 山本様, profile: 40代。, anger: 50}
timing: {seconds: 5, anger: 20}
start: ask
nodes:
  ask:
    say: 「どうなってるの？」
    choices:
      - text: 「ご迷惑をおかけし申し訳ございません。お困りですよね。確認のうえ、交換でしたら本日できます。」
        steps: [limited_apology, empathy, fact_check, can_cant]
        feedback: 全部
        next:
          - if: {anger_at_least: 80}
            to: failed
          - to: resolved
      - text: 「申し訳ございません。お困りですよね。確認いたします。」
        steps: [limited_apology, empathy, fact_check]
        feedback: 一部
        next: resolved
  resolved:
    ending: resolved
    say: 「わかった。」
    debrief: 落ち着いて全部伝えた。
  failed:
    ending: escalated
    say: 「もういい！」
    debrief: 待たせすぎた。
"""

"""Format revision 2 and rubric v2 on a scenario written for the tests (tests/data/salon-colour.yaml): reactions,
variants, path-aware debriefs, a critical tag, and seeded runs. Every number below was worked out by hand from
SCENARIO_FORMAT.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kasuhara_sim.engine import Run, replay
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import score_run

SALON = Path(__file__).parent.parent / "data" / "salon-colour.yaml"


def play_json(path, choices: str, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "kasuhara_sim", "play", str(path), "--choices", choices, "--json",
                           *extra], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("choices,scores,mean,total,grade,debrief", [
    # In order, nothing wrong: every expected dimension 100.
    ("1,1,1", [100, 100, 100, 100, 100], 100, 100, "S", "受け止めてから確かめ"),
    # Arguing first: empathy and the apology never come (0), fact_check is out of order (60); −15 for the argument.
    ("2,1,1", [0, 60, 100, 0, 100], 52, 37, "D", "最初に言い返したことで"),
    # Handing over the carer's number: no fact check, can_cant out of order (60), firm_response 0; −40 (critical).
    ("1,2,1", [100, 0, 60, 100, 0], 52, 12, "D", "解決はしたが、従業員を差し出した"),
    # Full refund: can_cant never performed (0), firm_response 100 − 60; −25; gave_in caps at 59 (no effect here).
    ("1,1,2", [100, 100, 0, 100, 40], 68, 43, "D", "根拠のない全額返金"),
])
def test_the_rubric_v2_numbers_through_play_json(choices, scores, mean, total, grade, debrief):
    data = play_json(SALON, choices)
    dims = ["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"]
    assert [data["scores"][d] for d in dims] == scores
    assert (data["mean"], data["total"], data["grade"]) == (mean, total, grade)
    assert data["debrief"].startswith(debrief)


def test_a_critical_mistake_caps_the_total_at_59(tmp_path):
    # Without firm_response expected, the discipline promise lowers nothing: mean 100 − 40 = 60, capped at 59.
    text = SALON.read_text(encoding="utf-8").replace(
        "expects: [empathy, fact_check, can_cant, limited_apology, firm_response]\n", "")
    f = tmp_path / "salon.yaml"
    f.write_text(text, encoding="utf-8")
    data = play_json(f, "1,1,3")
    assert (data["mean"], data["total"], data["grade"], data["critical"]) == (100, 59, "D", ["expose_staff"])
    kinds = [(loss["kind"], loss["effective"]) for loss in data["total_losses"]]
    assert kinds == [("deduction", 40), ("critical_cap", 1)]
    assert "重大な誤り" in data["total_losses"][1]["reason"] and "59" in data["total_losses"][1]["reason"]


def test_play_json_shows_what_the_trainee_saw():
    data = play_json(SALON, "2,2,1")
    first, second = data["turns"][0], data["turns"][1]
    assert first["say"] == "「昨日の色、見本と全然違うんだけど。」"  # no seed: the first variant
    assert first["reaction"] == "「確認？あの見本と全然違うから言ってるの！」"
    assert first["narration"] == "開店直後、昨日のお客様が鏡の前で髪をつまんでいる。"
    assert second["text"] == "「担当は佐藤です。携帯の番号をお伝えしますね。」"
    assert second["reaction"] == "「最初からそうすればいいのよ。」"
    assert data["turns"][2]["reaction"] is None
    assert data["ending_narration"] == "お客様はお直しの予約を入れて帰った。"
    assert data["ending_say"] == "「じゃあ、夕方にまた来るわ。」"
    # The first debrief route that holds: expose_staff was done, so argue's route is not reached.
    assert data["debrief"].startswith("解決はしたが")
    assert data["seed"] is None


def _shown(run: Run) -> list:
    """Everything a seed decides, turn by turn, along the path of the replies written first."""
    seen = []
    while not run.finished:
        shown = run.visible_choices()
        seen.append((run.say, [(vc.index, vc.text) for vc in shown]))
        run.choose(next(vc.number for vc in shown if vc.index == 0))
    return seen


def test_the_same_seed_shows_the_same_run_and_other_seeds_differ():
    sc = load_scenario(SALON).scenario
    assert _shown(Run(sc, seed=42)) == _shown(Run(sc, seed=42))
    shows = {json.dumps(_shown(Run(sc, seed=s)), ensure_ascii=False) for s in range(30)}
    assert len(shows) > 5  # orders and variants vary with the seed
    orders = {tuple(i for i, _ in _shown(Run(sc, seed=s))[0][1]) for s in range(30)}
    assert orders == {(0, 1), (1, 0)}
    lines = {_shown(Run(sc, seed=s))[0][0] for s in range(30)}
    assert lines == {"「昨日の色、見本と全然違うんだけど。」", "「ねえ、この色。頼んだのと違うよね？」"}


def test_without_a_seed_the_written_order_and_first_variants():
    sc = load_scenario(SALON).scenario
    first = _shown(Run(sc))
    assert [i for i, _ in first[0][1]] == [0, 1]
    assert first[1][1][0][1].startswith("「カルテを確認いたします。")


def test_numbers_with_a_seed_count_among_the_replies_as_that_seed_shows_them():
    sc = load_scenario(SALON).scenario
    # A seed that shows the argument first at the opening: there, "1" is the argument.
    seed = next(s for s in range(100) if Run(sc, seed=s).visible_choices()[0].index == 1)
    run = Run(sc, seed=seed)
    numbers = []
    for written in (1, 0, 0):  # argue, then the best replies: 37 points, as in the table above
        number = next(vc.number for vc in run.visible_choices() if vc.index == written)
        numbers.append(number)
        run.choose(number)
    assert numbers[0] == 1
    data = play_json(SALON, ",".join(map(str, numbers)), "--seed", str(seed))
    assert data["turns"][0]["ng"] == ["argue"] and (data["total"], data["seed"]) == (37, seed)
    # Without the seed, the same numbers mean the replies as written: "1" is the apology.
    assert play_json(SALON, "1,1,1")["turns"][0]["steps"] == ["empathy", "limited_apology"]


def test_a_recorded_seed_reproduces_the_run_through_the_command():
    sc = load_scenario(SALON).scenario
    seed = 1234
    run = Run(sc, seed=seed)
    while not run.finished:
        run.choose(len(run.visible_choices()))  # always the last reply shown
    picks = ",".join(str(t.pick) for t in run.transcript)
    data = play_json(SALON, picks, "--seed", str(seed))
    assert data["seed"] == seed
    assert [t["text"] for t in data["turns"]] == [t.text for t in run.transcript]
    assert [t["say"] for t in data["turns"]] == [t.say for t in run.transcript]
    assert data["total"] == score_run(sc, replay(sc, [t.pick for t in run.transcript], seed=seed)).total


def test_the_order_line_groups_the_steps_of_one_reply_in_the_order_it_performed_them():
    sc = load_scenario(SALON).scenario
    report = score_run(sc, replay(sc, [1, 1, 1]))
    assert report.order_groups == [["empathy", "limited_apology"], ["fact_check", "firm_response"], ["can_cant"]]


# --- the loader: every new key with its position and a clear message ------------------------------------------------
def _broken(tmp_path, old: str, new: str):
    from kasuhara_sim.format.diagnostics import ScenarioError

    text = SALON.read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "broken.yaml"
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    (d,) = info.value.diagnostics
    line = next(i for i, row in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if new.splitlines()[0] in row)
    return d, line


@pytest.mark.parametrize("old,new,code,words", [
    ("      - if: {did: [expose_staff]}\n", "      - if: {}\n", "empty-condition", "条件が空です"),
    ("        next: done\n      - text: 「お代は全額", "        if: {}\n        next: done\n      - text: 「お代は全額",
     "empty-condition", "条件が空です"),
    ("      - if: {did: [expose_staff]}\n", "      - if: {did: [shouting]}\n", "unknown-value", "「shouting」は使えません"),
    ("      - text: 受け止めてから確かめ、", "      - if: {did: [argue]}\n        text: 受け止めてから確かめ、",
     "route-last-if", "講評のルートの最後には if"),
    ("    say: 「で、どうしてくれるの？」\n", "    say: {line: 「で？」}\n", "type", "言い換えの文字列のリスト"),
    ("    say: 「で、どうしてくれるの？」\n", "    say: []\n", "count", "1個以上"),
    ("        reaction: 「そうしてちょうだい。」\n", "        reaction: [「そうしてちょうだい。」]\n", "type", "文字列で書いて"),
    ("    debrief: 根拠のない全額返金は、不当な要求に屈したことになり、次の要求を招く。",
     "    debrief: {text: 根拠のない全額返金}", "type", "ルート {if, text} のリスト"),
    ("        ng: [give_in]\n", "        ng: [hide_it]\n", "unknown-value", "expose_staff"),
])
def test_revision_2_errors_point_at_the_line(tmp_path, old, new, code, words):
    d, line = _broken(tmp_path, old, new)
    assert d.code == code and words in d.message, d.format()
    assert d.line == line, d.format()

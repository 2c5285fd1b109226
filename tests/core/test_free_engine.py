"""自由回答 in the engine: the typed words and their own tags are kept and scored; the run goes on along the
authored reply that matches best."""

from __future__ import annotations

from kasuhara_sim.engine import Run, VisibleChoice
from kasuhara_sim.engine.free import match_reply, similarity
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.format.model import Choice
from kasuhara_sim.scoring import score_run


def test_choose_keeps_the_typed_words_and_their_tags(kettle_path):
    sc = load_scenario(kettle_path).scenario
    run = Run(sc)
    typed = "申し訳ございません。レシートを拝見できますか？"
    turn = run.choose(1, performed=(["limited_apology", "fact_check"], []), text=typed,
                      evidence=[{"label": "fact_check", "words": "レシート"}])
    assert turn.text == typed and turn.free
    assert turn.steps == ["limited_apology", "fact_check"] and turn.ng == []
    assert turn.reply == sc.nodes["opening"].choices[0].text  # the authored reply it was taken as
    assert turn.reaction == sc.nodes["opening"].choices[0].reaction
    assert run.node_id == "details" and run.anger == 55  # the authored reply's anger and route
    assert turn.evidence == [{"label": "fact_check", "words": "レシート"}]


def test_a_chosen_reply_is_not_free(kettle_path):
    run = Run(load_scenario(kettle_path).scenario)
    turn = run.choose(1)
    assert not turn.free and turn.reply is None and turn.steps == ["limited_apology", "empathy"]


def test_the_typed_tags_are_what_is_scored(kettle_path):
    sc = load_scenario(kettle_path).scenario
    chosen, typed = Run(sc), Run(sc)
    chosen.choose(1)
    typed.choose(1, performed=(["fact_check"], ["argue"]), text="本当に昨日入れたんですか？")
    a, b = score_run(sc, chosen, better_replies=False), score_run(sc, typed, better_replies=False)
    assert a.turns[0].steps == ["limited_apology", "empathy"]
    assert b.turns[0].steps == ["fact_check"] and b.turns[0].ng == ["argue"]
    assert b.turns[0].text == "本当に昨日入れたんですか？" and b.turns[0].reply == sc.nodes["opening"].choices[0].text
    assert b.total < a.total


def test_mistakes_come_first(kettle_path):
    shown = Run(load_scenario(kettle_path).scenario).visible_choices()
    # An argument that also asks something goes along the arguing reply, not the fact check.
    assert match_reply(shown, ["fact_check"], ["argue"]).number == 2
    # Without a mistake, a reply that makes none is preferred, then the shared steps.
    assert match_reply(shown, ["fact_check"], []).number == 3
    assert match_reply(shown, ["empathy"], []).number == 1


def test_ties_go_to_the_closest_wording():
    def vc(n, text):
        return VisibleChoice(n, n - 1, Choice.model_validate({"text": text, "feedback": "f", "next": "end",
                                                              "steps": ["fact_check"]}))

    shown = [vc(1, "レシートを拝見してもよろしいでしょうか。"), vc(2, "いつ頃お買い求めになりましたか。")]
    assert match_reply(shown, ["fact_check"], [], "レシートを見せていただけますか").number == 1
    assert match_reply(shown, ["fact_check"], [], "いつお買い求めになりましたか").number == 2
    assert match_reply(shown, ["fact_check"], [], "").number == 1  # nothing to compare: the first shown


def test_without_tags_a_reply_without_mistakes_is_preferred(kettle_path):
    run = Run(load_scenario(kettle_path).scenario)
    run.choose(1)
    assert match_reply(run.visible_choices(), [], [], "すぐ新品と交換しますよ").number == 1


def test_similarity():
    assert similarity("レシートを拝見します", "ﾚｼｰﾄを拝見します。") == 1.0
    assert similarity("ありがとう", "交換します") == 0.0
    assert similarity("", "交換") == 0.0


def test_the_authored_feedback_is_kept_only_when_the_typed_tags_are_the_reply_s(kettle_path):
    # The feedback speaks of the authored reply's steps: a typed apology taken as a bare fact-check reply must not be
    # told that it did not apologise.
    sc = load_scenario(kettle_path).scenario
    authored = sc.nodes["opening"].choices[0]
    same = Run(sc).choose(1, performed=(list(reversed(authored.steps)), list(authored.ng)), text="…")
    assert same.feedback == authored.feedback and same.feedback
    other = Run(sc).choose(1, performed=(["fact_check"], []), text="レシートを拝見できますか？")
    assert other.feedback == "" and other.reaction == authored.reaction  # the run still goes on along it
    assert Run(sc).choose(1).feedback == authored.feedback  # a chosen reply: as written


def test_a_deduction_from_the_total_alone_does_not_read_as_nothing_lost(kettle_path):
    # Every dimension at 100, 25 deducted for lone handling: 減点の理由 must not say 「減点はありません」 under a −25.
    from kasuhara_sim import strings as S
    from kasuhara_sim.reports.result import render
    from kasuhara_sim.reports.transcript import transcript_markdown

    sc = load_scenario(kettle_path).scenario
    run = Run(sc, seed=75)
    run.choose(1, performed=(["limited_apology", "empathy"], ["lone_handling"]), text="私が個人的になんとかします。")
    run.choose(1)
    run.choose(1)
    report = score_run(sc, run, better_replies=False)
    assert all(d.score == 100 for d in report.dimensions) and report.total == 75
    for text in (render(report, sc, plain=True), transcript_markdown(sc, run, report)):
        assert S.Score.none_lost_dimensions in text and S.Score.none_lost not in text
    clean = Run(sc, seed=75)
    for _ in range(3):
        clean.choose(1)
    assert S.Score.none_lost in render(score_run(sc, clean, better_replies=False), sc, plain=True)

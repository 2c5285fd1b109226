"""``play --plain --free``: the trainee types each reply; what was recognised and the reply it was taken as are shown
in 練習; an unrecognised reply is never called wrong; the result keeps the typed words."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("sudachipy")

from kasuhara_sim.cli.root import cli  # noqa: E402
from kasuhara_sim.understand.turn import marked, spans  # noqa: E402

KETTLE = str(Path(__file__).parents[1] / "data" / "kettle.yaml")
GOOD = ["ご不便をおかけして申し訳ございません。お気持ちはよくわかります。",
        "恐れ入りますが、レシートと本体を拝見してもよろしいでしょうか。",
        "7日以内の初期不良ですので新品と交換いたします。返金はお時間をいただきます。"]


def play(*args, typed):
    return CliRunner().invoke(cli, ["play", KETTLE, "--plain", "--free", "--seed", "75", *args],
                              input="\n" + "".join(t + "\n" for t in typed))


def test_a_whole_run_typed_in_practice():
    out = play(typed=GOOD)
    assert out.exit_code == 0, out.output
    text = out.output
    assert "自由回答" in text
    # the words marked, what they were recognised as, and the authored reply the run went on along
    assert "読み取った言葉: 「ご不便をおかけして申し訳ございません」。「お気持ちはよくわかります」。" in text
    assert "✓ 限定的謝罪: 「ご不便をおかけして申し訳ございません」" in text
    assert "「ご不便をおかけして申し訳ございません。お急ぎのところ、お越しいただきありがとうございます。」 として会話が進みます" in text
    assert "結果  解決" in text
    # the result keeps the typed words, with the reply they were taken as
    assert f"ターン1 ✓ {GOOD[0]}" in text
    assert "進んだ返答: 「ご不便をおかけして" in text


def test_nothing_recognised_is_said_kindly_and_offers_the_menu():
    out = play(typed=["えーと", "1", "q"])
    text = out.output
    assert "読み取ることができませんでした" in text and "言い方を変えて" in text
    turn1 = text.split("ターン1")[1].split("  1. ")[0]
    assert "不正解" not in text and "✗" not in turn1 and "誤" not in turn1
    assert "  1. 「ご不便をおかけして" in text  # the menu, offered
    # the number picked from it: a chosen turn, shown like one
    assert "あなた 「ご不便をおかけして申し訳ございません。お急ぎのところ" in text
    assert out.exit_code == 1  # stopped with q before the ending


def test_in_test_mode_nothing_is_explained():
    out = play("--mode", "test", typed=GOOD)
    assert out.exit_code == 0, out.output
    before_result = out.output.split("結果")[0]
    assert "読み取った言葉" not in before_result and "として会話が進みます" not in before_result
    assert f"あなた {GOOD[0]}" in before_result


def test_free_and_choices_together_are_refused():
    out = CliRunner().invoke(cli, ["play", KETTLE, "--free", "--choices", "1,1,1"])
    assert out.exit_code == 2 and "--free と --choices" in out.output


def test_marked_merges_overlaps_and_ignores_bad_spans():
    ev = [{"start": 0, "end": 2}, {"start": 1, "end": 3}, {"start": 5, "end": 99}]
    assert spans("あいうえおか", ev) == [(0, 3)]
    assert marked("あいうえおか", ev) == "「あいう」えおか"
    assert marked("あいう", []) == "あいう"


def test_a_keigo_slip_is_flagged_even_when_no_step_is_recognised():
    # 「了解しました」 performs no step, but a trainee who types it to a customer should still hear about it.
    out = play(typed=["了解しました。", "q"])
    assert "読み取ることができませんでした" in out.output
    assert "言葉づかい: 「了解しました」→" in out.output
    test = play("--mode", "test", typed=["了解しました。", "q"])
    assert "読み取ることができませんでした" in test.output and "言葉づかい" not in test.output  # 本番: no feedback

"""言葉づかい advice: each rule of advice.yaml finds its examples and none of its counter-examples, the issue's slips
are each corrected, and the advice reaches `understand --json`, 練習 and the result (never the score)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kasuhara_sim.understand.advice import advice_rules, advise

RULES = {r.id: r for r in advice_rules()}
KETTLE = str(Path(__file__).parents[1] / "data" / "kettle.yaml")


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_finds_its_examples_and_not_its_counter_examples(rule_id):
    rule = RULES[rule_id]
    assert rule.examples and rule.counter and rule.fix and rule.why
    for text in rule.examples:
        assert rule_id in [a.rule for a in advise(text)], text
    for text in rule.counter:
        assert rule_id not in [a.rule for a in advise(text)], text


@pytest.mark.parametrize("text, rule_id, words, fix", [
    ("わたくしがご担当としてお話を伺います。", "self_honorific", "わたくしがご担当として", "わたくしが担当として"),
    ("先ほどおっしゃられた件ですが。", "double_keigo", "おっしゃられ", "おっしゃる"),
    ("こちらが返金のほうになります。", "baito_houni", "のほうになります", "でございます"),
    ("お名前はヤマダ様でよろしかったでしょうか。", "baito_yoroshikatta", "よろしかったでしょうか", "よろしいでしょうか"),
    ("了解しました。すぐに確認いたします。", "ryoukai", "了解しました", "承知いたしました"),
])
def test_the_issues_slips_are_corrected(text, rule_id, words, fix):
    (a,) = [a for a in advise(text) if a.rule == rule_id]
    assert a.words == words and text[a.start:a.end] == words and fix in a.fix


def test_polite_replies_get_no_advice():
    for text in ("ご不便をおかけして申し訳ございません。", "承知いたしました。担当の者からご連絡いたします。",
                 "わたくしが担当として責任をもって確認いたします。"):
        assert advise(text) == []


pytest.importorskip("sudachipy")


def test_understand_json_has_the_advice():
    from kasuhara_sim.cli.root import cli

    out = CliRunner().invoke(cli, ["understand", "--json", "了解しました、確認します。"])
    row = json.loads(out.output)
    assert [a["rule"] for a in row["advice"]] == ["ryoukai"] and row["advice"][0]["words"] == "了解しました"


def test_advice_is_shown_in_practice_and_on_the_result_but_not_scored():
    from kasuhara_sim.cli.root import cli

    slip = "ご不便をおかけして申し訳ございません。お気持ちはよくわかります。了解しました。"
    plain = "ご不便をおかけして申し訳ございません。お気持ちはよくわかります。"
    rest = "\n1\n1\n"
    runs = [CliRunner().invoke(cli, ["play", KETTLE, "--plain", "--free", "--seed", "75"], input=f"\n{t}{rest}")
            for t in (slip, plain)]
    text = runs[0].output
    during, result = text.split("結果  ", 1)
    assert "言葉づかい: 「了解しました」→ お客様には「承知いたしました」" in during
    assert "言葉づかい: 「了解しました」" in result
    totals = [r.output.split("総合 ")[1].split(" 点")[0] for r in runs]
    assert totals[0] == totals[1]

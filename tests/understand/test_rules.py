"""Every rule of the recogniser is tested by its own examples and counter-examples (kept with the rule in
rules.yaml), and the hard cases of issue 11 are tested here by name."""

from __future__ import annotations

import pytest

pytest.importorskip("sudachipy")

from kasuhara_sim.understand.recognise import Recogniser  # noqa: E402
from kasuhara_sim.understand.rules import LABELS, load_rules  # noqa: E402

RULES = load_rules().rules


@pytest.fixture(scope="module")
def rec() -> Recogniser:
    return Recogniser()


def labels(r) -> set[str]:
    return set(r.steps) | set(r.ng)


def test_every_rule_has_an_example_and_a_known_label():
    assert RULES
    for rule in RULES:
        assert rule.examples, f"{rule.id} has no example"
        assert rule.label in LABELS
        assert rule.explain, f"{rule.id} explains nothing"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_finds_its_examples_and_not_its_counters(rec, rule):
    for text in rule.examples:
        got = rec.recognise(text)
        assert any(e.rule == rule.id for e in got.evidence) or rule.label in labels(got), (
            f"{rule.id} does not find {text!r}: {got.as_dict()}")
        # the evidence points at words of the reply as typed
        for e in got.evidence:
            assert text[e.start:e.end] == e.words and e.words
    for text in rule.counter:
        got = rec.recognise(text)
        assert all(e.rule != rule.id for e in got.evidence), f"{rule.id} wrongly finds {text!r}"


@pytest.mark.parametrize("text, want, not_want", [
    # negation
    ("お気持ちはわかります。", {"empathy"}, set()),
    ("お気持ちはわかりません。", set(), {"empathy"}),
    # a cushion phrase is not an apology
    ("申し訳ございませんが、返品はお受けできません。", {"bare_refusal"}, {"limited_apology", "can_cant"}),
    ("ご不便をおかけして、申し訳ございません。", {"limited_apology"}, {"bare_refusal"}),
    # a process promise is not a rash promise
    ("確認して本日中にご連絡します。", {"fact_check"}, {"rash_promise"}),
    ("すぐに新品と交換します。", {"rash_promise"}, set()),
    # a question that checks facts versus a rhetorical one
    ("本当に昨日入れたんですか？", {"argue"}, {"fact_check"}),
    ("昨日何時ごろ入れられたか、覚えていらっしゃいますか？", {"fact_check"}, {"argue"}),
    # keigo and plain variants
    ("お気持ちはよく分かります。", {"empathy"}, set()),
    ("気持ちはわかるよ。", {"empathy"}, set()),
    ("確認いたします。", {"fact_check"}, set()),
    ("確認するね。", {"fact_check"}, set()),
    # kana/kanji and width variants, typos
    ("おきもちはわかります。", {"empathy"}, set()),
    ("ｵｷﾓﾁﾊ ﾖｸ ﾜｶﾘﾏｽ。", {"empathy"}, set()),
    ("ご不便をおかけして申し分けございません。", {"limited_apology"}, set()),
    ("ご迷惑お掛けしてすいません", {"limited_apology"}, set()),
    # a refusal with an alternative is can_cant, refusing an unjust demand is a firm boundary
    ("交換はできかねますが、修理でしたら無償で承ります。", {"can_cant"}, {"bare_refusal"}),
    ("土下座には応じられません。", {"firm_boundary"}, {"bare_refusal", "give_in"}),
    ("わかりました、土下座します。", {"give_in"}, {"firm_boundary"}),
    # SCENARIO_FORMAT.md's worked example: blaming the customer's action is both; thanks for the visit is empathy
    ("お客様の使い方に問題があったのではないでしょうか。", {"argue", "premature_label"}, set()),
    ("ご不便をおかけして申し訳ございません。お急ぎのところ、お越しいただきありがとうございます。",
     {"limited_apology", "empathy"}, set()),
    ("本日はお越しいただきありがとうございました。", {"empathy"}, set()),
    ("本日もご利用ありがとうございます。", set(), {"empathy"}),
    # a cushion refusal that offers something later is can_cant, not a bare refusal
    ("お席の移動はできかねますが、ひざ掛けをお持ちしますね。", {"can_cant"}, {"bare_refusal"}),
])
def test_hard_cases(rec, text, want, not_want):
    got = labels(rec.recognise(text))
    assert want <= got, (text, got)
    assert not (not_want & got), (text, got)


def test_deterministic_and_ordered(rec):
    text = "ご不便をおかけして申し訳ございません。レシートを拝見できますか。"
    a, b = rec.recognise(text).as_dict(), rec.recognise(text).as_dict()
    assert a == b
    assert a["steps"] == ["limited_apology", "fact_check"]
    assert [e["start"] for e in a["evidence"]] == sorted(e["start"] for e in a["evidence"])


def test_nothing_recognised(rec):
    r = rec.recognise("えっと、その…")
    assert not r.recognised and r.evidence == []
    assert not rec.recognise("").recognised


def test_an_organisation_extends_the_rules(tmp_path):
    extra = tmp_path / "ours.yaml"
    extra.write_text(
        "lexicon:\n  authority: [エリア統括]\n"
        "rules:\n"
        "  - id: ours.kudos\n    label: empathy\n    pattern: 恐縮\n    explain: 当社の言い方\n    examples: [恐縮です]\n"
        "  - id: record.record\n    disabled: true\n",
        encoding="utf-8")
    rec = Recogniser(extra_rules=[extra])
    assert "empathy" in rec.recognise("ご指摘、恐縮です。").steps
    assert "escalate" in rec.recognise("エリア統括に報告いたします。").steps
    assert "record" not in rec.recognise("録音させていただきます。").steps


def test_a_bad_rules_file_is_one_clear_error(tmp_path):
    from kasuhara_sim.understand.rules import RuleError

    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    label: kindness\n    pattern: a\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad\.yaml: rule x: error: label"):
        load_rules([bad])


def test_evidence_inside_wider_evidence_of_the_same_label_is_not_repeated(rec):
    # Two rules found 「申し訳ございません」 and 「お待たせしてしまい、大変申し訳ございません」: the trainee is shown the wider
    # words once, and evidence of another label over the same words stays.
    got = rec.recognise("長い時間お待たせしてしまい、大変申し訳ございません。")
    assert [(e.label, e.words) for e in got.evidence] == [("limited_apology", "お待たせしてしまい、大変申し訳ございません")]
    both = rec.recognise("せっかくの日曜日に、本当に申し訳ございません。")
    assert {e.label for e in both.evidence} == {"empathy", "limited_apology"}
    assert len([e for e in both.evidence if e.label == "empathy"]) == 1

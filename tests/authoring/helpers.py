"""Scenario builders for the authoring tests: a small valid scenario as a dict, changed per test, written to YAML."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import yaml

BASE = {
    "format": 1, "id": "lint-mini", "title": "検査用の小さなシナリオ", "summary": "lint の確認用。", "category": "other",
    "level": "beginner", "channel": "counter", "objectives": ["基本手順を確かめる"], "role": "売場の担当者",
    "persona": {"name": "山本様", "profile": "60代男性", "anger": 70}, "start": "open",
    "nodes": {
        "open": {"say": "「どうなってるんだ」", "choices": [
            {"text": "「ご不便をおかけして申し訳ございません。」", "feedback": "限定的に謝り受け止めた。",
             "steps": ["limited_apology", "empathy"], "anger": -10, "next": "ask"},
            {"text": "「こちらのせいではありません。」", "feedback": "反論した。", "ng": ["argue"], "anger": 30,
             "next": "blowup"},
        ]},
        "ask": {"say": "「昨日買ったばかりなんだよ」", "choices": [
            {"text": "「レシートを拝見できますか。」", "feedback": "事実を確かめた。", "steps": ["fact_check"],
             "set": ["saw_receipt"], "anger": -5, "next": "offer"},
            {"text": "「すぐ交換します。商品券もお付けします。」", "feedback": "安易な約束。", "ng": ["rash_promise"],
             "anger": 10, "next": "offer"},
        ]},
        "offer": {"say": "「で、どうするの」", "choices": [
            {"if": {"flags": ["saw_receipt"]}, "text": "「交換はできますが、返金はお時間をいただきます。」",
             "feedback": "できること・できないことを分けた。", "steps": ["can_cant"], "next": "done"},
            {"text": "「できません。」", "feedback": "代案のない拒否。", "ng": ["bare_refusal"], "anger": 20,
             "next": [{"if": {"anger_at_least": 80}, "to": "blowup"}, {"to": "done"}]},
            {"if": {"not_flags": ["saw_receipt"]}, "text": "「先にレシートを拝見できますか。」", "feedback": "約束の前に確かめた。",
             "steps": ["fact_check"], "set": ["saw_receipt"], "next": "offer"},
        ]},
        "done": {"ending": "resolved", "say": "「それならいい」", "debrief": "手順どおり。"},
        "blowup": {"ending": "escalated", "say": "「もういい！」", "debrief": "反論が決定的だった。"},
    },
}


def scenario(**changes) -> dict:
    d = copy.deepcopy(BASE)
    d.update(changes)
    return d


def write(folder: Path, data: dict, name: str | None = None) -> Path:
    f = Path(folder) / f"{name or data['id']}.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f


STEPS = ["empathy", "fact_check", "can_cant", "limited_apology", "firm_boundary", "record"]
NGS = ["full_apology", "argue", "rash_promise", "bare_refusal", "give_in", "lone_handling", "rude", "conceal", "misinform"]
FLAGS = ["f1", "f2"]


def random_scenario(seed: int, turns: int = 5) -> dict:
    """A valid scenario with loops, anger-dependent routes, flags and replies shown only under conditions."""
    rng = random.Random(seed)
    tids = [f"t{i}" for i in range(turns)]
    eids = ["ok", "handed", "bad", "gave"]
    outcomes = {"ok": "resolved", "handed": "handed_over", "bad": "escalated", "gave": "gave_in"}
    everything = tids + eids

    def cond() -> dict:
        kind = rng.choice(["lo", "hi", "flag", "noflag", "did", "did_not"])
        if kind in ("did", "did_not"):
            return {kind: [rng.choice(STEPS + NGS)]}
        if kind == "lo":
            return {"anger_at_least": rng.choice([40, 60, 80])}
        if kind == "hi":
            return {"anger_below": rng.choice([30, 50, 70])}
        return {"flags" if kind == "flag" else "not_flags": [rng.choice(FLAGS)]}

    nodes: dict = {e: {"ending": outcomes[e], "debrief": "講評"} for e in eids}
    for i, tid in enumerate(tids):
        choices = []
        for k in range(rng.randint(2, 3)):
            c: dict = {"text": f"{tid}-{k}", "feedback": "f"}
            if rng.random() < 0.7:
                c["steps"] = rng.sample(STEPS, rng.randint(1, 2))
            if rng.random() < 0.4:
                c["ng"] = rng.sample(NGS, 1)
            c["anger"] = rng.choice([-20, -10, 0, 10, 20])
            if rng.random() < 0.3:
                c["set"] = [rng.choice(FLAGS)]
            if k > 0 and rng.random() < 0.3:
                c["if"] = cond()
            if rng.random() < 0.3:
                c["next"] = [{"if": cond(), "to": rng.choice(everything)}, {"to": rng.choice(everything)}]
            else:
                c["next"] = rng.choice(tids[max(0, i - 2):] + eids)
            choices.append(c)
        nodes[tid] = {"say": f"「{tid}」", "choices": choices}
    expects = ["empathy", "fact_check", "can_cant", "limited_apology"]
    if rng.random() < 0.5:
        expects.append("firm_response")
    return scenario(id=f"rand-{seed}", start="t0", expects=expects, nodes=nodes,
                    persona={"name": "乱数様", "profile": "p", "anger": rng.choice([30, 50, 70])})

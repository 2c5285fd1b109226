"""Small scenario builders for tests: a valid scenario as a dict, changed per test and written to YAML."""

from __future__ import annotations

import copy

import yaml

BASE = {
    "format": 1, "id": "mini", "title": "テスト用", "summary": "テスト用の短いシナリオ", "category": "other",
    "level": "beginner", "channel": "phone", "objectives": ["手順を確かめる"], "role": "窓口担当",
    "persona": {"name": "佐藤様", "profile": "テスト用", "anger": 50}, "start": "a",
    "nodes": {
        "a": {"say": "「どうなってるの」", "choices": [
            {"text": "A1", "feedback": "f", "steps": ["empathy", "limited_apology"], "next": "b"},
            {"text": "A2", "feedback": "f", "ng": ["argue"], "anger": 30, "next": "bad"},
        ]},
        "b": {"say": "「で？」", "choices": [
            {"text": "B1", "feedback": "f", "steps": ["fact_check"], "next": "c"},
            {"text": "B2", "feedback": "f", "steps": ["can_cant"], "next": "good"},
        ]},
        "c": {"say": "「それで？」", "choices": [
            {"text": "C1", "feedback": "f", "steps": ["can_cant"], "next": "good"},
            {"text": "C2", "feedback": "f", "ng": ["give_in"], "next": "gave"},
        ]},
        "good": {"ending": "resolved", "debrief": "よかった"},
        "bad": {"ending": "escalated", "debrief": "悪化"},
        "gave": {"ending": "gave_in", "debrief": "屈した"},
    },
}


def scenario_dict(**changes) -> dict:
    d = copy.deepcopy(BASE)
    d.update(changes)
    return d


def write(tmp_path, data: dict, name: str | None = None):
    f = tmp_path / f"{name or data['id']}.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return f

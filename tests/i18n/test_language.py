"""Choosing the language, and what it changes: every label in English, Japanese back byte for byte."""

from __future__ import annotations

import re

import pytest

from kasuhara_sim import i18n, strings
from kasuhara_sim.cli import main
from kasuhara_sim.cli.root import LAZY_COMMANDS, cli

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize(("option", "env", "expected"), [
    (None, {}, "ja"),
    ("en", {}, "en"),
    ("en", {"KASUHARA_SIM_LANG": "ja"}, "en"),
    (None, {"KASUHARA_SIM_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
    (None, {"KASUHARA_SIM_LANG": "ja", "LANG": "en_US.UTF-8"}, "ja"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
    (None, {"LANGUAGE": "ja:en", "LANG": "en_US.UTF-8"}, "ja"),
    (None, {"LANG": "C.UTF-8"}, "ja"),
    (None, {"LANG": "fr_FR.UTF-8"}, "ja"),
    (None, {"KASUHARA_SIM_LANG": "fr", "LANG": "en_US"}, "en"),
])
def test_choose(option, env, expected):
    assert i18n.choose(option, env) == expected


def labels():
    out = []
    for _owner, _attr, context, value in i18n._each_label():
        stack = [value]
        while stack:
            v = stack.pop()
            if isinstance(v, str):
                out.append((context, v))
            elif isinstance(v, tuple):
                stack.extend(v)
            elif isinstance(v, dict):
                stack.extend(v.values())
    return out


def test_every_label_in_english_and_back(english):
    left = [(c, v) for c, v in labels() if JAPANESE.search(v.replace('"："', ""))]  # that colon: the topic
    assert not left, left[:5]
    i18n.set_language("ja")
    assert strings.Tui.key_quit == "終了" and strings.CATEGORIES["other"] == "その他"
    i18n.set_language("en")
    assert strings.Tui.key_quit == "Quit" and strings.CATEGORIES["other"] == "Other"


def test_japanese_is_untouched_after_a_round_trip():
    before = labels()
    i18n.set_language("en")
    i18n.set_language("ja")
    assert labels() == before


def test_relabel_both_ways(english):
    assert i18n.relabel("終了") == "Quit"
    assert i18n.relabel("心情理解") == "Empathy"  # the default rubric's labels
    assert i18n.relabel("わが社の観点") == "わが社の観点"  # an organisation's own label is content
    i18n.set_language("ja")
    assert i18n.relabel("Quit") == "終了"


def help_of(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([*args, "--help"])
    assert exc.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [None, "list", "play", "validate", "quiz", *LAZY_COMMANDS])
def test_help_in_english(capsys, command):
    try:
        out = help_of(capsys, "--lang", "en", *([command] if command else []))
        assert not JAPANESE.search(out), out
        assert "Usage:" in out
    finally:
        i18n.set_language("ja")
        main_help = help_of(capsys, *([command] if command else []))
        i18n.set_language("ja")
    assert JAPANESE.search(main_help)  # and Japanese again without --lang


def test_lang_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("KASUHARA_SIM_LANG", "en")
    try:
        with pytest.raises(SystemExit):
            main(["play", "no-such-scenario"])
    finally:
        i18n.set_language("ja")
    err = capsys.readouterr().err
    assert 'Scenario "no-such-scenario" not found' in err, err


def test_a_bad_lang_is_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "fr", "list"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--lang" in err


def test_the_list_in_english(capsys):
    try:
        with pytest.raises(SystemExit):
            main(["--lang", "en", "list"])
    finally:
        i18n.set_language("ja")
    lines = capsys.readouterr().out.splitlines()
    chrome = [line for line in lines if not line.startswith("    ")]  # indented: the scenario's summary (content)
    assert any(line.endswith(" min") for line in chrome)
    assert not [line for line in chrome if JAPANESE.search(line)]


def test_relabel_prefers_the_kind_of_label(english):
    """中断 is "Abandoned" as a status and "Abandon" on a key: the footer asks for a key's."""
    assert i18n.relabel("中断", "key_") == "Abandon"
    i18n.set_language("ja")
    assert i18n.relabel("Abandon", "key_") == "中断"

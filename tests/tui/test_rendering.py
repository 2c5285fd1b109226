"""NO_COLOR, Japanese line breaking, and the start-up import budget of the TUI."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from textual.content import Content

from kasuhara_sim.tui.widgets.anger import AngerChart, gauge, trend
from kasuhara_sim.tui.widgets.jatext import NO_END, NO_START, JaText, wrap

from .conftest import settle

HEX = re.compile(r"#([0-9a-fA-F]{6})\b")
# The screenshot's window frame (the three title-bar buttons and the frame's own text colour), not the app.
FRAME = {"ff5f57", "febc2e", "28c840", "c5c8c6"}


def hues(svg: str) -> set[str]:
    """Colours in a screenshot that are not greys."""
    out = set()
    for h in HEX.findall(svg):
        if h.lower() in FRAME:
            continue
        r, g, b = int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
        if max(r, g, b) - min(r, g, b) > 2:
            out.add(h)
    return out


async def play_screenshot(app) -> str:
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")  # briefing, then the first reply: coloured gauge and feedback
        await settle(pilot)
        return app.export_screenshot()


async def test_no_color_gives_a_colourless_screen(make_app, kettle, monkeypatch):
    coloured = await play_screenshot(make_app(scenario=kettle))
    assert hues(coloured), "the normal screen should use colour (else this test proves nothing)"
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(scenario=kettle)
    plain = await play_screenshot(app)
    assert app.no_color
    assert hues(plain) == set()
    assert "怒り" in plain and "55" in plain  # the anger number still reads without colour


@pytest.mark.parametrize("width", [8, 11, 16, 20, 21, 22, 37, 60])
def test_wrap_obeys_kinsoku_and_width_and_loses_nothing(width):
    text = ("「ご不便をおかけして申し訳ございません。お急ぎのところ、お越しいただきありがとうございます。」"
            "（レシートは？）ちょっと待ってよ…SNSに書くからね！ order A-2041 です。")
    lines = [line.plain for line in wrap(Content(text), width)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for i, line in enumerate(lines):
        assert Content(line).cell_length <= width, (width, line)
        if i > 0:
            assert line[0] not in NO_START, (width, line)
        if i < len(lines) - 1:
            assert line[-1] not in NO_END, (width, line)
    assert not any(line.startswith(" ") or line.endswith(" ") for line in lines)


def test_wrap_keeps_latin_words_whole_and_newlines():
    lines = [line.plain for line in wrap(Content("返品番号は ABC-12345 です\n\n次の行"), 12)]
    assert lines == ["返品番号は", "ABC-12345 で", "す", "", "次の行"]  # not "返品番号は ABC-" / "12345"


def test_jatext_hangs_the_prefix():
    lines = [line.plain for line in JaText("「まだ届かないじゃないか。社長を出せ！」", prefix="佐藤様 ").lines(20)]
    assert lines[0].startswith("佐藤様 「")
    assert all(line.startswith("       ") for line in lines[1:])
    assert len(lines) > 1


def test_gauge_and_trend_use_an_absolute_scale():
    assert gauge(0, 10).plain == "░" * 10
    assert gauge(100, 10).plain == "█" * 10
    assert gauge(55, 10).plain.startswith("█████▌")
    assert trend([70, 72], 10).plain == "▆▆"  # a small change looks small
    assert trend([0, 100], 10).plain == "▁█"
    assert trend(list(range(0, 101, 10)), 3).plain == trend([80, 90, 100], 3).plain  # the latest points


def test_anger_chart_bars_reach_the_value():
    chart = AngerChart([100, 50, 0])
    turns, values, per = chart._layout(40)
    assert (turns, values, per) == ([0, 1, 2], [100, 50, 0], 3)
    assert chart._layout(4 + 20)[2] == 3 and AngerChart(list(range(30)))._layout(24)[1] == list(range(10, 30))


def test_tui_app_module_leaves_the_heavy_core_for_later():
    """First frame budget: importing the app must not import pydantic, the engine, the scorer or PyYAML."""
    code = ("import sys, kasuhara_sim.tui.app; "
            "heavy = [m for m in ('pydantic', 'yaml', 'transitions', 'kasuhara_sim.engine', 'kasuhara_sim.scoring', "
            "'kasuhara_sim.format.model') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_markdown_export_does_not_import_textual():
    code = "import sys, kasuhara_sim.reports.transcript; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

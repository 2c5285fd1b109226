"""The TUI at its edges: odd terminals, a crash, labels the tables do not know, control characters in scenario
text, the IME's full-width digits, Ctrl+Q mid-run, the footer's key range and the turn counter at the end."""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.screens.briefing import BriefingScreen
from kasuhara_sim.tui.screens.dialogs import ConfirmScreen
from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.screens.result import ResultScreen

from .conftest import KETTLE_ID, REPO, settle
from .helpers import screen_text, text
from .pty_helper import run_in_pty
from .test_play import RecordingApp


def child_env(tmp_path, term: str = "xterm-256color") -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8", "TERM": term, "PYTHONPATH": str(REPO), "KASUHARA_SIM_HOME": str(tmp_path / "home")}


# --- terminals and crashes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("term", ["dumb", "unknown"])
@pytest.mark.parametrize("args", [["--trainee", "t"], []], ids=["parsed", "no-argument"])
def test_a_dumb_terminal_is_refused_with_one_line_pointing_at_plain(tmp_path, term, args):
    # Before: the home screen re-laid itself out forever and ignored every key, Ctrl+C included. With no argument
    # the trainer starts without click; its failures must read the same.
    rc, out = run_in_pty([sys.executable, "-m", "kasuhara_sim", *args], child_env(tmp_path, term), timeout=60)
    assert rc == 1, out[-2000:]
    lines = [line for line in out.splitlines() if line.strip()]
    assert lines == [S.Cli.error_prefix + T.dumb_terminal.format(term=term)]
    assert "--plain" in lines[0]


CRASHING = textwrap.dedent("""
    from kasuhara_sim.cli import main
    from kasuhara_sim.tui import app as tui_app
    from kasuhara_sim.tui.screens.home import HomeScreen

    class BrokenHome(HomeScreen):
        def on_mount(self):
            super().on_mount()
            raise RuntimeError("a bug in a screen")

    class CrashingApp(tui_app.KasuharaApp):
        def get_default_screen(self):
            return BrokenHome()

    tui_app.KasuharaApp = CrashingApp
    main(["--trainee", "t"])
""")


def test_a_crash_exits_non_zero_and_says_where_the_log_is(tmp_path):
    rc, out = run_in_pty([sys.executable, "-c", CRASHING], child_env(tmp_path), timeout=90)
    log = tmp_path / "home" / "crash.log"
    assert rc == 1, out[-2000:]
    assert T.crashed + T.crash_log.format(path=log) in out
    assert "RuntimeError: a bug in a screen" in log.read_text(encoding="utf-8")


# --- labels the tables do not know --------------------------------------------------------------------------------
async def test_a_tag_the_label_tables_do_not_know_is_shown_raw(make_app, monkeypatch):
    # A scenario written for a newer library (or a table that lags the format) must not stop the app.
    for table, key in ((S.CATEGORIES, "product_defect"), (S.CATEGORY_DESCRIPTIONS, "product_defect"),
                       (S.LEVELS, "beginner"), (S.LEVEL_DESCRIPTIONS, "beginner"), (S.CHANNELS, "counter"),
                       (S.OUTCOMES, "resolved")):
        monkeypatch.delitem(table, key, raising=False)
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "product_defect" in screen_text(app.screen) or "beginner" in screen_text(app.screen)
        await pilot.press("enter", "1", "1", "1")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert "counter" in str(app.screen.query_one("#scenarios").get_row(KETTLE_ID))


# --- control characters in scenario text --------------------------------------------------------------------------
async def test_control_characters_in_scenario_text_never_reach_the_screen(make_app, kettle):
    sc = kettle.scenario
    evil = "\x1b]0;PWNED\x07\x1b[2J\x1b[31m"
    sc.title = "湯沸かし" + evil + "ポット"
    sc.persona.name = "田中" + evil + "様"
    start = sc.nodes[sc.start]
    start.say_ = evil + start.say  # set on the model: the loader may refuse such text in files
    start.choices[0].text_ = start.choices[0].text + "\x1b]52;c;cHduZWQ=\x07"
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "湯沸かしポット" in drawn and "田中様" in drawn
        assert not any(c in drawn for c in "\x1b\x07"), repr(drawn)
        await pilot.press("1", "1", "1")
        await settle(pilot)
        drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert isinstance(app.screen, ResultScreen) and "湯沸かしポット" in drawn
        assert not any(c in drawn for c in "\x1b\x07"), repr(drawn)


# --- the play screen ---------------------------------------------------------------------------------------------
def answer_keys(app) -> str:
    return next(app.get_key_display(b.binding) for b in app.active_bindings.values() if b.binding.key == "1")


async def test_the_footer_names_the_replies_there_are(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "enter")  # the phone scenario: 3 replies, then 2 after a bare refusal
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert answer_keys(app) == f"1-{app.screen.reply_count}" == "1-3"
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.reply_count == 2 and answer_keys(app) == "1-2"


async def test_the_turn_counter_stays_on_the_last_turn_while_scoring(make_app, kettle, monkeypatch):
    monkeypatch.setattr(PlayScreen, "score", lambda self: None)  # hold the screen at "採点しています…"
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "1", "1")
        await settle(pilot)
        play = app.screen
        assert isinstance(play, PlayScreen) and play.session.run.finished
        assert len(play.session.run.transcript) == 3
        assert text(play.query_one("#play-turn")) == "ターン 3"


@pytest.mark.parametrize("key", ["１", "２", "３"])
async def test_full_width_digits_from_the_ime_choose_too(make_app, kettle, key):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", key)
        await settle(pilot)
        transcript = app.screen.session.run.transcript
        assert [t.pick for t in transcript] == ["１２３".index(key) + 1]


async def test_ctrl_q_mid_run_asks_first_and_records_the_run_as_abandoned(make_app, kettle):
    app = make_app(RecordingApp, scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and app.is_running
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
    assert app.events[-1] == ("abandoned", 1)
    assert not app.is_running


async def test_ctrl_q_outside_a_run_quits_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert not app.is_running


# --- layout before the first resize ------------------------------------------------------------------------------
async def test_a_screen_has_its_terminal_size_classes_from_its_first_frame(make_app, kettle, monkeypatch):
    seen = []
    compose = ResultScreen.compose

    def spy(self):
        seen.append(set(self.classes))
        return compose(self)

    monkeypatch.setattr(ResultScreen, "compose", spy)
    app = make_app(scenario=kettle)
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "1", "2")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
    assert seen and {"-narrow", "-short"} <= seen[0]


# --- the library's toast about broken files ---------------------------------------------------------------------
async def test_the_toast_counts_broken_files_not_errors_and_names_them(make_app, scenario_dir):
    from .conftest import KETTLE

    broken = KETTLE.read_text(encoding="utf-8").replace("next: details", "next: nowhere")
    assert broken.count("next: nowhere") >= 2  # several errors in each file
    for name in ("a-broken.yaml", "b-broken.yaml"):
        (scenario_dir / name).write_text(broken.replace("kettle-initial-defect", name[:-5]), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert len(app.screen.library.problems) > 2
        toasts = [str(n.message) for n in app._notifications]
        assert toasts == [T.home_problems.format(count=2, names="a-broken.yaml、b-broken.yaml",
                                                 folder=str(scenario_dir))]


async def test_replies_are_wrapped_to_one_width_whether_or_not_the_scrollbar_shows(make_app):
    from kasuhara_sim.format.loader import load_scenario
    from kasuhara_sim.tui.widgets.replies import ReplyList

    hotel = load_scenario(REPO / "scenarios" / "hotel-seii-wo-misero.yaml")  # long replies
    app = make_app(scenario=hotel)
    async with app.run_test(size=(100, 21)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        replies = app.screen.query_one(ReplyList)
        assert not replies.show_vertical_scrollbar
        roomy = replies.scrollable_content_region.width
        await pilot.resize_terminal(100, 12)  # now the replies overflow their half of the screen
        await settle(pilot)
        assert replies.show_vertical_scrollbar
        assert replies.scrollable_content_region.width == roomy

"""自由回答 in the TUI: an input where the replies are, Japanese typed in (inserted directly: Pilot.press drops
Japanese punctuation), what was recognised shown in 練習, an unrecognised reply answered kindly with the menu."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from kasuhara_sim.tui.screens.briefing import BriefingScreen
from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.screens.result import ResultScreen
from kasuhara_sim.tui.widgets.conversation import ConversationLog
from kasuhara_sim.tui.widgets.replies import ReplyList

from .conftest import settle
from .helpers import screen_text

pytest.importorskip("sudachipy")

GOOD = ["ご不便をおかけして申し訳ございません。お気持ちはよくわかります。",
        "恐れ入りますが、レシートと本体を拝見してもよろしいでしょうか。",
        "7日以内の初期不良ですので新品と交換いたします。返金はお時間をいただきます。"]


async def type_reply(pilot, words: str) -> None:
    box = pilot.app.screen.query_one("#free-input", Input)
    box.focus()
    box.insert_text_at_cursor(words)  # what an IME commits: the whole string at once
    await pilot.press("enter")
    await settle(pilot)


async def start(app, pilot):
    await settle(pilot)
    await pilot.press("enter")  # the kettle is the first row
    await settle(pilot)
    assert isinstance(app.screen, BriefingScreen)


async def test_a_whole_run_typed_in_practice(make_app):
    app = make_app(free=True)
    async with app.run_test(size=(110, 40)) as pilot:
        await start(app, pilot)
        assert "自由回答" in screen_text(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert isinstance(play, PlayScreen) and isinstance(app.focused, Input)
        assert not play.query_one(ReplyList).display  # no menu to pick from: the trainee says it
        await type_reply(pilot, GOOD[0])
        log = screen_text(play.query_one(ConversationLog))
        assert GOOD[0] in log
        assert "限定的謝罪: 「ご不便をおかけして申し訳ございません」" in log
        assert "「ご不便をおかけして申し訳ございません。お急ぎのところ、お越しいただきありがとうございます。」 として会話が進みます" in log
        assert play.session.run.transcript[0].text == GOOD[0]
        await type_reply(pilot, GOOD[1])
        await type_reply(pilot, GOOD[2])
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        result = screen_text(app.screen)
        assert GOOD[2] in result and "進んだ返答" in result
        report = app.screen.session.report
        assert report.turns[0].text == GOOD[0] and "fact_check" in report.turns[1].steps


async def test_unrecognised_words_are_not_called_wrong_and_the_menu_is_offered(make_app):
    app = make_app(free=True)
    async with app.run_test(size=(110, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        await type_reply(pilot, "えーと……")
        log = screen_text(play.query_one(ConversationLog))
        assert "読み取ることができませんでした" in log and "言い方を変えて" in log
        assert "✗" not in log and not play.session.run.transcript
        assert play.query_one(ReplyList).display  # the menu, offered
        await type_reply(pilot, "１")  # a number (full width, as the IME types it) picks from it
        assert play.session.run.transcript[0].pick == 1 and not play.session.run.transcript[0].free
        assert not play.query_one(ReplyList).display  # the next turn: typed again


async def test_f_on_the_briefing_toggles_free_answers_and_test_mode_explains_nothing(make_app):
    app = make_app(mode="test")
    async with app.run_test(size=(110, 40)) as pilot:
        await start(app, pilot)
        assert not app.free
        await pilot.press("f")
        assert app.free and "自由回答" in screen_text(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        await type_reply(pilot, GOOD[0])
        log = screen_text(play.query_one(ConversationLog))
        assert GOOD[0] in log and "として会話が進みます" not in log and "限定的謝罪" not in log
        assert play.session.free and play.session.run.transcript[0].free


async def first_reply_typed(make_app, words: str) -> tuple[str, int]:
    """The conversation after ``words`` are typed as the first reply of the kettle in 練習, and the turns taken."""
    app = make_app(free=True)
    async with app.run_test(size=(110, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await type_reply(pilot, words)
        return screen_text(app.screen.query_one(ConversationLog)), len(app.screen.session.run.transcript)


async def test_keigo_advice_follows_a_typed_reply_in_practice(make_app):
    log, _ = await first_reply_typed(make_app, "ご不便をおかけして申し訳ございません。了解しました。")
    assert "言葉づかい: 「了解しました」→ お客様には「承知いたしました」" in log


async def test_a_keigo_slip_is_flagged_even_when_no_step_is_recognised(make_app):
    log, turns = await first_reply_typed(make_app, "了解しました。")
    assert "読み取ることができませんでした" in log and "言葉づかい: 「了解しました」→" in log
    assert turns == 0  # still the first turn: nothing was taken

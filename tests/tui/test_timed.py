"""Timed mode in the TUI: the app's clock (injected) passes the scenario's seconds and the play screen's timer tick
makes the customer press. A discreet countdown in 練習 only; in 本番 nothing but the customer pressing."""

from __future__ import annotations

from kasuhara_sim.format.model import DEFAULT_PRESS, DEFAULT_WAIT_SECONDS
from kasuhara_sim.store import Store
from kasuhara_sim.tui.screens.briefing import BriefingScreen
from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.screens.result import ResultScreen
from kasuhara_sim.tui.widgets.conversation import ConversationLog

from .conftest import settle
from .helpers import screen_text, text


async def _play(app, pilot) -> PlayScreen:
    await settle(pilot)
    await pilot.press("enter")  # the kettle is the first row
    await settle(pilot)
    assert isinstance(app.screen, BriefingScreen)
    assert "時間制限あり" in screen_text(app.screen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, PlayScreen)
    return app.screen


async def test_practice_counts_down_and_the_customer_presses(make_app, clock):
    app = make_app(timed=True, trainee="山田")
    async with app.run_test(size=(110, 40)) as pilot:
        play = await _play(app, pilot)
        run = play.session.run
        assert run.timed == DEFAULT_WAIT_SECONDS
        wait = play.query_one("#play-wait")
        assert wait.display and f"返答まで {DEFAULT_WAIT_SECONDS} 秒" in text(wait)
        clock.advance(DEFAULT_WAIT_SECONDS - 5)
        play.tick()
        assert "返答まで 5 秒" in text(wait) and run.anger == 70
        clock.advance(5)
        play.tick()
        await pilot.pause()
        assert DEFAULT_PRESS[0] in screen_text(play.query_one(ConversationLog))
        assert run.anger == 80 and f"返答まで {DEFAULT_WAIT_SECONDS} 秒" in text(wait)  # the wait starts again
        await pilot.press("1")
        await settle(pilot)
        assert run.transcript[0].pressed[0]["line"] == DEFAULT_PRESS[0]
        assert run.transcript[0].anger_before == 80
        clock.advance(DEFAULT_WAIT_SECONDS - 1)  # answered in time: no press at the second turn
        play.tick()
        await pilot.press("1")
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert f"時間制限: あり(返答まで {DEFAULT_WAIT_SECONDS} 秒) · 催促 1 回" in screen_text(app.screen)
        assert run.transcript[1].pressed == []
    with Store.open() as store:
        stored = store.history()[0]
        record = store.run(stored.id)
    assert record.timed == DEFAULT_WAIT_SECONDS and record.turns[0].pressed[0]["anger_after"] == 80


async def test_test_mode_shows_no_countdown(make_app, clock):
    app = make_app(timed=True, mode="test")
    async with app.run_test(size=(110, 40)) as pilot:
        play = await _play(app, pilot)
        assert not play.query_one("#play-wait").display
        clock.advance(DEFAULT_WAIT_SECONDS)
        play.tick()
        await pilot.pause()
        assert DEFAULT_PRESS[0] in screen_text(play.query_one(ConversationLog))
        assert "返答まで" not in screen_text(play)


async def test_untimed_runs_never_press(make_app, clock):
    app = make_app()
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        play = app.screen
        clock.advance(600)
        play.tick()
        await pilot.pause()
        assert play.session.run.timed is None and play.session.run.anger == 70
        assert DEFAULT_PRESS[0] not in screen_text(play.query_one(ConversationLog))

"""Seeded runs on screen (format revision 2): the seed shuffles the replies and picks the lines; the same seed shows
the same run; 本番 gives nothing away; reactions and the ending are shown."""

from __future__ import annotations

from pathlib import Path

from kasuhara_sim.engine import Run
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.tui.screens.briefing import BriefingScreen
from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.screens.result import ResultScreen
from kasuhara_sim.tui.widgets.conversation import ConversationLog
from kasuhara_sim.tui.widgets.replies import ReplyList

from .conftest import settle
from .helpers import option_texts, screen_text

SALON = Path(__file__).resolve().parents[1] / "data" / "salon-colour.yaml"


async def _opening(make_app, seed, shuffle=True):
    """(customer's first line, replies as shown) on the play screen of a fresh app."""
    app = make_app(scenario=load_scenario(SALON), seed=seed, shuffle=shuffle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.run.seed == seed
        log = screen_text(app.screen.query_one(ConversationLog))
        return log, option_texts(app.screen.query_one(ReplyList))


async def test_the_same_seed_shows_the_same_run_and_the_engine_agrees(make_app):
    first = await _opening(make_app, 42)
    again = await _opening(make_app, 42)
    assert first == again
    run = Run(load_scenario(SALON).scenario, seed=42)
    assert run.say in first[0]
    for vc, shown in zip(run.visible_choices(), first[1]):
        assert vc.text in shown


async def test_different_seeds_show_different_orders_or_lines(make_app):
    seen = set()
    for seed in (1, 2, 3, 4, 5, 6):
        log, replies = await _opening(make_app, seed)
        seen.add((log, tuple(replies)))
    assert len(seen) > 1


async def test_without_a_seed_every_run_gets_its_own(make_app):
    app = make_app(scenario=load_scenario(SALON), shuffle=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen.session.run.seed, int)


async def test_test_mode_shows_no_gauge_objectives_or_category(make_app):
    app = make_app(scenario=load_scenario(SALON), mode="test")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        brief = app.screen
        assert isinstance(brief, BriefingScreen)
        shown = screen_text(brief)
        assert "担当者を差し出さず、店として応じる" not in shown  # an objective
        assert "非の有無" not in shown  # the category (unclear_fault)
        assert "森様" in shown and "美容室の店長" in shown  # the role and the customer are there
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert not play.query_one("#gauge").display and not play.query_one("#trend").display
        assert not play.query_one("#play-anger").display
        await pilot.press("2", "2", "1")  # argue, hand over the carer's number, then the offer
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ResultScreen)
        text = screen_text(result)
        assert "非の有無" in text  # the category comes with the result
        assert "じゃあ、夕方にまた来るわ。" in text and "お直しの予約を入れて帰った" in text
        assert "解決はしたが、従業員を差し出した" in text  # the debrief for this path


async def test_practice_shows_the_reaction_to_the_reply_and_the_gauge(make_app):
    app = make_app(scenario=load_scenario(SALON))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert play.query_one("#gauge").display
        await pilot.press("2")
        await settle(pilot)
        log = screen_text(play.query_one(ConversationLog))
        assert "森様 「確認？あの見本と全然違うから言ってるの！」" in log
        assert log.index("確認？あの見本") < log.index("担当の子、誰なの")  # before the next node's line

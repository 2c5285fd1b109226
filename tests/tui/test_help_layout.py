"""`?` on every screen, and the layout at 80×24, 60×18 and while resizing: nothing overlaps, nothing crashes."""

from __future__ import annotations

import pytest
from textual.widgets import Footer

from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.screens.dialogs import HelpScreen

from .conftest import settle
from .helpers import text


async def open_each_screen(pilot):
    """Yield (name, screen) for home, briefing, play, result and quiz, driving the app there by keyboard."""
    await settle(pilot)
    yield "home", pilot.app.screen
    await pilot.press("enter")
    await settle(pilot)
    yield "briefing", pilot.app.screen
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    yield "play", pilot.app.screen
    await pilot.press("1", "1")
    await settle(pilot)
    yield "result", pilot.app.screen
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("q")
    await settle(pilot)
    yield "quiz", pilot.app.screen


HELP = {"home": T.help_home, "briefing": T.help_briefing, "play": T.help_play, "result": T.help_result,
        "quiz": T.help_quiz}


async def test_question_mark_shows_the_keys_of_every_screen(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        async for name, screen in open_each_screen(pilot):
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen), name
            shown = text(app.screen.query_one("#help-keys"))
            for key, description in HELP[name] + T.help_common:
                assert key in shown and description in shown, (name, key)
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen


async def test_f1_opens_help_even_in_the_search_box(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


def visible_regions(screen):
    """Regions of the widgets on screen that are laid out side by side or stacked (not nested)."""
    ids = {
        "HomeScreen": ["#topbar", "#filters", "#scenarios", "#statusbar", "Footer"],
        "BriefingScreen": ["#topbar", "#briefing", "#brief-start", "Footer"],
        "PlayScreen": ["#playbar", "#log", "#side", "#replies", "Footer"],
        "ResultScreen": ["#topbar", "#result", "Footer"],
        "QuizScreen": ["#topbar", "#quiz-body", "Footer"],
    }[type(screen).__name__]
    out = {}
    for selector in ids:
        widget = screen.query_one(selector)
        if widget.display and widget.region.area:
            out[selector] = widget.region
    return out


@pytest.mark.parametrize("size", [(80, 24), (60, 18)])
async def test_no_overlap_and_everything_inside_the_terminal(make_app, size):
    app = make_app()
    width, height = size
    async with app.run_test(size=size) as pilot:
        async for name, screen in open_each_screen(pilot):
            regions = visible_regions(screen)
            assert "Footer" in regions and regions["Footer"].bottom == height, name
            items = list(regions.items())
            for i, (a, ra) in enumerate(items):
                assert ra.right <= width and ra.bottom <= height, (name, a, ra)
                for b, rb in items[i + 1:]:
                    assert not ra.overlaps(rb), (name, a, ra, b, rb)
            if name == "home":
                for selector in ("#category", "#level", "#search"):  # the filters are usable, not squeezed
                    region = screen.query_one(selector).region
                    assert region.height == 3 and region.width >= 14, (selector, region)
            if name == "play":
                assert regions["#log"].height >= 3, regions  # the conversation keeps some room
                assert ("#side" in regions) == (width >= 72)
                anger = screen.query_one("#play-anger")
                assert anger.display == (width < 72) and "怒り" in text(anger)


async def test_resizing_rearranges_play_and_result(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert play.has_class("-wide") and play.query_one("#side").display
        await pilot.resize_terminal(60, 18)
        await settle(pilot)
        assert play.has_class("-narrow") and play.has_class("-short")
        assert not visible_regions(play).get("#side")
        await pilot.press("h")
        await settle(pilot)
        assert play.query_one("#hint-inline").display and not play.query_one("#hint").display
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert play.query_one("#hint").display and not play.query_one("#hint-inline").display
        await pilot.press("1", "1", "1")
        await settle(pilot)
        result = app.screen
        panels = result.query_one("#dims-panel").region, result.query_one("#curve-panel").region
        assert panels[0].y == panels[1].y  # side by side
        await pilot.resize_terminal(60, 18)
        await settle(pilot)
        panels = result.query_one("#dims-panel").region, result.query_one("#curve-panel").region
        assert panels[1].y > panels[0].y  # stacked


async def test_home_columns_follow_the_width(make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios")
        assert len(table.columns) == 6
        await pilot.resize_terminal(60, 18)
        await settle(pilot)
        assert [str(c.label) for c in table.columns.values()] == ["タイトル", "分類", "レベル", "最高"]
        assert table.row_count == 2
        assert not app.screen.query_one(Footer).region.overlaps(table.region)

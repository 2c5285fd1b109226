"""What the play screen redraws: in a served tab every refresh costs the server CPU (30 tabs share 2 cores), so an
answer or the clock's tick redraws only what changed, and lays the screen out again only when a size changed."""

from __future__ import annotations

from textual.widget import Widget

from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.widgets import jatext
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.widgets.jatext import JaText

from .conftest import settle
from .helpers import text


def spy_refresh(monkeypatch) -> list[tuple[str | None, bool]]:
    calls: list[tuple[str | None, bool]] = []
    original = Widget.refresh

    def refresh(self, *regions, **kwargs):
        calls.append((self.id, kwargs.get("layout", False)))
        return original(self, *regions, **kwargs)

    monkeypatch.setattr(Widget, "refresh", refresh)
    return calls


async def open_play(make_app, kettle, pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlayScreen)
    return pilot.app.screen


async def test_the_clock_tick_redraws_the_clock_alone_and_only_when_it_changes(make_app, kettle, clock, monkeypatch):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        play = await open_play(make_app, kettle, pilot)
        calls = spy_refresh(monkeypatch)
        play.tick()  # the same second
        assert calls == []
        clock.advance(1)
        play.tick()
        assert calls == [("play-clock", False)]  # no layout: 00:00 and 00:01 are as wide
        assert text(play.query_one("#play-clock")) == "00:01"
        calls.clear()
        clock.advance(3600)
        play.tick()
        assert calls == [("play-clock", True)]  # 1:00:01 is wider: the bar is laid out again
        assert text(play.query_one("#play-clock")) == "1:00:01"


async def test_nothing_is_redrawn_when_the_state_did_not_change(make_app, kettle, monkeypatch):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        play = await open_play(make_app, kettle, pilot)
        calls = spy_refresh(monkeypatch)
        play.update_state()
        assert calls == []


async def test_the_footer_is_rebuilt_only_when_the_number_of_replies_changes(make_app, kettle, monkeypatch):
    rebuilt = []
    original = KeysFooter.recompose

    async def recompose(self):
        screen = self.screen if self.is_attached else None
        if isinstance(screen, PlayScreen) and not screen.session.run.finished:  # at the ending the keys do change
            rebuilt.append(screen.reply_count)
        return await original(self)

    monkeypatch.setattr(KeysFooter, "recompose", recompose)
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        play = await open_play(make_app, kettle, pilot)
        counts = [play.reply_count]
        rebuilt.clear()
        while not play.session.run.finished:
            await pilot.press("1")
            await settle(pilot)
            if not play.session.run.finished:
                counts.append(play.reply_count)
                footer = " ".join(str(k.key_display) for k in play.query("FooterKey"))
                assert f"1-{play.reply_count}" in footer  # the range shown is still the right one
        changes = [b for a, b in zip(counts, counts[1:]) if a != b]
        assert len(changes) < len(counts) - 1  # the kettle has a turn with as many replies as the one before
        assert rebuilt == changes


def test_wrapped_lines_are_kept_per_text_however_many_texts_are_on_screen(monkeypatch):
    wrapped = []
    original = jatext.wrap

    def wrap(content, width):
        wrapped.append(content.plain)
        return original(content, width)

    monkeypatch.setattr(jatext, "wrap", wrap)
    texts = [JaText(f"お客様のお話 {i} をうかがいます。") for i in range(12)]
    for _ in range(3):  # as every layout asks every entry of the conversation for its height
        for t in texts:
            t.lines(40)
    assert len(wrapped) == 12
    texts[0].lines(20)  # another width (a resize) is wrapped anew
    assert len(wrapped) == 13


async def test_the_screens_of_a_run_do_not_parse_the_stylesheet_again(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)  # the library is on screen: the screens' CSS has been read meanwhile
        reparsed = []
        original = app.stylesheet.reparse
        monkeypatch.setattr(app.stylesheet, "reparse", lambda: (reparsed.append(type(app.screen).__name__),
                                                                original())[1])
        await pilot.press("enter")  # the briefing
        await settle(pilot)
        await pilot.press("enter")  # play
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        while not app.screen.session.run.finished:
            await pilot.press("1")
            await settle(pilot)
        await settle(pilot)
        assert type(app.screen).__name__ == "ResultScreen"
        assert reparsed == []

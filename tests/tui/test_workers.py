"""Background work that fails does not close the app with a traceback: the trainee is told in one line where the
details were written, and the screen stays usable. The library is read once per app."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from kasuhara_sim import strings as S
from kasuhara_sim.tui.screens.home import HomeScreen
from kasuhara_sim.tui.screens.play import PlayScreen

from .conftest import settle

T = S.Tui


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_library_that_fails_to_load_is_reported_and_the_app_stays(make_app, monkeypatch, tmp_path):
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KASUHARA_SIM_NO_CACHE", "1")  # no listing of a last start: the table waits for the library

    def broken(*args, **kwargs):
        raise RuntimeError("a bug while reading the library")

    monkeypatch.setattr("kasuhara_sim.format.library.load_library", broken)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert any(T.worker_failed in n and "crash.log" in n for n in notices(app)), notices(app)
        assert T.worker_failed in str(app.screen.query_one("#summary", Static).render())
    log = (tmp_path / "home" / "crash.log").read_text(encoding="utf-8")
    assert "a bug while reading the library" in log
    assert app.return_code in (0, None)


@pytest.mark.usefixtures("kettle")
async def test_a_typed_reply_that_cannot_be_read_is_reported_and_the_box_comes_back(make_app, monkeypatch, kettle,
                                                                                   tmp_path):
    pytest.importorskip("sudachipy")
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(tmp_path / "home"))

    class Broken:
        def recognise(self, text):
            raise RuntimeError("a bug in the recogniser")

    monkeypatch.setattr("kasuhara_sim.understand.recognise.default_recogniser", lambda: Broken())
    app = make_app(scenario=kettle, free=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        box = app.screen.query_one("#free-input", Input)
        box.insert_text_at_cursor("申し訳ございません。")
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PlayScreen)
        assert any(T.worker_failed in n for n in notices(app))
        assert not box.disabled and app.focused is box and not app.screen.session.run.transcript


async def test_the_progress_screen_uses_the_library_the_home_screen_read(make_app, monkeypatch):
    import kasuhara_sim.format.library as library

    calls = []
    original = library.load_library
    monkeypatch.setattr(library, "load_library", lambda *a, **k: calls.append(a) or original(*a, **k))
    app = make_app(trainee="山田")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(calls) == 1 and app.library is not None
        await pilot.press("p")
        await settle(pilot)
        assert len(calls) == 1  # not read again
        assert app.screen.library is app.library

"""Saving the transcript as Markdown from the result screen: where it goes, telling the trainee, never clobbering."""

from __future__ import annotations

from textual.widgets import Input

from kasuhara_sim.tui.screens.result import ResultScreen
from kasuhara_sim.tui.screens.save import SaveScreen

from .conftest import settle
from .helpers import text

DEFAULT_NAME = "kasuhara-kettle-initial-defect-20250401-093000.md"


async def play_to_result(pilot) -> ResultScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("1", "1", "1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ResultScreen)
    return pilot.app.screen


async def test_s_then_enter_saves_in_the_current_folder_and_says_where(make_app, kettle, out_dir, clock):
    app = make_app(scenario=kettle, trainee="山田 花子")
    async with app.run_test(size=(100, 32)) as pilot:
        result = await play_to_result(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SaveScreen)
        assert app.screen.query_one(Input).value == DEFAULT_NAME
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is result
        path = out_dir / DEFAULT_NAME
        assert path.is_file()
        assert str(path) in text(result.query_one("#saved")) and result.query_one("#saved").display
        md = path.read_text(encoding="utf-8")
        assert md.startswith("# 初期不良の電気ケトルで激怒するお客様\n")
        assert "- **受講者**: 山田 花子" in md and "- **総合**: 100 点(S)" in md
        assert "**あなた** 「恐れ入りますが、レシートと本体を拝見してもよろしいでしょうか。」" in md


async def test_a_chosen_path_folder_or_file(make_app, kettle, tmp_path):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await play_to_result(pilot)
        folder = tmp_path / "records"
        folder.mkdir()
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(folder)  # a folder: the default name inside it
        await pilot.press("enter")
        await settle(pilot)
        assert (folder / DEFAULT_NAME).is_file()
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(folder / "田中様の件")  # ".md" is added
        await pilot.press("enter")
        await settle(pilot)
        assert (folder / "田中様の件.md").is_file()


async def test_existing_file_needs_a_second_enter_and_a_missing_folder_is_an_error(make_app, kettle, out_dir):
    (out_dir / DEFAULT_NAME).write_text("keep me", encoding="utf-8")
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await play_to_result(pilot)
        await pilot.press("s")
        await settle(pilot)
        save = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is save
        assert "上書き" in text(save.query_one("#save-message"))
        assert (out_dir / DEFAULT_NAME).read_text(encoding="utf-8") == "keep me"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert (out_dir / DEFAULT_NAME).read_text(encoding="utf-8").startswith("# 初期不良")

        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(out_dir / "no" / "such" / "x.md")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SaveScreen)
        assert "フォルダがありません" in text(app.screen.query_one("#save-message"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        assert not (out_dir / "no").exists()

"""The results database inside the TUI (Pilot): every run recorded as it is played, the name asked once and
remembered, the library's best score and attempts, and the progress screen."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from textual.widgets import DataTable, Input, Static

from kasuhara_sim.store import DB_NAME, Store
from kasuhara_sim.tui.app import KasuharaApp

from .conftest import KETTLE, play, scenario_file

FIXED_NOW = datetime(2025, 4, 1, 9, 30, 0)


@pytest.fixture(autouse=True)
def private_library(monkeypatch, tmp_path):
    """Only our scenarios: the built-in library grows while it is being written."""
    from kasuhara_sim.format import library

    empty = tmp_path / "builtin"
    empty.mkdir()
    monkeypatch.setattr(library, "builtin_dir", lambda: empty)
    monkeypatch.delenv("KASUHARA_SIM_SCENARIOS", raising=False)


@pytest.fixture
def scenario_dir(tmp_path):
    d = tmp_path / "scenarios"
    d.mkdir()
    shutil.copy(KETTLE, d / "kettle.yaml")
    scenario_file(d, "b-firm-test", level="intermediate", title="二つ目のシナリオ",
                  expects=["empathy", "fact_check", "can_cant", "limited_apology", "firm_response"])
    return d


@pytest.fixture
def make_app(scenario_dir, tmp_path):
    def make(**kwargs):
        kwargs.setdefault("scenario_dirs", (str(scenario_dir),))
        kwargs.setdefault("shuffle", False)
        return KasuharaApp(now=lambda: FIXED_NOW, save_dir=tmp_path, **kwargs)

    return make


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        pilot.app.results.flush()  # the results are written on their own thread
    await pilot.pause()


def statics(screen) -> str:
    return "\n".join(str(s.content) for s in screen.query(Static) if s.display)


async def test_a_run_played_in_the_tui_is_recorded_turn_by_turn(make_app, kettle, home):
    app = make_app(trainee="山田 花子", scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # briefing -> play
        await settle(pilot)
        await pilot.press("1")
        await pilot.press("2")
        await settle(pilot)
        with Store.open(readonly=True) as store:  # another process sees each turn as soon as it is chosen
            [r] = store.history(details=True)
            assert (r.status, r.trainee, r.turn_count) == ("in_progress", "山田 花子", 2)
            assert [t.pick for t in r.turns] == [1, 2]
        await pilot.press("2")
        await pilot.press("1")
        await settle(pilot)
    with Store.open(readonly=True) as store:
        [r] = store.history(details=True)
    assert (r.status, r.total, r.grade, r.outcome, r.mode) == ("finished", 65, "C", "resolved", "practice")
    assert [t.pick for t in r.turns] == [1, 2, 2, 1]
    assert r.started_at == "2025-04-01T" + FIXED_NOW.astimezone().astimezone(
        __import__("datetime").timezone.utc).strftime("%H:%M:%S") + ".000Z"
    assert r.turns[1].better_text is not None


async def test_an_abandoned_run_is_recorded(make_app, kettle):
    app = make_app(trainee="佐藤", scenario=kettle, mode="test")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with Store.open(readonly=True) as store:
        [r] = store.history(details=True)
    assert (r.status, r.mode, r.turn_count, r.outcome) == ("abandoned", "test", 1, None)
    assert r.scores["empathy"] == 100  # the partial score is kept


async def test_without_a_name_nothing_is_recorded(make_app, kettle, home):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in "111":
            await pilot.press(key)
        await settle(pilot)
    with Store.open(readonly=True) as store:
        assert store.history() == []


async def test_the_name_is_asked_once_and_remembered(make_app):
    from kasuhara_sim.tui.screens.trainee import TraineeScreen

    app = make_app(ask_trainee=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TraineeScreen)
        field = app.screen.query_one(Input)
        field.value = "   "
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TraineeScreen)  # an empty name is explained, not accepted
        assert "受講者の名前" in str(app.screen.query_one("#trainee-error", Static).content)
        field.value = "鈴木\u3000一郎"  # typed with a full-width space
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, TraineeScreen)
        assert app.trainee == "鈴木 一郎"
        assert "受講者: 鈴木 一郎" in statics(app.screen)  # the library's top bar follows
    with Store.open(readonly=True) as store:
        assert store.remembered_trainee() == "鈴木 一郎"
    again = make_app(ask_trainee=True)
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert not isinstance(again.screen, TraineeScreen)
        assert again.trainee == "鈴木 一郎"


async def test_declining_the_name_plays_unrecorded(make_app):
    from kasuhara_sim.tui.screens.trainee import TraineeScreen

    app = make_app(ask_trainee=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TraineeScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.trainee is None
        assert any("記録されません" in str(n.message) for n in app._notifications)
    with Store.open(readonly=True) as store:
        assert store.remembered_trainee() is None


async def test_a_broken_database_is_reported_and_play_goes_on(make_app, kettle, home):
    home.mkdir()
    (home / DB_NAME).write_bytes(b"this is not SQLite" * 200)
    before = (home / DB_NAME).read_bytes()
    app = make_app(trainee="山田", scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in "111":
            await pilot.press(key)
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert sum("成績を保存できません" in m for m in messages) == 1  # told once, not at every turn
        assert "結果" in statics(app.screen) or app.screen.__class__.__name__ == "ResultScreen"
    assert (home / DB_NAME).read_bytes() == before


def seed(kettle, scenario_dir):
    from kasuhara_sim.format.loader import load_scenario

    firm = load_scenario(scenario_dir / "b-firm-test.yaml")
    times = [f"2025-03-0{d}T01:00:00.000Z" for d in range(1, 6)]
    with Store.open() as store:
        play(store, "山田 花子", kettle, [3, 1, 1], times=[times[0]])  # 40: empathy 0
        play(store, "山田 花子", kettle, [1, 2, 2, 1], times=[times[1]])  # 90
        play(store, "山田 花子", kettle, [1], times=[times[2]])  # abandoned
        play(store, "山田 花子", firm, [1, 1, 1], times=[times[3]])  # 80: firm_response 0
        play(store, "別の人", kettle, [1, 1, 1], times=[times[4]])


async def test_the_home_table_shows_the_stored_best_score(make_app, kettle, scenario_dir):
    seed(kettle, scenario_dir)
    app = make_app(trainee="山田 花子")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        best = app.best_results()
        assert (best["kettle-initial-defect"].total, best["kettle-initial-defect"].grade,
                best["kettle-initial-defect"].attempts) == (65, "C", 2)  # the abandoned run is not counted
        assert (best["b-firm-test"].total, best["b-firm-test"].attempts) == (80, 1)
        table = app.screen.query_one("#scenarios", DataTable)
        assert [str(c.label) for c in table.columns.values()][-2:] == ["最高", "回数"]
        assert [str(c) for c in table.get_row("kettle-initial-defect")][-2:] == ["65 C", "2"]
        assert [str(c) for c in table.get_row("b-firm-test")][-2:] == ["80 A", "1"]
        assert "進捗 2 / 2 (100%)" in statics(app.screen)


async def test_the_database_is_opened_behind_the_first_frame_then_the_scores_fill_in(make_app, kettle, scenario_dir,
                                                                                        monkeypatch):
    """SQLite and the store's modules are not waited for on the UI thread before the library is on screen: the rows
    come first, the progress line (which counts the stored results) with the scores."""
    import threading

    from kasuhara_sim.tui.results import ResultsKeeper

    seed(kettle, scenario_dir)
    opening = threading.Event()
    real = ResultsKeeper.store

    def slow(self):
        if self._store is None and self.problem is None:  # opening it
            if threading.current_thread() is threading.main_thread():
                raise AssertionError("the database was opened on the UI thread")
            opening.wait(30)
        return real.fget(self)

    monkeypatch.setattr(ResultsKeeper, "store", property(slow))
    app = make_app(trainee="山田 花子")
    async with app.run_test(size=(120, 32)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.screen.query_one("#scenarios", DataTable).row_count:
                break
        table = app.screen.query_one("#scenarios", DataTable)
        assert [str(c) for c in table.get_row("kettle-initial-defect")][-1] == "—"  # no score yet, no wrong one
        assert "進捗" not in statics(app.screen)
        opening.set()
        await settle(pilot)
        assert [str(c) for c in table.get_row("kettle-initial-defect")][-2:] == ["65 C", "2"]
        assert "進捗 2 / 2 (100%)" in statics(app.screen)


async def test_attempts_count_the_runs_played_to_an_ending(make_app, kettle):
    with Store.open() as store:
        play(store, "山田", kettle, [1])  # abandoned
        play(store, "山田", kettle, [1, 1], finish=False)  # killed mid-run
    app = make_app(trainee="山田")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios", DataTable)
        assert "回数" not in [str(c.label) for c in table.columns.values()]  # nothing played through yet
        assert "進捗 0 / 2 (0%)" in statics(app.screen)  # tried is not done
    with Store.open() as store:
        play(store, "山田", kettle, [1, 1, 1])
        play(store, "山田", kettle, [1])  # abandoned again
    app = make_app(trainee="山田")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios", DataTable)
        assert [str(c) for c in table.get_row("kettle-initial-defect")][-2:] == ["100 S", "1"]


async def test_a_run_killed_mid_way_is_marked_abandoned_when_the_trainee_next_starts(make_app, kettle):
    with Store.open() as store:
        killed = play(store, "山田", kettle, [1, 1], finish=False)  # the process died: still in_progress
        other = play(store, "別の人", kettle, [1], finish=False)
    app = make_app(trainee="山田")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")  # library -> briefing -> a new run
        await settle(pilot)
        with Store.open() as store:
            assert store.run(killed).status == "abandoned"
            assert store.run(other).status == "in_progress"  # someone else's run is theirs to close
            assert [r.status for r in store.history("山田")].count("in_progress") == 1  # the new run only


async def test_no_attempts_column_before_anything_is_recorded(make_app):
    app = make_app(trainee="新人")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#scenarios", DataTable)
        assert "回数" not in [str(c.label) for c in table.columns.values()]


async def test_the_library_follows_a_new_run_and_p_opens_progress(make_app):
    from kasuhara_sim.tui.screens.progress import ProgressScreen

    app = make_app(trainee="山田")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # kettle is the first row
        await settle(pilot)
        await pilot.press("enter")  # briefing -> play
        await settle(pilot)
        for key in "111":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("enter")  # result -> library
        await settle(pilot)
        table = app.screen.query_one("#scenarios", DataTable)
        assert [str(c) for c in table.get_row("kettle-initial-defect")][-2:] == ["100 S", "1"]
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "完了 1 回" in statics(app.screen)
        assert "いま伸ばしたい観点はありません" in statics(app.screen)  # a perfect run: nothing to name


async def test_the_progress_screen(make_app, kettle, scenario_dir):
    from kasuhara_sim.tui.screens.briefing import BriefingScreen
    from kasuhara_sim.tui.screens.progress import ProgressScreen
    from kasuhara_sim.tui.widgets.trend import TrendChart

    seed(kettle, scenario_dir)
    app = make_app(trainee="山田 花子")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_progress()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        text = statics(screen)
        assert "山田 花子 さんの成績" in text
        assert "挑戦 2 / 2 本 ・ 完了 3 回 ・ 80 点以上 1 本" in text
        # recent means: empathy (0,100,100) 66.7 ... firm_response (0) -> the weakest
        assert "いちばん伸ばしたい観点: 毅然とした対応(最近の平均 0 点)" in text
        assert "次のおすすめ:" in text
        chart = screen.query_one(TrendChart)
        assert chart.trends["empathy"] == [0, 100, 100] and chart.trends["firm_response"] == [0]
        drawn = str(chart.render())
        assert "心情理解" in drawn and "█" in drawn and "最新 100 ・ 平均 67(3 回)" in drawn
        table = screen.query_one("#progress-history", DataTable)
        assert table.row_count == 4  # this trainee's runs only, the abandoned one included
        assert [str(c) for c in table.get_row_at(0)][1] == "二つ目のシナリオ"  # newest first
        assert "中断" in [str(c) for c in table.get_row_at(1)]
        await pilot.press("enter")  # open the suggested scenario
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)


async def test_the_progress_screen_names_a_dimension_whose_mean_is_below_a_after_recent_full_marks(make_app, kettle):
    from kasuhara_sim.tui.screens.progress import ProgressScreen

    with Store.open() as store:
        for i, picks in enumerate([[3, 1, 1]] * 3 + [[1, 1, 1]] * 5):  # empathy 0, 0, 0, then 100 five times
            play(store, "山田", kettle, picks, times=[f"2025-03-0{i + 1}T01:00:00.000Z"])
    app = make_app(trainee="山田")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_progress()
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        text = statics(app.screen)
        assert "いま伸ばしたい観点はありません" not in text
        assert "いちばん伸ばしたい観点: 心情理解(通算の平均 62 点。最近はすべて 100 点です)" in text
        assert "平均 62(8 回)" in str(app.screen.query_one("#progress-chart").render())  # the same mean as shown


async def test_the_progress_screen_for_a_new_trainee(make_app):
    from kasuhara_sim.tui.screens.progress import ProgressScreen

    app = make_app(trainee="新人")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_progress()
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        text = statics(app.screen)
        assert "記録はまだありません" in text and "まずは新人向け" in text
        assert "まだ完了した演習がありません" in str(app.screen.query_one("#progress-chart").render())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProgressScreen)


async def test_renaming_from_the_progress_screen(make_app, kettle, scenario_dir):
    from kasuhara_sim.tui.screens.progress import ProgressScreen
    from kasuhara_sim.tui.screens.trainee import TraineeScreen

    seed(kettle, scenario_dir)
    app = make_app(trainee="別の人")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.open_progress()
        await settle(pilot)
        assert "別の人 さんの成績" in statics(app.screen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TraineeScreen)
        app.screen.query_one(Input).value = "山田 花子"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert "山田 花子 さんの成績" in statics(app.screen)
        assert app.screen.query_one("#progress-history", DataTable).row_count == 4


@pytest.fixture
def quiz_dir(scenario_dir):
    import yaml

    from .test_plain import QUIZ

    (scenario_dir / "quiz").mkdir()
    (scenario_dir / "quiz" / "bank.yaml").write_text(yaml.safe_dump(QUIZ, allow_unicode=True), encoding="utf-8")
    return scenario_dir


async def test_quiz_answers_are_recorded_from_the_tui(make_app, quiz_dir):
    app = make_app(trainee="山田", quiz=True, quiz_count=2, quiz_seed=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.press("enter")
        await pilot.press("x")
        await pilot.press("enter")  # the score
        await settle(pilot)
        await pilot.press("r")  # another round, left after one answer
        await settle(pilot)
        await pilot.press("o")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    with Store.open(readonly=True) as store:
        second, first = store.quizzes("山田")
    assert (first.status, first.planned, first.seed, len(first.answers)) == ("finished", 2, 3, 2)
    assert [a.given for a in first.answers] == [True, False]
    assert first.correct == sum(a.given == a.answer for a in first.answers)
    assert (second.status, second.seed, len(second.answers)) == ("abandoned", 4, 1)


async def test_a_quiz_without_a_name_or_answers_is_not_recorded(make_app, quiz_dir):
    app = make_app(quiz=True, quiz_count=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.press("enter")
        await pilot.press("o")
        await pilot.press("enter")
        await settle(pilot)
    named = make_app(trainee="山田", quiz=True, quiz_count=2)
    async with named.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # left before any answer
        await settle(pilot)
    with Store.open(readonly=True) as store:
        assert store.quizzes() == []


async def test_the_finish_is_stored_before_the_better_replies_are_searched(make_app, kettle, monkeypatch):
    """Quitting while the result screen searches for better replies must not leave a played run unfinished."""
    import threading

    from kasuhara_sim.scoring import score as scoring

    searching, done = threading.Event(), threading.Event()
    real = scoring.name_better_replies

    def slow(*args, **kwargs):
        searching.set()
        assert done.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(scoring, "name_better_replies", slow)
    app = make_app(trainee="山田 花子", scenario=kettle)
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            for key in "1221":
                await pilot.press(key)
            await pilot.pause()
            assert searching.wait(30)
            app.results.flush()
            with Store.open(readonly=True) as store:
                [r] = store.history(details=True)
            assert (r.status, r.total, r.grade, r.outcome) == ("finished", 65, "C", "resolved")
            assert r.turns[1].better_text is None  # not searched yet
            done.set()
            await settle(pilot)
    finally:
        done.set()
    with Store.open(readonly=True) as store:
        [r] = store.history(details=True)
    assert r.turns[1].better_text is not None  # added afterwards


async def test_in_english_the_progress_table_shows_its_headings_and_modes_whole(make_app, kettle, scenario_dir,
                                                                                   english):
    # The fixed widths were sized for Japanese: "Total", "Grade" and "Practice" were cut to "Tota", "Grad", "Practi".
    from rich.cells import cell_len

    from kasuhara_sim.strings import Results as R

    seed(kettle, scenario_dir)
    app = make_app(trainee="山田 花子")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_progress()
        await settle(pilot)
        table = app.screen.query_one("#progress-history", DataTable)
        columns = list(table.columns.values())
        assert [str(c.label) for c in columns][-2:] == ["Total", "Grade"]
        assert all(c.width >= cell_len(str(c.label)) for c in columns)
        assert columns[2].width >= max(cell_len(v) for v in R.mode_short.values()) == len("Practice")

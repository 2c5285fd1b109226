"""Briefing → play → result: number keys and arrows, practice feedback and hints, test mode, abandoning, retrying,
and the run's lifecycle messages."""

from __future__ import annotations

from textual.widgets import OptionList

from kasuhara_sim import strings as S
from kasuhara_sim.tui.app import KasuharaApp
from kasuhara_sim.tui.screens.briefing import BriefingScreen
from kasuhara_sim.tui.screens.dialogs import ConfirmScreen
from kasuhara_sim.tui.screens.home import HomeScreen
from kasuhara_sim.tui.screens.play import PlayScreen
from kasuhara_sim.tui.screens.result import ResultScreen
from kasuhara_sim.tui.widgets.conversation import ConversationLog

from .conftest import KETTLE_ID, PRESIDENT_ID, settle
from .helpers import option_texts, screen_text, text


def log_text(screen) -> str:
    return screen_text(screen.query_one(ConversationLog))


class RecordingApp(KasuharaApp):
    """Records the lifecycle messages, as results storage will consume them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events: list[tuple] = []

    def on_run_started(self, message):
        super().on_run_started(message)
        self.events.append(("started", message.session.scenario.id, message.session.mode))

    def on_turn_played(self, message):
        super().on_turn_played(message)
        self.events.append(("turn", message.turn.number, message.turn.pick))

    def on_run_finished(self, message):
        super().on_run_finished(message)
        self.events.append(("finished", message.session.report.total, message.session.report.outcome))

    def on_run_abandoned(self, message):
        super().on_run_abandoned(message)
        self.events.append(("abandoned", len(message.session.run.transcript)))


async def test_whole_flow_from_home_to_result_with_number_keys(make_app, clock):
    app = make_app(RecordingApp)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the kettle is the first row
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        briefing = screen_text(app.screen)
        for expected in ("あなたは家電量販店のサービスカウンター担当です。", "田中様", "謝罪の範囲を限定する",
                         "心情理解 / 事実確認 / できること・できないこと / 限定的謝罪"):
            assert expected in briefing
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert "買ったばかりなのにもう動かない" in log_text(play)
        assert text(play.query_one("#play-turn")) == "ターン 1"
        clock.advance(134)
        await pilot.press("1")
        await settle(pilot)
        assert text(play.query_one("#play-turn")) == "ターン 2"
        assert text(play.query_one("#play-clock")) == "02:14"
        await pilot.press("1", "1")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ResultScreen)
        assert result.session.report.total == 100 and result.session.report.grade == "S"
        assert app.events == [("started", KETTLE_ID, "practice"), ("turn", 1, 1), ("turn", 2, 1), ("turn", 3, 1),
                              ("finished", 100, "resolved")]


async def test_result_shows_outcome_bars_curve_order_review_and_debrief(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in "3221":  # receipt first, a rash promise, back to the receipt, then the exchange: 30 − 25 = 5 D
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        top = screen_text(screen.query_one("#topbar"))
        assert S.OUTCOMES["resolved"] in top and "総合 5 点" in top and "D" in top
        assert "…まあ、交換してくれるならいいよ。" in text(screen.query_one("#result-ending"))
        # The whole ending: the last reply's feedback, then the ending's line.
        ending = screen_text(screen.query_one("#ending"))
        assert "できること(即日交換)とできないこと(即時返金)を区別" in ending
        # The total, explained: the procedure's mean, each deduction with its reply, then the total.
        breakdown = screen_text(screen.query_one("#breakdown"))
        assert "30 基本手順の平均 30 点" in breakdown
        assert "−25 ターン2 「すぐに新品と交換します。" in breakdown and "安易な約束(重い誤り)" in breakdown
        assert "= 5 総合 5 点" in breakdown
        assert screen.query_one("#dims").rows == [("心情理解", 0), ("事実確認", 60), ("できること・できないこと", 60),
                                                  ("限定的謝罪", 0)]
        assert screen.query_one("#curve").points == [70, 80, 80, 80, 60]
        order = screen_text(screen.query_one("#order"))
        assert "あなた  事実確認 → できること・できないこと" in order
        assert "基本    心情理解・限定的謝罪 → 事実確認 → できること・できないこと" in order
        reviews = [screen_text(r) for r in screen.query(".review")]
        assert len(reviews) == 4
        assert reviews[0].startswith("ターン1 ✓ 「レシートはお持ちですか？」")
        assert "より良い返答: 「ご不便をおかけして申し訳ございません。" in reviews[0]
        assert "✗" in reviews[1] and "安易な約束" in reviews[1]
        assert "より良い返答" not in reviews[3]  # the last reply was already the best one left
        assert "限定的謝罪→事実確認" in text(screen.query_one("#debrief"))
        losses = screen_text(screen.query_one("#losses"))
        assert "−100 心情理解" in losses and "−40 できること・できないこと" in losses


async def test_arrows_and_enter_answer_too(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        await pilot.press("down", "down", "enter")  # the third reply: 「レシートはお持ちですか？」
        await settle(pilot)
        assert app.screen.session.run.transcript[0].text == "「レシートはお持ちですか？」"


async def test_a_number_without_a_reply_does_nothing(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("5")  # only three replies at the first turn
        await settle(pilot)
        assert app.screen.session.run.transcript == []
        assert len(option_texts(app.screen.query_one(OptionList))) == 3


async def test_practice_mode_shows_feedback_under_each_reply_and_h_shows_missing_steps(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert not play.query_one("#hint").display
        await pilot.press("3")
        await settle(pilot)
        log = log_text(play)
        assert "あなた 「レシートはお持ちですか？」" in log
        assert "✓ 事実確認" in log and "怒りを受け止める前に切り出すと事務的に響く" in log
        await pilot.press("h")
        await settle(pilot)
        hint = play.query_one("#hint")
        assert hint.display
        assert text(hint).splitlines() == ["手順 (h)", "・ 心情理解", "・ 限定的謝罪", "✓  事実確認",
                                           "・ できること・できないこと", "次: 心情理解"]
        await pilot.press("h")
        assert not hint.display


async def test_test_mode_hides_feedback_and_hints_until_the_result(make_app, kettle):
    app = make_app(scenario=kettle, mode="test")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        play = app.screen
        assert text(play.query_one("#play-mode")) == S.MODES["test"]
        await pilot.press("3")
        await settle(pilot)
        log = log_text(play)
        assert "あなた 「レシートはお持ちですか？」" in log
        assert "事務的に響く" not in log and "✓" not in log
        await pilot.press("h")
        await settle(pilot)
        assert not play.query_one("#hint").display and not play.query_one("#hint-inline").display
        assert "h" not in {b.binding.key for b in app.active_bindings.values() if b.enabled}
        await pilot.press("1", "1")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ResultScreen)
        assert "事務的に響く" in screen_text(result)  # the feedback comes at the end


async def test_mode_toggle_on_the_briefing_applies_to_the_run(make_app, kettle):
    app = make_app(scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert S.MODES["practice"] in text(app.screen.query_one("#brief-mode"))
        await pilot.press("m")
        assert S.MODES["test"] in text(app.screen.query_one("#brief-mode"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.mode == "test"


async def test_escape_asks_before_abandoning(make_app, kettle):
    app = make_app(RecordingApp, scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused button is 続ける: a stray Enter keeps the run
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("escape", "n")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen) and len(app.screen.session.run.transcript) == 1
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert app.events[-1] == ("abandoned", 1)
        assert not any(e[0] == "finished" for e in app.events)


async def test_retry_plays_the_same_scenario_again_from_the_start(make_app, kettle):
    app = make_app(RecordingApp, scenario=kettle)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "2")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, ResultScreen) and first.session.report.outcome == "escalated"
        await pilot.press("r")
        await settle(pilot)
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.session is not first.session and play.session.run.transcript == []
        assert play.session.run.anger == 70
        await pilot.press("1", "1", "1")
        await settle(pilot)
        assert app.screen.session.report.total == 100
        assert [e[0] for e in app.events].count("started") == 2
        # Back to the library: the best of the two runs is in the table and counts as progress.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#scenarios")
        row = [str(c) for c in table.get_row(KETTLE_ID)]
        assert row[-1] == "100 S"
        assert text(app.screen.query_one("#progress")).startswith("進捗 1 / 2 (50%)")


async def test_a_failed_run_is_marked_as_a_failure(make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter", "enter")  # the phone scenario
        await settle(pilot)
        await pilot.press("2", "2")  # a bare refusal, then giving in (the reply that needs checked facts is hidden)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.session.scenario.id == PRESIDENT_ID
        top = screen_text(screen.query_one("#topbar"))
        assert S.OUTCOMES["gave_in"] in top and S.Tui.result_failure in top
        assert [label for label, _ in screen.query_one("#dims").rows][-1] == "毅然とした対応"

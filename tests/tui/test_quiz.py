"""The ○× quiz: from home and from `kasuhara-sim quiz`, explanations after each answer, the score at the end."""

from __future__ import annotations

from kasuhara_sim.format.quiz import draw, load_quiz
from kasuhara_sim.tui.screens.dialogs import ConfirmScreen
from kasuhara_sim.tui.screens.home import HomeScreen
from kasuhara_sim.tui.screens.quiz import QuizScreen

from .conftest import DATA, settle
from .helpers import text

BANK = load_quiz(DATA / "quiz" / "tui-test-bank.yaml").questions


async def test_quiz_from_home_explains_each_answer_and_scores_at_the_end(make_app):
    app = make_app(quiz_count=4, quiz_seed=7)
    expected = draw(BANK, 4, 7)  # the same draw the screen makes (the bank is the only one in the test library)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        answers = []
        for i, q in enumerate(expected):
            assert text(quiz.query_one("#quiz-statement")) == q.statement
            assert text(quiz.query_one("#quiz-progress")).startswith(f"問 {i + 1} / 4")
            right = i % 2 == 0  # answer the 1st and 3rd right, the others wrong
            answer = q.answer if right else not q.answer
            answers.append(answer)
            await pilot.press("o" if answer else "x")
            await settle(pilot)
            feedback = text(quiz.query_one("#quiz-feedback"))
            assert feedback.startswith("正解" if right else "不正解")
            assert ("答えは ○" if q.answer else "答えは ×") in feedback
            assert q.explanation in feedback
            await pilot.press("enter")
            await settle(pilot)
        assert text(quiz.query_one("#quiz-statement")) == "4 問中 2 問正解(50%)"
        missed = text(quiz.query_one("#quiz-feedback"))
        assert expected[1].statement in missed and expected[3].statement in missed
        assert expected[0].statement not in missed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_kasuhara_sim_quiz_opens_the_quiz_directly_with_numbers_as_answers(make_app):
    app = make_app(quiz=True, quiz_count=2, quiz_seed=1)
    expected = draw(BANK, 2, 1)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        for q in expected:
            await pilot.press("1" if q.answer else "2")
            await settle(pilot)
            assert text(app.screen.query_one("#quiz-feedback")).startswith("正解")
            await pilot.press("enter")
            await settle(pilot)
        assert text(app.screen.query_one("#quiz-statement")) == "2 問中 2 問正解(100%)"
        assert "全問正解" in text(app.screen.query_one("#quiz-feedback"))
        await pilot.press("r")  # another round
        await settle(pilot)
        assert app.screen.state == "question" and app.screen.answers == []


async def test_answer_keys_do_nothing_once_answered_and_escape_asks_mid_quiz(make_app):
    app = make_app(quiz=True, quiz_count=3, quiz_seed=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        quiz = app.screen
        await pilot.press("o", "x", "o")  # only the first counts
        await settle(pilot)
        assert quiz.answers == [True]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is quiz
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_no_questions_says_so(make_app, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    app = make_app(scenario_dirs=(str(empty),), quiz=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.screen.state == "empty"
        assert text(app.screen.query_one("#quiz-topic")) == "クイズの問題が見つかりません"
        await pilot.press("o")
        assert app.screen.state == "empty"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

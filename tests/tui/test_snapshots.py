"""SVG snapshots of the key screens (textual and pytest-textual-snapshot are pinned in pyproject.toml).

The clock is fixed, the library is private and the quiz is seeded, so the pictures only change when the UI does.
Review changes with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

import pytest

from .conftest import settle


def after(*keys: str):
    """A run_before that waits for the library, presses ``keys`` one at a time and waits for what they start."""

    async def run(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


SIZES = {"80x24": (80, 24), "60x18": (60, 18)}


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, make_app, size):
    assert snap_compare(make_app(trainee="山田 花子"), terminal_size=SIZES[size], run_before=after())


def test_home_filtered_in_test_mode(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=after("slash", "p", "h", "o", "enter", "m"))


def test_briefing(snap_compare, make_app, kettle):
    assert snap_compare(make_app(scenario=kettle), terminal_size=(80, 24), run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_play_practice_with_hint(snap_compare, make_app, kettle, size):
    assert snap_compare(make_app(scenario=kettle), terminal_size=SIZES[size], run_before=after("enter", "1", "h"))


def test_play_test_mode(snap_compare, make_app, kettle):
    app = make_app(scenario=kettle, mode="test")
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("enter", "3"))


@pytest.mark.parametrize("size", SIZES)
def test_result(snap_compare, make_app, kettle, size):
    # 1,1,2: the bare refusal costs can_cant, so the screen shows a loss and a better reply.
    assert snap_compare(make_app(scenario=kettle), terminal_size=SIZES[size], run_before=after("enter", "1", "1", "2"))


def test_result_scrolled_to_the_review(snap_compare, make_app, kettle):
    app = make_app(scenario=kettle)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("enter", "1", "1", "2", "pagedown"))


def test_quiz_after_an_answer(snap_compare, make_app):
    app = make_app(quiz=True, quiz_count=5, quiz_seed=3)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("o"))


def test_quiz_score(snap_compare, make_app):
    app = make_app(quiz=True, quiz_count=2, quiz_seed=3)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("o", "enter", "x", "enter"))


def test_help_on_play(snap_compare, make_app, kettle):
    app = make_app(scenario=kettle)
    assert snap_compare(app, terminal_size=(80, 24), run_before=after("enter", "question_mark"))

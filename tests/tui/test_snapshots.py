"""SVG snapshots of the key screens (what draws them is pinned in constraints.txt, which CI installs).

The clock is fixed, the library is private and the quiz is seeded, so the pictures only change when the UI does.
Review changes with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from .conftest import settle

CONSTRAINTS = Path(__file__).resolve().parents[2] / "constraints.txt"
RENDERERS = ("textual", "rich", "markdown-it-py", "pytest-textual-snapshot")


def test_the_snapshots_are_compared_with_the_pinned_renderers():
    """A snapshot that fails because another rich or textual draws it says so here, not as a wall of SVG diffs."""
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", CONSTRAINTS.read_text(encoding="utf-8"), flags=re.M))
    for name in RENDERERS:
        assert version(name) == pins[name], f"{name} {version(name)} is installed; constraints.txt pins {pins[name]}"
    pyproject = (CONSTRAINTS.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"textual=={pins["textual"]}"' in pyproject  # the users' pin and CI's agree


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

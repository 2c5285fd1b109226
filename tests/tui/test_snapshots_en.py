"""The main screens in English (``--lang en``): only the scenario's own words stay Japanese.

Review changes with `pytest tests/tui/test_snapshots_en.py --snapshot-update` and look at the SVGs before committing.
"""

from __future__ import annotations

import pytest

from .test_snapshots import after


pytestmark = pytest.mark.usefixtures("english")  # tests/conftest.py


def test_home(snap_compare, make_app):
    assert snap_compare(make_app(trainee="Hanako Yamada"), terminal_size=(80, 24), run_before=after())


def test_briefing(snap_compare, make_app, kettle):
    assert snap_compare(make_app(scenario=kettle), terminal_size=(80, 24), run_before=after())


def test_play_practice_with_hint(snap_compare, make_app, kettle):
    assert snap_compare(make_app(scenario=kettle), terminal_size=(80, 24), run_before=after("enter", "1", "h"))


def test_result(snap_compare, make_app, kettle):
    assert snap_compare(make_app(scenario=kettle), terminal_size=(80, 24), run_before=after("enter", "1", "1", "2"))

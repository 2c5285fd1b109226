"""Fixtures for the TUI tests: a private scenario folder, no built-in library, a clock that only moves when told.

The built-in scenarios and quiz bank are still being written, so tests that count rows or draw questions would break
whenever a file lands; every test here sees only the spec's example scenario, one phone scenario and a small quiz bank.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KETTLE = REPO / "tests" / "data" / "kettle.yaml"
DATA = Path(__file__).resolve().parent / "data"
FIXED_NOW = datetime(2025, 4, 1, 9, 30, 0)

KETTLE_ID = "kettle-initial-defect"
PRESIDENT_ID = "president-phone-delivery"



class FakeClock:
    """Monotonic seconds that advance only through ``advance``: elapsed times and snapshots are deterministic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Keep the developer's scenarios, results and settings out of every test."""
    from kasuhara_sim.format import library

    empty = tmp_path / "builtin"
    empty.mkdir()
    monkeypatch.setattr(library, "builtin_dir", lambda: empty)
    monkeypatch.delenv("KASUHARA_SIM_SCENARIOS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))


@pytest.fixture
def scenario_dir(tmp_path) -> Path:
    d = tmp_path / "scenarios"
    d.mkdir()
    shutil.copy(KETTLE, d / "kettle.yaml")
    shutil.copy(DATA / "president-phone.yaml", d / "president-phone.yaml")
    shutil.copytree(DATA / "quiz", d / "quiz")
    return d


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def out_dir(tmp_path) -> Path:
    d = tmp_path / "out"
    d.mkdir()
    return d


@pytest.fixture
def make_app(scenario_dir, clock, out_dir):
    """``make_app(**kwargs)`` → a KasuharaApp on the private scenario folder, fixed clock and date."""
    from kasuhara_sim.tui.app import KasuharaApp

    def make(app_class=KasuharaApp, **kwargs):
        kwargs.setdefault("scenario_dirs", (str(scenario_dir),))
        kwargs.setdefault("shuffle", False)  # the written order, so that a test's "1" is the reply written first
        return app_class(clock=clock, now=lambda: FIXED_NOW, save_dir=out_dir, **kwargs)

    return make


@pytest.fixture
def kettle():
    from kasuhara_sim.format.loader import load_scenario

    return load_scenario(KETTLE)


async def settle(pilot) -> None:
    """Wait for background work (library loading, scoring) and for the refreshes its results cause."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()

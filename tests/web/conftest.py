"""Fixtures for the workshop server: every test gets its own data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from kasuhara_sim.format.loader import load_scenario

KETTLE = Path(__file__).parent.parent / "data" / "kettle.yaml"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(path))
    monkeypatch.delenv("KASUHARA_SIM_SESSION", raising=False)
    return path


@pytest.fixture
def kettle():
    return load_scenario(KETTLE)

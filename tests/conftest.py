"""Fixtures shared by every test folder: isolate the user's own data and scenario folders from the tests."""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (Textual Pilot tests) in a fresh event loop; no asyncio plugin is needed."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture(autouse=True)
def _isolate_user_state(tmp_path_factory, monkeypatch):
    # A developer's own results database and extra scenario folders must never leak into (or be changed by) tests.
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))  # the parsed-scenario cache
    monkeypatch.delenv("KASUHARA_SIM_SCENARIOS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def english():
    """The UI in English for one test; Japanese again afterwards, whatever happens."""
    from kasuhara_sim import i18n

    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language("ja")


@pytest.fixture
def kettle_path() -> Path:
    return DATA / "kettle.yaml"


@pytest.fixture(scope="session")
def cli_exe() -> str:
    """The installed console script (what a user types), next to the running interpreter."""
    exe = Path(sys.executable).parent / ("kasuhara-sim.exe" if os.name == "nt" else "kasuhara-sim")
    if not exe.exists():
        pytest.fail(f"the kasuhara-sim entry point is not installed next to {sys.executable}: pip install '.[test]'")
    return str(exe)

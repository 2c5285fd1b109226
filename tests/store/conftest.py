"""Fixtures for the results layer: every test gets its own data directory under tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kasuhara_sim.engine import Run
from kasuhara_sim.format.loader import load_scenario
from kasuhara_sim.scoring import score_run

DATA = Path(__file__).parent.parent / "data"
KETTLE = DATA / "kettle.yaml"



@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """KASUHARA_SIM_HOME for this test only (never the developer's own results)."""
    path = tmp_path / "home"
    monkeypatch.setenv("KASUHARA_SIM_HOME", str(path))
    return path


@pytest.fixture
def kettle():
    return load_scenario(KETTLE)


def scenario_file(directory: Path, sid: str, *, level: str = "beginner", expects=None,
                  title: str | None = None) -> Path:
    """A copy of the spec's example scenario under another id (and level / expected dimensions)."""
    data = yaml.safe_load(KETTLE.read_text(encoding="utf-8"))
    data["id"] = sid
    data["level"] = level
    data["title"] = title or f"{sid} のタイトル"
    if expects is not None:
        data["expects"] = list(expects)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{sid}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def play(store, trainee, loaded, picks, *, mode="practice", finish=True, times=None):
    """Play ``picks`` through the store as the TUI does (start, each turn, finish or abandon); returns the run id.
    ``times``: optional timestamps for start, each turn and the end."""
    times = list(times or [])
    run_id = store.start_run(trainee, loaded, mode, started_at=times.pop(0) if times else None)
    run = Run(loaded.scenario)
    for p in picks:
        store.record_turn(run_id, run.choose(p), at=times.pop(0) if times else None)
    report = score_run(loaded.scenario, run)
    end = times.pop(0) if times else None
    if finish and run.finished:
        store.finish_run(run_id, report, at=end)
    elif finish:
        store.abandon_run(run_id, report, at=end)
    return run_id


def run_cli(cli_exe, *args, env=None, input=None, timeout=60, user=None):
    """The installed command, as a trainee or an instructor types it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    cmd = [cli_exe, *map(str, args)]
    if user is not None:
        cmd = user + cmd
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, input=input, timeout=timeout)


@pytest.fixture
def python_exe() -> str:
    return sys.executable

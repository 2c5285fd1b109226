"""Fixtures of the authoring tests (lint, graph, schema, scaffold)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest
from click.testing import CliRunner


@pytest.fixture
def run_cli(cli_exe):
    """Run the installed ``kasuhara-sim`` as a user would; returns the CompletedProcess."""

    def run(*args, cwd=None, timeout=120):
        return subprocess.run([cli_exe, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)

    return run


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def invoke():
    """Run ``main`` in-process (faster than a subprocess; same exit codes and one-line errors)."""
    from kasuhara_sim.cli import main

    def run(*args) -> Result:
        runner = CliRunner()
        with runner.isolation() as streams:
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exc:
                code = exc.code or 0
            out, err = streams[0].getvalue(), streams[1].getvalue()
        return Result(code, out.decode("utf-8"), err.decode("utf-8"))

    return run

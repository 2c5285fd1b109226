"""How the installed command starts the TUI, and refuses to when it is not in a terminal."""

from __future__ import annotations

import subprocess

from kasuhara_sim.strings import Cli, Tui

from .conftest import KETTLE


def test_without_a_terminal_one_clear_line_and_exit_1(cli_exe, tmp_path):
    for args in ([], ["quiz"], ["play", str(KETTLE)]):
        out = subprocess.run([cli_exe, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             cwd=tmp_path, timeout=60, env={"PATH": "/usr/bin:/bin", "KASUHARA_SIM_HOME": str(tmp_path),
                                                            "LANG": "C.UTF-8"})
        assert out.returncode == 1, (args, out)
        assert out.stderr == Cli.error_prefix + Tui.no_terminal + "\n", (args, out.stderr)
        assert out.stdout == ""

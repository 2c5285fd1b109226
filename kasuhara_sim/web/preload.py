"""The pre-loaded trainer beside the workshop server: started with ``serve``, stopped with it.

A tab's trainer started the ordinary way imports Textual, pydantic, YAML and the screens: about 0.5 s of CPU, and
thirty tabs opened at once saturate two cores for seconds. ``serve`` therefore starts one process that has imported
all of it (``python -m kasuhara_sim.tui.forkserver``) and forks a trainer for each tab; the command textual-serve runs
per tab is a launcher that hands the tab over (see ``kasuhara_sim/tui/launcher.py``) and falls back to the ordinary
start if the pre-loaded process is not there.

The socket lives in a directory of its own, mode 0700: only this user can connect. Nothing from the browser reaches
it: the access codes are checked before textual-serve runs any command.

``KASUHARA_SIM_PRELOAD=0`` (or ``serve --no-preload``) turns it off: every tab starts its trainer itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ENV_PRELOAD = "KASUHARA_SIM_PRELOAD"
SOCKET_NAME = "trainer.sock"
STOP_SECONDS = 15


def enabled(environ=os.environ) -> bool:
    return environ.get(ENV_PRELOAD, "1").strip().lower() not in ("0", "no", "off", "false")


def textual_serve_environment() -> dict[str, str]:
    """What textual-serve adds to every tab's environment, but the size (per tab): the pre-loaded process imports
    Textual under the same settings as its children will run with."""
    from textual_serve.app_service import AppService

    env = AppService._build_environment(SimpleNamespace(debug=False))  # noqa: SLF001 (the one source of these values)
    added = {k: v for k, v in env.items() if os.environ.get(k) != v}
    for per_tab in ("COLUMNS", "ROWS"):
        added.pop(per_tab, None)
    return added


class Preloader:
    def __init__(self, served_args: list[str]) -> None:
        self.served_args = served_args
        self.directory: Path | None = None
        self.proc: subprocess.Popen | None = None

    @property
    def socket_path(self) -> str:
        assert self.directory is not None
        return str(self.directory / SOCKET_NAME)

    def start(self) -> None:
        # mkdtemp makes the directory 0700. A Unix socket path is at most 107 bytes: a short name under /tmp.
        self.directory = Path(tempfile.mkdtemp(prefix="ksim-"))
        env = dict(os.environ, **textual_serve_environment())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kasuhara_sim.tui.forkserver", self.socket_path, *self.served_args],
            env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            start_new_session=True)  # Ctrl+C reaches the server, which stops this process itself

    def stop(self) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.close()  # the pre-loaded process stops when its input ends
            except OSError:
                pass
            try:
                self.proc.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Preloader:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

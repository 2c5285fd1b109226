"""Run a command in a pseudo-terminal of a given size and read everything it writes (stdout and stderr together)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time


def run_in_pty(argv: list[str], env: dict[str, str], *, timeout: float = 60, cols: int = 80,
               rows: int = 24) -> tuple[int | None, str]:
    """(exit status, output); the status is None when the command was still running after ``timeout`` seconds
    (it is then killed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                return None, out.decode("utf-8", "replace")
        return proc.wait(), out.decode("utf-8", "replace")
    finally:
        os.close(master)

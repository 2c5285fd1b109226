"""The command textual-serve runs for each browser tab when the trainer is pre-loaded: hand this tab to the fork server.

    python -I -S launcher.py SOCKET FALLBACK...

Only the standard library, and run with ``-I -S`` (no site, no user paths), so that it starts in a few tens of
milliseconds: the fork server (``kasuhara_sim.tui.forkserver``) has imported the trainer once, and forks a child
for this tab that takes this process's stdin, stdout and stderr (passed over the Unix socket with SCM_RIGHTS) and its
environment (textual-serve sets the terminal size and the driver per tab). This process then waits: it forwards
SIGTERM, SIGINT and SIGHUP to the child, and exits with the child's exit status when the server reports it.

If the fork server cannot be reached, refuses the tab, or goes away before the child is started, the tab still works:
this process becomes ``FALLBACK...`` (the trainer started the ordinary way, ``python -m kasuhara_sim.tui.served``).

The protocol (an AF_UNIX SOCK_SEQPACKET socket, so every message arrives whole or not at all):
- launcher → server, once: ``MAGIC`` + JSON ``{"env": {NAME: VALUE, ...}}`` (at most ``MAX_REQUEST`` bytes) with
  exactly three file descriptors attached (stdin, stdout, stderr);
- server → launcher: ``started PID``, then ``exit WAITSTATUS`` when the child has been reaped; or ``refused REASON``;
- launcher → server, after ``started``: ``signal N`` (N one of ``FORWARDED``), delivered only to this tab's child.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import sys

MAGIC = b"KSIM-FORK/1\n"
MAX_REQUEST = 128 * 1024  # an environment is a few KiB; this bound also stays under a socket's send buffer
MAX_REPLY = 256
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,255}")  # what a shell could export; anything else is refused
MAX_VARS = 4096


def encode_request(env: dict[str, str]) -> bytes:
    return MAGIC + json.dumps({"env": env}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_request(data: bytes) -> dict[str, str]:
    """The environment of a request, or ValueError saying what is wrong with it. Nothing in it is ever executed."""
    if len(data) > MAX_REQUEST:
        raise ValueError("request too large")
    if not data.startswith(MAGIC):
        raise ValueError("not a launcher request")
    try:
        message = json.loads(data[len(MAGIC):].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("request is not JSON") from None
    if not isinstance(message, dict) or set(message) != {"env"} or not isinstance(message["env"], dict):
        raise ValueError("request has no environment")
    env = message["env"]
    if len(env) > MAX_VARS:
        raise ValueError("too many environment variables")
    for name, value in env.items():
        if not isinstance(value, str) or not NAME_RE.fullmatch(name) or "\0" in value:
            raise ValueError("bad environment variable")
    return env


class Launcher:
    def __init__(self, path: str, fallback: list[str]) -> None:
        self.path, self.fallback = path, fallback
        self.sock: socket.socket | None = None
        self.pid: int | None = None
        self.pending: list[int] = []  # signals that came before the child existed

    def on_signal(self, signum, frame) -> None:
        if self.pid is None:
            self.pending.append(signum)
            return
        try:
            self.sock.send(b"signal %d" % signum)
        except OSError:  # the server has gone: signal the child directly (it is no longer the server's to reap)
            try:
                os.kill(self.pid, signum)
            except OSError:
                pass

    def run(self) -> int:
        for sig in FORWARDED:
            signal.signal(sig, self.on_signal)
        request = encode_request(dict(os.environ))
        if len(request) > MAX_REQUEST:
            return self.fall_back("the environment is too large to pass on")
        try:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            self.sock.connect(self.path)
            socket.send_fds(self.sock, [request], [0, 1, 2])
            reply = self.sock.recv(MAX_REPLY)
        except OSError:
            return self.fall_back(None)  # no server (stopped, or never started): the ordinary start
        kind, _, value = reply.decode("ascii", "replace").partition(" ")
        if kind != "started" or not value.isdigit():
            return self.fall_back(value if kind == "refused" else None)
        self.pid = int(value)
        # The child holds the tab's pipes now; this process lets go of them, so that the tab sees the end of the
        # output (and a closed input) exactly when the child ends.
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
        for signum in self.pending:
            self.on_signal(signum, None)
        return self.wait()

    def wait(self) -> int:
        while True:
            try:
                reply = self.sock.recv(MAX_REPLY)
            except OSError:
                reply = b""
            kind, _, value = reply.decode("ascii", "replace").partition(" ")
            if kind == "exit" and value.lstrip("-").isdigit():
                return os.waitstatus_to_exitcode(int(value))
            if not reply:
                return self.wait_orphan()

    def wait_orphan(self) -> int:
        """The server went away after starting the child: wait for the child to end (its status is lost)."""
        try:
            pidfd = os.pidfd_open(self.pid)
        except OSError:
            return 0  # already gone
        select.select([pidfd], [], [])
        return 0

    def fall_back(self, reason: str | None) -> int:
        if self.sock is not None:
            self.sock.close()
        if self.pending:
            return -self.pending[0]  # asked to stop before the trainer started: stop
        if reason:
            print(f"kasuhara-sim launcher: {reason}; starting the trainer without the pre-loaded server",
                  file=sys.stderr, flush=True)
        for sig in FORWARDED:
            signal.signal(sig, signal.SIG_DFL)
        os.execv(self.fallback[0], self.fallback)


def exit_as(code: int) -> None:
    """Exit as the child did: with its code, or killed by the same signal."""
    if code < 0:
        try:
            signal.signal(-code, signal.SIG_DFL)
        except (OSError, ValueError):  # SIGKILL, SIGSTOP: cannot be handled, are already the default
            pass
        os.kill(os.getpid(), -code)
        code = 128 - code
    sys.exit(code)


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit("usage: launcher.py SOCKET FALLBACK-COMMAND...")
    exit_as(Launcher(argv[1], argv[2:]).run())


if __name__ == "__main__":
    main(sys.argv)
